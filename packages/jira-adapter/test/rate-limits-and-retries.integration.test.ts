/**
 * Jira's rate limits and failures against the emulator over real HTTP: Retry-After waits (on the emulator's clock,
 * judged by the emulator's own limiter), "not before" gates per endpoint, per issue and per instance, retries of
 * 429/5xx/network by the policy, and creates that are never retried blindly.
 */
import { after, afterEach, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { TrackerError } from '@tandem/core';
import type { JiraEmulator } from '@tandem/jira-emulator';
import { createTracker, type JiraTracker, type JiraTrackerOptions } from '../src/index.ts';
import { FLAVORS, emulatorCount, raw, startEmulator, trackerFor, type FlavorSetup } from './support/emulated-jira.ts';
import { emulatedTime, until, type EmulatedTime } from './support/emulated-time.ts';

const cloud = FLAVORS.find((setup) => setup.flavor === 'cloud') ?? assert.fail('no Cloud setup');

/** Half-way jitter: backoffs are exactly 500, 1000, 2000 ms with the default policy. */
const NO_JITTER = (): number => 0.5;

function trackerError(error: unknown): TrackerError {
  assert.ok(error instanceof TrackerError, `a TrackerError, got ${String(error)}`);
  return error;
}

async function rejection(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    return trackerError(error);
  }
  assert.fail('expected a TrackerError');
}

/** Shared per-flavour fixture: an emulator, emulated time and a tracker on both. */
function fixture(setup: FlavorSetup) {
  const state = {} as { emulator: JiraEmulator; time: EmulatedTime; tracker: JiraTracker };
  const control = (method: string, path: string, body?: unknown) => raw(setup, state.emulator, method, path, body);
  const makeTracker = (options: JiraTrackerOptions = {}) =>
    trackerFor(setup, state.emulator, { sleep: state.time.sleep, random: NO_JITTER, ...options });
  before(async () => {
    state.emulator = await startEmulator(setup);
  });
  after(async () => state.emulator.close());
  const reset = async () => {
    await control('DELETE', '/_emulator/faults');
    await control('DELETE', '/_emulator/rate-limits');
    state.emulator.stats.reset();
    state.time = emulatedTime(state.emulator);
    state.tracker = makeTracker();
  };
  afterEach(() => state.time.release());
  const addFault = async (fault: Record<string, unknown>) => {
    const answer = await control('POST', '/_emulator/faults', fault);
    assert.equal(answer.status, 201, JSON.stringify(answer.json));
  };
  return { state, control, reset, addFault, makeTracker };
}

