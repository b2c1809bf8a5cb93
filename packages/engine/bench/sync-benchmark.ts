/**
 * `npm run bench:sync`: what one sync costs, measured against two emulated Jiras (Cloud "blue", Data Center "green")
 * on this machine — latency of an edit with webhooks and with every webhook lost (the poll alone), writes per user
 * edit, writes while nothing happens, and the Jira API calls one change costs next to the fewest Jira allows (summary
 * edits and creates in Basic mode, status changes in Visual mode). Everything runs in this process, wired like the
 * end-to-end tests (test/support/sync-harness.ts): the emulators over real HTTP, a real SQLite file, the engine, and
 * a small HTTP server relaying webhook deliveries to it.
 * Results go to bench/results/sync-benchmark.md and .json with the command, the machine and the commit, and what moved
 * since the committed recording.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { JiraEmulator } from '@tandem/jira-emulator';
import { compileVisualRules, type VisualMapping, type VisualRules } from '@tandem/rules';
import { DEFAULT_TIMINGS, type StepReport } from '../src/index.ts';
import { startHarness, type Harness } from '../test/support/sync-harness.ts';
import {
  engineCalls,
  resetCounts,
  sumSnapshots,
  writesOn,
  PERSON,
  type CallSnapshot,
  type EndpointCount,
} from './emulator-call-counts.ts';
import { summarize, type LatencySummary } from './percentiles.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const EDITS = Number(process.env['BENCH_SYNC_EDITS'] ?? 50);
const LOST_EDITS = Number(process.env['BENCH_SYNC_LOST_EDITS'] ?? 10);
const LOST_POLL_MS = Number(process.env['BENCH_SYNC_LOST_POLL_MS'] ?? 1000);
const CREATES = Number(process.env['BENCH_SYNC_CREATES'] ?? 5);
const QUIET_ROUNDS = Number(process.env['BENCH_SYNC_QUIET_ROUNDS'] ?? 5);
/** Competitors' documented poll intervals (webhooks not used): Backbone 5 s, Getint 3 min. */
const BACKBONE_POLL_MS = Number(process.env['BENCH_SYNC_BACKBONE_POLL_MS'] ?? 5000);
const BACKBONE_EDITS = Number(process.env['BENCH_SYNC_BACKBONE_EDITS'] ?? 20);
const GETINT_POLL_MS = Number(process.env['BENCH_SYNC_GETINT_POLL_MS'] ?? 180_000);
/** Measured Getint-interval samples (each takes up to one interval); the p50 is computed, see the report. */
const GETINT_SAMPLES = Number(process.env['BENCH_SYNC_GETINT_SAMPLES'] ?? 1);
const COALESCE_EDITS = Number(process.env['BENCH_SYNC_COALESCE_EDITS'] ?? 20);
const COALESCE_WINDOW_MS = Number(process.env['BENCH_SYNC_COALESCE_WINDOW_MS'] ?? 10_000);
/** Status changes per direction (one transition each), Visual mode. */
const STATUS_CHANGES = Number(process.env['BENCH_SYNC_STATUS_CHANGES'] ?? 20);
/** How often the other emulator's state is looked at while waiting for an edit to arrive, ms. */
const WATCH_EVERY_MS = 2;
/** Poll interval while webhooks are measured: long enough that no timed poll runs during the runs. */
const WEBHOOK_RUN_POLL_MS = 3_600_000;

type Side = 'blue' | 'green';
const LABEL: Record<Side, string> = { blue: 'Cloud', green: 'Data Center' };
const other = (side: Side): Side => (side === 'blue' ? 'green' : 'blue');
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A small seeded generator (mulberry32) so the poll-phase jitter is the same on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function emulatorOf(h: Harness, side: Side): JiraEmulator {
  return side === 'blue' ? h.blue : h.green;
}

async function control(emulator: JiraEmulator, method: string, path: string, body?: unknown): Promise<void> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
}

/**
 * Waits until nothing moves: no webhook delivery queued or in flight, the engine idle, and neither emulator counting a
 * request for two looks in a row (an echo check's webhook can still be on its way when the engine first goes idle).
 */
async function quiesce(h: Harness): Promise<void> {
  let stableLooks = 0;
  while (stableLooks < 2) {
    const before = h.blue.stats.total + h.green.stats.total;
    await Promise.all([h.blue.context.webhooks.idle(), h.green.context.webhooks.idle()]);
    await h.engine.waitUntilIdle(60_000);
    await sleep(25);
    stableLooks = h.blue.stats.total + h.green.stats.total === before ? stableLooks + 1 : 0;
  }
}

/**
 * Waits until `arrived` holds — a look at the other emulator's in-memory state, no API call — and returns the time
 * taken since `since`, ms.
 */
async function waitUntil(arrived: () => boolean, what: string, since: number, timeoutMs: number): Promise<number> {
  for (;;) {
    if (arrived()) return performance.now() - since;
    if (performance.now() - since > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(WATCH_EVERY_MS);
  }
}

/** Whether issue `key` of `emulator` holds `summary` now (its state, no API call). */
function showsSummary(emulator: JiraEmulator, key: string, summary: string): () => boolean {
  return () => emulator.context.state.findIssue(key)?.fields.summary === summary;
}

/** Whether issue `key` of `emulator` is in status `status` now (its state, no API call). */
function showsStatus(emulator: JiraEmulator, key: string, status: string): () => boolean {
  return () => {
    const issue = emulator.context.state.findIssue(key);
    return issue !== undefined && emulator.context.state.status(issue.fields.status).name === status;
  };
}

/**
 * Waits until the engine has recorded the twin of `key` (a Cloud or Data Center issue) and returns the twin's key.
 * It looks at the emulator's state and the store only: engine.status(key) would read the issue from Jira as Tandem's
 * account, and those reads would count as the engine's.
 */
async function twinKeyOf(h: Harness, key: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  const side: Side = key.startsWith('BLUE-') ? 'blue' : 'green';
  const issueId = emulatorOf(h, side).context.state.findIssue(key)?.id;
  if (!issueId) throw new Error(`${key} is not an issue of ${side}`);
  for (;;) {
    const twin = await h.store.findTwinByIssue(h.connection.name, side, issueId);
    const twinKey = twin ? (side === 'blue' ? twin.b.issueKey : twin.a.issueKey) : null;
    if (twinKey) return twinKey;
    if (Date.now() > deadline)
      throw new Error(`${key} got no twin: ${JSON.stringify({ twin, errors: await h.engine.errors() })}`);
    await sleep(20);
  }
}

async function createIssue(h: Harness, side: Side, summary: string): Promise<string> {
  const created =
    side === 'blue'
      ? await h.jira('blue', 'POST', '/rest/api/3/issue', {
          fields: {
            project: { key: 'BLUE' },
            issuetype: { name: 'Task' },
            summary,
            description: {
              type: 'doc',
              version: 1,
              content: [
                {
                  type: 'paragraph',
                  content: [
                    { type: 'text', text: 'Steps: ' },
                    { type: 'text', text: 'open the page', marks: [{ type: 'strong' }] },
                  ],
                },
              ],
            },
          },
        })
      : await h.jira('green', 'POST', '/rest/api/2/issue', {
          fields: {
            project: { key: 'GREEN' },
            issuetype: { name: 'Task' },
            summary,
            description: 'Steps: *open the page*',
          },
        });
  if (created.status !== 201) throw new Error(`create on ${side}: ${created.status} ${JSON.stringify(created.body)}`);
  return (created.body as { key: string }).key;
}

async function editSummary(h: Harness, side: Side, key: string, summary: string): Promise<void> {
  const path = side === 'blue' ? `/rest/api/3/issue/${key}` : `/rest/api/2/issue/${key}`;
  const edited = await h.jira(side, 'PUT', path, { fields: { summary } });
  if (edited.status !== 204) throw new Error(`edit on ${side}: ${edited.status} ${JSON.stringify(edited.body)}`);
}

/** Counts the engine's sync steps by outcome and the side they read from while `run` runs. */
async function countingSteps<T>(
  h: Harness,
  run: () => Promise<T>,
): Promise<{ result: T; steps: Record<string, number> }> {
  const steps: Record<string, number> = {};
  const stop = h.engine.onStep((report: StepReport) => {
    const outcome = report.outcome;
    // A step that wrote nothing is told apart from one that changed the other side (an echo check is one).
    const kind = report.error
      ? report.error.parked
        ? 'parked'
        : 'retry'
      : outcome?.kind === 'synced' && outcome.changes.length === 0 && !outcome.created
        ? 'synced-nothing'
        : (outcome?.kind ?? 'unknown');
    const from = `${kind} from ${report.event.sourceSide === 'a' ? LABEL.blue : LABEL.green}`;
    steps[from] = (steps[from] ?? 0) + 1;
  });
  try {
    return { result: await run(), steps };
  } finally {
    stop();
  }
}

interface EditRun {
  from: Side;
  edits: number;
  latency: LatencySummary;
  samplesMs: number[];
  /** Non-GET requests on the receiving emulator (anyone, control API excluded). */
  receivingWrites: number;
  /** The engine's non-GET requests on the side the person edited (echo writes). */
  sourceWrites: number;
  calls: CallSnapshot;
  /** The engine's reads + writes for each change, in order. */
  totals: number[];
  steps: Record<string, number>;
}

/** One change by the person, and how to see it arrived on the other side. */
interface PersonChange {
  /** What should happen, for the timeout's message. */
  what: string;
  make: () => Promise<void>;
  /** A look at the other emulator's state (no API call). */
  arrived: () => boolean;
}

/**
 * The person makes `count` changes on `from`, one at a time; each is timed from its HTTP response to the moment the
 * other emulator shows it, and everything settles before the next. `beforeEach` runs before each change (the poll
 * runs' jitter). The counters restart after each change, so the cost of every change is known on its own.
 */
async function changeRun(
  h: Harness,
  from: Side,
  count: number,
  timeoutMs: number,
  change: (index: number) => PersonChange,
  beforeEach: () => Promise<void> = async () => {},
): Promise<EditRun> {
  await quiesce(h);
  resetCounts(h.blue, h.green);
  const samples: number[] = [];
  const snapshots: CallSnapshot[] = [];
  let receivingWrites = 0;
  const { steps } = await countingSteps(h, async () => {
    for (let i = 0; i < count; i++) {
      await beforeEach();
      const next = change(i);
      await next.make();
      const since = performance.now();
      samples.push(await waitUntil(next.arrived, next.what, since, timeoutMs));
      await quiesce(h);
      snapshots.push(engineCalls({ [LABEL.blue]: h.blue, [LABEL.green]: h.green }));
      receivingWrites += writesOn(emulatorOf(h, other(from)));
      resetCounts(h.blue, h.green);
    }
  });
  const calls = sumSnapshots(snapshots);
  return {
    from,
    edits: count,
    latency: summarize(samples),
    samplesMs: samples.map((value) => Math.round(value * 10) / 10),
    receivingWrites,
    sourceWrites: calls.endpoints
      .filter((entry) => entry.instance === LABEL[from] && entry.method !== 'GET')
      .reduce((sum, entry) => sum + entry.calls, 0),
    calls,
    totals: snapshots.map((snapshot) => snapshot.reads + snapshot.writes),
    steps,
  };
}

/** `count` summary edits by the person on `from` (see changeRun). */
function editRun(
  h: Harness,
  from: Side,
  key: string,
  twinKey: string,
  count: number,
  timeoutMs: number,
  beforeEach: () => Promise<void> = async () => {},
): Promise<EditRun> {
  return changeRun(
    h,
    from,
    count,
    timeoutMs,
    (index) => {
      const summary = `Edited on ${LABEL[from]} #${index} ${Date.now()}`;
      return {
        what: `${twinKey} showing "${summary}"`,
        make: () => editSummary(h, from, key, summary),
        arrived: showsSummary(emulatorOf(h, other(from)), twinKey, summary),
      };
    },
    beforeEach,
  );
}

/**
 * Data Center's workflow in the status runs: the shape of the emulator's default workflow (Cloud keeps it: To Do,
 * In Progress, Done) under other names, so the statuses need a value map and each Cloud transition has exactly one
 * Data Center transition to match — the case where Jira's minimum is well defined.
 */
const GREEN_STATUS_WORKFLOW = {
  name: 'Green workflow: Open, In Work, Closed',
  statuses: [
    { name: 'Open', category: 'new' },
    { name: 'In Work', category: 'indeterminate' },
    { name: 'Closed', category: 'done' },
  ],
  initialStatus: 'Open',
  transitions: [
    { name: 'Start work', from: ['Open'], to: 'In Work' },
    { name: 'Close', from: ['In Work'], to: 'Closed', resolution: { set: 'Done' } },
    { name: 'Reopen', from: ['Closed'], to: 'In Work', resolution: 'clear' },
    { name: 'Stop work', from: ['In Work'], to: 'Open' },
  ],
};
const STATUS_PAIRS = [
  { blue: 'To Do', green: 'Open' },
  { blue: 'In Progress', green: 'In Work' },
  { blue: 'Done', green: 'Closed' },
];

/** A Visual mapping of one field, both ways, under the same name on both sides. */
function bothWays(field: string, values: VisualMapping['values'] = []): VisualMapping {
  return {
    key: field,
    fields: { blue: field, green: field },
    from: ['blue', 'green'],
    values,
    users: [],
    unmatched: values.length > 0 ? 'error' : 'ignore',
    default: {},
    owner: null,
  };
}

/** The status runs' rules: summary and status both ways (status through the value map), nothing else. */
const STATUS_RULES: VisualRules = {
  fields: [bothWays('summary'), bothWays('status', STATUS_PAIRS)],
  comments: [],
  attachments: [],
  worklogs: [],
  links: [],
  constants: {},
  scope: {},
};

/** The person's transitions on each side, a cycle back to the first status; `twin`: the status the twin must reach. */
const STATUS_CYCLE: Record<Side, { transition: string; twin: string }[]> = {
  blue: [
    { transition: 'Start Progress', twin: 'In Work' },
    { transition: 'Done', twin: 'Closed' },
    { transition: 'Reopen', twin: 'In Work' },
    { transition: 'Stop Progress', twin: 'Open' },
  ],
  green: [
    { transition: 'Start work', twin: 'In Progress' },
    { transition: 'Close', twin: 'Done' },
    { transition: 'Reopen', twin: 'In Progress' },
    { transition: 'Stop work', twin: 'To Do' },
  ],
};

/** The person runs the transition named `name` on `key`, as in Jira's UI: the open transitions, then the chosen one. */
async function transition(h: Harness, side: Side, key: string, name: string): Promise<void> {
  const api = side === 'blue' ? '/rest/api/3' : '/rest/api/2';
  const open = await h.jira(side, 'GET', `${api}/issue/${key}/transitions`);
  const offered = (open.body as { transitions?: { id: string; name: string }[] }).transitions ?? [];
  const found = offered.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`${key} on ${side} offers no "${name}": ${JSON.stringify(open.body)}`);
  const run = await h.jira(side, 'POST', `${api}/issue/${key}/transitions`, { transition: { id: found.id } });
  if (run.status !== 204) throw new Error(`transition ${name} on ${side}: ${run.status} ${JSON.stringify(run.body)}`);
}

