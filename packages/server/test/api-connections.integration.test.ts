/**
 * Connections through the API: list (paged) and read, create (written to the config file with its comments kept,
 * running at once), triggers, sync methods, pause and resume, recover and unsync by trigger; every bad input is a 400
 * naming the field, and leaves the config file byte for byte as it was.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { BASIC_CONNECTION, startApiNode, type ApiNode } from './support/api-node.ts';

const paths = (body: { error: { details: { issues: { in: string; path: (string | number)[] }[] } } }) =>
  body.error.details.issues.map((issue) => `${issue.in}:${issue.path.join('.')}`);

void describe('connections API', () => {
  let api: ApiNode;
  before(async () => {
    api = await startApiNode(BASIC_CONNECTION);
  });
  after(async () => {
    await api.close();
  });

  /** Calls the API expecting a 400 with these paths; the config file must not change. */
  async function refused(method: string, url: string, body: unknown, expected: string[]) {
    const file = api.configText();
    const answer = await api.call(method, url, { body });
    assert.equal(answer.status, 400, `${method} ${url} ${JSON.stringify(body)}: ${answer.text}`);
    assert.deepEqual(paths(answer.body), expected, answer.body.error.message);
    assert.equal(api.configText(), file, 'nothing changed');
    return answer;
  }

  void test('list and read: status, sides with triggers, counts, syncs per hour', async () => {
    const list = await api.call('GET', '/api/connections');
    assert.equal(list.status, 200);
    assert.equal(list.body.nextCursor, null);
    const [connection] = list.body.items;
    assert.equal(connection.name, 'blue_green');
    assert.equal(connection.description, 'the test connection');
    assert.equal(connection.mode, 'basic');
    assert.equal(connection.status, 'active');
    assert.equal(connection.syncsPerHour.length, 24);
    assert.equal(connection.lastSyncAt, null);
    assert.equal(connection.peer, null);
    assert.deepEqual(connection.sides[0], {
      side: 'a',
      instance: 'blue',
      remote: false,
      project: 'BLUE',
      trigger: 'project = BLUE AND labels = bulk-me',
      triggers: [{ jql: 'project = BLUE AND labels = bulk-me', active: true, note: null }],
      sync: 'auto',
      url: api.blue.url,
    });
    assert.equal(connection.sides[1].trigger, null);
    assert.deepEqual((await api.call('GET', '/api/connections/blue_green')).body, connection);
    assert.equal((await api.call('GET', '/api/connections/nope')).status, 404);
    await refused('GET', '/api/connections?limit=0', undefined, ['query:limit']);
    await refused('GET', '/api/connections?cursor=bogus', undefined, ['query:cursor']);
  });

  void test('create: bad input is 400 with the field path and changes nothing', async () => {
    const side = (instance: string, project: string) => ({ instance, project });
    await refused('POST', '/api/connections', { sides: [side('blue', 'BLUE'), side('green', 'GREEN')] }, ['body:name']);
    await refused(
      'POST',
      '/api/connections',
      { name: 'bad name!', sides: [side('blue', 'BLUE'), side('green', 'GREEN')] },
      ['body:name'],
    );
    await refused('POST', '/api/connections', { name: 'x', sides: [side('blue', 'BLUE')] }, ['body:sides']);
    await refused('POST', '/api/connections', { name: 'x', sides: [side('blue', 'BLUE'), side('blue', 'SUP')] }, [
      'body:sides.1.instance',
    ]);
    // The config parser's own checks, told at the body's paths.
    await refused('POST', '/api/connections', { name: 'x', sides: [side('blue', 'BLUE'), side('purple', 'GREEN')] }, [
      'body:sides.1.instance',
    ]);
    await refused('POST', '/api/connections', { name: 'x', sides: [side('blue', 'BLUE'), side('green', 'green')] }, [
      'body:sides.1.project',
    ]);
    await refused(
      'POST',
      '/api/connections',
      { name: 'x', sides: [side('blue', 'BLUE'), { instance: 'green', remote: true }] },
      ['body:sides.1.remote'],
    );
    await refused(
      'POST',
      '/api/connections',
      { name: 'x', mode: 'visual', sides: [side('blue', 'BLUE'), side('green', 'GREEN')] },
      ['body:mode'],
    );
    const twice = await api.call('POST', '/api/connections', {
      body: { name: 'blue_green', sides: [side('blue', 'BLUE'), side('green', 'GREEN')] },
    });
    assert.equal(twice.status, 409);
  });

  void test('create: saved to the config file (comments kept) and running at once', async () => {
    const before = api.configText();
    const created = await api.call('POST', '/api/connections', {
      body: {
        name: 'support',
        description: 'support desk',
        sides: [
          { instance: 'blue', project: 'SUP', trigger: 'project = SUP AND labels = escalate' },
          { instance: 'green', project: 'ENG', sync: 'manual' },
        ],
      },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.name, 'support');
    assert.equal(created.body.status, 'active');
    assert.equal(created.body.sides[1].sync, 'manual');
    const text = api.configText();
    assert.ok(text.startsWith(before.trimEnd().split('\n').slice(0, 3).join('\n')), 'the head of the file is kept');
    assert.match(text, /# The test node\. This comment must survive/);
    assert.match(text, /# blue's side/);
    assert.match(
      text,
      /  support:\n    description: support desk\n    sides:\n      blue: \{ project: SUP, trigger: project = SUP AND labels = escalate \}\n      green: \{ project: ENG, sync: manual \}\n/,
    );
    // Running: the engine knows it, and two issues can be connected through it.
    assert.ok(api.node.liveConnections.engineConnection('support'));
    const issue = (project: string) => ({
      fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: 'Printer on fire' },
    });
    const sup = (await api.jira('blue', 'POST', '/rest/api/2/issue', issue('SUP'))) as { key: string };
    const eng = (await api.jira('green', 'POST', '/rest/api/2/issue', issue('ENG'))) as { key: string };
    const connected = await api.call('POST', '/api/connect', {
      body: { connection: 'support', a: eng.key, b: sup.key },
    });
    assert.equal(connected.status, 201, connected.text);
    assert.equal(connected.body.twin.connection, 'support');
    assert.equal(connected.body.twin.a.url, `${api.blue.url}/browse/${sup.key}`);
    await api.idle();
    const after = await api.call('GET', '/api/connections/support');
    assert.equal(after.body.twins, 1);
    assert.equal(typeof after.body.lastSyncAt, 'number');
    assert.equal(after.body.syncsPerHour.reduce((sum: number, count: number) => sum + count, 0) >= 1, true);

    const first = await api.call('GET', '/api/connections?limit=1');
    assert.deepEqual(
      first.body.items.map((item: { name: string }) => item.name),
      ['blue_green'],
    );
    const second = await api.call('GET', `/api/connections?limit=1&cursor=${first.body.nextCursor}`);
    assert.deepEqual(
      second.body.items.map((item: { name: string }) => item.name),
      ['support'],
    );
    assert.equal(second.body.nextCursor, null);
  });

  void test('triggers: read, replace (saved, applied live), refused with the path when wrong', async () => {
    const read = await api.call('GET', '/api/connections/blue_green/triggers');
    assert.deepEqual(read.body.sides[0].triggers, [
      { jql: 'project = BLUE AND labels = bulk-me', active: true, note: null },
    ]);
    await refused('PUT', '/api/connections/blue_green/triggers', { triggers: { blue: [{ jql: ' ' }] } }, [
      'body:triggers.blue.0.jql',
    ]);
    await refused('PUT', '/api/connections/blue_green/triggers', { triggers: { purple: [{ jql: 'project = X' }] } }, [
      'body:triggers.purple',
    ]);
    await refused('PUT', '/api/connections/blue_green/triggers', { triggers: { blue: [{ jql: 'x', on: 1 }] } }, [
      'body:triggers.blue.0',
    ]);
    assert.equal((await api.call('PUT', '/api/connections/nope/triggers', { body: { triggers: {} } })).status, 404);

    const triggers = [
      { jql: 'project = BLUE AND labels = bulk-me' },
      { jql: 'project = BLUE AND labels = later', active: false, note: 'not yet' },
    ];
    const saved = await api.call('PUT', '/api/connections/blue_green/triggers', {
      body: { triggers: { blue: triggers, green: [{ jql: 'project = GREEN AND labels = bulk-me' }] } },
    });
    assert.equal(saved.status, 200, saved.text);
    assert.deepEqual(saved.body.sides[0].triggers, [
      { jql: 'project = BLUE AND labels = bulk-me', active: true, note: null },
      { jql: 'project = BLUE AND labels = later', active: false, note: 'not yet' },
    ]);
    assert.match(
      api.configText(),
      / {6}blue: # blue's side\n {8}project: BLUE\n {8}triggers:\n {10}- \{ jql: project = BLUE AND labels = bulk-me \}\n {10}- \{ jql: project = BLUE AND labels = later, active: false, note: not yet \}\n/,
    );
    assert.match(api.configText(), /green: \{ project: GREEN, trigger: project = GREEN AND labels = bulk-me \}/);
    const live = api.node.liveConnections.engineConnection('blue_green');
    assert.equal(live?.a.trigger, 'project = BLUE AND labels = bulk-me');
    assert.equal(live?.a.triggers?.length, 2);
    assert.equal(live?.b.trigger, 'project = GREEN AND labels = bulk-me');
  });

  void test("a side's sync method: saved and applied; a bad method or side is 400", async () => {
    await refused('PUT', '/api/connections/blue_green/sides/green', { sync: 'never' }, ['body:sync']);
    await refused('PUT', '/api/connections/blue_green/sides/purple', { sync: 'manual' }, ['path:instance']);
    const saved = await api.call('PUT', '/api/connections/blue_green/sides/green', { body: { sync: 'manual' } });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.sides[1].sync, 'manual');
    assert.equal(api.node.liveConnections.engineConnection('blue_green')?.b.sync, 'manual');
    assert.match(
      api.configText(),
      /green: \{ project: GREEN, trigger: project = GREEN AND labels = bulk-me, sync: manual \}/,
    );
    const back = await api.call('PUT', '/api/connections/blue_green/sides/green', { body: { sync: 'auto' } });
    assert.equal(back.body.sides[1].sync, 'auto');
  });

  void test('pause and resume; what cannot be done is 409, what does not exist 404', async () => {
    const paused = await api.call('POST', '/api/connections/blue_green/pause');
    assert.equal(paused.status, 200);
    assert.equal(paused.body.status, 'paused');
    assert.equal((await api.call('POST', '/api/connections/blue_green/pause')).body.status, 'paused');
    const resumed = await api.call('POST', '/api/connections/blue_green/resume');
    assert.equal(resumed.body.status, 'active');
    assert.equal((await api.call('POST', '/api/connections/nope/pause')).status, 404);
    assert.equal((await api.call('POST', '/api/connections/nope/resume')).status, 404);
  });

  void test('recover and unsync by trigger', async () => {
    const recovered = await api.call('POST', '/api/connections/blue_green/recover');
    assert.equal(recovered.status, 200, recovered.text);
    assert.equal(recovered.body.connection, 'blue_green');
    assert.equal(typeof recovered.body.recovered, 'number');
    assert.equal((await api.call('POST', '/api/connections/nope/recover')).status, 404);
    await refused('POST', '/api/connections/blue_green/unsync-trigger', { instance: 'blue', trigger: 0 }, [
      'body:trigger',
    ]);
    assert.equal(
      (await api.call('POST', '/api/connections/blue_green/unsync-trigger', { body: { instance: 'blue', trigger: 9 } }))
        .status,
      409,
    );
    const unsynced = await api.call('POST', '/api/connections/blue_green/unsync-trigger', {
      body: { instance: 'blue', trigger: 2 },
    });
    assert.equal(unsynced.status, 200, unsynced.text);
    assert.deepEqual(unsynced.body.twins, []);
  });
});