void describe('Cloud rate limits', () => {
  const { state, control, reset, addFault, makeTracker } = fixture(cloud);

  void test("per-issue 429: waits Retry-After and the emulator's limiter sees no early request", async () => {
    await reset();
    const { tracker, emulator, time } = state;
    await control('PUT', '/_emulator/rate-limits', {
      enabled: true,
      burst: { enabled: false },
      quota: { enabled: false },
      perIssue: { enabled: true, windows: [{ writes: 2, seconds: 3 }] },
      resetCounters: true,
    });
    for (const summary of ['one', 'two', 'three', 'four']) await tracker.updateFields('BLUE-2', { summary });
    // The third write was refused with Retry-After: 3; waiting exactly that long let it (and the fourth, in the same
    // window) through: an early retry would have been refused again and counted here.
    assert.equal(emulatorCount(emulator, 'PUT', '/issue/:issueIdOrKey', 429), 1);
    assert.equal(emulatorCount(emulator, 'PUT', '/issue/:issueIdOrKey', 204), 4);
    assert.deepEqual(time.sleeps, [3000]);
    assert.deepEqual(tracker.stats(), {
      requests: 5,
      byMethod: { PUT: 5 },
      retries: 1,
      rateLimited: 1,
      rateLimitedByReason: { 'jira-per-issue-on-write': 1 },
    });
    assert.equal((await tracker.getIssue('BLUE-2'))?.summary, 'four');
  });

  void test('a per-issue 429 holds writes to that issue only', async () => {
    await reset();
    const { tracker, emulator, time } = state;
    await addFault({
      type: 'rateLimit',
      reason: 'jira-per-issue-on-write',
      retryAfterSeconds: 5,
      count: 1,
      scope: { method: 'PUT' },
    });
    time.hold();
    const limited = tracker.updateFields('BLUE-2', { summary: 'waits' });
    await until(() => time.held === 1);
    // Another issue's write and a read of the limited issue go straight through while BLUE-2 waits.
    await tracker.updateFields('BLUE-3', { summary: 'not held' });
    assert.equal((await tracker.getIssue('BLUE-2'))?.key, 'BLUE-2');
    assert.deepEqual(time.sleeps, [5000]);
    // A second write to BLUE-2 waits behind the same gate.
    const second = tracker.updateFields('BLUE-2', { summary: 'waits too' });
    await until(() => time.held === 2);
    assert.equal(emulatorCount(emulator, 'PUT', '/issue/:issueIdOrKey'), 2, 'nothing more sent for BLUE-2');
    time.release();
    await Promise.all([limited, second]);
    assert.equal(emulatorCount(emulator, 'PUT', '/issue/:issueIdOrKey', 204), 3);
  });

  void test('a quota 429 holds every request to the instance; a burst 429 only its endpoint and method', async () => {
    await reset();
    const { tracker, emulator, time } = state;
    await addFault({
      type: 'rateLimit',
      reason: 'jira-quota-tenant-based',
      retryAfterSeconds: 60,
      count: 1,
      scope: { path: 'issue/{issueIdOrKey}' },
    });
    time.hold();
    const read = tracker.getIssue('BLUE-1');
    await until(() => time.held === 1);
    const me = tracker.myself();
    await until(() => time.held === 2);
    assert.equal(emulatorCount(emulator, 'GET', '/myself'), 0, 'held back by the instance-wide gate');
    time.release();
    await Promise.all([read, me]);
    assert.deepEqual(time.sleeps, [60_000, 60_000]);

    await addFault({
      type: 'rateLimit',
      reason: 'jira-burst-based',
      retryAfterSeconds: 2,
      count: 1,
      scope: { path: 'issue/{issueIdOrKey}' },
    });
    time.hold();
    const burst = tracker.getIssue('BLUE-1');
    await until(() => time.held === 1);
    await tracker.myself();
    await tracker.updateFields('BLUE-1', { summary: 'PUT is another bucket' });
    const sameEndpoint = tracker.getIssue('BLUE-3');
    await until(() => time.held === 2);
    time.release();
    assert.equal((await burst)?.key, 'BLUE-1');
    assert.equal((await sameEndpoint)?.key, 'BLUE-3');
  });

  void test('a 429 without Retry-After backs off by the policy', async () => {
    await reset();
    const { tracker, emulator, time } = state;
    await addFault({ type: 'rateLimit', reason: 'jira-burst-based', retryAfterSeconds: null, count: 2 });
    assert.equal((await tracker.myself()).email, 'admin@example.com');
    assert.deepEqual(time.sleeps, [500, 1000]);
    assert.equal(emulatorCount(emulator, 'GET', '/myself', 429), 2);
  });

  void test('429 until the attempts run out: rate-limited, retryable, with the wait and the scope', async () => {
    await reset();
    const { emulator, time } = state;
    await addFault({ type: 'rateLimit', reason: 'jira-per-issue-on-write', retryAfterSeconds: 7, count: null });
    const tracker = makeTracker({ maxAttempts: 3 });
    const error = await rejection(tracker.setIssueProperty('BLUE-1', 'k', { v: 1 }));
    assert.equal(error.kind, 'rate-limited');
    assert.equal(error.retryable, true);
    assert.equal(error.details.retryAfterMs, 7000);
    assert.equal(error.details.rateLimitScope, 'issue');
    assert.equal(error.details.issue, 'BLUE-1');
    assert.deepEqual(time.sleeps, [7000, 7000]);
    assert.equal(emulatorCount(emulator, 'PUT', '/properties/:propertyKey', 429), 3);
    assert.equal(tracker.stats().rateLimited, 3);
    assert.deepEqual(tracker.stats().rateLimitedByReason, { 'jira-per-issue-on-write': 3 });
  });

  void test('the send log: each request when sent, each 429 when read, with what Jira said and the gate closed', async () => {
    await reset();
    const { emulator, time } = state;
    await addFault({
      type: 'rateLimit',
      reason: 'jira-per-issue-on-write',
      retryAfterSeconds: 4,
      count: 1,
      scope: { method: 'PUT' },
    });
    const tracker = makeTracker({ maxAttempts: 1 });
    const watched: string[] = [];
    const stop = tracker.watchSends((event) => watched.push(event.kind));
    const start = emulator.context.clock.now();
    // One attempt only: the 429 ends the call, and the gate it closed still holds the next write to the issue.
    assert.equal((await rejection(tracker.updateFields('BLUE-2', { summary: 'x' }))).kind, 'rate-limited');
    await tracker.updateFields('BLUE-2', { summary: 'after the wait' });
    stop();
    await tracker.myself();
    const log = tracker.sendLog();
    assert.deepEqual(
      log.map((event) => [event.kind, event.method, event.route, event.at - start]),
      [
        ['sent', 'PUT', '/issue/{id}', 0],
        ['rate-limited', 'PUT', '/issue/{id}', 0],
        ['sent', 'PUT', '/issue/{id}', 4000],
        ['sent', 'GET', '/myself', 4000],
      ],
    );
    const limited = log[1];
    assert.ok(limited?.kind === 'rate-limited');
    assert.equal(limited.issue, 'BLUE-2');
    assert.match(limited.url, /\/rest\/api\/3\/issue\/BLUE-2$/);
    assert.deepEqual(
      [limited.retryAfter, limited.reason, limited.scope, limited.until],
      ['4', 'jira-per-issue-on-write', 'issue', start + 4000],
    );
    assert.deepEqual(time.sleeps, [4000]);
    assert.deepEqual(watched, ['sent', 'rate-limited', 'sent'], 'watchers see each event until stopped');
  });
});