/** `count` status changes by the person on `from`, one transition each, around the cycle (see changeRun). */
function statusRun(h: Harness, from: Side, key: string, twinKey: string, count: number): Promise<EditRun> {
  const cycle = STATUS_CYCLE[from];
  return changeRun(h, from, count, 10_000, (index) => {
    const step = cycle[index % cycle.length];
    if (!step) throw new Error('the status cycle is empty');
    return {
      what: `${twinKey} reaching status ${step.twin}`,
      make: () => transition(h, from, key, step.transition),
      arrived: showsStatus(emulatorOf(h, other(from)), twinKey, step.twin),
    };
  });
}

interface QuietWindow {
  how: string;
  writes: number;
  calls: CallSnapshot;
  steps: Record<string, number>;
}

async function attach(h: Harness, key: string, filename: string, bytes: Buffer): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), filename);
  const upload = await fetch(`${h.blue.url}/rest/api/3/issue/${key}/attachments`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${PERSON}@example.com:${PERSON}-token`).toString('base64')}`,
      'X-Atlassian-Token': 'no-check',
    },
    body: form,
  });
  if (upload.status !== 200) throw new Error(`attachment upload: ${upload.status} ${await upload.text()}`);
}

/** The person creates a Cloud issue, adds 3 comments and 1 attachment (4 KiB), as fast as a script can. */
async function createWithCommentsAndAttachment(h: Harness, label: string): Promise<string> {
  const key = await createIssue(h, 'blue', `Created with comments and an attachment (${label})`);
  for (let i = 1; i <= 3; i++) {
    const added = await h.jira('blue', 'POST', `/rest/api/2/issue/${key}/comment`, {
      body: `Comment ${i} on *${key}*`,
    });
    if (added.status !== 201) throw new Error(`comment: ${added.status}`);
  }
  await attach(h, key, 'trace.bin', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 31) % 256)));
  return key;
}

/** Checks the copy is complete (after the counters were read: these reads are the benchmark's, not the engine's). */
async function assertCopied(h: Harness, key: string): Promise<void> {
  const twinKey = await twinKeyOf(h, key);
  const green = await h.jira(
    'green',
    'GET',
    `/rest/api/2/issue/${twinKey}?fields=comment,attachment`,
    undefined,
    'admin',
  );
  const comments = (green.body.fields.comment?.comments ?? []) as unknown[];
  const attachments = (green.body.fields.attachment ?? []) as unknown[];
  if (comments.length !== 3 || attachments.length !== 1)
    throw new Error(`${twinKey} has ${comments.length} comments and ${attachments.length} attachments, not 3 and 1`);
}

interface CreateRun {
  variant: string;
  repeats: number;
  /** Mean calls per create by endpoint. */
  perChange: EndpointCount[];
  reads: number;
  writes: number;
  totals: number[];
  steps: Record<string, number>;
}

/**
 * `repeats` creates with 3 comments and 1 attachment. "burst": webhooks flow as the person works, so the engine may
 * sync the issue before the comments exist. "coalesced": the 5 webhooks are held (emulator delay fault) and released
 * together, so the engine sees the finished issue at once.
 */
async function createRun(h: Harness, variant: 'burst' | 'coalesced', repeats: number): Promise<CreateRun> {
  const snapshots: CallSnapshot[] = [];
  const steps: Record<string, number> = {};
  for (let i = 0; i < repeats; i++) {
    await quiesce(h);
    resetCounts(h.blue, h.green);
    const { result: key, steps: runSteps } = await countingSteps(h, async () => {
      if (variant === 'coalesced')
        await control(h.blue, 'PUT', '/_emulator/webhooks/faults', { delay: { probability: 1, ms: 3_600_000 } });
      const created = await createWithCommentsAndAttachment(h, `${variant} ${i}`);
      if (variant === 'coalesced') {
        await control(h.blue, 'DELETE', '/_emulator/webhooks/faults');
        await control(h.blue, 'POST', '/_emulator/webhooks/flush');
      }
      await twinKeyOf(h, created);
      await quiesce(h);
      return created;
    });
    snapshots.push(engineCalls({ [LABEL.blue]: h.blue, [LABEL.green]: h.green }));
    for (const [kind, count] of Object.entries(runSteps)) steps[kind] = (steps[kind] ?? 0) + count;
    await assertCopied(h, key);
  }
  const byKey = new Map<string, EndpointCount>();
  for (const snapshot of snapshots) {
    for (const entry of snapshot.endpoints) {
      const key = `${entry.instance} ${entry.method} ${entry.endpoint}`;
      const found = byKey.get(key) ?? { ...entry, calls: 0, failed: 0, redirected: 0 };
      found.calls += entry.calls / repeats;
      found.failed += entry.failed / repeats;
      found.redirected += entry.redirected / repeats;
      byKey.set(key, found);
    }
  }
  return {
    variant,
    repeats,
    perChange: [...byKey.values()],
    reads: snapshots.reduce((sum, snapshot) => sum + snapshot.reads, 0) / repeats,
    writes: snapshots.reduce((sum, snapshot) => sum + snapshot.writes, 0) / repeats,
    totals: snapshots.map((snapshot) => snapshot.reads + snapshot.writes),
    steps,
  };
}

interface CoalesceRun {
  how: string;
  edits: number;
  /** ms from the first edit's response to the last edit's. */
  spreadMs: number;
  /** Non-GET requests on the receiving emulator (anyone, control API excluded). */
  receivingWrites: number;
  /** Summary PUTs the engine made on the twin. */
  twinEdits: number;
  /** The engine's non-GET requests on the edited side (echo writes). */
  sourceWrites: number;
  lastValueArrived: boolean;
  steps: Record<string, number>;
}

/**
 * `count` summary edits to one Cloud issue by the person, `gapMs` apart (0: back to back), webhooks on; then everything
 * settles and the writes on the Data Center twin are counted.
 */
