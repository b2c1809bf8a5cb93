// Cloud's changelog resources over real HTTP: PageBeanChangelog paging (100 a page by default, nextPage, isLast),
// POST changelog/list by id, and that Data Center serves neither (it reads history through expand=changelog).
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJiraEmulator, type JiraEmulator } from '../src/start-jira-emulator.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse } from './support/openapi-contract.ts';

void describe('changelog (cloud)', () => {
  let emulator: JiraEmulator;
  let http: JiraHttp;
  let key: string;

  before(async () => {
    emulator = await startJiraEmulator({
      flavor: 'cloud',
      port: 0,
      seed: 'demo',
      frozenClockAt: Date.UTC(2026, 3, 25, 7, 0, 0),
    });
    http = new JiraHttp('cloud', emulator.url);
    const created = await http.object('POST', '/rest/api/3/issue', {
      body: { fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'v0' } },
    });
    key = String(created['key']);
    for (let version = 1; version <= 3; version++) {
      emulator.context.clock.advance(1000);
      await http.expect('PUT', `/rest/api/3/issue/${key}`, {
        body: { fields: { summary: `v${version}` } },
        status: 204,
      });
    }
  });
  after(async () => {
    await emulator.close();
  });

  void it('pages histories oldest first with Jira page fields', async () => {
    const path = `/rest/api/3/issue/${key}/changelog`;
    const full = await http.call('GET', path);
    assert.equal(full.status, 200);
    assertValidResponse('cloud', 'GET', path, 200, full.body);
    const page = full.body as Record<string, unknown>;
    assert.equal(page['maxResults'], 100);
    assert.equal(page['startAt'], 0);
    assert.equal(page['total'], 3);
    assert.equal(page['isLast'], true);
    assert.equal(page['nextPage'], undefined);
    const values = page['values'] as { id: string; created: string; items: Record<string, unknown>[] }[];
    assert.deepEqual(
      values.map((history) => history.items[0]?.['toString']),
      ['v1', 'v2', 'v3'],
    );
    assert.deepEqual(
      values.map((history) => history.created),
      ['2026-04-25T07:00:01.000+0000', '2026-04-25T07:00:02.000+0000', '2026-04-25T07:00:03.000+0000'],
    );

    const first = await http.call('GET', `${path}?maxResults=2`);
    assertValidResponse('cloud', 'GET', path, 200, first.body);
    const firstPage = first.body as Record<string, unknown>;
    assert.equal(firstPage['isLast'], false);
    assert.equal(firstPage['nextPage'], `${emulator.url}${path}?maxResults=2&startAt=2`);
    const next = await http.object('GET', String(firstPage['nextPage']).slice(emulator.url.length));
    assert.equal(next['isLast'], true);
    assert.deepEqual(
      (next['values'] as { items: Record<string, unknown>[] }[]).map((history) => history.items[0]?.['toString']),
      ['v3'],
    );

    const capped = await http.object('GET', `${path}?maxResults=1000`);
    assert.equal(capped['maxResults'], 100);
    assert.equal((await http.call('GET', '/rest/api/3/issue/NOPE-1/changelog')).status, 404);
  });

  void it('returns chosen histories by id, and 400 without ids', async () => {
    const path = `/rest/api/3/issue/${key}/changelog`;
    const all = (await http.object('GET', path))['values'] as { id: string }[];
    const wanted = [Number(all[2]?.id), Number(all[0]?.id)];
    const response = await http.call('POST', `${path}/list`, { body: { changelogIds: wanted } });
    assert.equal(response.status, 200);
    assertValidResponse('cloud', 'POST', `${path}/list`, 200, response.body);
    const body = response.body as { histories: { id: string }[]; total: number };
    assert.deepEqual(
      body.histories.map((history) => history.id),
      [all[0]?.id, all[2]?.id],
    );
    assert.equal(body.total, 2);
    const empty = await http.call('POST', `${path}/list`, { body: {} });
    assert.equal(empty.status, 400);
    assertValidResponse('cloud', 'POST', `${path}/list`, 400, empty.body);
  });

  void it('serves the same pages on REST v2', async () => {
    const v2 = await http.object('GET', `/rest/api/2/issue/${key}/changelog`);
    assert.equal(v2['total'], 3);
    assert.match(String(v2['self']), /\/rest\/api\/2\//);
  });
});

void describe('changelog (datacenter)', () => {
  let emulator: JiraEmulator;

  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
  });
  after(async () => {
    await emulator.close();
  });

  void it('has no changelog resource (Data Center reads history with expand=changelog)', async () => {
    const http = new JiraHttp('datacenter', emulator.url);
    const key = String(emulator.context.state.data.issues[0]?.key);
    assert.equal((await http.call('GET', `/rest/api/2/issue/${key}/changelog`)).status, 404);
    assert.equal(
      (await http.call('POST', `/rest/api/2/issue/${key}/changelog/list`, { body: { changelogIds: [1] } })).status,
      404,
    );
    const expanded = await http.object('GET', `/rest/api/2/issue/${key}?expand=changelog`);
    assert.ok(Array.isArray((expanded['changelog'] as { histories: unknown[] }).histories));
  });
});
