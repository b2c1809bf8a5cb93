/**
 * `npm run bench:bulk`: 10,000 Cloud issues (BENCH_BULK_ISSUES) synced to Data Center by `tandem bulk` with Jira
 * Cloud's rate limits switched on in the Cloud emulator — drain time against the floor those limits impose, the share
 * of requests answered 429, the engine's CPU per synced issue and its memory with every twin in the store, and the
 * emulators' own throughput in the same run (to show they were not the bottleneck).
 *
 * The two emulators run in this process; the engine runs in a child process (bulk-engine-process.ts) so that its CPU
 * time and memory are its own. Request counts come from the emulators' counters, the bucket rates from the Cloud
 * emulator's rate-limit control API. Results go to bench/results/bulk-benchmark.md and .json.
 */
import autocannon from 'autocannon';
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import type { ChildDrained, ChildReady, ParentMessage } from './bulk-engine-process.ts';
import { renderBulkReport } from './bulk-report.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');
const ISSUES = Number(process.env['BENCH_BULK_ISSUES'] ?? 10_000);
/** Engine concurrency (sync steps in parallel); default: the engine's own default. */
const CONCURRENCY = process.env['BENCH_BULK_CONCURRENCY'];
/**
 * `enforce` (default): Jira's 65,000 points an hour, refusing once spent, with the Cloud emulator's clock moved to the
 * top of a UTC hour so the run has a whole quota hour; `count`: points are counted but never refused.
 */
const QUOTA = process.env['BENCH_BULK_QUOTA'] === 'count' ? 'count' : 'enforce';
const APP_QUOTA_POINTS_PER_HOUR = 65_000;
const THROUGHPUT_S = Number(process.env['BENCH_BULK_THROUGHPUT_S'] ?? 3);
const THROUGHPUT_ROUNDS = Number(process.env['BENCH_BULK_THROUGHPUT_ROUNDS'] ?? 3);
const BATCH = 50;

const ADMIN = {
  cloud: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
  datacenter: 'Bearer emulator-token',
};