async function coalesceRun(
  h: Harness,
  key: string,
  twinKey: string,
  count: number,
  gapMs: number,
  how: string,
): Promise<CoalesceRun> {
  await quiesce(h);
  resetCounts(h.blue, h.green);
  let first = 0;
  let last = 0;
  let summary = '';
  const { steps } = await countingSteps(h, async () => {
    for (let i = 0; i < count; i++) {
      if (i > 0 && gapMs > 0) await sleep(gapMs);
      summary = `Coalescing ${how} #${i} ${Date.now()}`;
      await editSummary(h, 'blue', key, summary);
      last = performance.now();
      if (i === 0) first = last;
    }
    await waitUntil(showsSummary(h.green, twinKey, summary), `${twinKey} showing "${summary}"`, last, 30_000);
    await quiesce(h);
  });
  const calls = engineCalls({ [LABEL.blue]: h.blue, [LABEL.green]: h.green });
  return {
    how,
    edits: count,
    spreadMs: Math.round(last - first),
    receivingWrites: writesOn(h.green),
    twinEdits: calls.endpoints
      .filter((entry) => entry.instance === LABEL.green && entry.method === 'PUT' && ISSUE_ROUTE.test(entry.endpoint))
      .reduce((sum, entry) => sum + entry.calls, 0),
    sourceWrites: calls.endpoints
      .filter((entry) => entry.instance === LABEL.blue && entry.method !== 'GET')
      .reduce((sum, entry) => sum + entry.calls, 0),
    lastValueArrived: h.green.context.state.findIssue(twinKey)?.fields.summary === summary,
    steps,
  };
}
const ISSUE_ROUTE = /\/issue\/:issueIdOrKey$/;

interface PollOnlyRun {
  competitor: string;
  intervalMs: number;
  run: EditRun;
  /** Per sample: ms between the end of the poll round before the edit and the edit (when known). */
  phasesMs: number[];
}

/**
 * The same engine with no webhook registered (as if every one were lost) and the poll on a real timer every
 * `intervalMs`. The probe issue exists before the engine starts, so the engine's first poll (at once) twins it.
 * `phase`: what to wait before each edit — a seeded random point of the cycle, or nothing (the edit follows the poll
 * round that brought the previous change, the longest wait).
 */
async function pollOnlyRun(
  competitor: string,
  intervalMs: number,
  edits: number,
  phase: 'random' | 'after-poll',
): Promise<PollOnlyRun> {
  const p = await startHarness({ webhooks: false, start: false, timings: { pollIntervalMs: intervalMs } });
  try {
    const blueKey = await createIssue(p, 'blue', `Latency probe, poll every ${intervalMs} ms`);
    // The end of each poll round: its last request is Data Center's search (side b is polled after side a).
    const pollEnds: number[] = [];
    let searches = 0;
    const watcher = setInterval(() => {
      const now = p.green.stats
        .list()
        .filter((entry) => SEARCH_ROUTE.test(entry.endpoint))
        .reduce((sum, entry) => sum + entry.count, 0);
      if (now !== searches) {
        searches = now;
        pollEnds.push(performance.now());
      }
    }, 2);
    const phasesMs: number[] = [];
    try {
      await p.engine.start({});
      const greenKey = await twinKeyOf(p, blueKey, intervalMs * 3);
      const random = seededRandom(2);
      const run = await editRun(p, 'blue', blueKey, greenKey, edits, intervalMs * 3, async () => {
        if (phase === 'random') await sleep(random() * intervalMs);
        const lastEnd = pollEnds.at(-1);
        phasesMs.push(lastEnd === undefined ? Number.NaN : Math.round(performance.now() - lastEnd));
      });
      return { competitor, intervalMs, run, phasesMs };
    } finally {
      clearInterval(watcher);
    }
  } finally {
    await p.close();
  }
}
const SEARCH_ROUTE = /\/search/;

// ---------------------------------------------------------------------------------------------------------------
const startedAt = performance.now();
/** The machine's 1-minute load average when the run starts and ends: the cores are shared with other work. */
const loadAtStart = loadavg()[0] ?? Number.NaN;
/** Paths with uncommitted changes when the run starts (others may be editing the repository while it runs). */
const uncommittedAtStart = execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repoRoot })
  .toString()
  .split('\n')
  .map((line) => line.slice(3).trim())
  .filter((path) => path !== '' && !path.startsWith('bench/results/'));
/** Code whose changes can move the figures: the packages a sync runs through, and this benchmark. */
const FIGURE_CODE = /^packages\/(engine|core|rules|jira-adapter|jira-emulator|store|rich-text)\/(src|bench)\//;
const log = (message: string) => console.log(`[${((performance.now() - startedAt) / 1000).toFixed(1)} s] ${message}`);

// Part 1: webhooks on, the timed poll out of the way (it is measured on its own in the quiet window).
log('webhook runs: starting two emulators, the store and the engine');
const h = await startHarness({ timings: { pollIntervalMs: WEBHOOK_RUN_POLL_MS } });
const timings = { ...h.engine.deps.timings };
const webhookRuns: EditRun[] = [];
let webhookQuiet: QuietWindow | undefined;
const createRuns: CreateRun[] = [];
const coalesceRuns: CoalesceRun[] = [];
try {
  const blueKey = await createIssue(h, 'blue', 'Latency probe');
  const greenKey = await twinKeyOf(h, blueKey);
  for (const from of ['blue', 'green'] as const) {
    const [key, twinKey] = from === 'blue' ? [blueKey, greenKey] : [greenKey, blueKey];
    webhookRuns.push(await editRun(h, from, key, twinKey, EDITS, 10_000));
    log(`webhooks, ${LABEL[from]} → ${LABEL[other(from)]}: ${JSON.stringify(webhookRuns.at(-1)?.latency)}`);
  }
  // Quiet: everything settled; the poll runs QUIET_ROUNDS times (as its timer would) and nobody edits anything.
  await quiesce(h);
  resetCounts(h.blue, h.green);
  const quiet = await countingSteps(h, async () => {
    for (let round = 0; round < QUIET_ROUNDS; round++) {
      await h.engine.pollNow();
      await quiesce(h);
    }
  });
  webhookQuiet = {
    how: `${QUIET_ROUNDS} poll rounds run by hand after everything settled (webhooks on)`,
    writes: writesOn(h.blue) + writesOn(h.green),
    calls: engineCalls({ [LABEL.blue]: h.blue, [LABEL.green]: h.green }),
    steps: quiet.steps,
  };
  log(`quiet window (webhooks): ${webhookQuiet.writes} writes, ${webhookQuiet.calls.reads} reads`);
  for (const variant of ['coalesced', 'burst'] as const) {
    createRuns.push(await createRun(h, variant, CREATES));
    log(`create with 3 comments + 1 attachment (${variant}): ${JSON.stringify(createRuns.at(-1)?.totals)}`);
  }
  const gap = COALESCE_EDITS > 1 ? Math.floor(COALESCE_WINDOW_MS / (COALESCE_EDITS - 1)) : 0;
  for (const [gapMs, how] of [
    [gap, `one every ${gap} ms`],
    [0, 'back to back'],
  ] as const) {
    coalesceRuns.push(await coalesceRun(h, blueKey, greenKey, COALESCE_EDITS, gapMs, how));
    log(`coalescing, ${COALESCE_EDITS} edits ${how}: ${JSON.stringify(coalesceRuns.at(-1))}`);
  }
} finally {
  await h.close();
}

// Part 1b: status changes, webhooks on, Visual mode (Basic mode does not sync status).
log(`status runs: Visual rules (summary and status both ways), ${STATUS_CHANGES} transitions per direction`);
const st = await startHarness({
  mode: 'visual',
  timings: { pollIntervalMs: WEBHOOK_RUN_POLL_MS },
  rules: ({ name }) => ({
    a: compileVisualRules({ connection: name, sideInstance: 'blue', otherInstance: 'green', visual: STATUS_RULES }),
    b: compileVisualRules({ connection: name, sideInstance: 'green', otherInstance: 'blue', visual: STATUS_RULES }),
  }),
});
const statusRuns: EditRun[] = [];
try {
  await control(st.green, 'PUT', '/_emulator/projects/GREEN/workflows', GREEN_STATUS_WORKFLOW);
  // One issue per direction, made on the side the person works on, so each cycle starts at its workflow's start.
  for (const from of ['blue', 'green'] as const) {
    const key = await createIssue(st, from, `Status probe from ${LABEL[from]}`);
    const twinKey = await twinKeyOf(st, key);
    statusRuns.push(await statusRun(st, from, key, twinKey, STATUS_CHANGES));
    log(`status, ${LABEL[from]} → ${LABEL[other(from)]}: ${JSON.stringify(statusRuns.at(-1)?.latency)}`);
  }
} finally {
  await st.close();
}

// Part 2: every webhook lost; the reconciliation poll alone, on a real timer.
log(`lost-webhook runs: poll every ${LOST_POLL_MS} ms`);
const p = await startHarness({ timings: { pollIntervalMs: LOST_POLL_MS } });
const lostRuns: EditRun[] = [];
let pollQuiet: QuietWindow | undefined;
try {
  for (const emulator of [p.blue, p.green])
    await control(emulator, 'PUT', '/_emulator/webhooks/faults', { drop: { probability: 1 } });
  const blueKey = await createIssue(p, 'blue', 'Latency probe without webhooks');
  const greenKey = await twinKeyOf(p, blueKey);
  // Each edit starts at a seeded random point of the poll cycle: otherwise every edit would follow the poll round that
  // brought the previous one, and all would wait nearly a full interval.
  const random = seededRandom(1);
  for (const from of ['blue', 'green'] as const) {
    const [key, twinKey] = from === 'blue' ? [blueKey, greenKey] : [greenKey, blueKey];
    lostRuns.push(
      await editRun(p, from, key, twinKey, LOST_EDITS, LOST_POLL_MS * 10, () => sleep(random() * LOST_POLL_MS)),
    );
    log(
      `no webhooks, ${LOST_EDITS} edits ${LABEL[from]} → ${LABEL[other(from)]}: ${JSON.stringify(lostRuns.at(-1)?.latency)}`,
    );
  }
  await quiesce(p);
  resetCounts(p.blue, p.green);
  const quiet = await countingSteps(p, () => sleep(QUIET_ROUNDS * LOST_POLL_MS));
  pollQuiet = {
    how: `${QUIET_ROUNDS * LOST_POLL_MS} ms of the poll's own timer (every ${LOST_POLL_MS} ms) after everything settled (webhooks lost)`,
    writes: writesOn(p.blue) + writesOn(p.green),
    calls: engineCalls({ [LABEL.blue]: p.blue, [LABEL.green]: p.green }),
    steps: quiet.steps,
  };
  log(`quiet window (poll only): ${pollQuiet.writes} writes, ${pollQuiet.calls.reads} reads`);
} finally {
  await p.close();
}
// Part 3: the competitors' documented poll intervals, side by side with the webhook runs of part 1.
log(`Backbone's interval: poll every ${BACKBONE_POLL_MS} ms, no webhooks, ${BACKBONE_EDITS} edits`);
const backbone = await pollOnlyRun('Backbone', BACKBONE_POLL_MS, BACKBONE_EDITS, 'random');
log(`Backbone's interval: ${JSON.stringify(backbone.run.latency)}`);
let getint: PollOnlyRun | undefined;
if (GETINT_SAMPLES > 0) {
  log(
    `Getint's interval: poll every ${GETINT_POLL_MS} ms, no webhooks, ${GETINT_SAMPLES} edit(s) right after a poll round`,
  );
  getint = await pollOnlyRun('Getint', GETINT_POLL_MS, GETINT_SAMPLES, 'after-poll');
  log(`Getint's interval: ${JSON.stringify(getint.run.latency)}, phases ${JSON.stringify(getint.phasesMs)}`);
}
const elapsedS = Math.round((performance.now() - startedAt) / 100) / 10;
if (!webhookQuiet || !pollQuiet) throw new Error('a run did not finish');
const quietWindows: QuietWindow[] = [webhookQuiet, pollQuiet];