for (const setup of FLAVORS) {
  void describe(`${setup.flavor} failures and retries`, () => {
    const { state, reset, addFault, makeTracker } = fixture(setup);
    const create = (tracker: JiraTracker, marker: string) =>
      tracker.createIssue({
        projectKey: setup.otherProject,
        issueTypeName: 'Task',
        summary: marker,
        description: null,
        properties: { 'tandem.twin': { marker } },
      });

    void test('a burst of 503 then success', async () => {
      await reset();
      const { tracker, emulator, time } = state;
      await addFault({ type: 'error', status: 503, count: 2, scope: { path: 'issue/{issueIdOrKey}' } });
      assert.equal((await tracker.getIssue(`${setup.project}-1`))?.key, `${setup.project}-1`);
      assert.deepEqual(time.sleeps, [500, 1000]);
      assert.equal(emulatorCount(emulator, 'GET', '/issue/:issueIdOrKey', 503), 2);
      assert.equal(emulatorCount(emulator, 'GET', '/issue/:issueIdOrKey', 200), 1);
      assert.equal(tracker.stats().retries, 2);
    });

    void test('5xx on every attempt: a retryable server error after maxAttempts', async () => {
      await reset();
      const { tracker, emulator } = state;
      await addFault({ type: 'error', status: 500, count: null, scope: { method: 'GET' } });
      const error = await rejection(tracker.myself());
      assert.equal(error.kind, 'server');
      assert.equal(error.retryable, true);
      assert.equal(error.details.status, 500);
      assert.equal(error.details.retryAfterMs, 4000, 'the next backoff, for the caller to wait');
      assert.equal(emulatorCount(emulator, 'GET', '/myself', 500), 4);
    });

    void test('a lost create response is unknown-outcome, not retried; the marker finds the issue', async () => {
      await reset();
      const { tracker } = state;
      await addFault({ type: 'lostResponse', count: 1 });
      const error = await rejection(create(tracker, `lost-${setup.flavor}`));
      assert.equal(error.kind, 'unknown-outcome');
      assert.equal(error.retryable, false);
      // The emulator drops the connection instead of answering, so only the adapter's count shows the single send.
      assert.deepEqual(tracker.stats().byMethod, { POST: 1 }, 'sent once');
      const found = await tracker.findByProperty('tandem.twin', 'marker', `lost-${setup.flavor}`);
      assert.equal(found.length, 1, 'the create did happen');
    });

    void test('a create refused with 429 or 503 is retried: Jira did nothing', async () => {
      await reset();
      const { tracker, emulator } = state;
      await addFault({ type: 'rateLimit', retryAfterSeconds: 1, count: 1, scope: { method: 'POST', path: 'issue' } });
      await addFault({ type: 'error', status: 503, count: 1, scope: { method: 'POST', path: 'issue' } });
      const created = await create(tracker, `retried-${setup.flavor}`);
      assert.equal(emulatorCount(emulator, 'POST', '/issue', 201), 1);
      assert.deepEqual(
        (await tracker.findByProperty('tandem.twin', 'marker', `retried-${setup.flavor}`)).map((ref) => ref.id),
        [created.id],
      );
    });

    void test('a create whose gateway answers 504 is unknown-outcome', async () => {
      await reset();
      await addFault({ type: 'error', status: 504, count: 1, scope: { method: 'POST', path: 'issue' } });
      const error = await rejection(create(state.tracker, 'gateway'));
      assert.equal(error.kind, 'unknown-outcome');
      assert.equal(emulatorCount(state.emulator, 'POST', '/issue'), 1);
    });

    void test('a 409 conflict is not retried by the adapter: the engine re-queues it', async () => {
      await reset();
      await addFault({ type: 'conflict', count: 1 });
      const error = await rejection(state.tracker.updateFields(`${setup.project}-1`, { summary: 'x' }));
      assert.equal(error.kind, 'conflict');
      assert.equal(error.retryable, true);
      assert.equal(emulatorCount(state.emulator, 'PUT', '/issue/:issueIdOrKey'), 1);
    });

    void test('the scope of each RateLimit-Reason (Data Center names none: its limit is per user)', async () => {
      await reset();
      const tracker = makeTracker({ maxAttempts: 1 });
      const expected: [string | null, string][] =
        setup.flavor === 'cloud'
          ? [
              ['jira-burst-based', 'endpoint'],
              ['jira-per-issue-on-write', 'issue'],
              ['jira-quota-tenant-based', 'tenant'],
              ['jira-quota-global-based', 'global'],
            ]
          : [[null, 'tenant']];
      for (const [reason, scope] of expected) {
        await addFault({ type: 'rateLimit', ...(reason ? { reason } : {}), retryAfterSeconds: 9, count: 1 });
        const error = await rejection(tracker.myself());
        assert.equal(error.kind, 'rate-limited');
        assert.equal(error.details.rateLimitScope, scope, String(reason));
        assert.equal(error.details.retryAfterMs, 9000);
      }
    });
  });
}

