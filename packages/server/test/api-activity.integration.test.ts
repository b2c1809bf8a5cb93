/**
 * Twins, bulk runs, errors, statistics and the audit log through the API, against the emulators over HTTP: a bulk
 * run's progress counts finished syncs and ends done; twins are found by key, read with both issues, synced,
 * unsynced and connected; their timeline holds field-level diffs; a Jira failure is listed, skipped, retried; the
 * statistics count syncs, latency, Jira calls and 429s by reason; lists page with cursors.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BASIC_CONNECTION, startApiNode, type ApiNode } from './support/api-node.ts';

const paths = (body: { error: { details: { issues: { in: string; path: (string | number)[] }[] } } }) =>
  body.error.details.issues.map((issue) => `${issue.in}:${issue.path.join('.')}`);

async function until<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

void describe('twins, bulk runs, errors, statistics and audit API', () => {
  let api: ApiNode;
  let twinId: string;
  before(async () => {
    api = await startApiNode(BASIC_CONNECTION);
    // Two issues match blue's trigger.
    for (const key of ['BLUE-1', 'BLUE-2'])
      await api.jira('blue', 'PUT', `/rest/api/2/issue/${key}`, { update: { labels: [{ add: 'bulk-me' }] } });
  });
  after(async () => {
    await api.close();
  });

  async function refused(method: string, url: string, body: unknown, expected: string[]) {
    const answer = await api.call(method, url, body === undefined ? {} : { body });
    assert.equal(answer.status, 400, `${method} ${url}: ${answer.text}`);
    assert.deepEqual(paths(answer.body), expected, answer.body.error.message);
  }

  void test('a bulk run reports found, synced and done; a second one meanwhile is 409; runs are listed', async () => {
    const started = await api.call('POST', '/api/connections/blue_green/bulk');
    assert.equal(started.status, 202, started.text);
    assert.equal(started.body.connection, 'blue_green');
    assert.equal(started.body.done, false);
    assert.equal((await api.call('POST', '/api/connections/blue_green/bulk')).status, 409);
    const seen: { state: string; found: number; synced: number; pending: number; failed: number }[] = [];
    const done = await until(async () => {
      const run = (await api.call('GET', `/api/bulk/${started.body.runId}`)).body;
      seen.push(run);
      return run.done ? run : undefined;
    }, 'the bulk run to finish');
    assert.deepEqual(
      { state: done.state, found: done.found, synced: done.synced, pending: done.pending, failed: done.failed },
      { state: 'done', found: 2, synced: 2, pending: 0, failed: 0 },
    );
    assert.equal(typeof done.finishedAt, 'number');
    assert.ok(seen.every((run) => run.synced + run.pending + run.failed === run.found || run.state === 'scanning'));
    const twins = await api.call('GET', `/api/bulk/${started.body.runId}/twins`);
    assert.equal(twins.body.items.length, 2);
    const list = await api.call('GET', '/api/bulk?connection=blue_green');
    assert.equal(list.body.items[0].runId, started.body.runId);
    const cancelled = await api.call('DELETE', `/api/bulk/${started.body.runId}`);
    assert.equal(cancelled.body.cancelled, false, 'a finished run has nothing left to cancel');

    assert.equal((await api.call('POST', '/api/connections/nope/bulk')).status, 404);
    assert.equal((await api.call('GET', '/api/bulk/nope')).status, 404);
    assert.equal((await api.call('DELETE', '/api/bulk/nope')).status, 404);
    assert.equal((await api.call('GET', '/api/bulk/nope/twins')).status, 404);
    await refused('GET', '/api/bulk?limit=500', undefined, ['query:limit']);
  });

  void test('a cancelled bulk run queues nothing more and still ends done', async () => {
    const started = await api.call('POST', '/api/connections/blue_green/bulk');
    const cancelled = await api.call('DELETE', `/api/bulk/${started.body.runId}`);
    assert.equal(cancelled.status, 200);
    assert.equal(cancelled.body.cancelled, true);
    const done = await until(async () => {
      const run = (await api.call('GET', `/api/bulk/${started.body.runId}`)).body;
      return run.done ? run : undefined;
    }, 'the cancelled run to end');
    assert.equal(done.cancelled, true);
    assert.ok(done.found <= 2);
    await api.idle();
  });

  void test('twins by key, by connection (paged) and by id, with both issues and their links', async () => {
    const byKey = await api.call('GET', '/api/twins?key=BLUE-1');
    assert.equal(byKey.status, 200);
    const [twin] = byKey.body.items;
    twinId = twin.id;
    assert.equal(twin.connection, 'blue_green');
    assert.equal(twin.state, 'active');
    assert.equal(twin.a.issueKey, 'BLUE-1');
    assert.equal(twin.a.url, `${api.blue.url}/browse/BLUE-1`);
    assert.match(twin.b.issueKey, /^GREEN-\d+$/);
    assert.equal(twin.b.url, `${api.green.url}/browse/${twin.b.issueKey}`);
    assert.equal(twin.pending, false);
    assert.equal(twin.error, null);
    assert.deepEqual((await api.call('GET', `/api/twins?key=${twin.b.issueKey}`)).body.items[0].id, twin.id);
    assert.deepEqual((await api.call('GET', '/api/twins?key=BLUE-4')).body.items, []);
    assert.equal((await api.call('GET', '/api/twins?key=BLUE-999')).status, 404);
    await refused('GET', '/api/twins?key=blue%20one', undefined, ['query:key']);
    assert.equal((await api.call('GET', '/api/twins?connection=nope')).status, 404);

    const first = await api.call('GET', '/api/twins?limit=1');
    assert.equal(first.body.items.length, 1);
    const second = await api.call('GET', `/api/twins?limit=1&cursor=${first.body.nextCursor}`);
    assert.equal(second.body.items.length, 1);
    assert.notEqual(second.body.items[0].id, first.body.items[0].id);
    assert.equal(second.body.nextCursor, null);
    await refused('GET', '/api/twins?cursor=eyJ4IjoxfQ', undefined, ['query:cursor']);

    const detail = await api.call('GET', `/api/twins/${twin.id}`);
    assert.equal(detail.status, 200);
    assert.equal(detail.body.a.issue.summary, 'Customers cannot log in with SSO');
    assert.equal(detail.body.b.issue.summary, 'Customers cannot log in with SSO');
    assert.equal(detail.body.a.issue.issueType, 'Bug');
    assert.equal(typeof detail.body.b.issue.status, 'string');
    assert.equal((await api.call('GET', '/api/twins/nope')).status, 404);
  });

  void test("a twin's timeline: detected, created, applied with the field diff; filtered by kind, paged", async () => {
    await api.jira('blue', 'PUT', '/rest/api/2/issue/BLUE-1', { fields: { summary: 'SSO login fails' } });
    const synced = await api.call('POST', `/api/twins/${twinId}/sync`);
    assert.deepEqual(synced.body, { queued: [twinId] });
    await api.idle();
    const timeline = await api.call('GET', `/api/twins/${twinId}/timeline`);
    assert.equal(timeline.status, 200);
    const kinds = timeline.body.items.map((entry: { kind: string }) => entry.kind);
    assert.ok(kinds.includes('created') && kinds.includes('detected') && kinds.includes('applied'), kinds.join());
    const applied = timeline.body.items.find((entry: { kind: string }) => entry.kind === 'applied');
    assert.deepEqual(
      applied.detail.diff.find((diff: { field: string }) => diff.field === 'summary'),
      {
        field: 'summary',
        name: 'Summary',
        before: 'Customers cannot log in with SSO',
        after: 'SSO login fails',
      },
    );
    assert.equal(applied.detail.from.key, 'BLUE-1');
    const onlyApplied = await api.call('GET', `/api/twins/${twinId}/timeline?kind=applied,created`);
    assert.ok(onlyApplied.body.items.every((entry: { kind: string }) => ['applied', 'created'].includes(entry.kind)));
    await refused('GET', `/api/twins/${twinId}/timeline?kind=bogus`, undefined, ['query:kind']);
    const page = await api.call('GET', `/api/twins/${twinId}/timeline?limit=1`);
    const next = await api.call('GET', `/api/twins/${twinId}/timeline?limit=1&cursor=${page.body.nextCursor}`);
    assert.ok(next.body.items[0].id < page.body.items[0].id, 'newest first');
    assert.equal((await api.call('GET', '/api/twins/nope/timeline')).status, 404);
  });

  void test('unsync and sync again by twin id; connect; sync and unsync by key', async () => {
    const unsynced = await api.call('POST', `/api/twins/${twinId}/unsync`);
    assert.equal(unsynced.body.state, 'unsynced');
    const [skipped] = (await api.call('GET', `/api/twins/${twinId}/timeline?kind=skipped`)).body.items;
    assert.equal(skipped.detail.unsynced, 'BLUE-1');
    await api.call('POST', `/api/twins/${twinId}/sync`);
    await api.idle();
    assert.equal((await api.call('GET', `/api/twins/${twinId}`)).body.state, 'active');
    assert.equal((await api.call('POST', '/api/twins/nope/sync')).status, 404);
    assert.equal((await api.call('POST', '/api/twins/nope/unsync')).status, 404);

    await refused('POST', '/api/connect', { a: 'BLUE-3' }, ['body:b']);
    await refused('POST', '/api/connect', { a: 'BLUE-3', b: 'green 3' }, ['body:b']);
    const connected = await api.call('POST', '/api/connect', { body: { a: 'GREEN-3', b: 'BLUE-3' } });
    assert.equal(connected.status, 201, connected.text);
    assert.equal(connected.body.twin.a.issueKey, 'BLUE-3', 'keys in the side order');
    assert.equal((await api.call('POST', '/api/connect', { body: { a: 'BLUE-3', b: 'GREEN-4' } })).status, 409);
    assert.equal((await api.call('POST', '/api/connect', { body: { a: 'BLUE-999', b: 'GREEN-4' } })).status, 404);
    await api.idle();

    const byKey = await api.call('POST', '/api/issues/BLUE-4/sync');
    assert.equal(byKey.status, 200);
    assert.equal(byKey.body.key, 'BLUE-4');
    assert.equal(byKey.body.queued.length, 1);
    await api.idle();
    const unsyncByKey = await api.call('POST', '/api/issues/BLUE-4/unsync');
    assert.equal(unsyncByKey.body.twins[0].a.issueKey, 'BLUE-4');
    await refused('POST', '/api/issues/not-a-key/sync', undefined, ['path:key']);
    assert.equal((await api.call('POST', '/api/issues/BLUE-999/unsync')).status, 404);
  });

  void test('a Jira failure is listed with its cause; skip clears it; retry requeues; statistics count 429s by reason', async () => {
    // Green refuses writes for now (500): the next sync from blue fails and retries.
    await fetch(`${api.green.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'error', status: 500, scope: { method: 'PUT' }, count: null }),
    });
    // Blue answers one 429 (per-issue write limit) with Retry-After 0: the adapter waits and goes on.
    await fetch(`${api.blue.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'rateLimit',
        reason: 'jira-per-issue-on-write',
        retryAfterSeconds: 0,
        scope: { method: 'GET' },
        count: 1,
      }),
    });
    await api.jira('blue', 'PUT', '/rest/api/2/issue/BLUE-2', { fields: { summary: 'Export drops a row' } });
    const [twin] = (await api.call('GET', '/api/twins?key=BLUE-2')).body.items;
    await api.call('POST', `/api/twins/${twin.id}/sync`);
    const group = await until(async () => (await api.call('GET', '/api/errors')).body.items[0], 'the error');
    assert.equal(group.blastRadius, 'twin');
    assert.match(group.cause, /^jira server: /);
    assert.equal(group.jira.status, 500);
    assert.equal(group.twins[0].twinId, twin.id);
    assert.equal(group.twins[0].retrying, true);
    assert.deepEqual(group.twins[0].keys.sort(), [twin.a.issueKey, twin.b.issueKey].sort());

    const skipped = await api.call('POST', `/api/errors/${twin.id}/skip`);
    assert.deepEqual(skipped.body, { twinId: twin.id, skipped: true });
    assert.equal((await api.call('POST', `/api/errors/${twin.id}/skip`)).status, 404, 'no error left to skip');
    assert.equal((await api.call('POST', '/api/errors/nope/skip')).status, 404);
    const [entry] = (await api.call('GET', `/api/twins/${twin.id}/timeline?kind=skipped`)).body.items;
    assert.match(entry.detail.skippedError, /Internal server error/);

    await fetch(`${api.green.url}/_emulator/faults`, { method: 'DELETE' });
    const retried = await api.call('POST', `/api/errors/${twin.id}/retry`);
    assert.equal(retried.status, 200);
    assert.equal((await api.call('POST', '/api/errors/nope/retry')).status, 404);
    assert.deepEqual((await api.call('POST', '/api/errors/retry', { body: { connection: 'blue_green' } })).body, {
      queued: [],
    });
    assert.equal((await api.call('POST', '/api/errors/retry', { body: { connection: 'nope' } })).status, 404);
    await refused('POST', '/api/errors/retry', { connection: 5 }, ['body:connection']);
    await api.idle();
    const greenIssue = await api.jira('green', 'GET', `/rest/api/2/issue/${twin.b.issueKey}`);
    assert.equal(greenIssue.fields.summary, 'Export drops a row');

    const stats = await api.call('GET', '/api/statistics?hours=2');
    assert.equal(stats.status, 200);
    assert.equal(stats.body.hours, 2);
    assert.equal(stats.body.syncsPerHour.length, 2);
    const syncs = stats.body.syncsPerHour.reduce((sum: number, hour: { syncs: number }) => sum + hour.syncs, 0);
    const errors = stats.body.syncsPerHour.reduce((sum: number, hour: { errors: number }) => sum + hour.errors, 0);
    assert.ok(syncs >= 5, `syncs ${syncs}`);
    assert.ok(errors >= 1, `errors ${errors}`);
    assert.ok(stats.body.latency.count >= 1);
    assert.ok(stats.body.latency.p50 >= 0 && stats.body.latency.p99 >= stats.body.latency.p50);
    const blue = stats.body.apiCalls.find((calls: { instance: string }) => calls.instance === 'blue');
    assert.ok(blue.requests > 0);
    assert.equal(blue.rateLimited, 1);
    assert.deepEqual(blue.rateLimitedByReason, { 'jira-per-issue-on-write': 1 });
    assert.equal(stats.body.queue.depth, 0);
    assert.deepEqual(Object.keys(stats.body.queue.byConnection), ['blue_green']);
    const one = await api.call('GET', '/api/statistics?connection=blue_green');
    assert.equal(one.body.connection, 'blue_green');
    assert.equal(one.body.hours, 24);
    assert.equal((await api.call('GET', '/api/statistics?connection=nope')).status, 404);
    await refused('GET', '/api/statistics?hours=0', undefined, ['query:hours']);
    await refused('GET', '/api/statistics?hours=lots', undefined, ['query:hours']);
  });

  void test('the audit log pages newest first and filters by connection, twin and kind', async () => {
    const first = await api.call('GET', '/api/audit?limit=2');
    assert.equal(first.status, 200);
    assert.equal(first.body.items.length, 2);
    const second = await api.call('GET', `/api/audit?limit=2&cursor=${first.body.nextCursor}`);
    assert.ok(second.body.items[0].id < first.body.items[1].id);
    const created = await api.call('GET', '/api/audit?kind=created&connection=blue_green');
    assert.ok(created.body.items.length >= 3);
    assert.ok(created.body.items.every((entry: { kind: string }) => entry.kind === 'created'));
    const ofTwin = await api.call('GET', `/api/audit?twin=${twinId}`);
    assert.ok(ofTwin.body.items.every((entry: { twinId: string }) => entry.twinId === twinId));
    assert.deepEqual((await api.call('GET', '/api/audit?connection=nope')).body.items, []);
    await refused('GET', '/api/audit?kind=nope', undefined, ['query:kind']);
    await refused('GET', '/api/audit?cursor=eyJvIjoxfQ', undefined, ['query:cursor']);
  });
});