// ---------------------------------------------------------------------------------------------------------------
// The report.

/** The fewest calls Jira's REST API allows for each change, and what the product itself requires on top. */
const MINIMUM = {
  summaryEdit: { reads: 1, writes: 1 },
  summaryEditWithMerge: { reads: 2, writes: 1 },
  create: { reads: 2, writes: 5 },
  createWithTraces: { reads: 2, writes: 8 },
  statusChange: { reads: 1, writes: 1 },
  statusChangeWithMerge: { reads: 2, writes: 1 },
};

const round2 = (value: number) => Math.round(value * 100) / 100;
const ratio = (actual: number, minimum: number) => `${round2(actual / minimum)}×`;
/** Per-change totals, each distinct value with how often it came: "4 ×19, 6 ×1". */
const tally = (totals: readonly number[]) =>
  [...new Set(totals)]
    .sort((a, b) => a - b)
    .map((value) => `${value} ×${totals.filter((total) => total === value).length}`)
    .join(', ');
const stepsText = (steps: Record<string, number>, per = 1) =>
  Object.entries(steps)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, count]) => `${kind} ${round2(count / per)}`)
    .join(', ') || 'none';

function endpointRows(endpoints: EndpointCount[], per: number): string {
  return endpoints
    .map(
      (entry) =>
        `| ${entry.instance} | ${entry.method} ${entry.endpoint} | ${round2(entry.calls / per)}${entry.failed > 0 ? ` (${round2(entry.failed / per)} failed)` : ''}${entry.redirected > 0 ? ` (${round2(entry.redirected / per)} of them 3xx redirects)` : ''} |`,
    )
    .join('\n');
}

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim();
const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: repoRoot }).toString().trim() !== '';
/** What the uncommitted changes at the start of the run touched: the code the figures depend on, by path. */
const uncommittedCode = uncommittedAtStart.filter((path) => FIGURE_CODE.test(path));
const uncommittedText = dirty
  ? ` (working tree with uncommitted changes${uncommittedCode.length > 0 ? `; at the start of the run, in the code measured: ${uncommittedCode.join(', ')}` : ''}${uncommittedAtStart.length > uncommittedCode.length ? `; ${uncommittedAtStart.length - uncommittedCode.length} other files changed` : ''})`
  : '';
const loadAtEnd = loadavg()[0] ?? Number.NaN;
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, 1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadAtEnd.toFixed(1)} at the end (other work shares the cores)`;
const env = `BENCH_SYNC_EDITS=${EDITS}, BENCH_SYNC_LOST_EDITS=${LOST_EDITS}, BENCH_SYNC_LOST_POLL_MS=${LOST_POLL_MS}, BENCH_SYNC_CREATES=${CREATES}, BENCH_SYNC_QUIET_ROUNDS=${QUIET_ROUNDS}, BENCH_SYNC_BACKBONE_POLL_MS=${BACKBONE_POLL_MS}, BENCH_SYNC_BACKBONE_EDITS=${BACKBONE_EDITS}, BENCH_SYNC_GETINT_POLL_MS=${GETINT_POLL_MS}, BENCH_SYNC_GETINT_SAMPLES=${GETINT_SAMPLES}, BENCH_SYNC_COALESCE_EDITS=${COALESCE_EDITS}, BENCH_SYNC_COALESCE_WINDOW_MS=${COALESCE_WINDOW_MS}, BENCH_SYNC_STATUS_CHANGES=${STATUS_CHANGES}`;

// Side by side (§6). Latency of a poll-only edit = the wait for the next poll round (interval − phase, where phase is
// how long after a round ended the edit was made) + the time from that round's start to the value landing (d).
const medianOf = (values: readonly number[]) => {
  const sorted = [...values].filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const afterRound = (run: PollOnlyRun) =>
  run.run.samplesMs.map((sample, i) => sample - (run.intervalMs - (run.phasesMs[i] ?? Number.NaN)));
const backboneD = medianOf(afterRound(backbone));
const tandemP50 = webhookRuns[0]?.latency.p50 ?? Number.NaN;
const tandemP99 = webhookRuns[0]?.latency.p99 ?? Number.NaN;
const getintComputed = {
  p50: GETINT_POLL_MS / 2 + backboneD,
  p99: GETINT_POLL_MS * 0.99 + backboneD,
};
const x = (value: number) => `${Math.round(value / tandemP50).toLocaleString('en-US')}×`;
const sideBySideRows = [
  `| Tandem, webhooks (§1) | measured | ${webhookRuns[0]?.latency.n ?? 0} | ${tandemP50} | ${tandemP99} | ${webhookRuns[0]?.latency.max ?? ''} | 1× |`,
  `| Tandem, webhooks lost, poll every ${LOST_POLL_MS / 1000} s (§2) | measured | ${lostRuns[0]?.latency.n ?? 0} | ${lostRuns[0]?.latency.p50 ?? ''} | ${lostRuns[0]?.latency.p99 ?? ''} | ${lostRuns[0]?.latency.max ?? ''} | ${x(lostRuns[0]?.latency.p50 ?? Number.NaN)} |`,
  `| Backbone's interval: poll every ${BACKBONE_POLL_MS / 1000} s, no webhooks | measured | ${backbone.run.latency.n} | ${backbone.run.latency.p50} | ${backbone.run.latency.p99} | ${backbone.run.latency.max} | **${x(backbone.run.latency.p50)}** |`,
  `| Getint's interval: poll every ${GETINT_POLL_MS / 60_000} min, no webhooks | p50, p99 computed: interval × 0.5 / 0.99 + d | – | ${Math.round(getintComputed.p50)} | ${Math.round(getintComputed.p99)} | ${GETINT_POLL_MS + Math.round(backboneD)} (interval + d) | **${x(getintComputed.p50)}** |`,
  ...(getint
    ? [
        `| Getint's interval: the measured sample${getint.run.edits > 1 ? 's' : ''} (edit right after a poll round) | measured | ${getint.run.edits} | ${getint.run.samplesMs.join(', ')} (edit ${getint.phasesMs.map((phase) => `${phase} ms`).join(', ')} after the round) | | | |`,
      ]
    : []),
].join('\n');

const goal = (ok: boolean) => (ok ? 'met' : '**missed**');
const maxWebhookP50 = Math.max(...webhookRuns.map((run) => run.latency.p50));
const maxWebhookP99 = Math.max(...webhookRuns.map((run) => run.latency.p99));
const pollBound = (run: EditRun, intervalMs: number) => run.latency.max <= intervalMs + 2000;
const everyWritesPerEdit = [...webhookRuns, ...lostRuns, backbone.run, ...(getint ? [getint.run] : [])];
const oneWritePerEdit = everyWritesPerEdit.every((run) => run.receivingWrites === run.edits && run.sourceWrites === 0);
const readsPerSummaryEdit = Math.max(...webhookRuns.map((run) => run.calls.reads / run.edits));
const writesPerSummaryEdit = Math.max(...webhookRuns.map((run) => run.calls.writes / run.edits));
const readsPerStatusChange = Math.max(...statusRuns.map((run) => run.calls.reads / run.edits));
const writesPerStatusChange = Math.max(...statusRuns.map((run) => run.calls.writes / run.edits));
const maxStatusP50 = Math.max(...statusRuns.map((run) => run.latency.p50));
const maxStatusP99 = Math.max(...statusRuns.map((run) => run.latency.p99));
const oneWritePerStatusChange = statusRuns.every((run) => run.receivingWrites === run.edits && run.sourceWrites === 0);
const coalesceOk = coalesceRuns.every(
  (run) => run.receivingWrites <= run.edits && run.sourceWrites === 0 && run.lastValueArrived,
);
const goalRows = [
  `| latency with webhooks, p50 (worst direction) | ${maxWebhookP50} ms | ≤ 150 ms | ${goal(maxWebhookP50 <= 150)} |`,
  `| latency with webhooks, p99 (worst direction) | ${maxWebhookP99} ms | ≤ 500 ms | ${goal(maxWebhookP99 <= 500)} |`,
  `| latency with webhooks lost, max, poll ${LOST_POLL_MS} ms / ${BACKBONE_POLL_MS} ms${getint ? ` / ${GETINT_POLL_MS} ms` : ''} | ${[...lostRuns.map((run) => run.latency.max), backbone.run.latency.max, ...(getint ? [getint.run.latency.max] : [])].join(' / ')} ms | ≤ interval + 2 s | ${goal(lostRuns.every((run) => pollBound(run, LOST_POLL_MS)) && pollBound(backbone.run, BACKBONE_POLL_MS) && (!getint || pollBound(getint.run, GETINT_POLL_MS)))} |`,
  `| writes per user edit per direction (every edit run) | ${everyWritesPerEdit.map((run) => (run.receivingWrites / run.edits).toFixed(2)).join(' / ')}, echo writes ${everyWritesPerEdit.reduce((sum, run) => sum + run.sourceWrites, 0)} | exactly 1.0, no echo | ${goal(oneWritePerEdit)} |`,
  `| coalescing: ${COALESCE_EDITS} edits → writes on the other side | ${coalesceRuns.map((run) => `${run.receivingWrites} (${run.how})`).join(', ')} | ≤ ${COALESCE_EDITS} (at most one per edit), last value wins | ${goal(coalesceOk)} |`,
  `| writes once quiet | ${quietWindows.map((quiet) => quiet.writes).join(' / ')} | 0 | ${goal(quietWindows.every((quiet) => quiet.writes === 0))} |`,
  `| API calls per summary edit | ${round2(readsPerSummaryEdit)} reads + ${round2(writesPerSummaryEdit)} write | one read at most and one write | ${goal(readsPerSummaryEdit <= 1 && writesPerSummaryEdit <= 1)} |`,
  `| status change (Visual mode, §5), latency with webhooks p50 / p99 (worst direction) | ${maxStatusP50} / ${maxStatusP99} ms | ≤ 150 / ≤ 500 ms | ${goal(maxStatusP50 <= 150 && maxStatusP99 <= 500)} |`,
  `| writes per status change per direction | ${statusRuns.map((run) => (run.receivingWrites / run.edits).toFixed(2)).join(' / ')}, echo writes ${statusRuns.reduce((sum, run) => sum + run.sourceWrites, 0)} | exactly 1.0 (the transition), no echo | ${goal(oneWritePerStatusChange)} |`,
  `| API calls per status change (one transition on each side) | ${round2(readsPerStatusChange)} reads + ${round2(writesPerStatusChange)} write | at the minimum Jira allows: ${MINIMUM.statusChange.reads} read + ${MINIMUM.statusChange.writes} write (§4) | ${goal(readsPerStatusChange <= MINIMUM.statusChange.reads && writesPerStatusChange <= MINIMUM.statusChange.writes)} |`,
].join('\n');