void describe('network failures', () => {
  // A server that accepts connections and never answers: a timeout is a network condition, not Jira behaviour.
  void test('a timeout: unknown-outcome for a create (sent once), a retried network error for a read', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    assert.ok(address !== null && typeof address === 'object');
    const sleeps: number[] = [];
    const tracker = createTracker(
      { instance: 'silent', type: 'jira-datacenter', url: `http://127.0.0.1:${address.port}`, token: 't' },
      { sleep: async (ms) => void sleeps.push(ms), random: NO_JITTER, timeoutMs: 50, maxAttempts: 2 },
    );
    try {
      const lost = await rejection(
        tracker.createIssue({
          projectKey: 'X',
          issueTypeName: 'Task',
          summary: 's',
          description: null,
          properties: {},
        }),
      );
      assert.equal(lost.kind, 'unknown-outcome');
      assert.match(lost.message, /no answer within 50 ms/);
      assert.deepEqual(tracker.stats().byMethod, { POST: 1 });
      const read = await rejection(tracker.myself());
      assert.equal(read.kind, 'network');
      assert.equal(read.retryable, true);
      assert.deepEqual(tracker.stats().byMethod, { POST: 1, GET: 2 });
      assert.deepEqual(sleeps, [500]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  void test('a refused connection is a network error, retried even for a create', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    assert.ok(address !== null && typeof address === 'object');
    await new Promise((resolve) => server.close(resolve));
    const sleeps: number[] = [];
    const tracker = createTracker(
      { instance: 'gone', type: 'jira-cloud', url: `http://127.0.0.1:${address.port}`, email: 'a@b.c', token: 't' },
      { sleep: async (ms) => void sleeps.push(ms), random: NO_JITTER },
    );
    const error = await rejection(
      tracker.createIssue({ projectKey: 'X', issueTypeName: 'Task', summary: 's', description: null, properties: {} }),
    );
    assert.equal(error.kind, 'network');
    assert.equal(error.retryable, true);
    assert.deepEqual(sleeps, [500, 1000, 2000]);
    assert.equal(tracker.stats().requests, 4);
  });
});
