// Worklogs over real HTTP on both flavours: add (duration strings and seconds, Jira dates, rich text per API version,
// visibility), page, get, update, delete, validation errors, history items, events, restricted worklogs hidden from
// outsiders, and the bulk readers /worklog/list and /worklog/updated.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JiraEvent } from '../src/model/jira-events.ts';
import { startJiraEmulator, type JiraEmulator } from '../src/start-jira-emulator.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse, JIRA_FLAVORS } from './support/openapi-contract.ts';

const START = Date.UTC(2026, 3, 25, 8, 0, 0);

for (const flavor of JIRA_FLAVORS) {
  void describe(`worklogs (${flavor})`, () => {
    let emulator: JiraEmulator;
    let http: JiraHttp;
    let key: string;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';
    const events: JiraEvent[] = [];
    const bob =
      flavor === 'cloud'
        ? `Basic ${Buffer.from('bob@example.com:emulator-token').toString('base64')}`
        : `Basic ${Buffer.from('bob:bob').toString('base64')}`;
    const richText = (text: string) =>
      flavor === 'cloud'
        ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] }
        : text;

    before(async () => {
      emulator = await startJiraEmulator({ flavor, port: 0, seed: 'demo', frozenClockAt: START });
      http = new JiraHttp(flavor, emulator.url);
      const created = await http.object('POST', `${api}/issue`, {
        body: {
          fields: {
            project: { key: flavor === 'cloud' ? 'BLUE' : 'GREEN' },
            issuetype: { name: 'Task' },
            summary: 'Work',
          },
        },
      });
      key = String(created['key']);
      emulator.context.events.on((event) => events.push(event));
    });
    after(async () => {
      await emulator.close();
    });

    void it('adds a worklog from "1h 30m" with a Jira start date and comment, with history and events', async () => {
      emulator.context.clock.advance(60_000);
      const path = `${api}/issue/${key}/worklog`;
      const response = await http.call('POST', `${path}?adjustEstimate=auto`, {
        body: { timeSpent: '1h 30m', started: '2026-04-24T09:15:00.000+0200', comment: richText('Investigated') },
      });
      assert.equal(response.status, 201, JSON.stringify(response.body));
      assertValidResponse(flavor, 'POST', path, 201, response.body);
      const worklog = response.body as Record<string, unknown>;
      assert.equal(worklog['timeSpent'], '1h 30m');
      assert.equal(worklog['timeSpentSeconds'], 5400);
      assert.equal(worklog['started'], '2026-04-24T07:15:00.000+0000');
      assert.equal(worklog['created'], '2026-04-25T08:01:00.000+0000');
      assert.deepEqual(worklog['comment'], richText('Investigated'));
      if (flavor === 'cloud') {
        const v2 = await http.object('GET', `/rest/api/2/issue/${key}/worklog/${String(worklog['id'])}`);
        assert.equal(v2['comment'], 'Investigated');
      }

      const created = events.filter((event) => event.webhookEvent === 'worklog_created');
      assert.equal(created.length, 1);
      const updated = events.find((event) => event.webhookEvent === 'jira:issue_updated');
      assert.equal(updated?.webhookEvent === 'jira:issue_updated' ? updated.eventTypeName : '', 'issue_work_logged');

      const issue = await http.object('GET', `${api}/issue/${key}?fields=updated,worklog&expand=changelog`);
      assert.equal((issue['fields'] as Record<string, unknown>)['updated'], '2026-04-25T08:01:00.000+0000');
      const items = (issue['changelog'] as { histories: { items: Record<string, unknown>[] }[] }).histories.flatMap(
        (h) => h.items,
      );
      assert.deepEqual(items, [
        {
          field: 'timespent',
          fieldtype: 'jira',
          fieldId: 'timespent',
          from: null,
          fromString: null,
          to: '5400',
          toString: '5400',
        },
        {
          field: 'WorklogId',
          fieldtype: 'jira',
          from: null,
          fromString: null,
          to: worklog['id'],
          toString: worklog['id'],
        },
      ]);
    });

    void it('pages the worklog list, gets one, and updates it', async () => {
      const path = `${api}/issue/${key}/worklog`;
      await http.expect('POST', path, {
        body: { timeSpentSeconds: 1800, started: '2026-04-25T10:00:00.000+0000' },
        status: 201,
      });
      await http.expect('POST', path, {
        body: { timeSpent: '2d', started: '2026-04-25T11:00:00.000+0000' },
        status: 201,
      });
      const all = await http.call('GET', path);
      assertValidResponse(flavor, 'GET', path, 200, all.body);
      const page = all.body as {
        total: number;
        worklogs: Record<string, unknown>[];
        startAt: number;
        maxResults: number;
      };
      assert.equal(page.total, 3);
      assert.deepEqual(
        page.worklogs.map((w) => w['timeSpentSeconds']),
        [5400, 1800, 16 * 3600],
      );
      if (flavor === 'cloud') {
        const second = await http.object('GET', `${path}?startAt=1&maxResults=1`);
        assert.equal(second['startAt'], 1);
        assert.equal(second['maxResults'], 1);
        assert.equal(second['total'], 3);
        assert.deepEqual(
          (second['worklogs'] as Record<string, unknown>[]).map((w) => w['timeSpentSeconds']),
          [1800],
        );
      }

      const id = String(page.worklogs[1]?.['id']);
      const one = await http.call('GET', `${path}/${id}`);
      assertValidResponse(flavor, 'GET', `${path}/${id}`, 200, one.body);
      emulator.context.clock.advance(60_000);
      const put = await http.call('PUT', `${path}/${id}`, { body: { timeSpent: '45m' } });
      assert.equal(put.status, 200, JSON.stringify(put.body));
      assertValidResponse(flavor, 'PUT', `${path}/${id}`, 200, put.body);
      const updated = put.body as Record<string, unknown>;
      assert.equal(updated['timeSpentSeconds'], 2700);
      assert.equal(updated['started'], '2026-04-25T10:00:00.000+0000', 'fields the update leaves out are kept');
      assert.equal(updated['updated'], '2026-04-25T08:02:00.000+0000');
      assert.equal(events.filter((event) => event.webhookEvent === 'worklog_updated').length, 1);
    });

    void it("rejects bad input with Jira's field errors", async () => {
      const path = `${api}/issue/${key}/worklog`;
      const missing = await http.call('POST', path, { body: { started: '2026-04-25T10:00:00.000+0000' } });
      assert.equal(missing.status, 400);
      assert.deepEqual(missing.body, {
        errorMessages: [],
        errors: { timeLogged: 'You must indicate the time spent working.' },
      });
      const bad = await http.call('POST', path, { body: { timeSpent: 'lots' } });
      assert.deepEqual(bad.body, { errorMessages: [], errors: { timeLogged: 'Invalid time duration entered.' } });
      const badDate = await http.call('POST', path, { body: { timeSpent: '1h', started: 'yesterday' } });
      assert.equal(badDate.status, 400);
      assert.ok('started' in (badDate.body as { errors: object }).errors);
      const badEstimate = await http.call('POST', `${path}?adjustEstimate=new`, { body: { timeSpent: '1h' } });
      assert.equal(badEstimate.status, 400);
      const unknownGroup = await http.call('POST', path, {
        body: { timeSpent: '1h', visibility: { type: 'group', value: 'nobody-here' } },
      });
      assert.equal(unknownGroup.status, 400);
      assert.equal((await http.call('GET', `${path}/99999`)).status, 404);
    });

    void it('hides restricted worklogs from users outside the group on every read path', async () => {
      const path = `${api}/issue/${key}/worklog`;
      const restricted = await http.object('POST', path, {
        body: { timeSpent: '1h', visibility: { type: 'group', value: 'support-team' } },
        status: 201,
      });
      const id = String(restricted['id']);
      assert.deepEqual(restricted['visibility'], { type: 'group', value: 'support-team' });
      const asAdmin = await http.object('GET', path);
      const asBob = await http.object('GET', path, { auth: bob });
      assert.equal(Number(asBob['total']), Number(asAdmin['total']) - 1);
      assert.equal((await http.call('GET', `${path}/${id}`, { auth: bob })).status, 404);
      const issue = await http.object('GET', `${api}/issue/${key}?fields=worklog`, { auth: bob });
      const field = (issue['fields'] as Record<string, { worklogs: Record<string, unknown>[] }>)['worklog'];
      assert.ok(field?.worklogs.every((worklog) => worklog['id'] !== id));
      const listed = await http.expect('POST', `${api}/worklog/list`, { body: { ids: [Number(id)] }, auth: bob });
      assert.deepEqual(listed, []);
    });

    void it('reads worklogs in bulk by id and lists those updated since a time, leaving out the last minute', async () => {
      const page = await http.object('GET', `${api}/issue/${key}/worklog`);
      const ids = (page['worklogs'] as Record<string, unknown>[]).map((worklog) => Number(worklog['id']));
      const list = await http.call('POST', `${api}/worklog/list`, { body: { ids } });
      assert.equal(list.status, 200);
      assertValidResponse(flavor, 'POST', `${api}/worklog/list`, 200, list.body);
      assert.deepEqual(
        (list.body as Record<string, unknown>[]).map((worklog) => Number(worklog['id'])),
        ids,
      );
      assert.equal((await http.call('POST', `${api}/worklog/list`, { body: { ids: [] } })).status, 400);

      emulator.context.clock.advance(1000);
      const now = emulator.context.clock.now();
      const latest = await http.object('POST', `${api}/issue/${key}/worklog`, {
        body: { timeSpent: '5m' },
        status: 201,
      });
      ids.push(Number(latest['id']));
      const fresh = await http.object('GET', `${api}/worklog/updated?since=${now}`);
      assert.deepEqual(fresh['values'], [], 'changes of the last minute are not listed yet');
      emulator.context.clock.advance(61_000);
      const later = await http.object('GET', `${api}/worklog/updated?since=${now}`);
      assert.deepEqual(
        (later['values'] as { worklogId: number }[]).map((value) => value.worklogId),
        [Number(latest['id'])],
      );
      const settled = await http.call('GET', `${api}/worklog/updated?since=${START}`);
      assertValidResponse(flavor, 'GET', `${api}/worklog/updated`, 200, settled.body);
      const body = settled.body as {
        values: { worklogId: number; updatedTime: number }[];
        lastPage: boolean;
        since: number;
        until: number;
      };
      const listedIds = body.values.map((value) => value.worklogId);
      assert.ok(
        ids.every((id) => listedIds.includes(id)),
        `${JSON.stringify(ids)} not all in ${JSON.stringify(listedIds)}`,
      );
      assert.equal(body.lastPage, true);
      assert.equal(body.since, START);
      assert.equal(body.until, Math.max(...body.values.map((value) => value.updatedTime)));
    });

    void it('deletes a worklog with history and events', async () => {
      const path = `${api}/issue/${key}/worklog`;
      const worklog = await http.object('POST', path, { body: { timeSpent: '3h' }, status: 201 });
      const id = String(worklog['id']);
      events.length = 0;
      const deleted = await http.call('DELETE', `${path}/${id}?adjustEstimate=leave`);
      assert.equal(deleted.status, 204);
      assertValidResponse(flavor, 'DELETE', `${path}/${id}`, 204, deleted.body);
      assert.deepEqual(
        events.map((event) => event.webhookEvent),
        ['worklog_deleted', 'jira:issue_updated'],
      );
      assert.equal((await http.call('GET', `${path}/${id}`)).status, 404);
      const issue = await http.object('GET', `${api}/issue/${key}?expand=changelog&fields=updated`);
      const last = (issue['changelog'] as { histories: { items: Record<string, unknown>[] }[] }).histories.at(-1);
      assert.deepEqual(
        last?.items.map((item) => item['field']),
        ['timespent', 'WorklogTimeSpent', 'WorklogId'],
      );
      assert.equal(last?.items[2]?.['from'], id);
    });
  });
}
