// Issue search over real HTTP: Cloud's enhanced search (token paging until isLast, fields default id, bounded JQL,
// reconcileIssues under index lag, approximate count, 410 on the removed endpoints) and Data Center's offset search
// (startAt/total, shape of a captured real response). Responses are validated against Atlassian's documents.
import { after, before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';
import { loadFixture, compareShape } from './support/fixture-shape.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse } from './support/openapi-contract.ts';

const T0 = Date.parse('2026-03-10T12:00:00.000Z');
const REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';
const UNBOUNDED = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

interface SearchPage {
  issues: { id: string; key?: string; fields?: Record<string, unknown> }[];
  nextPageToken?: string;
  isLast: boolean;
}

async function createIssues(
  http: JiraHttp,
  base: string,
  project: string,
  summaries: string[],
): Promise<{ id: string; key: string }[]> {
  const created: { id: string; key: string }[] = [];
  for (const summary of summaries) {
    const body = await http.object('POST', `${base}/issue`, {
      body: { fields: { project: { key: project }, issuetype: { name: 'Task' }, summary } },
    });
    created.push({ id: String(body['id']), key: String(body['key']) });
  }
  return created;
}

void describe('Cloud enhanced search', () => {
  let emulator: JiraEmulator;
  let http: JiraHttp;
  let created: { id: string; key: string }[];

  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo', frozenClockAt: T0 });
    http = new JiraHttp('cloud', emulator.url);
    created = await createIssues(http, '/rest/api/3', 'SUP', [
      'Paging one',
      'Paging two',
      'Paging three',
      'Paging four',
      'Paging five',
    ]);
  });
  after(async () => {
    await emulator.close();
  });

  async function search(method: 'GET' | 'POST', version: 2 | 3, params: Record<string, unknown>): Promise<SearchPage> {
    const path = `/rest/api/${version}/search/jql`;
    const response =
      method === 'GET'
        ? await http.call(
            'GET',
            `${path}?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, Array.isArray(v) ? v.join(',') : String(v)])).toString()}`,
          )
        : await http.call('POST', path, { body: params });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assertValidResponse('cloud', method, path, 200, response.body);
    return response.body as SearchPage;
  }

  void it('pages with nextPageToken until isLast, ids only by default, no total or startAt', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      for (;;) {
        const page = await search(method, 3, {
          jql: 'project = SUP AND summary ~ paging ORDER BY key ASC',
          maxResults: 2,
          ...(token ? { nextPageToken: token } : {}),
        });
        pages++;
        for (const issue of page.issues) assert.deepEqual(Object.keys(issue), ['id']);
        seen.push(...page.issues.map((issue) => issue.id));
        assert.equal('total' in page, false);
        assert.equal('startAt' in page, false);
        if (page.isLast) {
          assert.equal(page.nextPageToken, undefined);
          break;
        }
        assert.equal(typeof page.nextPageToken, 'string');
        token = page.nextPageToken;
        assert.ok(pages < 10);
      }
      assert.equal(pages, 3);
      assert.deepEqual(
        seen,
        created.map((issue) => issue.id),
      );
    }
  });

  void it('renders requested fields in v2 and v3, with names at the top level', async () => {
    const v3 = await search('GET', 3, {
      jql: `key = ${created[0]?.key ?? ''}`,
      fields: 'summary,status,description',
      expand: 'names',
    });
    assert.equal(v3.issues[0]?.key, created[0]?.key);
    assert.equal(v3.issues[0]?.fields?.['summary'], 'Paging one');
    assert.deepEqual(Object.keys(v3.issues[0]?.fields ?? {}).sort(), ['description', 'status', 'summary']);
    assert.equal((v3 as unknown as { names: Record<string, string> }).names['summary'], 'Summary');
    const v2 = await search('POST', 2, { jql: 'project = BLUE AND description ~ "redirect"', fields: ['description'] });
    assert.ok(v2.issues.length > 0);
    assert.equal(typeof v2.issues[0]?.fields?.['description'], 'string', 'v2 renders wiki markup');
  });

  void it('refuses unbounded JQL, bad JQL and bad tokens with Jira error bodies', async () => {
    for (const jql of ['', 'ORDER BY created DESC']) {
      const response = await http.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}`);
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, { errorMessages: [UNBOUNDED], errors: {} });
      assertValidResponse('cloud', 'GET', '/rest/api/3/search/jql', 400, response.body);
    }
    const unknown = await http.call('POST', '/rest/api/3/search/jql', { body: { jql: 'foo = bar' } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.body, {
      errorMessages: ["Field 'foo' does not exist or you do not have permission to view it."],
      errors: {},
    });
    const nope = await http.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = NOPE')}`);
    assert.deepEqual(nope.body, {
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
      errors: {},
    });
    const syntax = await http.call('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = ')}`);
    assert.equal(syntax.status, 400);
    assert.match((syntax.body as { errorMessages: string[] }).errorMessages[0] ?? '', /^Error in the JQL Query: /);
    const token = await http.call('GET', `/rest/api/3/search/jql?jql=project%3DSUP&nextPageToken=garbage`);
    assert.equal(token.status, 400);
  });

  void it("answers 410 Gone with Jira's message on the removed /search", async () => {
    for (const version of [2, 3]) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await http.call(
          method,
          `/rest/api/${version}/search?jql=project%3DSUP`,
          method === 'POST' ? { body: { jql: 'project = SUP' } } : {},
        );
        assert.equal(response.status, 410);
        assert.deepEqual(response.body, { errorMessages: [REMOVED], errors: {} });
      }
    }
  });

  void it('gives an approximate count', async () => {
    const response = await http.call('POST', '/rest/api/3/search/approximate-count', {
      body: { jql: 'project = SUP AND summary ~ paging' },
    });
    assert.equal(response.status, 200);
    assertValidResponse('cloud', 'POST', '/rest/api/3/search/approximate-count', 200, response.body);
    assert.deepEqual(response.body, { count: 5 });
  });

  void it('index lag hides new and changed issues until the clock passes it, except through reconcileIssues', async () => {
    assert.deepEqual(await http.expect('GET', '/_emulator/search/lag'), { lagMs: 0, pending: 0 });
    await http.expect('PUT', '/_emulator/search/lag', { body: { lagMs: 5000 } });
    assert.equal(emulator.context.searchIndex.lagMs, 5000);
    const [fresh] = await createIssues(http, '/rest/api/3', 'SUP', ['Lagging behind']);
    assert.ok(fresh);
    const jql = 'project = SUP AND summary ~ lagging';
    assert.deepEqual((await search('GET', 3, { jql })).issues, [], 'a new issue is not searchable yet');
    const reconciled = await search('POST', 3, { jql, reconcileIssues: [Number(fresh.id)] });
    assert.deepEqual(reconciled.issues, [{ id: fresh.id }]);
    const reconciledGet = await search('GET', 3, { jql, reconcileIssues: fresh.id });
    assert.deepEqual(reconciledGet.issues, [{ id: fresh.id }]);

    emulator.context.clock.advance(4999);
    assert.deepEqual((await search('GET', 3, { jql })).issues, []);
    emulator.context.clock.advance(1);
    assert.deepEqual(
      (await search('GET', 3, { jql })).issues,
      [{ id: fresh.id }],
      'visible once the clock passes the lag',
    );

    // An edit: search still matches and shows the old version until the lag has passed.
    await http.expect('PUT', `/rest/api/3/issue/${fresh.key}`, { body: { fields: { summary: 'Renamed' } } });
    const stale = await search('GET', 3, { jql, fields: 'summary' });
    assert.equal(stale.issues[0]?.fields?.['summary'], 'Lagging behind');
    assert.deepEqual((await search('GET', 3, { jql: 'project = SUP AND summary ~ renamed' })).issues, []);
    assert.deepEqual(
      (await search('GET', 3, { jql: 'project = SUP AND summary ~ renamed', reconcileIssues: fresh.id })).issues,
      [{ id: fresh.id }],
    );

    // A deletion lingers in search.
    emulator.context.clock.advance(5000);
    await http.expect('DELETE', `/rest/api/3/issue/${fresh.key}`, { status: 204 });
    assert.deepEqual((await search('GET', 3, { jql: 'project = SUP AND summary ~ renamed' })).issues, [
      { id: fresh.id },
    ]);
    assert.deepEqual(
      (await search('GET', 3, { jql: 'project = SUP AND summary ~ renamed', reconcileIssues: fresh.id })).issues,
      [],
    );
    emulator.context.clock.advance(5000);
    assert.deepEqual((await search('GET', 3, { jql: 'project = SUP AND summary ~ renamed' })).issues, []);

    await http.expect('PUT', '/_emulator/search/lag', { body: { lagMs: 0 } });
    const bad = await http.call('PUT', '/_emulator/search/lag', { body: { lagMs: -1 } });
    assert.equal(bad.status, 400);
  });
});

void describe('Data Center search', () => {
  let emulator: JiraEmulator;
  let http: JiraHttp;
  let created: { id: string; key: string }[];

  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo', frozenClockAt: T0 });
    http = new JiraHttp('datacenter', emulator.url);
    created = await createIssues(http, '/rest/api/2', 'ENG', ['Offset one', 'Offset two', 'Offset three']);
  });
  after(async () => {
    await emulator.close();
  });

  void it('pages with startAt, maxResults and total; fields default to *navigable', async () => {
    const jql = 'project = ENG AND summary ~ offset ORDER BY key ASC';
    const first = await http.object('GET', `/rest/api/2/search?jql=${encodeURIComponent(jql)}&maxResults=2`);
    assertValidResponse('datacenter', 'GET', '/rest/api/2/search', 200, first);
    assert.equal(first['startAt'], 0);
    assert.equal(first['maxResults'], 2);
    assert.equal(first['total'], 3);
    const issues = first['issues'] as { key: string; fields: Record<string, unknown> }[];
    assert.deepEqual(
      issues.map((issue) => issue.key),
      created.slice(0, 2).map((issue) => issue.key),
    );
    assert.ok('summary' in (issues[0]?.fields ?? {}));
    assert.equal('comment' in (issues[0]?.fields ?? {}), false, 'comment is not navigable');
    const second = await http.object('POST', '/rest/api/2/search', {
      body: { jql, startAt: 2, maxResults: 2, fields: ['summary'] },
    });
    assertValidResponse('datacenter', 'POST', '/rest/api/2/search', 200, second);
    assert.equal(second['total'], 3);
    assert.deepEqual(
      (second['issues'] as { key: string }[]).map((issue) => issue.key),
      [created[2]?.key],
    );
    const capped = await http.object('GET', `/rest/api/2/search?jql=${encodeURIComponent(jql)}&maxResults=5000`);
    assert.equal(capped['maxResults'], 1000);
    // DC accepts an empty query (every issue).
    const all = await http.object('GET', '/rest/api/2/search');
    assert.equal(all['total'], emulator.context.state.issueCount);
  });

  void it('matches the shape of a captured Jira Server search response', async () => {
    const fixture = loadFixture('dc-v2-jrjc/search/issues1.json');
    const actual = await http.object(
      'GET',
      `/rest/api/2/search?jql=${encodeURIComponent('project = ENG')}&expand=names`,
    );
    const differences = compareShape(fixture, actual, {
      paths: [
        'expand',
        'startAt',
        'maxResults',
        'total',
        'issues[].id',
        'issues[].key',
        'issues[].self',
        'issues[].fields.summary',
        'issues[].fields.status.name',
        'issues[].fields.issuetype.name',
        'issues[].fields.reporter.name',
        'issues[].fields.updated',
        'issues[].fields.created',
        'issues[].fields.labels',
        'issues[].fields.project.key',
      ],
    });
    assert.deepEqual(differences, []);
  });

  void it('answers bad JQL with Jira error bodies; users are usernames', async () => {
    const response = await http.call('GET', `/rest/api/2/search?jql=${encodeURIComponent('project = NOPE')}`);
    assert.equal(response.status, 400);
    assert.deepEqual(response.body, {
      errorMessages: ["The value 'NOPE' does not exist for the field 'project'."],
      errors: {},
    });
    assertValidResponse('datacenter', 'GET', '/rest/api/2/search', 400, response.body);
    const mine = await http.object(
      'GET',
      `/rest/api/2/search?jql=${encodeURIComponent('reporter = admin AND summary ~ offset')}`,
    );
    assert.equal(mine['total'], 3);
    const current = await http.object('POST', '/rest/api/2/search', {
      body: { jql: 'reporter = currentUser() AND summary ~ offset' },
    });
    assert.equal(current['total'], 3);
  });
});
