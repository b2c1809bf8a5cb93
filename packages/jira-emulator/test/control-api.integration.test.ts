/**
 * The control API over real HTTP: exact request counts, the clock, reset, users with hidden e-mail addresses,
 * custom fields, and workflows with a required screen field and a condition.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';

const basic = (login: string, secret: string): string =>
  `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}`;
const ADMIN = basic('admin@example.com', 'emulator-token');
const ALICE = basic('alice@example.com', 'emulator-token');
const T0 = Date.parse('2026-05-01T10:00:00.000Z');

void describe('control API (Cloud)', () => {
  let emulator: JiraEmulator;
  const call = (method: string, path: string, body?: unknown, auth: string | null = ADMIN): Promise<Response> =>
    fetch(`${emulator.url}${path}`, {
      method,
      headers: { ...(auth ? { Authorization: auth } : {}), 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const json = async <T>(response: Promise<Response>, status = 200): Promise<T> => {
    const answered = await response;
    assert.equal(answered.status, status, await answered.clone().text());
    return (await answered.json()) as T;
  };

  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo', frozenClockAt: T0 });
  });
  after(async () => emulator.close());

  void test('stats: exact counts by endpoint, method, status and user; filters; control calls left out; reset', async () => {
    assert.equal((await call('DELETE', '/_emulator/stats')).status, 204);
    for (let index = 0; index < 3; index++) await (await call('GET', '/rest/api/3/issue/BLUE-1')).arrayBuffer();
    await (await call('GET', '/rest/api/2/issue/BLUE-1', undefined, ALICE)).arrayBuffer();
    await (await call('GET', '/rest/api/3/issue/NOPE-1')).arrayBuffer();
    await (await call('GET', '/rest/api/3/issue/BLUE-1', undefined, null)).arrayBuffer();
    await (await call('PUT', '/rest/api/3/issue/BLUE-1', { fields: { summary: 'Counted' } })).arrayBuffer();

    interface Stats {
      total: number;
      byEndpoint: Record<string, number>;
      byMethod: Record<string, number>;
      byStatus: Record<string, number>;
      byUser: Record<string, number>;
      counts: { method: string; endpoint: string; status: number; user: string; count: number }[];
    }
    const stats = await json<Stats>(call('GET', '/_emulator/stats'));
    assert.equal(stats.total, 7);
    assert.deepEqual(stats.byEndpoint, {
      'GET /rest/api/2/issue/:issueIdOrKey': 1,
      'GET /rest/api/3/issue/:issueIdOrKey': 5,
      'PUT /rest/api/3/issue/:issueIdOrKey': 1,
    });
    assert.deepEqual(stats.byMethod, { GET: 6, PUT: 1 });
    assert.deepEqual(stats.byStatus, { '200': 4, '204': 1, '401': 1, '404': 1 });
    assert.deepEqual(stats.byUser, { admin: 5, alice: 1, anonymous: 1 });
    assert.ok(
      stats.counts.some(
        (count) =>
          count.endpoint === '/rest/api/3/issue/:issueIdOrKey' &&
          count.status === 200 &&
          count.user === 'admin' &&
          count.count === 3,
      ),
    );

    assert.equal((await json<Stats>(call('GET', '/_emulator/stats?user=alice'))).total, 1);
    assert.equal((await json<Stats>(call('GET', '/_emulator/stats?status=404'))).total, 1);
    assert.equal(
      (await json<Stats>(call('GET', '/_emulator/stats?method=PUT&endpoint=issue/{issueIdOrKey}'))).total,
      1,
    );
    assert.equal((await json<Stats>(call('GET', '/_emulator/stats?endpoint=/rest/api/2/*'))).total, 1);
    assert.ok((await json<Stats>(call('GET', '/_emulator/stats?includeControl=true'))).total > 7);

    assert.equal((await call('DELETE', '/_emulator/stats')).status, 204);
    assert.equal((await json<Stats>(call('GET', '/_emulator/stats'))).total, 0);
  });

  void test('clock: read, advance, set, unfreeze and freeze; issue dates follow it', async () => {
    assert.deepEqual(await json(call('GET', '/_emulator/clock')), {
      now: T0,
      iso: '2026-05-01T10:00:00.000Z',
      frozen: true,
    });
    assert.equal(
      (await json<{ now: number }>(call('POST', '/_emulator/clock/advance', { ms: 90_000 }))).now,
      T0 + 90_000,
    );
    const created = await json<{ key: string }>(
      call('POST', '/rest/api/2/issue', {
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Dated' },
      }),
      201,
    );
    const issue = await json<{ fields: { created: string } }>(
      call('GET', `/rest/api/2/issue/${created.key}?fields=created`),
    );
    assert.equal(issue.fields.created, '2026-05-01T10:01:30.000+0000');
    assert.equal(
      (await json<{ now: number }>(call('POST', '/_emulator/clock/set', { time: '2026-06-01T00:00:00Z' }))).now,
      Date.parse('2026-06-01T00:00:00Z'),
    );
    assert.equal((await json<{ frozen: boolean }>(call('POST', '/_emulator/clock/unfreeze'))).frozen, false);
    assert.deepEqual(await json(call('POST', '/_emulator/clock/freeze', { time: T0 })), {
      now: T0,
      iso: '2026-05-01T10:00:00.000Z',
      frozen: true,
    });
    const bad = await call('POST', '/_emulator/clock/advance', { ms: -5 });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(((await bad.json()) as { errors: object }).errors), ['ms']);
  });

  void test('users: created with groups and a hidden e-mail address, they can log in with their token', async () => {
    const dave = await json<{ accountId: string; groups: string[] }>(
      call('POST', '/_emulator/users', {
        name: 'dave',
        displayName: 'Dave Ito',
        email: 'dave@corp.test',
        emailVisible: false,
        groups: ['qa'],
        apiToken: 'dave-token',
      }),
      201,
    );
    assert.deepEqual(dave.groups, ['qa']);
    const myself = await json<{ accountId: string; emailAddress?: string }>(
      call('GET', '/rest/api/3/myself', undefined, basic('dave@corp.test', 'dave-token')),
    );
    assert.equal(myself.accountId, dave.accountId);
    assert.equal(myself.emailAddress, 'dave@corp.test', 'a user sees their own address');
    const seenByAdmin = await json<{ emailAddress?: string }>(
      call('GET', `/rest/api/3/user?accountId=${dave.accountId}`),
    );
    assert.equal(seenByAdmin.emailAddress, undefined);
    assert.equal((await call('GET', '/rest/api/3/myself', undefined, basic('dave@corp.test', 'wrong'))).status, 401);
    const duplicate = await call('POST', '/_emulator/users', { name: 'dave' });
    assert.equal(duplicate.status, 400);
    assert.deepEqual(Object.keys(((await duplicate.json()) as { errors: object }).errors), ['name']);
  });

  void test('user search: a hidden address finds its owner only when the query is the whole address', async () => {
    const erin = await json<{ accountId: string }>(
      call('POST', '/_emulator/users', {
        name: 'erin',
        displayName: 'Erin Quist',
        email: 'erin.quist@corp.test',
        emailVisible: false,
      }),
      201,
    );
    const search = (query: string) =>
      json<{ accountId: string; displayName: string; emailAddress?: string }[]>(
        call('GET', `/rest/api/3/user/search?query=${encodeURIComponent(query)}`),
      );
    const found = await search('Erin.Quist@corp.test');
    assert.deepEqual(
      found.map((user) => [user.accountId, user.displayName, user.emailAddress]),
      [[erin.accountId, 'Erin Quist', undefined]],
      'found, and shown without the address',
    );
    assert.deepEqual(await search('erin.quist@corp.te'), [], 'a hidden address is no prefix');
    assert.deepEqual(
      (await search('alice@exa')).map((user) => user.displayName),
      ['Alice Moreau'],
      'a visible address still matches by prefix',
    );
    assert.deepEqual(
      (await search('Erin')).map((user) => user.emailAddress ?? null),
      [null],
      'by name as before, no address',
    );
  });

  void test('custom fields: a cascading select with children shows in GET /field', async () => {
    const field = await json<{ id: string; options: { value: string; children?: { value: string }[] }[] }>(
      call('POST', '/_emulator/fields', {
        name: 'Impact',
        kind: 'cascadingselect',
        options: [{ value: 'High', children: ['Now', 'Soon'] }, 'Low'],
      }),
      201,
    );
    assert.match(field.id, /^customfield_\d+$/);
    assert.deepEqual(
      field.options[0]?.children?.map((child) => child.value),
      ['Now', 'Soon'],
    );
    const fields = await json<{ id: string; name: string }[]>(call('GET', '/rest/api/3/field'));
    assert.ok(fields.some((candidate) => candidate.id === field.id && candidate.name === 'Impact'));
    const bad = await call('POST', '/_emulator/fields', { name: 'Bad', kind: 'text', options: ['x'] });
    assert.equal(bad.status, 400);
  });

  void test('workflow: a required screen field and a group condition, assigned to one issue type', async () => {
    const assigned = await json<{ workflowByIssueType: Record<string, string> }>(
      call('PUT', '/_emulator/projects/BLUE/workflows', {
        name: 'Bug triage',
        issueTypes: ['Bug'],
        statuses: [
          { name: 'Triage', category: 'new' },
          { name: 'Fixed', category: 'done' },
        ],
        initialStatus: 'Triage',
        transitions: [
          {
            id: '101',
            name: 'Fix',
            from: ['Triage'],
            to: 'Fixed',
            screen: [{ field: 'Root cause', required: true }],
            conditions: [{ type: 'userInGroup', group: 'engineering' }],
            resolution: { set: 'Done' },
          },
          { id: '102', name: 'Reopen', from: ['Fixed'], to: 'Triage', resolution: 'clear' },
        ],
      }),
    );
    assert.deepEqual(assigned.workflowByIssueType, { Bug: 'Bug triage' });
    const bug = await json<{ key: string }>(
      call('POST', '/rest/api/2/issue', {
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Bug' }, summary: 'Crash on save' },
      }),
      201,
    );
    const status = async () =>
      (
        await json<{ fields: { status: { name: string }; resolution: { name: string } | null } }>(
          call('GET', `/rest/api/2/issue/${bug.key}?fields=status,resolution`),
        )
      ).fields;
    assert.equal((await status()).status.name, 'Triage');

    // alice is not in engineering: the transition is neither offered nor allowed.
    const offeredToAlice = await json<{ transitions: { id: string }[] }>(
      call('GET', `/rest/api/2/issue/${bug.key}/transitions`, undefined, ALICE),
    );
    assert.deepEqual(
      offeredToAlice.transitions.map((transition) => transition.id),
      [],
    );
    assert.equal(
      (await call('POST', `/rest/api/2/issue/${bug.key}/transitions`, { transition: { id: '101' } }, ALICE)).status,
      400,
    );

    const offered = await json<{ transitions: { id: string }[] }>(
      call('GET', `/rest/api/2/issue/${bug.key}/transitions`),
    );
    assert.deepEqual(
      offered.transitions.map((transition) => transition.id),
      ['101'],
    );
    const rootCause = (await json<{ id: string; name: string }[]>(call('GET', '/rest/api/2/field'))).find(
      (field) => field.name === 'Root cause',
    );
    assert.ok(rootCause);
    const missing = await call('POST', `/rest/api/2/issue/${bug.key}/transitions`, { transition: { id: '101' } });
    assert.equal(missing.status, 400);
    assert.deepEqual(((await missing.json()) as { errors: Record<string, string> }).errors, {
      [rootCause.id]: 'Root cause is required.',
    });
    assert.equal((await status()).status.name, 'Triage');

    const done = await call('POST', `/rest/api/2/issue/${bug.key}/transitions`, {
      transition: { id: '101' },
      fields: { [rootCause.id]: 'A null pointer.' },
    });
    assert.equal(done.status, 204);
    assert.deepEqual(await status().then((fields) => [fields.status.name, fields.resolution?.name]), ['Fixed', 'Done']);

    const badWorkflow = await call('PUT', '/_emulator/projects/BLUE/workflows', {
      name: 'X',
      transitions: [{ name: 'Go', to: 'Nowhere' }],
    });
    assert.equal(badWorkflow.status, 400);
    assert.deepEqual(Object.keys(((await badWorkflow.json()) as { errors: object }).errors), ['transitions[0].to']);
  });

  void test('project role actors are set through the control API and drive userInProjectRole conditions', async () => {
    await json(call('PUT', '/_emulator/projects/BLUE/roles/Developers', { users: ['alice'], groups: [] }));
    await json(
      call('PUT', '/_emulator/projects/BLUE/workflows', {
        name: 'Developer only',
        issueTypes: ['Story'],
        statuses: ['To Do', 'Done'],
        transitions: [
          {
            id: '201',
            name: 'Ship',
            from: ['To Do'],
            to: 'Done',
            conditions: [{ type: 'userInProjectRole', role: 'Developers' }],
          },
        ],
      }),
    );
    const story = await json<{ key: string }>(
      call('POST', '/rest/api/2/issue', {
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Story' }, summary: 'Ship it' },
      }),
      201,
    );
    const forAlice = await json<{ transitions: { id: string }[] }>(
      call('GET', `/rest/api/2/issue/${story.key}/transitions`, undefined, ALICE),
    );
    const forBob = await json<{ transitions: { id: string }[] }>(
      call('GET', `/rest/api/2/issue/${story.key}/transitions`, undefined, basic('bob@example.com', 'emulator-token')),
    );
    assert.deepEqual(
      forAlice.transitions.map((transition) => transition.id),
      ['201'],
    );
    assert.deepEqual(
      forBob.transitions.map((transition) => transition.id),
      [],
    );
  });

  void test('reset: back to defaults (issues, users, fields, faults, stats gone); with seed demo the demo returns', async () => {
    await json(
      call('POST', '/_emulator/faults', { type: 'error', status: 500, scope: { path: 'nothing-matches' } }),
      201,
    );
    await json(call('POST', '/_emulator/reset'));
    assert.equal((await call('GET', '/rest/api/3/issue/BLUE-1')).status, 404);
    assert.equal((await call('GET', '/rest/api/3/myself', undefined, ALICE)).status, 401, 'alice is gone');
    assert.deepEqual((await json<{ faults: unknown[] }>(call('GET', '/_emulator/faults'))).faults, []);
    assert.equal(
      (await json<{ total: number }>(call('GET', '/_emulator/stats'))).total,
      2,
      'only the two calls since the reset',
    );
    const fields = await json<{ custom: boolean }[]>(call('GET', '/rest/api/3/field'));
    assert.equal(fields.filter((field) => field.custom).length, 0);

    await json(call('POST', '/_emulator/reset', { seed: 'demo' }));
    assert.equal((await call('GET', '/rest/api/3/issue/BLUE-1')).status, 200);
    assert.equal((await call('GET', '/rest/api/3/myself', undefined, ALICE)).status, 200);
    const bad = await call('POST', '/_emulator/reset', { seed: 'galaxy' });
    assert.equal(bad.status, 400);
    assert.deepEqual(Object.keys(((await bad.json()) as { errors: object }).errors), ['seed']);
  });
});
