// Attachments over real HTTP on both flavours: the XSRF check, multipart upload of several files, binary-identical
// download (Cloud's 303 and redirect=false, DC's /secure/attachment URL), metadata, settings, the size limit, delete,
// and the changelog items Jira records.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { startJiraEmulator, type JiraEmulator } from '../src/start-jira-emulator.ts';
import { JiraHttp } from './support/jira-http.ts';
import { assertValidResponse, JIRA_FLAVORS } from './support/openapi-contract.ts';

const LIMIT = 64 * 1024;
const NO_CHECK = { 'X-Atlassian-Token': 'no-check' };

/** Random bytes that certainly contain zero bytes and bytes that are not valid UTF-8. */
function binaryPayload(size: number): Buffer {
  const bytes = randomBytes(size);
  bytes[0] = 0;
  bytes[1] = 0xff;
  bytes[size - 1] = 0;
  return bytes;
}

function form(files: { name: string; bytes: Buffer; type: string }[], field = 'file'): FormData {
  const data = new FormData();
  for (const file of files) data.append(field, new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return data;
}

for (const flavor of JIRA_FLAVORS) {
  void describe(`attachments (${flavor})`, () => {
    let emulator: JiraEmulator;
    let http: JiraHttp;
    let key: string;
    const api = flavor === 'cloud' ? '/rest/api/3' : '/rest/api/2';

    before(async () => {
      emulator = await startJiraEmulator({
        flavor,
        port: 0,
        seed: 'demo',
        frozenClockAt: Date.UTC(2026, 3, 25, 18, 0, 0),
        settings: { attachmentMaxBytes: LIMIT },
      });
      http = new JiraHttp(flavor, emulator.url);
      const project = flavor === 'cloud' ? 'BLUE' : 'GREEN';
      const created = await http.object('POST', `${api}/issue`, {
        body: { fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: 'Attachment target' } },
      });
      key = String(created['key']);
    });
    after(async () => {
      await emulator.close();
    });

    void it('refuses an upload without X-Atlassian-Token with 403 "XSRF check failed" and stores nothing', async () => {
      const response = await http.call('POST', `${api}/issue/${key}/attachments`, {
        form: form([{ name: 'a.txt', bytes: Buffer.from('hi'), type: 'text/plain' }]),
      });
      assert.equal(response.status, 403);
      assert.equal(response.bytes.toString('utf8'), 'XSRF check failed');
      const issue = await http.object('GET', `${api}/issue/${key}?fields=attachment`);
      assert.deepEqual((issue['fields'] as Record<string, unknown>)['attachment'], []);
    });

    void it('uploads several files and serves their bytes back identically', async () => {
      emulator.context.clock.advance(60_000);
      const binary = binaryPayload(5000);
      const text = Buffer.from('héllo wörld\n', 'utf8');
      const response = await http.call('POST', `${api}/issue/${key}/attachments`, {
        headers: { 'X-Atlassian-Token': 'nocheck' },
        form: form([
          { name: 'data.bin', bytes: binary, type: 'application/octet-stream' },
          { name: 'notes.txt', bytes: text, type: 'text/plain' },
        ]),
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assertValidResponse(flavor, 'POST', `${api}/issue/${key}/attachments`, 200, response.body);
      const added = response.body as Record<string, unknown>[];
      assert.deepEqual(
        added.map((a) => [a['filename'], a['size'], a['mimeType']]),
        [
          ['data.bin', 5000, 'application/octet-stream'],
          ['notes.txt', text.length, 'text/plain'],
        ],
      );
      assert.equal(added[0]?.['created'], '2026-04-25T18:01:00.000+0000');

      for (const [attachment, bytes] of [
        [added[0], binary],
        [added[1], text],
      ] as const) {
        const content = String(attachment?.['content']);
        const contentPath = content.slice(emulator.url.length);
        const download = await http.call('GET', flavor === 'cloud' ? `${contentPath}?redirect=false` : contentPath);
        assert.equal(download.status, 200);
        assert.ok(download.bytes.equals(bytes), 'downloaded bytes differ from the upload');
        assert.equal(download.headers.get('content-length'), String(bytes.length));
        assert.equal(download.headers.get('content-type')?.split(';')[0], attachment?.['mimeType']);
      }

      const issue = await http.object('GET', `${api}/issue/${key}?fields=attachment,updated&expand=changelog`);
      const fields = issue['fields'] as Record<string, unknown>;
      assert.equal((fields['attachment'] as unknown[]).length, 2);
      assert.equal(fields['updated'], '2026-04-25T18:01:00.000+0000');
      const histories = (issue['changelog'] as { histories: { items: Record<string, unknown>[] }[] }).histories;
      const items = histories.flatMap((history) => history.items).filter((item) => item['field'] === 'Attachment');
      assert.deepEqual(
        items.map((item) => item['toString']),
        ['data.bin', 'notes.txt'],
      );
      assert.equal(items[0]?.['fieldId'], 'attachment');
    });

    if (flavor === 'cloud') {
      void it('redirects content downloads with 303 unless redirect=false', async () => {
        const [attachment] = (await http.expect('POST', `${api}/issue/${key}/attachments`, {
          headers: NO_CHECK,
          form: form([{ name: 'r.bin', bytes: binaryPayload(100), type: 'application/octet-stream' }]),
        })) as Record<string, unknown>[];
        const id = String(attachment?.['id']);
        const redirect = await fetch(`${emulator.url}/rest/api/3/attachment/content/${id}`, {
          headers: { Authorization: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}` },
          redirect: 'manual',
        });
        assert.equal(redirect.status, 303);
        const location = redirect.headers.get('location') ?? '';
        assert.ok(location.startsWith(emulator.url), location);
        const followed = await http.call('GET', location.slice(emulator.url.length));
        assert.equal(followed.status, 200);
        assert.equal(followed.bytes.length, 100);
        assertValidResponse(flavor, 'GET', `/rest/api/3/attachment/content/${id}`, 303, undefined);
      });
    } else {
      void it('has no Cloud content route on Data Center', async () => {
        const response = await http.call('GET', '/rest/api/2/attachment/content/10000');
        assert.equal(response.status, 404);
      });
    }

    void it('answers metadata, settings, and deletes with history', async () => {
      const [attachment] = (await http.expect('POST', `${api}/issue/${key}/attachments`, {
        headers: NO_CHECK,
        form: form([{ name: 'gone.txt', bytes: Buffer.from('bye'), type: 'text/plain' }]),
      })) as Record<string, unknown>[];
      const id = String(attachment?.['id']);
      const meta = await http.call('GET', `${api}/attachment/${id}`);
      assert.equal(meta.status, 200);
      assertValidResponse(flavor, 'GET', `${api}/attachment/${id}`, 200, meta.body);
      const metaBody = meta.body as Record<string, unknown>;
      assert.equal(metaBody['id'], flavor === 'cloud' ? Number(id) : id);
      assert.equal(metaBody['filename'], 'gone.txt');

      const settings = await http.call('GET', `${api}/attachment/meta`);
      assertValidResponse(flavor, 'GET', `${api}/attachment/meta`, 200, settings.body);
      assert.deepEqual(settings.body, { enabled: true, uploadLimit: LIMIT });

      const deleted = await http.call('DELETE', `${api}/attachment/${id}`);
      assert.equal(deleted.status, 204);
      assertValidResponse(flavor, 'DELETE', `${api}/attachment/${id}`, 204, deleted.body);
      const missing = await http.call('GET', `${api}/attachment/${id}`);
      assert.equal(missing.status, 404);
      assert.deepEqual(missing.body, { errorMessages: [`The attachment with id '${id}' does not exist`], errors: {} });
      const issue = await http.object('GET', `${api}/issue/${key}?expand=changelog&fields=attachment`);
      const items = (issue['changelog'] as { histories: { items: Record<string, unknown>[] }[] }).histories.flatMap(
        (h) => h.items,
      );
      assert.ok(
        items.some(
          (item) =>
            item['field'] === 'Attachment' &&
            item['from'] === id &&
            item['fromString'] === 'gone.txt' &&
            item['to'] === null,
        ),
      );
    });

    void it('refuses a file over the size limit with 413 naming the file, and keeps nothing of the request', async () => {
      const before = (
        (await http.object('GET', `${api}/issue/${key}?fields=attachment`))['fields'] as Record<string, unknown[]>
      )['attachment']?.length;
      const response = await http.call('POST', `${api}/issue/${key}/attachments`, {
        headers: NO_CHECK,
        form: form([
          { name: 'small.txt', bytes: Buffer.from('ok'), type: 'text/plain' },
          { name: 'huge.bin', bytes: binaryPayload(LIMIT + 1), type: 'application/octet-stream' },
        ]),
      });
      assert.equal(response.status, 413);
      const body = response.body as { errorMessages: string[] };
      assert.match(body.errorMessages[0] ?? '', /huge\.bin/);
      if (flavor === 'cloud')
        assertValidResponse(flavor, 'POST', `${api}/issue/${key}/attachments`, 413, response.body);
      const afterCount = (
        (await http.object('GET', `${api}/issue/${key}?fields=attachment`))['fields'] as Record<string, unknown[]>
      )['attachment']?.length;
      assert.equal(afterCount, before);
    });

    void it('accepts a file of exactly the limit', async () => {
      const bytes = binaryPayload(LIMIT);
      const response = await http.call('POST', `${api}/issue/${key}/attachments`, {
        headers: NO_CHECK,
        form: form([{ name: 'edge.bin', bytes, type: 'application/octet-stream' }]),
      });
      assert.equal(response.status, 200, JSON.stringify(response.body));
    });

    void it('answers 404 for an unknown issue', async () => {
      const response = await http.call('POST', `${api}/issue/NOPE-1/attachments`, {
        headers: NO_CHECK,
        form: form([{ name: 'a.txt', bytes: Buffer.from('a'), type: 'text/plain' }]),
      });
      assert.equal(response.status, 404);
    });
  });
}
