/**
 * The engine a chaos run drives, built the same way in the test process and in the kill -9 child: the one Cloud ↔
 * Data Center connection, short timings so that a healed run settles in seconds, and a webhook receiver on a port the
 * run owns (the same port across restarts, so deliveries Jira retries still find the engine).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { createTracker, type JiraTrackerOptions } from '@tandem/jira-adapter';
import type { Store, TrackerPort } from '@tandem/core';
import {
  DEFAULT_TIMINGS,
  SILENT_LOGGER,
  SyncEngine,
  type EngineConnection,
  type EngineTimings,
} from '../../src/index.ts';

export const CHAOS_CONNECTION: EngineConnection = {
  name: 'blue_green',
  mode: 'basic',
  a: { side: 'a', instance: 'blue', project: 'BLUE', trigger: 'project = BLUE', sync: 'auto' },
  b: { side: 'b', instance: 'green', project: 'GREEN', trigger: 'project = GREEN', sync: 'auto' },
};

export const CHAOS_TIMINGS: EngineTimings = {
  ...DEFAULT_TIMINGS,
  pollIntervalMs: 400,
  pollOverlapMs: 60_000,
  // Longer than the longest search-index lag the runs inject (3 s, chaos-commands.ts), as EngineTimings requires: a
  // create whose answer was lost must stay findable by its intent until the search shows it (seed 429).
  createSettleMs: 4000,
  // Longer than any step can take with the adapter's own retries (Retry-After ≤ 2 s, a few attempts).
  leaseMs: 15_000,
  maxBackoffMs: 1000,
  issueTypesTtlMs: 60_000,
};

export interface ChaosUrls {
  blueUrl: string;
  greenUrl: string;
}

/** Tandem's trackers: the emulators' admin accounts (options: tests of the checks put a fetch in front). */
export function tandemTrackers(urls: ChaosUrls, options: JiraTrackerOptions = {}): Map<string, TrackerPort> {
  return new Map<string, TrackerPort>([
    [
      'blue',
      createTracker(
        {
          instance: 'blue',
          type: 'jira-cloud',
          url: urls.blueUrl,
          email: 'admin@example.com',
          token: 'emulator-token',
        },
        options,
      ),
    ],
    [
      'green',
      createTracker(
        { instance: 'green', type: 'jira-datacenter', url: urls.greenUrl, token: 'emulator-token' },
        options,
      ),
    ],
  ]);
}

export function chaosEngine(store: Store, trackers: Map<string, TrackerPort>, leaseMs?: number): SyncEngine {
  return new SyncEngine(
    {
      connections: [CHAOS_CONNECTION],
      trackers,
      store,
      timings: { ...CHAOS_TIMINGS, ...(leaseMs === undefined ? {} : { leaseMs }) },
      now: () => Date.now(),
      newId: () => randomUUID(),
      logger: SILENT_LOGGER,
    },
    'chaos-node-secret',
  );
}

/** A webhook receiver on `port` handing deliveries to whichever engine `current()` returns (503 while none runs). */
export async function webhookReceiver(port: number, current: () => SyncEngine | undefined): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const engine = current();
      if (!engine) {
        response.writeHead(503).end();
        return;
      }
      const instance = decodeURIComponent(request.url?.split('/').pop() ?? '');
      const signature = request.headers['x-hub-signature'];
      engine.handleWebhook(instance, Buffer.concat(chunks), Array.isArray(signature) ? signature[0] : signature).then(
        (verdict) => response.writeHead(verdict.ok ? 204 : verdict.status).end(),
        () => response.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}
