/**
 * Jira Cloud's rate limits over real HTTP, time driven by the control API's clock: burst buckets per endpoint and
 * method, the per-issue write limit (key and id share it), the hourly points quota; Data Center's per-user bucket.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';

const T0 = Date.parse('2026-05-01T10:00:00.000Z');
const ADMIN = `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`;

function client(emulator: JiraEmulator) {
  const call = async (method: string, path: string, body?: unknown, auth = ADMIN): Promise<Response> =>
    fetch(`${emulator.url}${path}`, {
      method,
      headers: { Authorization: auth, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const control = async (method: string, path: string, body?: unknown): Promise<unknown> => {
    const response = await call(method, `/_emulator${path}`, body);
    assert.ok(response.status < 300, `${method} ${path} → ${response.status} ${await response.clone().text()}`);
    return response.status === 204 ? undefined : response.json();
  };
  return { call, control, advance: (ms: number) => control('POST', '/clock/advance', { ms }) };
}

const ONLY = (part: 'burst' | 'perIssue' | 'quota') => ({
  enabled: true,
  burst: { enabled: part === 'burst' },
  perIssue: { enabled: part === 'perIssue' },
  quota: { enabled: part === 'quota' },
  resetCounters: true,
});

async function assert429(
  response: Response,
  reason: string,
  retryAfter: string,
  limit: string,
  reset: string,
): Promise<void> {
  assert.equal(response.status, 429);
  assert.equal(response.headers.get('ratelimit-reason'), reason);
  assert.equal(response.headers.get('retry-after'), retryAfter);
  assert.equal(response.headers.get('x-ratelimit-limit'), limit);
  assert.equal(response.headers.get('x-ratelimit-remaining'), '0');
  assert.equal(response.headers.get('x-ratelimit-reset'), reset);
  assert.deepEqual(await response.json(), {
    errorMessages: ['The request has been rate-limited. Please try again later.'],
    errors: {},
  });
}

void describe('Cloud rate limits', () => {
  let emulator: JiraEmulator;
  let api: ReturnType<typeof client>;
  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo', frozenClockAt: T0 });
    api = client(emulator);
  });
  after(async () => emulator.close());

  void test('are off by default: a burst of requests is all answered, without rate-limit headers', async () => {
    for (let index = 0; index < 30; index++) {
      const response = await api.call('GET', '/rest/api/3/issue/BLUE-1');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-ratelimit-limit'), null);
      await response.arrayBuffer();
    }
  });

  void test('burst: one token bucket per endpoint and method, 429 jira-burst-based, refilled as the clock moves', async () => {
    await api.control('PUT', '/rate-limits', {
      ...ONLY('burst'),
      burst: { enabled: true, defaults: { GET: { ratePerSecond: 2, capacity: 3 } }, overrides: [] },
    });
    const remaining: (string | null)[] = [];
    for (let index = 0; index < 3; index++) {
      const response = await api.call('GET', '/rest/api/3/serverInfo');
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('x-ratelimit-limit'), '2');
      assert.equal(response.headers.get('ratelimit-reason'), null);
      remaining.push(response.headers.get('x-ratelimit-remaining'));
      await response.arrayBuffer();
    }
    assert.deepEqual(remaining, ['2', '1', '0']);
    // One token comes back after 500 ms at 2/s: Retry-After rounds up to 1 s; reset = request time + Retry-After.
    await assert429(
      await api.call('GET', '/rest/api/3/serverInfo'),
      'jira-burst-based',
      '1',
      '2',
      '2026-05-01T10:00:01Z',
    );
    // v2 of the same resource shares the bucket; another endpoint or method has its own.
    assert.equal((await api.call('GET', '/rest/api/2/serverInfo')).status, 429);
    assert.equal((await api.call('GET', '/rest/api/3/myself')).status, 200);
    const put = await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'Burst-proof' } });
    assert.equal(put.status, 204);
    assert.equal(put.headers.get('x-ratelimit-limit'), '50', 'PUT has its documented 50/s bucket');

    await api.advance(499);
    assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 429, 'not yet a whole token');
    await api.advance(1);
    assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 200);
    assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 429);
    await api.advance(10_000);
    for (let index = 0; index < 3; index++)
      assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 200, 'refilled to capacity, no more');
    assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 429);

    const state = (await api.control('GET', '/rate-limits')) as { buckets: { key: string; available: number }[] };
    const bucket = state.buckets.find((candidate) => candidate.key === 'GET /rest/api/{version}/serverinfo');
    assert.equal(bucket?.available, 0);
  });

  void test('burst: Atlassian-documented endpoint rates apply by default (GET issue 150/s)', async () => {
    await api.control('DELETE', '/rate-limits');
    await api.control('PUT', '/rate-limits', ONLY('burst'));
    const response = await api.call('GET', '/rest/api/3/issue/BLUE-1');
    assert.equal(response.headers.get('x-ratelimit-limit'), '150');
    assert.equal(response.headers.get('x-ratelimit-remaining'), '149');
    assert.equal(response.headers.get('ratelimit-policy'), '"jira-burst-based";q=150;w=1');
  });

  void test('per issue: 20 writes per 2 s counted on key and id together, then 100 per 30 s', async () => {
    await api.control('PUT', '/rate-limits', ONLY('perIssue'));
    const issue = (await (await api.call('GET', '/rest/api/3/issue/BLUE-1?fields=summary')).json()) as { id: string };
    for (let index = 0; index < 20; index++) {
      const ref = index % 2 === 0 ? 'BLUE-1' : issue.id;
      assert.equal(
        (await api.call('PUT', `/rest/api/3/issue/${ref}`, { fields: { summary: `Write ${index}` } })).status,
        204,
      );
    }
    await assert429(
      await api.call('PUT', `/rest/api/3/issue/${issue.id}`, { fields: { summary: 'one too many' } }),
      'jira-per-issue-on-write',
      '2',
      '20',
      '2026-05-01T10:00:12Z',
    );
    // Comments are writes to the issue too; reads and other issues are not limited.
    assert.equal((await api.call('POST', '/rest/api/2/issue/BLUE-1/comment', { body: 'hello' })).status, 429);
    assert.equal((await api.call('GET', '/rest/api/3/issue/BLUE-1')).status, 200);
    assert.equal(
      (await api.call('PUT', '/rest/api/3/issue/BLUE-2', { fields: { summary: 'Other issue' } })).status,
      204,
    );
    const summary = (await (await api.call('GET', '/rest/api/3/issue/BLUE-1?fields=summary')).json()) as {
      fields: { summary: string };
    };
    assert.equal(summary.fields.summary, 'Write 19', 'the refused write changed nothing');

    // Four more batches of 20, one every 2 s: 100 writes within 30 s.
    for (let batch = 1; batch < 5; batch++) {
      await api.advance(2000);
      for (let index = 0; index < 20; index++)
        assert.equal(
          (await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: `B${batch}-${index}` } })).status,
          204,
        );
    }
    await api.advance(2000);
    // The short window is free again; the long one is full until the first writes (10:00:10.5) are 30 s old.
    await assert429(
      await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'x' } }),
      'jira-per-issue-on-write',
      '20',
      '100',
      '2026-05-01T10:00:40Z',
    );
    await api.advance(20_000);
    assert.equal(
      (await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'after the window' } })).status,
      204,
    );
  });

  void test('quota: points per hour (GET issue = 2, write = 1), near-limit headers, 429 until the next UTC hour', async () => {
    await api.control('POST', '/clock/set', { time: '2026-05-01T12:00:00Z' });
    await api.control('PUT', '/rate-limits', { ...ONLY('quota'), quota: { enabled: true, pointsPerHour: 10 } });
    const first = await api.call('GET', '/rest/api/3/issue/BLUE-1');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('ratelimit-policy'), '"tenant-app-quota";q=10;w=3600');
    assert.equal(first.headers.get('ratelimit'), '"tenant-app-quota";t=3600', 'no r while well within the quota');
    assert.equal(first.headers.get('x-ratelimit-nearlimit'), null);
    assert.equal(
      ((await api.control('GET', '/rate-limits')) as { quota: { used: number } }).quota.used,
      2,
      '1 base + 1 issue',
    );

    assert.equal(
      (await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'costs one point' } })).status,
      204,
    );
    assert.equal(((await api.control('GET', '/rate-limits')) as { quota: { used: number } }).quota.used, 3);

    await api.advance(60_000);
    for (let index = 0; index < 3; index++)
      assert.equal((await api.call('GET', '/rest/api/3/issue/BLUE-1')).status, 200);
    const near = await api.call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'last point' } });
    assert.equal(near.status, 204);
    assert.equal(near.headers.get('x-ratelimit-nearlimit'), 'true');
    assert.equal(near.headers.get('ratelimit'), '"tenant-app-quota";r=0;t=3540');

    const refused = await api.call('GET', '/rest/api/3/serverInfo');
    await assert429(refused, 'jira-quota-tenant-based', '3540', '10', '2026-05-01T13:00:00Z');
    await api.control('PUT', '/rate-limits', { quota: { pool: 'global' } });
    assert.equal(
      (await api.call('POST', '/rest/api/2/issue/BLUE-1/comment', { body: 'x' })).headers.get('ratelimit-reason'),
      'jira-quota-global-based',
    );

    await api.control('POST', '/clock/set', { time: '2026-05-01T13:00:00Z' });
    assert.equal((await api.call('GET', '/rest/api/3/serverInfo')).status, 200, 'a new hour, a new quota');
  });

  void test('bad configuration is refused with the path of the bad key', async () => {
    const response = await api.call('PUT', '/_emulator/rate-limits', {
      perIssue: { windows: [{ writes: 20, seconds: 'two' }] },
    });
    assert.equal(response.status, 400);
    const body = (await response.json()) as { errors: Record<string, string> };
    assert.deepEqual(Object.keys(body.errors), ['perIssue.windows[0].seconds']);
  });
});

void test('Data Center: one bucket per user, 429 with Retry-After and X-RateLimit-FillRate, no RateLimit-Reason', async () => {
  const emulator = await startJiraEmulator({ flavor: 'datacenter', port: 0, frozenClockAt: T0 });
  try {
    const dcAdmin = `Basic ${Buffer.from('admin:admin').toString('base64')}`;
    const call = (path: string, method = 'GET', body?: unknown) =>
      fetch(`${emulator.url}${path}`, {
        method,
        headers: { Authorization: dcAdmin, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    assert.equal(
      (
        await call('/_emulator/rate-limits', 'PUT', {
          enabled: true,
          burst: { defaults: { '*': { ratePerSecond: 1, capacity: 2 } } },
        })
      ).status,
      200,
    );
    const ok = await call('/rest/api/2/serverInfo');
    assert.equal(ok.headers.get('x-ratelimit-limit'), '2');
    assert.equal(ok.headers.get('x-ratelimit-fillrate'), '1');
    assert.equal((await call('/rest/api/2/myself')).status, 200, 'the second token, on another endpoint');
    const refused = await call('/rest/api/2/serverInfo');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(refused.headers.get('x-ratelimit-interval-seconds'), '1');
    assert.equal(refused.headers.get('ratelimit-reason'), null);
  } finally {
    await emulator.close();
  }
});
