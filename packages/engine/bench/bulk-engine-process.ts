/**
 * The engine side of `npm run bench:bulk`, run as a child process so that its CPU time and memory are the engine's
 * alone (the emulators live in the parent). Wired like the end-to-end harness (test/support/sync-harness.ts): real
 * trackers over HTTP to the parent's emulators, a SQLite store file, the engine in Basic mode and a small HTTP server
 * handing webhook deliveries to it. The parent drives it over IPC:
 *   parent → { kind: 'bulk' }              child runs engine.bulk and waits until idle → { kind: 'drained', … }
 *   parent → { kind: 'idle' }              child waits until idle again → { kind: 'idle', … } (stragglers)
 *   parent → { kind: 'stop' }              child stops the engine, removes its store and exits
 * Timings are the engine's defaults (DEFAULT_TIMINGS) except the poll, which is off: engine.bulk is the only detection,
 * so nothing but the bulk and the webhooks it sets off is measured.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createTracker } from '@tandem/jira-adapter';
import { openStore } from '@tandem/store';
import type { TrackerPort } from '@tandem/core';
import { DEFAULT_TIMINGS, SILENT_LOGGER, SyncEngine, type EngineConnection, type EngineTimings } from '../src/index.ts';

export interface ChildReady {
  kind: 'ready';
  rssBytes: number;
  heapUsedBytes: number;
  timings: EngineTimings;
}

export interface ChildDrained {
  kind: 'drained' | 'idle';
  /** From the start of engine.bulk, ms (performance clock of the child). */
  bulkQueuedMs: number;
  drainedMs: number;
  queued: number;
  twins: number;
  errors: number;
  steps: Record<string, number>;
  cpuUserMicros: number;
  cpuSystemMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** RSS after a full garbage collection, when the process runs with --expose-gc. */
  rssAfterGcBytes: number | null;
  heapUsedAfterGcBytes: number | null;
  adapter: Record<string, unknown>;
}

export type ParentMessage = { kind: 'bulk' } | { kind: 'idle' } | { kind: 'stop' };

const send = (message: ChildReady | ChildDrained) => process.send?.(message);

const cloudUrl = process.env['BULK_CLOUD_URL'];
const dcUrl = process.env['BULK_DC_URL'];
if (!cloudUrl || !dcUrl || !process.send)
  throw new Error('run by bulk-benchmark.ts (needs BULK_CLOUD_URL, BULK_DC_URL, IPC)');
const concurrency = Number(process.env['BULK_CONCURRENCY'] ?? DEFAULT_TIMINGS.concurrency);

const dir = mkdtempSync(join(tmpdir(), 'tandem-bulk-'));
const store = await openStore(join(dir, 'tandem.db'));
const trackers = new Map<string, TrackerPort>([
  [
    'blue',
    createTracker({
      instance: 'blue',
      type: 'jira-cloud',
      url: cloudUrl,
      email: 'admin@example.com',
      token: 'emulator-token',
    }),
  ],
  ['green', createTracker({ instance: 'green', type: 'jira-datacenter', url: dcUrl, token: 'emulator-token' })],
]);
const connection: EngineConnection = {
  name: 'blue_green',
  mode: 'basic',
  a: { side: 'a', instance: 'blue', project: 'BLUE', trigger: 'project = BLUE', sync: 'auto' },
  b: { side: 'b', instance: 'green', project: 'GREEN', trigger: 'project = GREEN', sync: 'auto' },
};
const timings: EngineTimings = { ...DEFAULT_TIMINGS, concurrency };
const engine = new SyncEngine(
  {
    connections: [connection],
    trackers,
    store,
    timings,
    now: () => Date.now(),
    newId: () => randomUUID(),
    logger: SILENT_LOGGER,
  },
  'bench-node-secret',
);

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const instance = decodeURIComponent(request.url?.split('/').pop() ?? '');
    const signature = request.headers['x-hub-signature'];
    engine.handleWebhook(instance, Buffer.concat(chunks), Array.isArray(signature) ? signature[0] : signature).then(
      (verdict) => response.writeHead(verdict.ok ? 204 : verdict.status).end(),
      () => response.writeHead(500).end(),
    );
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const address = server.address();
if (typeof address !== 'object' || address === null) throw new Error('webhook server has no address');
await engine.start({ registerWebhooksAt: `http://127.0.0.1:${address.port}`, poll: false });

const steps: Record<string, number> = {};
engine.onStep((report) => {
  const kind = report.error
    ? report.error.parked
      ? 'parked'
      : 'retry'
    : report.outcome?.kind === 'synced' && report.outcome.changes.length === 0 && !report.outcome.created
      ? 'synced-nothing'
      : (report.outcome?.kind ?? 'unknown');
  steps[kind] = (steps[kind] ?? 0) + 1;
});

const gc = (globalThis as { gc?: () => void }).gc;
send({ kind: 'ready', rssBytes: process.memoryUsage().rss, heapUsedBytes: process.memoryUsage().heapUsed, timings });

let bulkStart = 0;
let cpuStart = process.cpuUsage();
let queued = 0;
let bulkQueuedMs = 0;

async function report(kind: 'drained' | 'idle'): Promise<void> {
  await engine.waitUntilIdle(24 * 3_600_000);
  const drainedMs = performance.now() - bulkStart;
  const cpu = process.cpuUsage(cpuStart);
  const memory = process.memoryUsage();
  let afterGc: NodeJS.MemoryUsage | null = null;
  if (gc) {
    gc();
    afterGc = process.memoryUsage();
  }
  const adapter: Record<string, unknown> = {};
  for (const [instance, tracker] of trackers) {
    const stats = (tracker as { stats?: () => unknown }).stats;
    if (typeof stats === 'function') adapter[instance] = stats.call(tracker);
  }
  send({
    kind,
    bulkQueuedMs,
    drainedMs,
    queued,
    twins: await store.countTwins(connection.name),
    errors: (await engine.errors()).length,
    steps: { ...steps },
    cpuUserMicros: cpu.user,
    cpuSystemMicros: cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    rssAfterGcBytes: afterGc?.rss ?? null,
    heapUsedAfterGcBytes: afterGc?.heapUsed ?? null,
    adapter,
  });
}

process.on('message', (message: ParentMessage) => {
  void (async () => {
    if (message.kind === 'bulk') {
      cpuStart = process.cpuUsage();
      bulkStart = performance.now();
      queued = (await engine.bulk(connection.name)).length;
      bulkQueuedMs = performance.now() - bulkStart;
      await report('drained');
    } else if (message.kind === 'idle') {
      await report('idle');
    } else {
      await engine.stop();
      await store.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
