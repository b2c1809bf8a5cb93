// Entity properties of issues and comments over real HTTP on both flavours: keys, any JSON value, 201/200 on set,
// the 32 KB limit, delete, no history and no `updated` change, and the JSM internal-comment property on Cloud.
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startJiraEmulator, type JiraEmulator } from '../src/start-jira-emulator.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse, JIRA_FLAVORS } from './support/openapi-contract.ts';

for (const flavor of JIRA_FLAVORS) {
  void describe(`entity properties (${flavor})`, () => {
    let emulator: JiraEmulator;
    let http: JiraHttp;
    let key: string;
    let issueId: string;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

    before(async () => {
      emulator = await startJiraEmulator({
        flavor,
        port: 0,
        seed: 'demo',
        frozenClockAt: Date.UTC(2026, 3, 25, 9, 0, 0),
      });
      http = new JiraHttp(flavor, emulator.url);
      const created = await http.object('POST', `${api}/issue`, {
        body: {
          fields: {
            project: { key: flavor === 'cloud' ? 'BLUE' : 'GREEN' },
            issuetype: { name: 'Task' },
            summary: 'Props',
          },
        },
      });
      key = String(created['key']);
      issueId = String(created['id']);
    });
    after(async () => {
      await emulator.close();
    });

    void it('sets (201 then 200), reads, lists and deletes issue properties without touching history or updated', async () => {
      emulator.context.clock.advance(3_600_000);
      const path = `${api}/issue/${key}/properties/sync.state`;
      const value = { peer: 'GREEN-1', version: 3, tags: ['a', null], nested: { ok: true } };
      const first = await http.call('PUT', path, { body: value });
      assert.equal(first.status, 201);
      assertValidResponse(flavor, 'PUT', path, 201, first.body);
      const second = await http.call('PUT', path, { body: 'plain string' });
      assert.equal(second.status, 200);
      assertValidResponse(flavor, 'PUT', path, 200, second.body);
      await http.expect('PUT', `${api}/issue/${key}/properties/flag`, { body: true, status: 201 });

      const got = await http.call('GET', path);
      assertValidResponse(flavor, 'GET', path, 200, got.body);
      assert.deepEqual(got.body, { key: 'sync.state', value: 'plain string' });

      const list = await http.call('GET', `${api}/issue/${key}/properties`);
      assertValidResponse(flavor, 'GET', `${api}/issue/${key}/properties`, 200, list.body);
      assert.deepEqual(list.body, {
        keys: [
          { self: `${emulator.url}${api}/issue/${issueId}/properties/sync.state`, key: 'sync.state' },
          { self: `${emulator.url}${api}/issue/${issueId}/properties/flag`, key: 'flag' },
        ],
      });

      const deleted = await http.call('DELETE', path);
      assert.equal(deleted.status, 204);
      assertValidResponse(flavor, 'DELETE', path, 204, deleted.body);
      const missing = await http.call('GET', path);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, {
        errorMessages: ["The property with key 'sync.state' does not exist."],
        errors: {},
      });
      assert.equal((await http.call('DELETE', path)).status, 404);

      const issue = await http.object('GET', `${api}/issue/${key}?fields=updated,created&expand=changelog`);
      const fields = issue['fields'] as Record<string, unknown>;
      assert.equal(fields['updated'], fields['created'], 'property changes leave updated alone');
      assert.deepEqual((issue['changelog'] as { histories: unknown[] }).histories, []);
    });

    void it('refuses values over 32 KB with 400 and accepts one just under', async () => {
      const path = `${api}/issue/${key}/properties/big`;
      const tooBig = await http.call('PUT', path, { body: 'x'.repeat(32 * 1024) });
      assert.equal(tooBig.status, 400);
      assert.equal((tooBig.body as { errorMessages: string[] }).errorMessages.length, 1);
      assert.equal((await http.call('GET', path)).status, 404);
      const fits = await http.call('PUT', path, { body: 'x'.repeat(32 * 1024 - 2) });
      assert.equal(fits.status, 201);
    });

    void it('answers 404 for the properties of an unknown issue', async () => {
      assert.equal((await http.call('GET', `${api}/issue/NOPE-1/properties`)).status, 404);
    });

    void it('keeps comment properties, and sd.public.comment marks a JSM internal comment', async () => {
      const body =
        flavor === 'cloud'
          ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'hello' }] }] }
          : 'hello';
      const comment = await http.object('POST', `${api}/issue/${key}/comment`, { body: { body } });
      const id = String(comment['id']);
      if (flavor === 'cloud') assert.equal(comment['jsdPublic'], true);

      const path = `${api}/comment/${id}/properties/sd.public.comment`;
      const set = await http.call('PUT', path, { body: { internal: true } });
      assert.equal(set.status, 201);
      assertValidResponse(flavor, 'PUT', path, 201, set.body);
      const got = await http.call('GET', path);
      assertValidResponse(flavor, 'GET', path, 200, got.body);
      assert.deepEqual(got.body, { key: 'sd.public.comment', value: { internal: true } });
      const list = await http.call('GET', `${api}/comment/${id}/properties`);
      assertValidResponse(flavor, 'GET', `${api}/comment/${id}/properties`, 200, list.body);
      assert.deepEqual(list.body, {
        keys: [{ self: `${emulator.url}${api}/comment/${id}/properties/sd.public.comment`, key: 'sd.public.comment' }],
      });

      const reread = await http.object('GET', `${api}/issue/${key}/comment/${id}`);
      if (flavor === 'cloud') assert.equal(reread['jsdPublic'], false);
      const deleted = await http.call('DELETE', path);
      assert.equal(deleted.status, 204);
      assertValidResponse(flavor, 'DELETE', path, 204, deleted.body);
      const publicAgain = await http.object('GET', `${api}/issue/${key}/comment/${id}`);
      if (flavor === 'cloud') assert.equal(publicAgain['jsdPublic'], true);

      const unknown = await http.call('GET', `${api}/comment/99999/properties`);
      assert.equal(unknown.status, 404);
    });

    void it('hides the properties of a restricted comment from users outside its group', async () => {
      const body =
        flavor === 'cloud'
          ? { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'secret' }] }] }
          : 'secret';
      const comment = await http.object('POST', `${api}/issue/${key}/comment`, {
        body: { body, visibility: { type: 'group', value: 'support-team' } },
      });
      const path = `${api}/comment/${String(comment['id'])}/properties`;
      const bob =
        flavor === 'cloud'
          ? `Basic ${Buffer.from('bob@example.com:emulator-token').toString('base64')}`
          : `Basic ${Buffer.from('bob:bob').toString('base64')}`;
      assert.equal((await http.call('GET', path)).status, 200);
      assert.equal((await http.call('GET', path, { auth: bob })).status, 404);
    });
  });
}