const summaryRows = webhookRuns.map((run) => {
  const perEdit = run.calls.reads / run.edits + run.calls.writes / run.edits;
  return {
    change: `summary edit ${LABEL[run.from]} → ${LABEL[other(run.from)]}`,
    reads: run.calls.reads / run.edits,
    writes: run.calls.writes / run.edits,
    total: perEdit,
  };
});

const report = `# Sync benchmark

Command: \`npm run bench:sync\` (env: ${env})
Commit: ${commit}${uncommittedText} · Date: ${new Date().toISOString()} · Machine: ${machine} · Run time: ${elapsedS} s

Everything runs in one Node process, wired like the engine's end-to-end tests: a Jira Cloud emulator ("blue", project
BLUE) and a Jira Data Center emulator ("green", project GREEN) over real HTTP on 127.0.0.1, the engine in Basic mode
(Visual mode for the status changes of §5) with a SQLite store file, and a small HTTP server relaying webhook
deliveries to the engine (signatures checked). A person (alice) edits on one side; the engine works as the admin account. Latency runs from the edit's HTTP response to the
moment the other emulator's in-memory state holds the new summary, looked at every ${WATCH_EVERY_MS} ms (these looks are no API
calls). Edits are one at a time: the next starts once the engine, both emulators and the webhook queues have been quiet
for two looks 25 ms apart. Call counts come from the emulators' own request counters, without the person's requests
and the control API. Percentiles are nearest-rank, no interpolation (with ${EDITS} samples p99 is the largest; every sample is in the
.json). The emulators, the engine and the watcher share this process and the machine's ${cpus().length} cores.

Engine timings: ${Object.entries(timings)
  .map(([name, value]) => `${name} ${value}`)
  .join(
    ', ',
  )} (the end-to-end harness's; pollIntervalMs is ${WEBHOOK_RUN_POLL_MS} in §1/§4/§5 and ${LOST_POLL_MS} in §2).

## Against the goals (PRODUCT §11)

| figure | measured | goal | |
|---|---|---|---|
${goalRows}

Where a goal is missed, the observations at the end say what limits it.

## 1. Latency of an edit with webhooks

Summary edits, ${EDITS} per direction. The timed poll is held off (interval ${WEBHOOK_RUN_POLL_MS / 60_000} min) so every edit
travels by its webhook; what the poll costs is in §3.

| direction | n | p50 ms | p95 ms | p99 ms | max ms | mean ms |
|---|---|---|---|---|---|---|
${webhookRuns.map((run) => `| ${LABEL[run.from]} → ${LABEL[other(run.from)]} | ${run.latency.n} | ${run.latency.p50} | ${run.latency.p95} | ${run.latency.p99} | ${run.latency.max} | ${run.latency.mean} |`).join('\n')}

## 2. Latency with every webhook lost (the poll alone)

Both emulators drop every webhook delivery (\`PUT /_emulator/webhooks/faults {"drop":{"probability":1}}\`); the
reconciliation poll runs every ${LOST_POLL_MS} ms. ${LOST_EDITS} edits per direction, each started at a seeded random point of the
poll cycle (0–${LOST_POLL_MS} ms wait before the edit). Expect roughly uniform latency over one interval plus a step.

| direction | n | p50 ms | p99 ms | max ms | mean ms |
|---|---|---|---|---|---|
${lostRuns.map((run) => `| ${LABEL[run.from]} → ${LABEL[other(run.from)]} | ${run.latency.n} | ${run.latency.p50} | ${run.latency.p99} | ${run.latency.max} | ${run.latency.mean} |`).join('\n')}

## 3. Writes per user edit, and writes while nothing happens

Writes are non-GET requests counted by the receiving emulator (control API excluded), over all the edits of a run.
Goal: exactly 1.0 per edit on the receiving side, 0 echoed back on the side the person edited.

| run | direction | edits | writes on the receiving side | writes per edit | engine writes on the edited side | sync steps (per edit) |
|---|---|---|---|---|---|---|
${[
  ...webhookRuns.map((run) => ({ run, how: 'webhooks' })),
  ...lostRuns.map((run) => ({ run, how: 'webhooks lost, poll' })),
]
  .map(
    ({ run, how }) =>
      `| ${how} | ${LABEL[run.from]} → ${LABEL[other(run.from)]} | ${run.edits} | ${run.receivingWrites} | ${(run.receivingWrites / run.edits).toFixed(2)} | ${run.sourceWrites} | ${stepsText(run.steps, run.edits)} |`,
  )
  .join('\n')}

Quiet windows (goal: 0 writes):

| window | writes (both sides) | engine reads (both sides) | sync steps |
|---|---|---|---|
${quietWindows.map((quiet) => `| ${quiet.how} | ${quiet.writes} | ${quiet.calls.reads} | ${stepsText(quiet.steps)} |`).join('\n')}

Reads during the quiet windows, by endpoint:

| instance | request | calls |
|---|---|---|
${endpointRows([...webhookQuiet.calls.endpoints.map((entry) => ({ ...entry, instance: `${entry.instance} (webhooks on, ${QUIET_ROUNDS} polls)` })), ...pollQuiet.calls.endpoints.map((entry) => ({ ...entry, instance: `${entry.instance} (poll timer, ${(QUIET_ROUNDS * LOST_POLL_MS) / 1000} s)` }))], 1)}

## 4. API calls per change

Every request the engine made on either Jira for one change, reads and writes, echo checks included (everything until
the engine and both emulators were quiet again). Summary edits: the mean over the ${EDITS} webhook edits of §1. Status
changes: the mean over the ${STATUS_CHANGES} webhook status changes per direction of §5 (one transition each).
Creates: the mean over ${CREATES} creates of a Cloud issue with a description, then 3 comments and 1 attachment of 4 KiB
added by the person — "coalesced": the 5 webhooks are held by the emulator and released together (the engine sees the
finished issue at once); "burst": webhooks flow while the person works (the engine may sync the issue before the
comments exist, as it would in real life when someone adds comments right after creating).

| change | engine reads | engine writes | total | Jira's minimum (reads + writes) | ratio | with the product's own requirements | ratio |
|---|---|---|---|---|---|---|---|
${summaryRows
  .map(
    (row) =>
      `| ${row.change} | ${round2(row.reads)} | ${round2(row.writes)} | ${round2(row.total)} | ${MINIMUM.summaryEdit.reads} + ${MINIMUM.summaryEdit.writes} = ${MINIMUM.summaryEdit.reads + MINIMUM.summaryEdit.writes} | ${ratio(row.total, MINIMUM.summaryEdit.reads + MINIMUM.summaryEdit.writes)} | ${MINIMUM.summaryEditWithMerge.reads} + ${MINIMUM.summaryEditWithMerge.writes} = ${MINIMUM.summaryEditWithMerge.reads + MINIMUM.summaryEditWithMerge.writes} | ${ratio(row.total, MINIMUM.summaryEditWithMerge.reads + MINIMUM.summaryEditWithMerge.writes)} |`,
  )
  .join('\n')}
${createRuns
  .map(
    (run) =>
      `| create + 3 comments + 1 attachment, Cloud → Data Center (${run.variant}) | ${round2(run.reads)} | ${round2(run.writes)} | ${round2(run.reads + run.writes)} (runs: ${run.totals.join(', ')}) | ${MINIMUM.create.reads} + ${MINIMUM.create.writes} = ${MINIMUM.create.reads + MINIMUM.create.writes} | ${ratio(run.reads + run.writes, MINIMUM.create.reads + MINIMUM.create.writes)} | ${MINIMUM.createWithTraces.reads} + ${MINIMUM.createWithTraces.writes} = ${MINIMUM.createWithTraces.reads + MINIMUM.createWithTraces.writes} | ${ratio(run.reads + run.writes, MINIMUM.createWithTraces.reads + MINIMUM.createWithTraces.writes)} |`,
  )
  .join('\n')}
${statusRuns
  .map((run) => {
    const reads = run.calls.reads / run.edits;
    const writes = run.calls.writes / run.edits;
    const jira = MINIMUM.statusChange.reads + MINIMUM.statusChange.writes;
    const merged = MINIMUM.statusChangeWithMerge.reads + MINIMUM.statusChangeWithMerge.writes;
    return `| status change ${LABEL[run.from]} → ${LABEL[other(run.from)]} (one transition) | ${round2(reads)} | ${round2(writes)} | ${round2(reads + writes)} (per change: ${tally(run.totals)}) | ${MINIMUM.statusChange.reads} + ${MINIMUM.statusChange.writes} = ${jira} | ${ratio(reads + writes, jira)} | ${MINIMUM.statusChangeWithMerge.reads} + ${MINIMUM.statusChangeWithMerge.writes} = ${merged} | ${ratio(reads + writes, merged)} |`;
  })
  .join('\n')}

The minimums assumed:
- Summary edit, Jira's minimum 1 + 1: one GET of the edited issue (a webhook says *that* it changed; the state-based
  design reads *what* it is now) and one PUT on the twin. With the product's requirements 2 + 1: the three-way merge on
  the receiving side (issue #3) needs the twin's current value, and Jira has no conditional update (no ETag/If-Match)
  that could replace that read.
- Create with 3 comments and 1 attachment, Jira's minimum 2 + 5: one GET of the source issue (comments and attachment
  metadata come embedded), one GET of the attachment's content; one POST of the issue (the marker rides in its
  \`properties\`), three POSTs of comments (one each: each mirror comment's id is needed for its mapping, and only the
  comment POST returns it), one attachment POST. With the product's requirements 2 + 8: plus a remote link on each
  issue and the twin marker (entity property) on the source issue (issue #3: "twins are also traced in Jira").
  Not counted in either: a JQL check that a new issue matches the trigger (needed only when the trigger is narrower
  than the webhook's own JQL filter).
- Status change (one transition on each side), Jira's minimum 1 + 1: one GET of the changed issue and one POST
  …/transitions on the twin. The transition's id need not be asked for: transition ids belong to the workflow, which
  the engine learns as it walks it, and Jira refuses (400, nothing changed) a transition that is not open from the
  twin's status, so a stale guess costs a retry, not a wrong write. With the product's requirements 2 + 1: the
  three-way merge needs the twin's current status (it is also where the walk starts), and that same read can carry the
  open transitions (\`GET …/issue/{key}?expand=transitions\`), so a GET …/transitions of its own is never required.

Per-change calls by endpoint:

| instance | request | calls per change |
|---|---|---|
${webhookRuns.map((run) => `| **summary edit ${LABEL[run.from]} → ${LABEL[other(run.from)]}** | | |\n${endpointRows(run.calls.endpoints, run.edits)}`).join('\n')}
${createRuns.map((run) => `| **create + 3 comments + 1 attachment (${run.variant})** | | |\n${endpointRows(run.perChange, 1)}`).join('\n')}
${statusRuns.map((run) => `| **status change ${LABEL[run.from]} → ${LABEL[other(run.from)]}** | | |\n${endpointRows(run.calls.endpoints, run.edits)}`).join('\n')}

Sync steps per change: ${webhookRuns.map((run) => `summary edit ${LABEL[run.from]} → ${LABEL[other(run.from)]}: ${stepsText(run.steps, run.edits)}`).join('; ')}; ${createRuns.map((run) => `create (${run.variant}): ${stepsText(run.steps, run.repeats)}`).join('; ')}; ${statusRuns.map((run) => `status change ${LABEL[run.from]} → ${LABEL[other(run.from)]}: ${stepsText(run.steps, run.edits)}`).join('; ')}.

## 5. Status changes (Visual mode)

Basic mode does not sync status, so these runs use a second engine set up like §1 (webhooks on, the timed poll held
off) with Visual rules mapping two fields both ways: summary, and status through a value map
(${STATUS_PAIRS.map((pair) => `${pair.blue} ↔ ${pair.green}`).join(', ')}; unmatched: error). Cloud keeps the emulator's default workflow (To Do →
In Progress → Done, Reopen back to In Progress, Stop Progress back to To Do); Data Center's project gets the same shape
under other names through \`PUT /_emulator/projects/GREEN/workflows\` (Open → In Work → Closed, the Close transition
setting resolution Done), so every transition the person runs on one side is one transition on the other. Per direction
one new issue, made on the person's side and twinned first; then ${STATUS_CHANGES} status changes, one transition each, around the
cycle (${STATUS_CYCLE.blue.map((step) => step.transition).join(', ')} on Cloud; ${STATUS_CYCLE.green.map((step) => step.transition).join(', ')} on Data Center). The person reads the open
transitions and runs one, as Jira's UI does; those two requests are theirs and not counted. Latency runs from the
transition's response to the moment the other emulator's state holds the mapped status.

| direction | n | p50 ms | p95 ms | p99 ms | max ms | mean ms | writes on the receiving side | writes per change | engine writes on the changed side | sync steps (per change) |
|---|---|---|---|---|---|---|---|---|---|---|
${statusRuns.map((run) => `| ${LABEL[run.from]} → ${LABEL[other(run.from)]} | ${run.latency.n} | ${run.latency.p50} | ${run.latency.p95} | ${run.latency.p99} | ${run.latency.max} | ${run.latency.mean} | ${run.receivingWrites} | ${(run.receivingWrites / run.edits).toFixed(2)} | ${run.sourceWrites} | ${stepsText(run.steps, run.edits)} |`).join('\n')}

The calls per status change are in §4.

## 6. Side by side: webhooks against the poll intervals competitors document

One run, one engine, the same edits (Cloud → Data Center summary edits, one at a time): with webhooks (§1), and configured
like the competitors' documented poll intervals with no webhook registered at all — Backbone polls every 5 s, Getint every
3 minutes. The ratio is each p50 over Tandem's webhook p50 (${tandemP50} ms, Cloud → Data Center).

Poll-only latency is the wait for the next poll round plus the time that round takes to find the change and write it (d).
Edits start at a seeded random point of the cycle, so the wait is uniform over one interval: p50 ≈ interval / 2 + d.
- Backbone's ${BACKBONE_POLL_MS / 1000} s: **measured**, ${BACKBONE_EDITS} edits at random points of the cycle. Its median d (latency − (interval − time since the
  previous round ended)) is ${Math.round(backboneD)} ms; its p50 ${backbone.run.latency.p50} ms against interval / 2 + d =
  ${Math.round(BACKBONE_POLL_MS / 2 + backboneD)} ms expected (with ${BACKBONE_EDITS} samples of a uniform wait the median itself moves by several
  hundred ms from run to run; the mean is ${backbone.run.latency.mean} ms).
- Getint's ${GETINT_POLL_MS / 60_000} min: a normal run cannot take many samples of that length. The p50 and p99 are **computed** with the same model the 5 s run
  checks: ${GETINT_POLL_MS / 1000} s × 0.5 (or × 0.99) + d, with d from the 5 s run. ${getint ? `**Measured**: ${getint.run.edits} sample${getint.run.edits > 1 ? 's' : ''}, each edit made right after a poll round (the longest wait, close to the maximum): ${getint.run.samplesMs.map((sample) => `${Math.round(sample)} ms`).join(', ')}, against interval − time since the round + d = ${getint.run.samplesMs.map((_, i) => `${Math.round(GETINT_POLL_MS - (getint?.phasesMs[i] ?? Number.NaN) + backboneD)} ms`).join(', ')} expected — it confirms the engine really polls at that interval and the bar's "≤ poll interval + 2 s".` : 'No 3-minute sample was measured in this run (BENCH_SYNC_GETINT_SAMPLES=0).'}

