// Remote links (upsert by globalId, get/put/delete by id and globalId, validation) and issue links (create with
// Link history on both issues and events, get, delete, link types) over real HTTP on both flavours.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JiraEvent } from '../src/model/jira-events.ts';
import { startJiraEmulator, type JiraEmulator } from '../src/start-jira-emulator.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse, JIRA_FLAVORS } from './support/openapi-contract.ts';

type Items = Record<string, unknown>[];

async function historyItems(http: JiraHttp, api: string, key: string, field: string): Promise<Items> {
  const issue = await http.object('GET', `${api}/issue/${key}?expand=changelog&fields=updated`);
  const histories = (issue['changelog'] as { histories: { items: Items }[] }).histories;
  return histories.flatMap((history) => history.items).filter((item) => item['field'] === field);
}

for (const flavor of JIRA_FLAVORS) {
  void describe(`links (${flavor})`, () => {
    let emulator: JiraEmulator;
    let http: JiraHttp;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    const keys: string[] = [];
    const events: JiraEvent[] = [];

    before(async () => {
      emulator = await startJiraEmulator({
        flavor,
        port: 0,
        seed: 'demo',
        frozenClockAt: Date.UTC(2026, 3, 25, 12, 0, 0),
      });
      http = new JiraHttp(flavor, emulator.url);
      emulator.context.state.data.issueLinks = [];
      const project = flavor === 'cloud' ? 'BLUE' : 'GREEN';
      for (const summary of ['first', 'second']) {
        const created = await http.object('POST', `${api}/issue`, {
          body: { fields: { project: { key: project }, issuetype: { name: 'Task' }, summary } },
        });
        keys.push(String(created['key']));
      }
      emulator.context.events.on((event) => events.push(event));
    });
    after(async () => {
      await emulator.close();
    });

    void describe('remote links', () => {
      void it('creates with 201, upserts by globalId with 200, and lists', async () => {
        const key = keys[0] as string;
        emulator.context.clock.advance(60_000);
        const first = await http.call('POST', `${api}/issue/${key}/remotelink`, {
          body: {
            globalId: 'system=ci&id=1',
            relationship: 'causes',
            object: {
              url: 'https://ci.example.com/1',
              title: 'Build 1',
              icon: { url16x16: 'https://ci.example.com/i.png' },
            },
          },
        });
        assert.equal(first.status, 201, JSON.stringify(first.body));
        if (flavor === 'cloud') assertValidResponse(flavor, 'POST', `${api}/issue/${key}/remotelink`, 201, first.body);
        const id = (first.body as { id: number }).id;
        assert.equal(typeof id, 'number');
        assert.equal((first.body as { self: string }).self, `${emulator.url}${api}/issue/${key}/remotelink/${id}`);

        const again = await http.call('POST', `${api}/issue/${key}/remotelink`, {
          body: { globalId: 'system=ci&id=1', object: { url: 'https://ci.example.com/1', title: 'Build 1 (green)' } },
        });
        assert.equal(again.status, 200);
        assertValidResponse(flavor, 'POST', `${api}/issue/${key}/remotelink`, 200, again.body);
        assert.equal((again.body as { id: number }).id, id);

        await http.expect('POST', `${api}/issue/${key}/remotelink`, {
          body: { object: { url: 'https://wiki.example.com/p', title: 'Page' } },
          status: 201,
        });

        const list = await http.call('GET', `${api}/issue/${key}/remotelink`);
        assertValidResponse(flavor, 'GET', `${api}/issue/${key}/remotelink`, 200, list.body);
        const links = list.body as Record<string, unknown>[];
        assert.equal(links.length, 2);
        assert.deepEqual((links[0]?.['object'] as Record<string, unknown>)['title'], 'Build 1 (green)');
        assert.equal(links[0]?.['relationship'], undefined, 'an upsert replaces the whole link');

        const one = await http.call(
          'GET',
          `${api}/issue/${key}/remotelink?globalId=${encodeURIComponent('system=ci&id=1')}`,
        );
        assertValidResponse(flavor, 'GET', `${api}/issue/${key}/remotelink`, 200, one.body);
        assert.equal((one.body as { id: number }).id, id);

        const items = await historyItems(http, api, key, 'RemoteIssueLink');
        assert.equal(items.length, 3);
        assert.deepEqual(items[0], {
          field: 'RemoteIssueLink',
          fieldtype: 'jira',
          from: null,
          fromString: null,
          to: String(id),
          toString: 'This issue links to "Build 1"',
        });
        assert.equal(items[1]?.['fromString'], 'This issue links to "Build 1"');
        assert.equal(items[1]?.['toString'], 'This issue links to "Build 1 (green)"');
        const issue = await http.object('GET', `${api}/issue/${key}?fields=updated`);
        assert.equal((issue['fields'] as Record<string, unknown>)['updated'], '2026-04-25T12:01:00.000+0000');
      });

      void it("rejects a link without title or url with Jira's field errors", async () => {
        const response = await http.call('POST', `${api}/issue/${keys[0]}/remotelink`, { body: { object: {} } });
        assert.equal(response.status, 400);
        assert.deepEqual(response.body, {
          errorMessages: [],
          errors: { title: "'Link Text' is required.", url: "'URL' is required." },
        });
        const bad = await http.call('POST', `${api}/issue/${keys[0]}/remotelink`, {
          body: { object: { title: 't', url: 'ftp://x' } },
        });
        assert.equal(bad.status, 400);
        assert.deepEqual(Object.keys((bad.body as { errors: object }).errors), ['url']);
      });

      void it('gets, replaces and deletes by id, and deletes by globalId', async () => {
        const key = keys[1] as string;
        const { id } = (await http.expect('POST', `${api}/issue/${key}/remotelink`, {
          body: { globalId: 'g-1', object: { url: 'https://a.example.com', title: 'A' } },
          status: 201,
        })) as { id: number };
        const got = await http.call('GET', `${api}/issue/${key}/remotelink/${id}`);
        assertValidResponse(flavor, 'GET', `${api}/issue/${key}/remotelink/${id}`, 200, got.body);
        assert.equal((got.body as { globalId: string }).globalId, 'g-1');

        const put = await http.call('PUT', `${api}/issue/${key}/remotelink/${id}`, {
          body: { globalId: 'g-1', object: { url: 'https://b.example.com', title: 'B' } },
        });
        assert.equal(put.status, 204);
        assertValidResponse(flavor, 'PUT', `${api}/issue/${key}/remotelink/${id}`, 204, put.body);
        const replaced = await http.object('GET', `${api}/issue/${key}/remotelink/${id}`);
        assert.equal((replaced['object'] as Record<string, unknown>)['title'], 'B');

        const wrongIssue = await http.call('GET', `${api}/issue/${keys[0]}/remotelink/${id}`);
        assert.equal(wrongIssue.status, 400);
        assert.equal((await http.call('GET', `${api}/issue/${key}/remotelink/99999`)).status, 404);

        const noGlobalId = await http.call('DELETE', `${api}/issue/${key}/remotelink`);
        assert.equal(noGlobalId.status, 400);
        const byGlobal = await http.call('DELETE', `${api}/issue/${key}/remotelink?globalId=g-1`);
        assert.equal(byGlobal.status, 204);
        assertValidResponse(flavor, 'DELETE', `${api}/issue/${key}/remotelink`, 204, byGlobal.body);
        assert.equal((await http.call('GET', `${api}/issue/${key}/remotelink?globalId=g-1`)).status, 404);

        const { id: second } = (await http.expect('POST', `${api}/issue/${key}/remotelink`, {
          body: { object: { url: 'https://c.example.com', title: 'C' } },
        })) as { id: number };
        const byId = await http.call('DELETE', `${api}/issue/${key}/remotelink/${second}`);
        assert.equal(byId.status, 204);
        assert.deepEqual(await http.expect('GET', `${api}/issue/${key}/remotelink`), []);
        const items = await historyItems(http, api, key, 'RemoteIssueLink');
        assert.deepEqual(
          items.map((item) => [item['from'], item['to']]),
          [
            [null, String(id)],
            [String(id), String(id)],
            [String(id), null],
            [null, String(second)],
            [String(second), null],
          ],
        );
      });
    });

    void describe('issue links', () => {
      void it('creates a link with 201 and no body, history on both issues, an event and an optional comment', async () => {
        const [source, target] = keys as [string, string];
        emulator.context.clock.advance(60_000);
        events.length = 0;
        const response = await http.call('POST', `${api}/issueLink`, {
          body: {
            type: { name: 'blocks' },
            inwardIssue: { key: source },
            outwardIssue: { key: target },
            comment: {
              body:
                flavor === 'cloud'
                  ? {
                      type: 'doc',
                      version: 1,
                      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Linked' }] }],
                    }
                  : 'Linked',
            },
          },
        });
        assert.equal(response.status, 201);
        assert.equal(response.body, undefined);
        assertValidResponse(flavor, 'POST', `${api}/issueLink`, 201, response.body);

        const sourceView = await http.object('GET', `${api}/issue/${source}?fields=issuelinks,comment,updated`);
        const sourceFields = sourceView['fields'] as Record<string, unknown>;
        const [link] = sourceFields['issuelinks'] as Record<string, unknown>[];
        assert.equal((link?.['outwardIssue'] as Record<string, unknown>)['key'], target);
        assert.equal((sourceFields['comment'] as { total: number }).total, 1);
        assert.equal(sourceFields['updated'], '2026-04-25T12:02:00.000+0000');
        const targetView = await http.object('GET', `${api}/issue/${target}?fields=issuelinks`);
        const [back] = (targetView['fields'] as Record<string, unknown>)['issuelinks'] as Record<string, unknown>[];
        assert.equal((back?.['inwardIssue'] as Record<string, unknown>)['key'], source);

        assert.deepEqual(await historyItems(http, api, source, 'Link'), [
          {
            field: 'Link',
            fieldtype: 'jira',
            from: null,
            fromString: null,
            to: target,
            toString: `This issue blocks ${target}`,
          },
        ]);
        assert.deepEqual(await historyItems(http, api, target, 'Link'), [
          {
            field: 'Link',
            fieldtype: 'jira',
            from: null,
            fromString: null,
            to: source,
            toString: `This issue is blocked by ${source}`,
          },
        ]);
        assert.deepEqual(events.filter((event) => event.webhookEvent === 'issuelink_created').length, 1);

        const linkId = String(link?.['id']);
        const got = await http.call('GET', `${api}/issueLink/${linkId}`);
        assert.equal(got.status, 200);
        assertValidResponse(flavor, 'GET', `${api}/issueLink/${linkId}`, 200, got.body);
        const body = got.body as Record<string, Record<string, unknown>>;
        assert.equal(body['inwardIssue']?.['key'], source);
        assert.equal(body['outwardIssue']?.['key'], target);
        assert.equal(body['type']?.['name'], 'Blocks');

        const duplicate = await http.call('POST', `${api}/issueLink`, {
          body: { type: { id: '10000' }, inwardIssue: { key: source }, outwardIssue: { key: target } },
        });
        assert.equal(duplicate.status, 201);
        assert.equal(emulator.context.state.data.issueLinks.length, 1, 'a duplicate request creates no second link');

        events.length = 0;
        const deleted = await http.call('DELETE', `${api}/issueLink/${linkId}`);
        assert.equal(deleted.status, 204);
        assertValidResponse(flavor, 'DELETE', `${api}/issueLink/${linkId}`, 204, deleted.body);
        assert.equal(events.filter((event) => event.webhookEvent === 'issuelink_deleted').length, 1);
        const gone = await http.call('GET', `${api}/issueLink/${linkId}`);
        assert.equal(gone.status, 404);
        assert.deepEqual(gone.body, { errorMessages: [`No issue link with id '${linkId}' exists.`], errors: {} });
        const removed = (await historyItems(http, api, target, 'Link'))[1];
        assert.deepEqual(removed, {
          field: 'Link',
          fieldtype: 'jira',
          from: source,
          fromString: `This issue is blocked by ${source}`,
          to: null,
          toString: null,
        });
      });

      void it('answers 404 for an unknown link type or issue, and 400 for a bad comment without linking', async () => {
        const [source, target] = keys as [string, string];
        const badType = await http.call('POST', `${api}/issueLink`, {
          body: { type: { name: 'Nope' }, inwardIssue: { key: source }, outwardIssue: { key: target } },
        });
        assert.equal(badType.status, 404);
        assert.deepEqual(badType.body, { errorMessages: ["No issue link type with name 'Nope' found."], errors: {} });
        const badIssue = await http.call('POST', `${api}/issueLink`, {
          body: { type: { name: 'Relates' }, inwardIssue: { key: 'NOPE-999' }, outwardIssue: { key: target } },
        });
        assert.equal(badIssue.status, 404);
        const badComment = await http.call('POST', `${api}/issueLink`, {
          body: {
            type: { name: 'Relates' },
            inwardIssue: { key: source },
            outwardIssue: { key: target },
            comment: { body: 42 },
          },
        });
        assert.equal(badComment.status, 400);
        assert.equal(emulator.context.state.data.issueLinks.length, 0);
      });

      void it('gets a link type by id', async () => {
        const type = await http.call('GET', `${api}/issueLinkType/10003`);
        assert.equal(type.status, 200);
        assertValidResponse(flavor, 'GET', `${api}/issueLinkType/10003`, 200, type.body);
        assert.equal((type.body as { name: string }).name, 'Relates');
        assert.equal((await http.call('GET', `${api}/issueLinkType/99`)).status, 404);
      });
    });
  });
}
