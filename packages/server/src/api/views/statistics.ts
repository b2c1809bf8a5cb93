/**
 * The node's statistics over a window of hours: syncs and errors per hour and the latency from a change detected to
 * it applied (both from the audit trail), Jira calls and 429s by reason per instance (the trackers' counters since
 * the node started), and the queue's depth.
 */
import type { AuditMark } from '@tandem/store';
import type { z } from 'zod';
import type { TandemNode } from '../../compose-node.ts';
import type { statisticsDocument } from '../schemas/statistics-schemas.ts';
import { HOUR_MS } from './connection-view.ts';

export type StatisticsDocument = z.input<typeof statisticsDocument>;

/** The nearest-rank percentile of sorted values, or null when there are none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

/**
 * Latencies (ms) of the syncs in `marks` (oldest first): each applied or created entry of a twin counts from the
 * first detection of that twin since its previous sync; syncs without a detection in the window are not counted.
 */
export function syncLatencies(marks: readonly AuditMark[], from: number): number[] {
  const detectedAt = new Map<string, number>();
  const latencies: number[] = [];
  for (const mark of marks) {
    if (mark.twinId === null) continue;
    if (mark.kind === 'detected') {
      if (!detectedAt.has(mark.twinId)) detectedAt.set(mark.twinId, mark.at);
    } else if (mark.kind === 'applied' || mark.kind === 'created') {
      const start = detectedAt.get(mark.twinId);
      detectedAt.delete(mark.twinId);
      if (start !== undefined && mark.at >= from) latencies.push(mark.at - start);
    }
  }
  return latencies;
}

/** Statistics of the last `hours` hours (this hour included), for one connection or all. */
export async function statistics(
  node: TandemNode,
  options: { hours: number; connection?: string | undefined; now?: number },
): Promise<StatisticsDocument> {
  const now = options.now ?? Date.now();
  const from = Math.floor(now / HOUR_MS) * HOUR_MS - (options.hours - 1) * HOUR_MS;
  // A detection up to an hour before the window still times a sync inside it.
  const marks = await node.auditTrail.marksSince(from - HOUR_MS, {
    ...(options.connection === undefined ? {} : { connection: options.connection }),
    kinds: ['detected', 'applied', 'created', 'error'],
  });
  const hours = Array.from({ length: options.hours }, (_, index) => ({
    hour: from + index * HOUR_MS,
    syncs: 0,
    errors: 0,
  }));
  for (const mark of marks) {
    const bucket = hours[Math.floor((mark.at - from) / HOUR_MS)];
    if (!bucket || mark.at < from) continue;
    if (mark.kind === 'applied' || mark.kind === 'created') bucket.syncs += 1;
    if (mark.kind === 'error') bucket.errors += 1;
  }
  const latencies = syncLatencies(marks, from).sort((x, y) => x - y);
  const byConnection: Record<string, number> = {};
  for (const name of Object.keys(node.config.connections)) byConnection[name] = await node.store.queue.depth(name);
  const instances = new Set(
    options.connection === undefined
      ? Object.keys(node.config.instances)
      : (node.config.connections[options.connection]?.sides.map((side) => side.instance) ?? []),
  );
  const apiCalls = Object.entries(node.callStats())
    .filter(([instance]) => instances.has(instance))
    .map(([instance, stats]) => ({
      instance,
      requests: stats.requests,
      retries: stats.retries,
      rateLimited: stats.rateLimited,
      rateLimitedByReason: stats.rateLimitedByReason,
      byMethod: stats.byMethod,
    }));
  return {
    from,
    to: now,
    hours: options.hours,
    connection: options.connection ?? null,
    syncsPerHour: hours,
    latency: {
      count: latencies.length,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: latencies.length === 0 ? null : (latencies[latencies.length - 1] ?? null),
    },
    apiCalls,
    queue: {
      depth:
        options.connection === undefined ? await node.store.queue.depth() : (byConnection[options.connection] ?? 0),
      byConnection,
    },
  };
}