| configuration | how | n | p50 ms | p99 ms | max ms | p50 ÷ Tandem webhook p50 |
|---|---|---|---|---|---|---|
${sideBySideRows}

Webhooks on a real Jira Cloud arrive after a delay of their own (typically a few seconds, not measured here); that delay
adds to Tandem's figure, not to a poller's, so on a real Cloud the ratios shrink by that much. Against a local emulator the
ratio measures the sync designs, not Jira.

## 7. Coalescing: ${COALESCE_EDITS} edits to one issue

The person edits the summary of one Cloud issue ${COALESCE_EDITS} times, webhooks on; then everything settles and the writes on the
Data Center side are counted. Goal: never more than one write per edit, the last value on both sides, no echo.

| edits | spread (first to last edit) | writes on Data Center | of them summary PUTs on the twin | engine writes on Cloud | last value arrived | sync steps |
|---|---|---|---|---|---|---|
${coalesceRuns.map((run) => `| ${run.edits} ${run.how} | ${(run.spreadMs / 1000).toFixed(1)} s | ${run.receivingWrites} | ${run.twinEdits} | ${run.sourceWrites} | ${run.lastValueArrived ? 'yes' : '**no**'} | ${stepsText(run.steps)} |`).join('\n')}

## 8. Compared with the previous recording

COMPARISON

## Observations

OBSERVATIONS
`;

/** Sum of calls whose instance (if given), method and endpoint match. */
function countOf(calls: readonly EndpointCount[], method: string, endpoint: RegExp, instance?: string): number {
  return calls
    .filter(
      (entry) =>
        (instance === undefined || entry.instance === instance) &&
        entry.method === method &&
        endpoint.test(entry.endpoint),
    )
    .reduce((sum, entry) => sum + entry.calls, 0);
}
const ISSUE = /\/issue\/:issueIdOrKey$/;
const CREATEMETA = /createmeta/;
const SEARCH = /\/search/;
const COMMENT_LIST = /\/issue\/:issueIdOrKey\/comment$/;

// Observations: figures from this run; the explanations come from reading the engine and adapter at this commit.
const observations: string[] = [];
const allEditRuns = [...webhookRuns, ...lostRuns];
const writesPerEdit = allEditRuns.map((run) => run.receivingWrites / run.edits);
const echoWrites = allEditRuns.reduce((sum, run) => sum + run.sourceWrites, 0);
observations.push(
  `Writes per user edit: ${writesPerEdit.map((value) => value.toFixed(2)).join(' / ')} (webhook runs, then poll-only runs; goal 1.0), ` +
    `${echoWrites} engine writes echoed onto the edited side, ${quietWindows.map((quiet) => quiet.writes).join(' and ')} writes in the quiet windows (goal 0).`,
);
for (const run of webhookRuns) {
  const source = LABEL[run.from];
  const target = LABEL[other(run.from)];
  const perEdit = (value: number) => round2(value / run.edits);
  observations.push(
    `Summary edit ${source} → ${target}: ${perEdit(run.calls.reads)} reads + ${perEdit(run.calls.writes)} write per edit against 1 + 1 (Jira) or 2 + 1 (with the merge read). ` +
      `Issue reads: ${perEdit(countOf(run.calls.endpoints, 'GET', ISSUE, source))} on ${source}, ${perEdit(countOf(run.calls.endpoints, 'GET', ISSUE, target))} on ${target}; ` +
      `issue-type (createmeta) reads: ${perEdit(countOf(run.calls.endpoints, 'GET', CREATEMETA))}. Steps per edit: ${stepsText(run.steps, run.edits)}.`,
  );
}
const TRANSITIONS = /\/issue\/:issueIdOrKey\/transitions$/;
for (const run of statusRuns) {
  const source = LABEL[run.from];
  const target = LABEL[other(run.from)];
  const perChange = (value: number) => round2(value / run.edits);
  observations.push(
    `Status change ${source} → ${target} (Visual mode, one transition): ${perChange(run.calls.reads)} reads + ${perChange(run.calls.writes)} write per change against ` +
      `${MINIMUM.statusChange.reads} + ${MINIMUM.statusChange.writes} (Jira) or ${MINIMUM.statusChangeWithMerge.reads} + ${MINIMUM.statusChangeWithMerge.writes} (with the merge read). ` +
      `Issue reads: ${perChange(countOf(run.calls.endpoints, 'GET', ISSUE, source))} on ${source}, ${perChange(countOf(run.calls.endpoints, 'GET', ISSUE, target))} on ${target}; ` +
      `GET …/transitions: ${perChange(countOf(run.calls.endpoints, 'GET', TRANSITIONS, target))}, POST …/transitions: ${perChange(countOf(run.calls.endpoints, 'POST', TRANSITIONS, target))} on ${target}. ` +
      `Calls per change, change by change: ${tally(run.totals)}. Steps per change: ${stepsText(run.steps, run.edits)}. ` +
      `Latency p50 ${run.latency.p50} ms, p99 ${run.latency.p99} ms.`,
  );
}
const transitionListsPerChange = Math.max(
  ...statusRuns.map((run) => countOf(run.calls.endpoints, 'GET', TRANSITIONS) / run.edits),
);
/** Steps whose `outcome from side` label matches. */
function stepsMatching(steps: Record<string, number>, label: RegExp): number {
  return Object.entries(steps)
    .filter(([name]) => label.test(name))
    .reduce((sum, [, count]) => sum + count, 0);
}
const echoRuns = webhookRuns.filter((run) => stepsMatching(run.steps, /^synced-nothing/) / run.edits >= 0.5);
if (echoRuns.length > 0)
  observations.push(
    `Echo checks (${echoRuns.map((run) => `${LABEL[run.from]} → ${LABEL[other(run.from)]}: ${round2(stepsMatching(run.steps, /^synced-nothing/) / run.edits)} per edit`).join(', ')}): ` +
      `the engine's own PUT on the twin fires the twin's webhook, and the engine runs a full step from that side — it reads the twin, then the edited ` +
      `issue again and the edited side's issue types, and writes nothing (the step ends "synced" with no change: the twin side's last-sent replica still ` +
      `holds the old summary, so the replica differs and only the merge finds nothing to do). That is 3 of the ${echoRuns.map((run) => round2(run.calls.reads / run.edits)).join(' / ')} reads per edit above. Recognising ` +
      `Tandem's own write from the webhook itself (its user is Tandem's account and its changelog holds exactly the values just written) would save them; ` +
      `the write count is already right.`,
  );
const createmetaPerEdit = webhookRuns.map((run) => countOf(run.calls.endpoints, 'GET', CREATEMETA) / run.edits);
const quietEchoRuns = webhookRuns.filter(
  (run) =>
    stepsMatching(run.steps, /^synced-nothing/) === 0 &&
    stepsMatching(run.steps, new RegExp(`^unchanged from ${LABEL[other(run.from)]}$`)) / run.edits >= 0.5,
);
if (quietEchoRuns.length > 0)
  observations.push(
    `Echo checks: the webhook of the engine's own write on the twin sets off one step from the twin's side per edit ` +
      `(${quietEchoRuns.map((run) => `${LABEL[run.from]} → ${LABEL[other(run.from)]}: ${round2(stepsMatching(run.steps, new RegExp(`^unchanged from ${LABEL[other(run.from)]}$`)) / run.edits)}`).join(', ')}), ` +
      `which reads the twin once, finds its replica equal to the last one sent and stops. So the reads of one edit are: the edited issue, the twin ` +
      `(for the merge), and the echo check's read of the twin.`,
  );
