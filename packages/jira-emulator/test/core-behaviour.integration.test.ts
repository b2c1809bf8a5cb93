// Core Jira behaviour a sync engine depends on, over HTTP on both flavours: status changes only through
// transitions (resolution set on Done, cleared on Reopen), restricted comments hidden from users outside the group,
// Jira's 401, create validation errors, `update` label operations, changelog items, Jira's timestamp format, and
// on Cloud the ADF checks of v3 and wiki → ADF conversion from v2.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJiraEmulator, type JiraEmulator } from '../src/index.ts';
import { basicAuth, JiraHttp } from './support/jira-http.ts';
import { JIRA_FLAVORS, type JiraFlavor } from './support/openapi-contract.ts';

/** 2026-04-25T18:35:13.605Z: the frozen clock, so timestamps are exact. */
const FROZEN_AT = Date.UTC(2026, 3, 25, 18, 35, 13, 605);

interface Fields {
  readonly [name: string]: unknown;
}

for (const flavor of JIRA_FLAVORS) {
  void describe(`${flavor}: core behaviour`, () => {
    let emulator: JiraEmulator;
    let http: JiraHttp;
    const project = flavor === 'cloud' ? 'BLUE' : 'GREEN';
    const base = '/rest/api/2';

    before(async () => {
      emulator = await startJiraEmulator({ flavor, port: 0, seed: 'demo', frozenClockAt: FROZEN_AT });
      http = new JiraHttp(flavor, emulator.url);
    });
    after(() => emulator.close());

    async function newIssue(fields: Fields = {}): Promise<string> {
      const made = await http.object('POST', `${base}/issue`, {
        body: { fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: 'Behaviour', ...fields } },
        status: 201,
      });
      return String(made['key']);
    }
    async function fieldsOf(key: string, names: string, auth?: string): Promise<Record<string, unknown>> {
      const issue = await http.object('GET', `${base}/issue/${key}?fields=${names}`, auth ? { auth } : {});
      return issue['fields'] as Record<string, unknown>;
    }
    const statusName = (fields: Record<string, unknown>): unknown => (fields['status'] as { name?: unknown }).name;

    void it("PUT cannot change status: 400 with Jira's field error, and nothing changes", async () => {
      const key = await newIssue();
      const response = await http.call('PUT', `${base}/issue/${key}`, {
        body: { fields: { status: { name: 'Done' } } },
      });
      assert.equal(response.status, 400);
      assert.deepEqual(response.body, {
        errorMessages: [],
        errors: { status: "Field 'status' cannot be set. It is not on the appropriate screen, or unknown." },
      });
      assert.equal(statusName(await fieldsOf(key, 'status')), 'To Do');
    });

    void it('POST transition answers 204; Done sets the resolution, Reopen clears it', async () => {
      const key = await newIssue();
      const start = await http.call('POST', `${base}/issue/${key}/transitions`, { body: { transition: { id: '11' } } });
      assert.equal(start.status, 204);
      assert.equal(start.bytes.length, 0, '204 has no body');
      assert.equal(statusName(await fieldsOf(key, 'status')), 'In Progress');

      await http.expect('POST', `${base}/issue/${key}/transitions`, {
        body: { transition: { id: '21' } },
        status: 204,
      });
      const done = await fieldsOf(key, 'status,resolution,resolutiondate');
      assert.equal(statusName(done), 'Done');
      assert.equal((done['status'] as { statusCategory: { key: string } }).statusCategory.key, 'done');
      assert.equal((done['resolution'] as { name?: unknown } | null)?.name, 'Done');
      assert.equal(done['resolutiondate'], '2026-04-25T18:35:13.605+0000');

      await http.expect('POST', `${base}/issue/${key}/transitions`, {
        body: { transition: { id: '31' } },
        status: 204,
      });
      const reopened = await fieldsOf(key, 'status,resolution,resolutiondate');
      assert.equal(statusName(reopened), 'In Progress');
      assert.equal(reopened['resolution'], null);
      assert.equal(reopened['resolutiondate'], null);
    });

    void it("an invalid transition answers 400 with Jira's error body", async () => {
      const key = await newIssue();
      // 21 (Done) is not available from To Do; 999 does not exist.
      for (const id of ['21', '999']) {
        const response = await http.call('POST', `${base}/issue/${key}/transitions`, { body: { transition: { id } } });
        assert.equal(response.status, 400, `transition ${id}`);
        const body = response.body as { errorMessages: string[]; errors: object };
        assert.equal(body.errorMessages.length, 1);
        assert.match(body.errorMessages[0] ?? '', /Transition id '\d+' is not valid for this issue\./);
        assert.deepEqual(body.errors, {});
      }
      assert.equal(statusName(await fieldsOf(key, 'status')), 'To Do');
    });

    void it('restricted comments are invisible to a user outside the group, on GET issue and GET comments', async () => {
      const key = await newIssue();
      await http.expect('POST', `${base}/issue/${key}/comment`, { body: { body: 'Everyone sees this' }, status: 201 });
      const hidden = await http.object('POST', `${base}/issue/${key}/comment`, {
        body: { body: 'Engineering only', visibility: { type: 'group', value: 'engineering' } },
        status: 201,
      });
      // A new user, made through Jira's own endpoint, in no group but the default one.
      const created = await http.object('POST', `${base}/user`, {
        body: {
          emailAddress: 'outsider@example.com',
          displayName: 'Out Sider',
          name: 'outsider',
          password: 'outsider-pw',
          products: [],
        },
        status: 201,
      });
      const outsider =
        flavor === 'cloud' ? basicAuth('outsider@example.com', 'emulator-token') : basicAuth('outsider', 'outsider-pw');
      assert.ok(flavor === 'cloud' ? created['accountId'] : created['name']);

      const adminView = (await fieldsOf(key, 'comment'))['comment'] as { total: number; comments: { id: string }[] };
      assert.equal(adminView.total, 2);
      const outsiderView = (await fieldsOf(key, 'comment', outsider))['comment'] as {
        total: number;
        comments: { id: string; body: unknown }[];
      };
      assert.deepEqual(
        outsiderView.comments.map((comment) => comment.body),
        ['Everyone sees this'],
      );
      assert.equal(outsiderView.total, 1);

      const page = await http.object('GET', `${base}/issue/${key}/comment`, { auth: outsider });
      assert.deepEqual(
        (page['comments'] as { id: string }[]).map((comment) => comment.id).includes(String(hidden['id'])),
        false,
      );
      assert.equal(page['total'], 1);
      const direct = await http.call('GET', `${base}/issue/${key}/comment/${String(hidden['id'])}`, { auth: outsider });
      assert.equal(direct.status, 404);
      assert.deepEqual(Object.keys(direct.body as object).sort(), ['errorMessages', 'errors']);
    });

    void it("wrong credentials get Jira's 401 with its error body", async () => {
      const wrong = flavor === 'cloud' ? basicAuth('admin@example.com', 'not-the-token') : basicAuth('admin', 'wrong');
      for (const auth of [wrong, null, 'Bearer not-a-token']) {
        const response = await http.call('GET', `${base}/myself`, { auth });
        assert.equal(response.status, 401, `auth ${String(auth)}`);
        const body = response.body as { errorMessages: string[]; errors: object };
        assert.deepEqual(body.errors, {});
        assert.equal(body.errorMessages.length, 1);
        assert.match(
          body.errorMessages[0] ?? '',
          flavor === 'cloud' ? /^Client must be authenticated/ : /^You are not authenticated/,
        );
      }
      if (flavor === 'datacenter') {
        const response = await http.call('GET', `${base}/myself`, { auth: wrong });
        assert.equal(response.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
        const token = await http.call('GET', `${base}/myself`, { auth: 'Bearer emulator-token' });
        assert.equal(token.status, 200);
      }
    });

    void it('create answers 400 naming each invalid field', async () => {
      const missing = await http.call('POST', `${base}/issue`, {
        body: { fields: { project: { key: project }, issuetype: { name: 'Task' } } },
      });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, {
        errorMessages: [],
        errors: { summary: 'You must specify a summary of the issue.' },
      });

      const badProject = await http.call('POST', `${base}/issue`, {
        body: { fields: { project: { key: 'NOPE' }, issuetype: { name: 'Task' }, summary: 'x' } },
      });
      assert.equal(badProject.status, 400);
      assert.ok((badProject.body as { errors: Record<string, string> }).errors['project']);

      const badType = await http.call('POST', `${base}/issue`, {
        body: { fields: { project: { key: project }, issuetype: { name: 'Nonsense' }, summary: 'x' } },
      });
      assert.equal(badType.status, 400);
      assert.ok((badType.body as { errors: Record<string, string> }).errors['issuetype']);
    });

    void it('edit `update` adds and removes labels, and records the change in the changelog', async () => {
      const key = await newIssue({ labels: ['alpha', 'beta'] });
      await http.expect('PUT', `${base}/issue/${key}`, {
        body: { fields: { summary: 'Renamed' }, update: { labels: [{ add: 'gamma' }, { remove: 'alpha' }] } },
        status: 204,
      });
      const fields = await fieldsOf(key, 'labels,summary,updated');
      assert.deepEqual([...(fields['labels'] as string[])].sort(), ['beta', 'gamma']);
      assert.equal(fields['summary'], 'Renamed');
      assert.equal(fields['updated'], '2026-04-25T18:35:13.605+0000');

      const issue = await http.object('GET', `${base}/issue/${key}?expand=changelog&fields=summary`);
      const histories = (issue['changelog'] as { histories: { created: string; items: Record<string, unknown>[] }[] })
        .histories;
      const items = histories.flatMap((history) => history.items);
      const summary = items.find((item) => item['field'] === 'summary');
      const labels = items.find((item) => item['field'] === 'labels');
      // Both flavours name the field id too: Cloud, and Server 7/8 in the captured webhook changelogs
      // (webhooks-mattermost/webhook-server-old-issue-updated-no-event-type-edited.json).
      const withId = (item: Record<string, unknown>, fieldId: string) => ({ ...item, fieldId });
      assert.deepEqual(
        summary,
        withId(
          { field: 'summary', fieldtype: 'jira', from: null, fromString: 'Behaviour', to: null, toString: 'Renamed' },
          'summary',
        ),
      );
      assert.deepEqual(
        labels,
        withId(
          {
            field: 'labels',
            fieldtype: 'jira',
            from: null,
            fromString: 'alpha beta',
            to: null,
            toString: 'beta gamma',
          },
          'labels',
        ),
      );
      for (const history of histories) assert.equal(history.created, '2026-04-25T18:35:13.605+0000');
    });

    void it('changelog records assignee and status changes with ids and display strings', async () => {
      const key = await newIssue();
      const carol = emulator.context.state.data.users.find((user) => user.name === 'carol');
      assert.ok(carol);
      await http.expect('PUT', `${base}/issue/${key}/assignee`, {
        body: flavor === 'cloud' ? { accountId: carol.accountId } : { name: 'carol' },
        status: 204,
      });
      await http.expect('POST', `${base}/issue/${key}/transitions`, {
        body: { transition: { id: '11' } },
        status: 204,
      });
      const issue = await http.object('GET', `${base}/issue/${key}?expand=changelog&fields=summary`);
      const items = (issue['changelog'] as { histories: { items: Record<string, unknown>[] }[] }).histories.flatMap(
        (history) => history.items,
      );
      const assignee = items.find((item) => item['field'] === 'assignee');
      assert.ok(assignee);
      assert.equal(assignee['fieldtype'], 'jira');
      assert.equal(assignee['from'], null);
      assert.equal(assignee['to'], flavor === 'cloud' ? carol.accountId : 'carol');
      assert.equal(assignee['toString'], 'Carol Nguyen');
      const status = items.find((item) => item['field'] === 'status');
      assert.ok(status);
      assert.deepEqual(
        { from: status['from'], fromString: status['fromString'], to: status['to'], toString: status['toString'] },
        { from: '10000', fromString: 'To Do', to: '3', toString: 'In Progress' },
      );
      assert.equal(status['fieldId'], 'status');
    });

    void it("timestamps are in Jira's format and move with the emulator clock", async () => {
      const key = await newIssue();
      const fields = await fieldsOf(key, 'created,updated');
      assert.equal(fields['created'], '2026-04-25T18:35:13.605+0000');
      emulator.context.clock.advance(60_000);
      await http.expect('PUT', `${base}/issue/${key}`, { body: { fields: { summary: 'Later' } }, status: 204 });
      const later = await fieldsOf(key, 'created,updated');
      assert.equal(later['created'], '2026-04-25T18:35:13.605+0000');
      assert.equal(later['updated'], '2026-04-25T18:36:13.605+0000');
      emulator.context.clock.set(FROZEN_AT);
    });
  });
}