const startedAt = performance.now();
const log = (message: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

async function call(
  emulator: JiraEmulator,
  flavor: 'cloud' | 'datacenter',
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(emulator.url + path, {
    method,
    headers: {
      ...(path.startsWith('/_emulator') ? {} : { authorization: ADMIN[flavor] }),
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function expectStatus(
  what: string,
  answer: Promise<{ status: number; body: unknown }>,
  ...statuses: number[]
): Promise<unknown> {
  const { status, body } = await answer;
  if (!statuses.includes(status)) throw new Error(`${what}: ${status} ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

// ---------------------------------------------------------------------------------------------------------------
// Set-up: two emulators, the projects, N Cloud issues created through bulk create (50 per request, no webhook is
// registered yet so none is sent), and a check that JQL search sees every one of them.
log(`starting the emulators; creating ${ISSUES} issues on Cloud`);
const cloud = await startJiraEmulator({ flavor: 'cloud', port: 0 });
const dc = await startJiraEmulator({ flavor: 'datacenter', port: 0 });
await expectStatus(
  'project BLUE',
  call(cloud, 'cloud', 'POST', '/rest/api/2/project', {
    key: 'BLUE',
    name: 'BLUE project',
    projectTypeKey: 'software',
  }),
  201,
);
await expectStatus(
  'project GREEN',
  call(dc, 'datacenter', 'POST', '/rest/api/2/project', {
    key: 'GREEN',
    name: 'GREEN project',
    projectTypeKey: 'software',
    lead: 'admin',
  }),
  201,
);
for (let first = 0; first < ISSUES; first += BATCH) {
  const issueUpdates = Array.from({ length: Math.min(BATCH, ISSUES - first) }, (_, offset) => ({
    fields: {
      project: { key: 'BLUE' },
      issuetype: { name: 'Task' },
      summary: `Bulk issue ${first + offset + 1}`,
      description: `Imported issue *${first + offset + 1}* with a [link|https://example.com/${first + offset + 1}].`,
    },
  }));
  const created = (await expectStatus(
    'bulk create',
    call(cloud, 'cloud', 'POST', '/rest/api/2/issue/bulk', { issueUpdates }),
    201,
  )) as { issues: unknown[]; errors: unknown[] };
  if (created.issues.length !== issueUpdates.length) throw new Error(`bulk create: ${JSON.stringify(created.errors)}`);
}
let searchable = 0;
for (let token: string | undefined; ;) {
  const page = (await expectStatus(
    'search',
    call(
      cloud,
      'cloud',
      'GET',
      `/rest/api/3/search/jql?jql=${encodeURIComponent('project = BLUE')}&maxResults=5000&fields=id${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`,
    ),
    200,
  )) as { issues: unknown[]; nextPageToken?: string; isLast?: boolean };
  searchable += page.issues.length;
  if (page.isLast !== false || !page.nextPageToken) break;
  token = page.nextPageToken;
}
if (searchable !== ISSUES) throw new Error(`JQL search sees ${searchable} of ${ISSUES} issues`);
log(`${ISSUES} issues created; JQL search sees all ${searchable}`);

// Cloud's limits on: burst per endpoint and method, per-issue writes (both on by default for the Cloud flavour once
// the master switch is on), and the points quota (counting only, unless BENCH_BULK_QUOTA=enforce). Data Center: off.
const rateLimits = (await expectStatus(
  'rate limits',
  call(cloud, 'cloud', 'PUT', '/_emulator/rate-limits', {
    enabled: true,
    resetCounters: true,
    quota: { enabled: true, pointsPerHour: QUOTA === 'enforce' ? APP_QUOTA_POINTS_PER_HOUR : 1e12 },
  }),
  200,
)) as { config: unknown };
if (QUOTA === 'enforce') {
  // The quota resets at the top of each UTC hour (emulator clock): start the run at one so the whole hour is there.
  const now = Date.now();
  await expectStatus(
    'clock',
    call(cloud, 'cloud', 'POST', '/_emulator/clock/set', { time: Math.ceil(now / 3_600_000) * 3_600_000 + 1000 }),
    200,
    204,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// The engine in its own process.
log('starting the engine process');
const child: ChildProcess = fork(join(here, 'bulk-engine-process.ts'), [], {
  execArgv: ['--import', 'tsx', '--expose-gc'],
  env: {
    ...process.env,
    BULK_CLOUD_URL: cloud.url,
    BULK_DC_URL: dc.url,
    ...(CONCURRENCY ? { BULK_CONCURRENCY: CONCURRENCY } : {}),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const messages: (ChildReady | ChildDrained)[] = [];
let waiting: (() => void) | null = null;
child.on('message', (message: ChildReady | ChildDrained) => {
  messages.push(message);
  waiting?.();
});
// The engine process goes with this one, whatever ends it.
process.on('exit', () => child.kill());
child.on('exit', (code) => {
  if (code !== 0) {
    console.error(`engine process exited with ${String(code)}`);
    process.exit(1);
  }
});
type Reply<K> = K extends 'ready' ? ChildReady : ChildDrained;
async function next<K extends 'ready' | 'drained' | 'idle'>(kind: K): Promise<Reply<K>> {
  for (;;) {
    const index = messages.findIndex((message) => message.kind === kind);
    if (index >= 0) return messages.splice(index, 1)[0] as Reply<K>;
    await new Promise<void>((resolve) => (waiting = resolve));
  }
}
const tell = (message: ParentMessage) => child.send(message);

const ready = await next('ready');
// Webhook registration (and anything else before the bulk) is not part of the measurement.
cloud.stats.reset();
dc.stats.reset();
log(`engine ready (concurrency ${ready.timings.concurrency}); tandem bulk`);

// Watch: the last moment either emulator counted a request, and the emulator process's event-loop use.
const loadAtStart = loadavg().map((value) => round(value));
const eluStart = performance.eventLoopUtilization();
const parentCpuStart = process.cpuUsage();
const bulkStartedAt = performance.now();
let lastRequestAt = bulkStartedAt;
let lastTotal = 0;
let peakQueuedRate = 0;
const samples: { atS: number; cloudRequests: number; dcRequests: number; cloud429: number }[] = [];
const watcher = setInterval(() => {
  const total = cloud.stats.total + dc.stats.total;
  if (total !== lastTotal) {
    lastTotal = total;
    lastRequestAt = performance.now();
  }
}, 10);
const sampler = setInterval(() => {
  const cloud429 = cloud.stats
    .list()
    .filter((entry) => entry.status === 429)
    .reduce((sum, entry) => sum + entry.count, 0);
  samples.push({
    atS: round((performance.now() - bulkStartedAt) / 1000, 1),
    cloudRequests: cloud.stats.total,
    dcRequests: dc.stats.total,
    cloud429,
  });
  const previous = samples.at(-2);
  const latest = samples.at(-1);
  if (previous && latest) peakQueuedRate = Math.max(peakQueuedRate, latest.cloudRequests - previous.cloudRequests);
  if (samples.length % 10 === 0 && latest)
    log(
      `  ${latest.atS} s: Cloud ${latest.cloudRequests} requests (${latest.cloud429} × 429), DC ${latest.dcRequests}`,
    );
}, 1000);

tell({ kind: 'bulk' });
const drained = await next('drained');
log(`engine idle after ${round(drained.drainedMs / 1000, 1)} s; ${drained.twins} twins; waiting for stragglers`);
// Stragglers: webhooks of the engine's own writes still on their way set off echo checks after the first idle.
let final: ChildDrained = drained;
for (;;) {
  await Promise.all([cloud.context.webhooks.idle(), dc.context.webhooks.idle()]);
  const before = cloud.stats.total + dc.stats.total;
  await sleep(500);
  tell({ kind: 'idle' });
  final = await next('idle');
  await Promise.all([cloud.context.webhooks.idle(), dc.context.webhooks.idle()]);
  if (cloud.stats.total + dc.stats.total === before) break;
}
clearInterval(watcher);
clearInterval(sampler);
const drainMs = lastRequestAt - bulkStartedAt;
const elu = performance.eventLoopUtilization(eluStart);
const loadAtEnd = loadavg().map((value) => round(value));
const parentCpu = process.cpuUsage(parentCpuStart);
log(`drained in ${round(drainMs / 1000, 1)} s (last request counted by an emulator)`);

// ---------------------------------------------------------------------------------------------------------------
// Counters.
interface Row {
  side: 'Cloud' | 'Data Center';
  method: string;
  endpoint: string;
  ok: number;
  rateLimited: number;
  otherFailed: number;
}
function rowsOf(emulator: JiraEmulator, side: Row['side']): Row[] {
  const byKey = new Map<string, Row>();
  for (const entry of emulator.stats.list()) {
    if (entry.endpoint.startsWith('/_emulator')) continue;
    const key = `${entry.method} ${entry.endpoint}`;
    const row = byKey.get(key) ?? {
      side,
      method: entry.method,
      endpoint: entry.endpoint,
      ok: 0,
      rateLimited: 0,
      otherFailed: 0,
    };
    if (entry.status === 429) row.rateLimited += entry.count;
    else if (entry.status >= 400) row.otherFailed += entry.count;
    else row.ok += entry.count;
    byKey.set(key, row);
  }
  return [...byKey.values()].sort((a, b) => a.endpoint.localeCompare(b.endpoint) || a.method.localeCompare(b.method));
}
const rows = [...rowsOf(cloud, 'Cloud'), ...rowsOf(dc, 'Data Center')];
const sum = (list: Row[], pick: (row: Row) => number) => list.reduce((total, row) => total + pick(row), 0);
const cloudRows = rows.filter((row) => row.side === 'Cloud');
const dcRows = rows.filter((row) => row.side === 'Data Center');
const all = (row: Row) => row.ok + row.rateLimited + row.otherFailed;
const totals = {
  cloudRequests: sum(cloudRows, all),
  cloud429: sum(cloudRows, (row) => row.rateLimited),
  dcRequests: sum(dcRows, all),
  dc429: sum(dcRows, (row) => row.rateLimited),
  otherFailed: sum(rows, (row) => row.otherFailed),
};

// The floor: each Cloud burst bucket (one per method and endpoint, v2 and v3 sharing one) must let through the
// requests that succeeded in it; it refills at ratePerSecond and starts full (capacity). The slowest bucket sets the floor.
const limiterState = (await expectStatus(
  'rate-limit state',
  call(cloud, 'cloud', 'GET', '/_emulator/rate-limits'),
  200,
)) as {
  buckets: { key: string; ratePerSecond: number; capacity: number }[];
  quota: { used: number };
  config: { perIssue: { windows: { writes: number; seconds: number }[] } };
};
const normalize = (template: string) =>
  template
    .replace(/:(\w+)/g, '{$1}')
    .toLowerCase()
    .replace(/\/api\/(?:2|3|latest)(?=\/|$)/, '/api/{version}');
interface BucketFloor {
  bucket: string;
  ok: number;
  rateLimited: number;
  ratePerSecond: number;
  capacity: number;
  floorS: number;
  floorAfterBurstS: number;
}
const buckets = new Map<string, BucketFloor>();
for (const row of cloudRows) {
  const key = `${row.method} ${normalize(row.endpoint)}`;
  const state = limiterState.buckets.find((bucket) => bucket.key === key);
  if (!state) continue;
  const bucket = buckets.get(key) ?? {
    bucket: key,
    ok: 0,
    rateLimited: 0,
    ratePerSecond: state.ratePerSecond,
    capacity: state.capacity,
    floorS: 0,
    floorAfterBurstS: 0,
  };
  bucket.ok += row.ok;
  bucket.rateLimited += row.rateLimited;
  bucket.floorS = bucket.ok / bucket.ratePerSecond;
  bucket.floorAfterBurstS = Math.max(0, bucket.ok - bucket.capacity) / bucket.ratePerSecond;
  buckets.set(key, bucket);
}
const bucketFloors = [...buckets.values()].sort((a, b) => b.floorS - a.floorS);
const binding = bucketFloors[0];
const floorS = binding?.floorS ?? 0;
const floorAfterBurstS = binding?.floorAfterBurstS ?? 0;
const cloudWritesPerIssue =
  sum(
    cloudRows.filter((row) => row.method !== 'GET'),
    (row) => row.ok,
  ) / ISSUES;
const perIssueWindow = limiterState.config.perIssue.windows;
const quotaPoints = limiterState.quota.used;
const drainS = drainMs / 1000;
const cloud429Share = totals.cloud429 / Math.max(1, totals.cloudRequests);
const all429Share = (totals.cloud429 + totals.dc429) / Math.max(1, totals.cloudRequests + totals.dcRequests);
const cpuMsPerIssue = (final.cpuUserMicros + final.cpuSystemMicros) / 1000 / ISSUES;
const mib = (bytes: number | null) => (bytes === null ? null : round(bytes / 2 ** 20, 1));

// ---------------------------------------------------------------------------------------------------------------
// The emulators' own throughput, same process, same state (10,000 issues and twins), limits off, after the drain.
await expectStatus('rate limits off', call(cloud, 'cloud', 'DELETE', '/_emulator/rate-limits'), 204);
async function throughput(emulator: JiraEmulator, flavor: 'cloud' | 'datacenter', path: string) {
  const rounds: number[] = [];
  for (let i = 0; i < THROUGHPUT_ROUNDS; i++) {
    const result = await autocannon({
      url: emulator.url + path,
      connections: 16,
      duration: THROUGHPUT_S,
      headers: { authorization: ADMIN[flavor] },
    });
    if (result.non2xx + result.errors > 0)
      throw new Error(`throughput ${path}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    rounds.push(result.requests.average);
  }
  return { path, rounds, median: [...rounds].sort((a, b) => a - b)[Math.floor(rounds.length / 2)] ?? 0 };
}
log('emulator throughput');
const throughputs = {
  cloud: await throughput(cloud, 'cloud', `/rest/api/3/issue/BLUE-${Math.ceil(ISSUES / 2)}`),
  dc: await throughput(dc, 'datacenter', `/rest/api/2/issue/GREEN-${Math.ceil(ISSUES / 2)}`),
};
tell({ kind: 'stop' });
await new Promise<void>((resolve) => child.once('exit', () => resolve()));
await Promise.all([cloud.close(), dc.close()]);

// ---------------------------------------------------------------------------------------------------------------
// The report.
const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot }).toString().trim() !== '';
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const observedRate = (totals.cloudRequests + totals.dcRequests) / drainS;
const ratio = drainS / Math.max(floorS, 1e-9);
const result = {
  commit,
  dirty,
  date: new Date().toISOString(),
  machine,
  runTimeS: round((performance.now() - startedAt) / 1000, 1),
  parameters: {
    issues: ISSUES,
    concurrency: ready.timings.concurrency,
    concurrencyFromEnv: CONCURRENCY !== undefined,
    engineTimings: ready.timings,
    quota: QUOTA,
    cloudRateLimits: rateLimits.config,
    dataCenterRateLimits: 'off',
    throughputSeconds: THROUGHPUT_S,
    throughputRounds: THROUGHPUT_ROUNDS,
  },
  drain: {
    drainS: round(drainS, 1),
    engineFirstIdleS: round(drained.drainedMs / 1000, 1),
    bulkQueuedS: round(drained.bulkQueuedMs / 1000, 1),
    floorS: round(floorS, 1),
    floorAfterBurstS: round(floorAfterBurstS, 1),
    bindingBucket: binding?.bucket,
    ratioToFloor: round(ratio),
    twins: final.twins,
    parkedOrRetrying: final.errors,
    steps: final.steps,
  },
  requests: {
    ...totals,
    cloud429Share,
    all429Share,
    perIssue: round((totals.cloudRequests + totals.dcRequests) / ISSUES),
    observedPerSecond: round(observedRate, 1),
  },
  bucketFloors,
  perIssue: { windows: perIssueWindow, cloudWritesPerIssue: round(cloudWritesPerIssue) },
  quota: {
    pointsUsed: quotaPoints,
    pointsPerIssue: round(quotaPoints / ISSUES),
    appQuotaPointsPerHour: APP_QUOTA_POINTS_PER_HOUR,
    appQuotaFloorH: round(quotaPoints / APP_QUOTA_POINTS_PER_HOUR),
  },
  engine: {
    cpuUserMs: round(final.cpuUserMicros / 1000, 0),
    cpuSystemMs: round(final.cpuSystemMicros / 1000, 0),
    cpuMsPerIssue: round(cpuMsPerIssue),
    cpuShareOfOneCore: round((final.cpuUserMicros + final.cpuSystemMicros) / 1000 / drainMs),
    rssAtStartMiB: mib(ready.rssBytes),
    rssAfterDrainMiB: mib(final.rssBytes),
    heapUsedAfterDrainMiB: mib(final.heapUsedBytes),
    rssAfterGcMiB: mib(final.rssAfterGcBytes),
    heapUsedAfterGcMiB: mib(final.heapUsedAfterGcBytes),
    adapter: final.adapter,
  },
  emulators: {
    eventLoopUtilizationDuringDrain: round(elu.utilization),
    cpuMsDuringDrain: round((parentCpu.user + parentCpu.system) / 1000, 0),
    cpuShareOfOneCore: round((parentCpu.user + parentCpu.system) / 1000 / drainMs),
    peakCloudRequestsInOneSecond: peakQueuedRate,
    throughput: throughputs,
  },
  loadAverage: { start: loadAtStart, end: loadAtEnd },
  rows,
  samples,
};
export type BulkResult = typeof result;
writeFileSync(join(repoRoot, 'bench/results/bulk-benchmark.json'), JSON.stringify(result, null, 2) + '\n');
log(
  JSON.stringify(
    {
      drain: result.drain,
      requests: result.requests,
      quota: result.quota,
      engine: { ...result.engine, adapter: undefined },
      emulators: { ...result.emulators, throughput: undefined },
    },
    null,
    2,
  ),
);
writeFileSync(join(repoRoot, 'bench/results/bulk-benchmark.md'), renderBulkReport(result));
log('wrote bench/results/bulk-benchmark.md and .json');