observations.push(
  `Tandem's own changes: a webhook delivery whose user is Tandem's account (its write, comment, attachment, remote link or marker; ` +
    `engine src/sync-engine.ts byTandem) is not queued, so the engine's own write no longer sets off an echo check that reads the twin ` +
    `(${webhookRuns.map((run) => `${LABEL[run.from]} → ${LABEL[other(run.from)]}: ${round2(stepsMatching(run.steps, new RegExp(`from ${LABEL[other(run.from)]}$`)) / run.edits)} steps per edit from the twin's side`).join(', ')}). ` +
    `A person's change comes with its own delivery; when that one is lost the poll still finds it, because the twin's Jira \`updated\` is then newer ` +
    `than the one recorded with its last step. The price: the first poll round after Tandem wrote to a twin reads that twin once (see the quiet windows), ` +
    `once per twin and poll round rather than once per edit; and people working under Tandem's own account wait for the poll.`,
);
observations.push(
  `Issue types (GET …/issue/createmeta/{project}/issuetypes) are remembered per project for issueTypesTtlMs ` +
    `(${DEFAULT_TIMINGS.issueTypesTtlMs / 1000} s by default): ` +
    `${createmetaPerEdit.map(round2).join(' / ')} per summary edit, ${createRuns.map((run) => `${round2(countOf(run.perChange, 'GET', CREATEMETA))} per create (${run.variant})`).join(', ')}. ` +
    `On Data Center per create: ${createRuns.map((run) => `${round2(countOf(run.perChange, 'GET', CREATEMETA, LABEL.green))} (${run.variant})`).join(', ')}.`,
);
for (const run of createRuns) {
  const dcCommentLists = countOf(run.perChange, 'GET', COMMENT_LIST, LABEL.green);
  const cloudDownloads = run.perChange.filter(
    (entry) => entry.instance === LABEL.blue && /attachment\/content/.test(entry.endpoint),
  );
  const redirects = cloudDownloads.reduce((sum, entry) => sum + entry.redirected, 0);
  const dcSearches = countOf(run.perChange, 'GET', SEARCH, LABEL.green);
  const parts = [
    `Create + 3 comments + 1 attachment (${run.variant}): ${round2(run.writes)} writes (the product's minimum is 8) and ${round2(run.reads)} reads (minimum 2), ` +
      `in ${stepsText(run.steps, run.repeats)} steps per create.`,
  ];
  if (dcCommentLists > 0)
    parts.push(
      `${round2(dcCommentLists)} of the reads are GET …/comment on Data Center: the adapter lists an issue's comments on every Data Center read of an issue that has ` +
        `comments, because the Service Management internal flag is a comment property the issue read does not embed.`,
    );
  if (redirects > 0)
    parts.push(
      `The Cloud attachment download is ${round2(cloudDownloads.reduce((sum, entry) => sum + entry.calls, 0))} requests, ${round2(redirects)} of them the 303 from ` +
        `…/attachment/content/{id} to \`?redirect=false\` (real Cloud redirects to its media service); asking with \`redirect=false\` would make it one.`,
    );
  if (dcSearches > 0)
    parts.push(
      `${round2(dcSearches)} JQL ${dcSearches === 1 ? 'search' : 'searches'} on Data Center per create: before a first create the receiving side searches for an ` +
        `existing copy by its marker (\`issue.property[tandem.twin].origin.issueId\`, receive-replica.ts findExistingCopy: a copy made before the ` +
        `store lost its record, or by an attempt whose answer was lost, is taken instead of a second one); kept for correctness.` +
        (dcSearches >= 2
          ? ' The others are trigger checks of issues the engine did not know yet when their webhook arrived.'
          : ''),
    );
  observations.push(parts.join(' '));
}
const [coalesced, burst] = createRuns;
if (coalesced && burst)
  observations.push(
    `Coalescing: the person's 5 Cloud webhooks per create, released together, became ${round2(stepsMatching(coalesced.steps, /from Cloud$/) / coalesced.repeats)} ` +
      `steps from Cloud per create (events for one twin and side fold into one while a step runs; the deliveries of Tandem's own remote link and property writes ` +
      `are not queued, see above); ${round2(stepsMatching(coalesced.steps, /from Data Center$/) / coalesced.repeats)} steps from Data Center per create (the engine's own ` +
      `create, comments and attachment there set off none). When the webhooks arrive as the person works (burst) it ran ${stepsText(burst.steps, burst.repeats)} ` +
      `and made ${round2(burst.reads + burst.writes - coalesced.reads - coalesced.writes)} more calls per create ` +
      `(${round2(burst.reads - coalesced.reads)} more reads, ${round2(burst.writes - coalesced.writes)} more writes).`,
  );
observations.push(
  `Quiet windows: ${quietWindows
    .map(
      (quiet) =>
        `${quiet.how}: ${quiet.writes} writes, ${quiet.calls.reads} reads (${countOf(quiet.calls.endpoints, 'GET', SEARCH)} JQL searches, ` +
        `${countOf(quiet.calls.endpoints, 'GET', ISSUE)} issue reads; steps ${stepsText(quiet.steps)})`,
    )
    .join(
      '; ',
    )}. Each poll round makes two searches per side (the trigger query, and the project query for twins outside the trigger); ` +
    `a twin found in the overlapping window is read again only when its Jira \`updated\` is newer than the one recorded with its last step, ` +
    `so a quiet system costs searches, not issue reads, once the first round has read each twin Tandem wrote to since its last step.`,
);
for (const run of lostRuns) {
  observations.push(
    `Webhooks lost, ${LABEL[run.from]} → ${LABEL[other(run.from)]}: p50 ${run.latency.p50} ms and max ${run.latency.max} ms for a ${LOST_POLL_MS} ms poll — the poll bounds the ` +
      `delay as designed; steps per edit ${stepsText(run.steps, run.edits)} (besides the synced step: echo checks of the engine's own write, found by the poll, and the poll re-queueing recently changed twins).`,
  );
}
if (readsPerSummaryEdit > 1)
  observations.push(
    `**Missed: API calls per summary edit.** The bar is one read at most and one write; the engine makes ${round2(readsPerSummaryEdit)} reads and 1 write. ` +
      `What limits it: the state-based step reads the edited issue (Jira's webhook payload is not trusted as the current state), and the three-way ` +
      `merge reads the twin before writing (Jira has no conditional update to replace that read). Reaching one read would need the merge to ` +
      `trust the last-sent replica instead of reading the twin, which gives up detecting a concurrent edit on the receiving side before the ` +
      `write (a person's edit there would be overwritten instead of merged); Tandem keeps that read.`,
  );
if (readsPerStatusChange > MINIMUM.statusChange.reads || writesPerStatusChange > MINIMUM.statusChange.writes)
  observations.push(
    `**Missed: API calls per status change.** Jira's minimum is ${MINIMUM.statusChange.reads} read and ${MINIMUM.statusChange.writes} write (the POST …/transitions); the engine makes ` +
      `${round2(readsPerStatusChange)} reads and ${round2(writesPerStatusChange)} write. What limits it: the same two reads as a summary edit (the changed ` +
      `issue, and the twin for the merge — here also the status the walk starts from)` +
      (transitionListsPerChange >= 1
        ? `, plus ${round2(transitionListsPerChange)} GET …/transitions per change: the status walk (engine src/status-walk.ts, moveToStatus) asks Jira ` +
          `for the open transitions before every transition it runs, even when the workflow it has learned already holds the path. ` +
          `That read can go without giving anything up: the open transitions can ride on the merge's read of the twin ` +
          `(\`expand=transitions\` on the issue GET), or the learned transition can be posted directly and the list read only when ` +
          `Jira refuses it. With that read gone, a status change would cost 2 reads + 1 write, the ` +
          `product's own minimum; 1 read needs the merge to trust the last-sent replica, as for the summary edit.`
        : transitionListsPerChange > 0
          ? `, plus ${round2(transitionListsPerChange)} GET …/transitions per change on average: the status walk posts the transitions it has ` +
            `learned without asking (engine src/status-walk.ts) and reads the open transitions only while it learns a workflow (the first ` +
            `changes of a run). The rest is the product's own minimum of 2 reads + 1 write; 1 read needs the merge to trust the last-sent ` +
            `replica, as for the summary edit.`
          : "; the rest is the product's own minimum of 2 reads + 1 write."),
  );
if (maxWebhookP50 > 150 || maxWebhookP99 > 500)
  observations.push(
    `**Missed: latency with webhooks** (p50 ${maxWebhookP50} ms, p99 ${maxWebhookP99} ms against 150 / 500 ms): see the per-direction samples in the .json; ` +
      `the step makes its reads and the write one after another, and the machine is shared.`,
  );
if (!oneWritePerEdit || !coalesceOk)
  observations.push(
    `**Missed: writes per edit.** ${everyWritesPerEdit.map((run) => `${run.receivingWrites} writes for ${run.edits} edits`).join(', ')}; coalescing ${coalesceRuns.map((run) => `${run.receivingWrites}/${run.edits}`).join(', ')}.`,
  );
for (const run of coalesceRuns)
  observations.push(
    `Coalescing, ${run.edits} edits ${run.how} over ${(run.spreadMs / 1000).toFixed(1)} s: ${run.receivingWrites} writes on Data Center ` +
      `(${run.twinEdits} summary PUTs), ${run.sourceWrites} echo writes on Cloud, steps ${stepsText(run.steps)}. ` +
      (run.receivingWrites < run.edits
        ? `Edits that arrive while a step for the issue is queued or running fold into one event (one per twin and side in the queue), and the step reads the issue's state when it runs, so ${run.edits - run.receivingWrites} intermediate values were never written.`
        : `With a step taking tens of ms and edits ${run.how}, each edit's step finished before the next edit, so each edit was written: coalescing only folds edits that arrive while a step for the issue is queued or running.`),
  );
