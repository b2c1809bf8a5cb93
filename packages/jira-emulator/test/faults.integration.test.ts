/**
 * Fault injection through the control API, over real HTTP: latency, 5xx, 429 of each reason with and without
 * Retry-After, 409 on edits, a create whose response is lost, scopes by method, route and user, seeded probability,
 * and restart with state kept.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';

const ADMIN = `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`;
const ALICE = `Basic ${Buffer.from('alice@example.com:emulator-token').toString('base64')}`;

/** A GET on a new connection: pooled keep-alive sockets die with the restarted server, as with a real restart. */
function freshGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { agent: false, headers: { Authorization: ADMIN } }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

void describe('faults', () => {
  let emulator: JiraEmulator;
  const call = (method: string, path: string, body?: unknown, auth = ADMIN): Promise<Response> =>
    fetch(`${emulator.url}${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const addFault = async (fault: Record<string, unknown>): Promise<{ id: string }> => {
    const response = await call('POST', '/_emulator/faults', fault);
    assert.equal(response.status, 201, await response.clone().text());
    return (await response.json()) as { id: string };
  };
  const faults = async () =>
    (
      (await (await call('GET', '/_emulator/faults')).json()) as {
        faults: { id: string; fired: number; count: number | null }[];
      }
    ).faults;

  before(async () => {
    emulator = await startJiraEmulator({
      flavor: 'cloud',
      port: 0,
      seed: 'demo',
      frozenClockAt: Date.parse('2026-05-01T10:00:00Z'),
    });
  });
  after(async () => emulator.close());

  void test('5xx of each status with Jira-like bodies, fired `count` times then gone', async () => {
    for (const status of [500, 502, 503, 504]) {
      await addFault({ type: 'error', status, count: 1, scope: { method: 'GET', path: 'serverInfo' } });
      const failed = await call('GET', '/rest/api/3/serverInfo');
      assert.equal(failed.status, status);
      const body = (await failed.json()) as { errorMessages: string[]; errors: object };
      assert.equal(body.errorMessages.length, 1);
      assert.deepEqual(body.errors, {});
      assert.equal((await call('GET', '/rest/api/3/serverInfo')).status, 200, 'the fault stops after its count');
    }
    await addFault({ type: 'error', status: 503, count: 1, retryAfterSeconds: 30 });
    assert.equal((await call('GET', '/rest/api/3/myself')).headers.get('retry-after'), '30');
    assert.deepEqual(
      (await faults()).map((fault) => [fault.fired, fault.count]),
      [
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
        [1, 0],
      ],
    );
    assert.equal((await call('DELETE', '/_emulator/faults')).status, 204);
    assert.deepEqual(await faults(), []);
  });

  void test('429 of each reason, with and without Retry-After', async () => {
    for (const reason of [
      'jira-burst-based',
      'jira-per-issue-on-write',
      'jira-quota-tenant-based',
      'jira-quota-global-based',
    ]) {
      await addFault({ type: 'rateLimit', reason, retryAfterSeconds: 7, count: 1 });
      const limited = await call('GET', '/rest/api/3/issue/BLUE-1');
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('ratelimit-reason'), reason);
      assert.equal(limited.headers.get('retry-after'), '7');
      assert.equal(limited.headers.get('x-ratelimit-remaining'), '0');
      assert.equal(limited.headers.get('x-ratelimit-reset'), '2026-05-01T10:00:07Z');
      assert.ok(limited.headers.get('x-ratelimit-limit'));

      await addFault({ type: 'rateLimit', reason, retryAfterSeconds: null, count: 1 });
      const bare = await call('GET', '/rest/api/3/issue/BLUE-1');
      assert.equal(bare.status, 429);
      assert.equal(bare.headers.get('ratelimit-reason'), reason);
      assert.equal(bare.headers.get('retry-after'), null);
      assert.equal((await call('GET', '/rest/api/3/issue/BLUE-1')).status, 200);
    }
  });

  void test("409 on edits: PUT issue answers Jira's conflict, other calls are untouched, and the edit is not applied", async () => {
    await addFault({ type: 'conflict', count: 2 });
    const conflict = await call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'Conflicted' } });
    assert.equal(conflict.status, 409);
    assert.deepEqual(await conflict.json(), {
      errorMessages: ['The issue could not be updated due to a conflicting update.'],
      errors: {},
    });
    assert.equal((await call('GET', '/rest/api/3/issue/BLUE-1')).status, 200);
    assert.equal(
      (await call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'Conflicted again' } })).status,
      409,
    );
    assert.equal((await call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'Finally' } })).status, 204);
    const issue = (await (await call('GET', '/rest/api/3/issue/BLUE-1?fields=summary')).json()) as {
      fields: { summary: string };
    };
    assert.equal(issue.fields.summary, 'Finally');
  });

  void test('lost response: the create succeeds but the client sees a dropped connection', async () => {
    await addFault({ type: 'lostResponse', count: 1 });
    await assert.rejects(
      call('POST', '/rest/api/3/issue', {
        fields: { project: { key: 'SUP' }, issuetype: { name: 'Task' }, summary: 'Lost in transit' },
      }),
      (error: unknown) => error instanceof TypeError,
    );
    const found = await call('GET', '/rest/api/3/issue/SUP-1?fields=summary');
    assert.equal(found.status, 200);
    assert.equal(((await found.json()) as { fields: { summary: string } }).fields.summary, 'Lost in transit');
    const next = await call('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'SUP' }, issuetype: { name: 'Task' }, summary: 'Arrives' },
    });
    assert.equal(next.status, 201);
    assert.equal(((await next.json()) as { key: string }).key, 'SUP-2');
  });

  void test('scopes: by user and by method; a fault for alice leaves admin alone', async () => {
    const fault = await addFault({ type: 'error', status: 500, count: null, scope: { user: 'alice', method: 'GET' } });
    assert.equal((await call('GET', '/rest/api/3/myself', undefined, ALICE)).status, 500);
    assert.equal((await call('GET', '/rest/api/3/myself')).status, 200);
    assert.equal((await call('DELETE', `/_emulator/faults/${fault.id}`)).status, 204);
    assert.equal((await call('GET', '/rest/api/3/myself', undefined, ALICE)).status, 200);
    assert.equal((await call('DELETE', `/_emulator/faults/${fault.id}`)).status, 404);
  });

  void test('probability draws from a seeded generator: the same seed replays the same failures', async () => {
    const run = async (): Promise<number[]> => {
      const put = await call('PUT', '/_emulator/faults', {
        seed: 42,
        faults: [{ type: 'error', status: 503, probability: 0.5, count: null, scope: { path: 'serverInfo' } }],
      });
      assert.equal(put.status, 200);
      const statuses: number[] = [];
      for (let index = 0; index < 20; index++) statuses.push((await call('GET', '/rest/api/3/serverInfo')).status);
      return statuses;
    };
    const first = await run();
    assert.ok(first.includes(503) && first.includes(200), `a mix of outcomes: ${first.join(',')}`);
    assert.deepEqual(await run(), first);
    await call('DELETE', '/_emulator/faults');
  });

  void test('latency adds wall time to matching requests only', async () => {
    await addFault({ type: 'latency', latencyMs: 150, count: 1, scope: { path: '/rest/api/3/serverInfo' } });
    const started = performance.now();
    assert.equal((await call('GET', '/rest/api/3/serverInfo')).status, 200);
    assert.ok(performance.now() - started >= 140, 'delayed');
    assert.deepEqual(
      (await faults()).map((fault) => fault.fired),
      [1],
    );
    await call('DELETE', '/_emulator/faults');
  });

  void test('bad fault bodies are refused with the path of the bad key', async () => {
    const unknownType = await call('POST', '/_emulator/faults', { type: 'meteor' });
    assert.equal(unknownType.status, 400);
    assert.ok('type' in ((await unknownType.json()) as { errors: object }).errors);
    const noLatency = await call('PUT', '/_emulator/faults', { faults: [{ type: 'latency' }] });
    assert.equal(noLatency.status, 400);
    assert.deepEqual(Object.keys(((await noLatency.json()) as { errors: object }).errors), ['faults[0].latencyMs']);
  });

  void test('restart: the control API answers, the server restarts on the same port, state is kept', async () => {
    const created = await call('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Survives restarts' },
    });
    const { key } = (await created.json()) as { key: string };
    const { lifecycle } = emulator.context;
    const restarts = lifecycle.restarts;
    const answer = await call('POST', '/_emulator/restart');
    assert.equal(answer.status, 202);
    // The restart happens once the answer has gone out.
    while (lifecycle.restarts === restarts) await new Promise((resolve) => setImmediate(resolve));
    const found = await freshGet(`${emulator.url}/rest/api/3/issue/${key}?fields=summary`);
    assert.equal(found.status, 200);
    assert.equal((JSON.parse(found.body) as { fields: { summary: string } }).fields.summary, 'Survives restarts');
  });

  void test('a restart fault restarts the emulator after answering the matching request', async () => {
    const { lifecycle } = emulator.context;
    const restarts = lifecycle.restarts;
    await addFault({ type: 'restart', count: 1, scope: { path: 'serverInfo' } });
    assert.equal((await call('GET', '/rest/api/3/serverInfo')).status, 200);
    while (lifecycle.restarts === restarts) await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await freshGet(`${emulator.url}/rest/api/3/serverInfo`)).status, 200);
  });
});