void describe('cloud: rich text across REST versions', () => {
  let emulator: JiraEmulator;
  let http: JiraHttp;
  before(async () => {
    emulator = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    http = new JiraHttp('cloud' satisfies JiraFlavor, emulator.url);
  });
  after(() => emulator.close());

  void it('v3 rejects invalid ADF with 400 (issue description and comment body)', async () => {
    const invalid = [
      'plain string on v3',
      { type: 'doc', version: 1, content: [{ type: 'no-such-node' }] },
      { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text' }] }] },
    ];
    for (const description of invalid) {
      const response = await http.call('POST', '/rest/api/3/issue', {
        body: { fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'ADF', description } },
      });
      assert.equal(response.status, 400, JSON.stringify(description));
      const body = response.body as { errorMessages: string[]; errors: Record<string, string> };
      assert.ok(body.errors['description'], `errors.description for ${JSON.stringify(description)}`);
    }
    const comment = await http.call('POST', '/rest/api/3/issue/BLUE-1/comment', { body: { body: 'not ADF' } });
    assert.equal(comment.status, 400);
  });

  void it('wiki markup written through v2 reads back as ADF on v3 (and as wiki on v2)', async () => {
    const made = await http.object('POST', '/rest/api/2/issue', {
      body: {
        fields: {
          project: { key: 'BLUE' },
          issuetype: { name: 'Task' },
          summary: 'Wiki',
          description: 'Some *bold* text',
        },
      },
      status: 201,
    });
    const key = String(made['key']);
    const v3 = await http.object('GET', `/rest/api/3/issue/${key}?fields=description`);
    const doc = (v3['fields'] as { description: { type: string; version: number; content: unknown[] } }).description;
    assert.equal(doc.type, 'doc');
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.content, [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'Some ' },
          { type: 'text', text: 'bold', marks: [{ type: 'strong' }] },
          { type: 'text', text: ' text' },
        ],
      },
    ]);
    const v2 = await http.object('GET', `/rest/api/2/issue/${key}?fields=description`);
    assert.equal((v2['fields'] as { description: string }).description, 'Some *bold* text');

    const comment = await http.object('POST', `/rest/api/2/issue/${key}/comment`, {
      body: { body: 'h2. Title' },
      status: 201,
    });
    const read = await http.object('GET', `/rest/api/3/issue/${key}/comment/${String(comment['id'])}`);
    assert.deepEqual((read['body'] as { content: unknown[] }).content, [
      { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Title' }] },
    ]);
  });
});