observations.push(
  `Side by side (§6): Tandem's webhook p50 ${tandemP50} ms against ${backbone.run.latency.p50} ms measured at Backbone's ${BACKBONE_POLL_MS / 1000} s poll ` +
    `(${x(backbone.run.latency.p50)}) and ${Math.round(getintComputed.p50)} ms computed at Getint's ${GETINT_POLL_MS / 60_000} min poll (${x(getintComputed.p50)}).`,
);
const [cloudToDc, dcToCloud] = webhookRuns;
if (cloudToDc && dcToCloud)
  observations.push(
    `Latency with webhooks: p50 ${cloudToDc.latency.p50} / ${dcToCloud.latency.p50} ms, p99 ${cloudToDc.latency.p99} / ${dcToCloud.latency.p99} ms (Cloud → DC / DC → Cloud), all ` +
      `on loopback in one process: webhook delivery, a SQLite transaction to queue the event, the step's reads and the write. A real Jira adds its own ` +
      `webhook delay (seconds on Cloud) and network round trips (the step reads the edited issue, then the twin, then writes, one after another). The two directions make the same calls; ` +
      `the gap between them is within the noise of a 2-core machine shared with other work during the run.`,
  );

// ---------------------------------------------------------------------------------------------------------------
// What moved since the recording this run replaces (the committed .json).

/** The parts of an earlier recording's .json the comparison reads; older recordings lack some. */
interface RecordedRun {
  from: Side;
  edits: number;
  latency: LatencySummary;
  receivingWrites: number;
  calls: { reads: number; writes: number };
}
interface PreviousRecording {
  commit?: string;
  date?: string;
  machine?: string;
  webhookRuns?: RecordedRun[];
  statusRuns?: RecordedRun[];
  lostRuns?: RecordedRun[];
  quietWindows?: { writes: number; calls: { reads: number } }[];
  createRuns?: { variant: string; reads: number; writes: number }[];
  coalesceRuns?: { how: string; receivingWrites: number }[];
  sideBySide?: { backbone?: { run?: { latency?: LatencySummary } }; getint?: { run?: { latency?: LatencySummary } } };
}

/** The committed recording (HEAD's bench/results/sync-benchmark.json), if there is one. */
function previousRecording(): PreviousRecording | undefined {
  try {
    const text = execFileSync('git', ['show', 'HEAD:bench/results/sync-benchmark.json'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    return JSON.parse(text) as PreviousRecording;
  } catch {
    return undefined;
  }
}

/** One figure before and now; `unit` follows the numbers, and a difference is shown when both are known. */
function movedRow(figure: string, before: number | undefined, now: number | undefined, unit = ''): string {
  const shown = (value: number | undefined) => (value === undefined ? '–' : `${round2(value)}${unit}`);
  let moved = '';
  if (before === undefined && now !== undefined) moved = 'new';
  else if (before !== undefined && now !== undefined) {
    const difference = round2(now - before);
    moved = difference === 0 ? 'same' : `${difference > 0 ? '+' : '−'}${round2(Math.abs(difference))}${unit}`;
  }
  return `| ${figure} | ${shown(before)} | ${shown(now)} | ${moved} |`;
}

function comparisonSection(previous: PreviousRecording | undefined): string {
  if (!previous) return 'No earlier recording is committed (HEAD has no bench/results/sync-benchmark.json).';
  const direction = (run: { from: Side }) => `${LABEL[run.from]} → ${LABEL[other(run.from)]}`;
  const before = <T extends { from: Side }>(runs: T[] | undefined, from: Side) =>
    runs?.find((run) => run.from === from);
  const rows: string[] = [];
  for (const run of webhookRuns) {
    const old = before(previous.webhookRuns, run.from);
    rows.push(movedRow(`latency with webhooks, p50, ${direction(run)}`, old?.latency.p50, run.latency.p50, ' ms'));
    rows.push(movedRow(`latency with webhooks, p99, ${direction(run)}`, old?.latency.p99, run.latency.p99, ' ms'));
  }
  for (const run of lostRuns) {
    const old = before(previous.lostRuns, run.from);
    rows.push(
      movedRow(`latency, webhooks lost (1 s poll), p50, ${direction(run)}`, old?.latency.p50, run.latency.p50, ' ms'),
    );
    rows.push(
      movedRow(`latency, webhooks lost (1 s poll), max, ${direction(run)}`, old?.latency.max, run.latency.max, ' ms'),
    );
  }
  rows.push(
    movedRow(
      `latency, Backbone's 5 s poll, p50`,
      previous.sideBySide?.backbone?.run?.latency?.p50,
      backbone.run.latency.p50,
      ' ms',
    ),
  );
  if (getint)
    rows.push(
      movedRow(
        `latency, Getint's 3 min poll, the measured sample`,
        previous.sideBySide?.getint?.run?.latency?.max,
        getint.run.latency.max,
        ' ms',
      ),
    );
  for (const [index, run] of [...webhookRuns, ...lostRuns].entries()) {
    const old = before(index < webhookRuns.length ? previous.webhookRuns : previous.lostRuns, run.from);
    const how = index < webhookRuns.length ? 'webhooks' : 'webhooks lost';
    rows.push(
      movedRow(
        `writes per edit (${how}), ${direction(run)}`,
        old ? old.receivingWrites / old.edits : undefined,
        run.receivingWrites / run.edits,
      ),
    );
  }
  for (const [index, quiet] of quietWindows.entries()) {
    const old = previous.quietWindows?.[index];
    const name = index === 0 ? 'quiet, 5 poll rounds by hand' : 'quiet, 5 s of the poll timer';
    rows.push(movedRow(`${name}: writes`, old?.writes, quiet.writes));
    rows.push(movedRow(`${name}: reads`, old?.calls.reads, quiet.calls.reads));
  }
  for (const run of webhookRuns) {
    const old = before(previous.webhookRuns, run.from);
    rows.push(
      movedRow(
        `summary edit ${direction(run)}: reads per edit`,
        old ? old.calls.reads / old.edits : undefined,
        run.calls.reads / run.edits,
      ),
    );
    rows.push(
      movedRow(
        `summary edit ${direction(run)}: writes per edit`,
        old ? old.calls.writes / old.edits : undefined,
        run.calls.writes / run.edits,
      ),
    );
  }
  for (const run of createRuns) {
    const old = previous.createRuns?.find((candidate) => candidate.variant === run.variant);
    rows.push(movedRow(`create + 3 comments + 1 attachment (${run.variant}): reads`, old?.reads, run.reads));
    rows.push(movedRow(`create + 3 comments + 1 attachment (${run.variant}): writes`, old?.writes, run.writes));
  }
  for (const run of coalesceRuns) {
    const old = previous.coalesceRuns?.find((candidate) => candidate.how === run.how);
    rows.push(
      movedRow(
        `coalescing, ${run.edits} edits ${run.how}: writes on Data Center`,
        old?.receivingWrites,
        run.receivingWrites,
      ),
    );
  }
  for (const run of statusRuns) {
    const old = before(previous.statusRuns, run.from);
    rows.push(
      movedRow(
        `status change ${direction(run)}: reads per change`,
        old ? old.calls.reads / old.edits : undefined,
        run.calls.reads / run.edits,
      ),
    );
    rows.push(
      movedRow(
        `status change ${direction(run)}: writes per change`,
        old ? old.calls.writes / old.edits : undefined,
        run.calls.writes / run.edits,
      ),
    );
    rows.push(movedRow(`status change ${direction(run)}: latency p50`, old?.latency.p50, run.latency.p50, ' ms'));
    rows.push(movedRow(`status change ${direction(run)}: latency p99`, old?.latency.p99, run.latency.p99, ' ms'));
  }
  const notes: string[] = [];
  if (previous.machine && previous.machine.split(',')[0] !== machine.split(',')[0])
    notes.push(
      `The machine differs: the previous run had ${previous.machine.split(',')[0]}, this one ${machine.split(',')[0]}; ` +
        `latencies move with the CPU and with whatever else shares its 2 cores, not only with the code.`,
    );
  if (previous.statusRuns === undefined)
    notes.push(
      `The previous recording predates the status runs (§5), so they have no earlier figure. It also counted reads that were the ` +
        `benchmark's own: while waiting for a new issue's twin inside the counted window of a create, the benchmark called ` +
        `engine.status(key), which reads the issue from Jira as Tandem's account (a Cloud GET …/issue each time it looked, every 20 ms ` +
        `until the twin was recorded). The benchmark now waits on the store and the emulator's state, so part of any drop in ` +
        `create reads is the benchmark's, not the engine's.`,
    );
  return (
    `Against the committed recording: commit ${previous.commit ?? '?'}, ${previous.date ?? '?'}, ${previous.machine ?? 'machine not recorded'}.\n\n` +
    `| figure | before | now | moved |\n|---|---|---|---|\n${rows.join('\n')}` +
    (notes.length > 0 ? `\n\n${notes.map((note) => `- ${note}`).join('\n')}` : '')
  );
}

writeFileSync(
  join(repoRoot, 'bench/results/sync-benchmark.md'),
  report
    .replace('COMPARISON', comparisonSection(previousRecording()))
    .replace('OBSERVATIONS', observations.map((line) => `- ${line}`).join('\n')),
);
writeFileSync(
  join(repoRoot, 'bench/results/sync-benchmark.json'),
  JSON.stringify(
    {
      commit,
      dirty,
      uncommittedAtStart,
      date: new Date().toISOString(),
      machine,
      runTimeS: elapsedS,
      parameters: {
        edits: EDITS,
        lostEdits: LOST_EDITS,
        lostPollMs: LOST_POLL_MS,
        creates: CREATES,
        quietRounds: QUIET_ROUNDS,
        watchEveryMs: WATCH_EVERY_MS,
        webhookRunPollMs: WEBHOOK_RUN_POLL_MS,
        backbonePollMs: BACKBONE_POLL_MS,
        backboneEdits: BACKBONE_EDITS,
        getintPollMs: GETINT_POLL_MS,
        getintSamples: GETINT_SAMPLES,
        coalesceEdits: COALESCE_EDITS,
        coalesceWindowMs: COALESCE_WINDOW_MS,
        statusChanges: STATUS_CHANGES,
        greenStatusWorkflow: GREEN_STATUS_WORKFLOW,
        statusPairs: STATUS_PAIRS,
        engineTimings: timings,
      },
      minimum: MINIMUM,
      webhookRuns,
      statusRuns,
      lostRuns,
      quietWindows,
      createRuns,
      sideBySide: { tandemWebhookP50: tandemP50, backbone, backboneAfterRoundMs: backboneD, getint, getintComputed },
      coalesceRuns,
    },
    null,
    2,
  ) + '\n',
);
log('wrote bench/results/sync-benchmark.md and .json');
