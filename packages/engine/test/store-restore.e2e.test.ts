/**
 * The store goes back to an older state (restored from a backup, or lost) and nobody runs `tandem recover`: the engine
 * finds the twins again from the markers in Jira on its own. Also a copy found after its create's answer was lost, with
 * no merge base yet: the original's later value stands, not the older one the copy was made with.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './support/sync-harness.ts';

/** Harnesses to close, last first; `shared`: its emulators belong to an earlier harness. */
const harnesses: { harness: Harness; shared: boolean }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tandem-restore-'));
after(async () => {
  for (const { harness, shared } of harnesses.reverse()) await harness.close({ keepEmulators: shared });
  rmSync(dir, { recursive: true, force: true });
});

/** Requests of one kind counted by an emulator since its stats were last reset. */
function posts(h: Harness, which: 'blue' | 'green', endpoint: RegExp): number {
  const emulator = which === 'blue' ? h.blue : h.green;
  return emulator.stats
    .list()
    .filter((entry) => entry.method === 'POST' && endpoint.test(entry.endpoint))
    .reduce((sum, entry) => sum + entry.count, 0);
}

async function attach(h: Harness, key: string, filename: string): Promise<void> {
  const form = new FormData();
  form.append('file', new Blob([Buffer.from(`bytes of ${filename}`)]), filename);
  const response = await fetch(`${h.blue.url}/rest/api/3/issue/${key}/attachments`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from('alice@example.com:alice-token').toString('base64')}`,
      'X-Atlassian-Token': 'no-check',
    },
    body: form,
  });
  assert.ok(response.status < 300, `attachment: ${response.status}`);
}

void test('store lost, no recover: twins found again from the markers, nothing twice, a newer edit of a copy stands', async () => {
  const first = await startHarness();
  harnesses.push({ harness: first, shared: false });
  const blue = await first.jira('blue', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Restore one' },
  });
  const blueKey = blue.body.key as string;
  await first.jira('blue', 'POST', `/rest/api/2/issue/${blueKey}/comment`, { body: 'A comment on blue' });
  await attach(first, blueKey, 'restore.txt');
  const green = await first.jira('green', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'GREEN' }, issuetype: { name: 'Bug' }, summary: 'Restore two' },
  });
  const greenKey = green.body.key as string;
  await first.jira('green', 'POST', `/rest/api/2/issue/${greenKey}/comment`, { body: 'A comment on green' });
  await first.settle();
  assert.equal(await first.store.countTwins('blue_green'), 2);
  const copyOfBlue = (await first.engine.status(blueKey))[0]?.twin.b.issueKey;
  const copyOfGreen = (await first.engine.status(greenKey))[0]?.twin.a.issueKey;
  assert.ok(copyOfBlue && copyOfGreen);
  await first.engine.stop();

  // While no engine runs, a person edits the copy of the blue issue: the newest value of the twin is that edit.
  await first.jira('green', 'PUT', `/rest/api/2/issue/${copyOfBlue}`, { fields: { summary: 'Restore one (edited)' } });

  const second = await startHarness({
    emulators: { blue: first.blue, green: first.green },
    storeFile: join(dir, 'empty.db'),
  });
  harnesses.push({ harness: second, shared: true });
  first.blue.stats.reset();
  first.green.stats.reset();
  await second.settle();
  await second.settle();

  assert.equal(await second.store.countTwins('blue_green'), 2, 'one twin per pair of issues, as before');
  for (const which of ['blue', 'green'] as const) {
    assert.equal(posts(second, which, /\/issue$/), 0, `no issue created on ${which}`);
    assert.equal(posts(second, which, /\/comment$/), 0, `no comment copied again on ${which}`);
    assert.equal(posts(second, which, /\/attachments$/), 0, `no attachment copied again on ${which}`);
  }
  assert.equal(
    (await second.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}`)).body.fields.summary,
    'Restore one (edited)',
  );
  const blueAttachments = (await second.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}?fields=attachment`)).body
    .fields.attachment as unknown[];
  assert.equal(blueAttachments.length, 1, 'the copy of the attachment did not come back as a second one');

  // Still syncing: a comment on the copy of the green issue travels once.
  await second.jira('blue', 'POST', `/rest/api/2/issue/${copyOfGreen}/comment`, { body: 'After the restore' });
  await second.settle();
  const greenComments = (await second.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin'))
    .body.comments as unknown[];
  assert.equal(greenComments.length, 2);
});

void test('a copy found after a lost create, no base yet: the original edited before the copy was made wins', async () => {
  const h = await startHarness({ start: false, storeFile: join(dir, 'lost-create.db') });
  harnesses.push({ harness: h, shared: false });
  const blue = await h.jira('blue', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Lost create' },
  });
  const issue = blue.body as { id: string; key: string };
  // The replica was built while the issue was a Task; a person made it a Bug before the create reached the other side.
  await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { issuetype: { name: 'Bug' } } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  const twinId = 'lost-create-twin';
  const intent = 'lost-create-intent';
  const green = h.trackers.get('green');
  assert.ok(green);
  const copy = await green.createIssue({
    projectKey: 'GREEN',
    issueTypeName: 'Task',
    summary: 'Lost create',
    description: null,
    properties: {
      'tandem.twin': {
        connection: 'blue_green',
        twinId,
        intent,
        origin: { instance: 'blue', issueId: issue.id, issueKey: issue.key },
      },
    },
  });
  // The state a lost create leaves once the copy's own webhook found it: both issues known, no merge base on either side.
  const now = Date.now();
  await h.store.insertTwin({
    id: twinId,
    connection: 'blue_green',
    a: { instance: 'blue', issueId: issue.id, issueKey: issue.key },
    b: { instance: 'green', issueId: copy.id, issueKey: copy.key },
    origin: 'a',
    state: 'active',
    createIntent: intent,
    createdAt: now,
    updatedAt: now,
    lastSyncedAt: null,
  });
  await h.engine.start();
  await h.settle();
  await h.settle();
  assert.equal((await h.jira('green', 'GET', `/rest/api/2/issue/${copy.key}`)).body.fields.issuetype.name, 'Bug');
  assert.equal((await h.jira('blue', 'GET', `/rest/api/2/issue/${issue.key}`)).body.fields.issuetype.name, 'Bug');
});

/** The first harness syncs; the second starts on an empty store over the same Jiras (a restore to before the twin). */
async function restoredToBeforeTheTwin(
  name: string,
  prepare: (h: Harness) => Promise<{ blueKey: string; greenKey: string }>,
  meanwhile: (h: Harness, keys: { blueKey: string; greenKey: string }) => Promise<void>,
): Promise<{ second: Harness; blueKey: string; greenKey: string }> {
  const first = await startHarness();
  harnesses.push({ harness: first, shared: false });
  const keys = await prepare(first);
  await first.engine.stop();
  await meanwhile(first, keys);
  const second = await startHarness({
    emulators: { blue: first.blue, green: first.green },
    storeFile: join(dir, `${name}.db`),
  });
  harnesses.push({ harness: second, shared: true });
  first.blue.stats.reset();
  first.green.stats.reset();
  await second.settle();
  await second.settle();
  return { second, ...keys };
}

void test('store restored to before the twin: a copied attachment whose original was deleted meanwhile goes too, not back', async () => {
  const { second, blueKey, greenKey } = await restoredToBeforeTheTwin(
    'attachment-deleted',
    async (h) => {
      const blue = await h.jira('blue', 'POST', '/rest/api/2/issue', {
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Attachment deleted' },
      });
      const blueKey = blue.body.key as string;
      await attach(h, blueKey, 'gone.txt');
      await h.settle();
      const greenKey = (await h.engine.status(blueKey))[0]?.twin.b.issueKey;
      assert.ok(greenKey);
      const copies = (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}?fields=attachment`)).body.fields
        .attachment as unknown[];
      assert.equal(copies.length, 1, 'the attachment was copied before the store was lost');
      return { blueKey, greenKey };
    },
    async (h, { blueKey }) => {
      // With no engine running, the person deletes the original: the store that comes back knows of neither.
      const original = (await h.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}?fields=attachment`)).body.fields
        .attachment as { id: string }[];
      const deleted = await h.jira('blue', 'DELETE', `/rest/api/2/attachment/${original[0]?.id}`);
      assert.ok(deleted.status < 300, `delete: ${deleted.status}`);
    },
  );
  assert.equal(posts(second, 'blue', /\/attachments$/), 0, 'the copy did not travel back as a new attachment');
  for (const [which, key] of [
    ['blue', blueKey],
    ['green', greenKey],
  ] as const) {
    const found = (await second.jira(which, 'GET', `/rest/api/2/issue/${key}?fields=attachment`)).body.fields
      .attachment as unknown[];
    assert.equal(found.length, 0, `no attachment left on ${key}`);
  }
});

void test('store restored to before the twin: each field goes to the side that changed it last, not the later issue', async () => {
  const { second, blueKey, greenKey } = await restoredToBeforeTheTwin(
    'per-field',
    async (h) => {
      const blue = await h.jira('blue', 'POST', '/rest/api/2/issue', {
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Per field' },
      });
      const blueKey = blue.body.key as string;
      await h.settle();
      const greenKey = (await h.engine.status(blueKey))[0]?.twin.b.issueKey;
      assert.ok(greenKey);
      return { blueKey, greenKey };
    },
    async (h, { blueKey, greenKey }) => {
      // The issue type changes on green first, then the summary on blue: blue's issue is the later one, but its
      // issue type is the older value.
      await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, { fields: { issuetype: { name: 'Bug' } } });
      await new Promise((resolve) => setTimeout(resolve, 20));
      await h.jira('blue', 'PUT', `/rest/api/2/issue/${blueKey}`, { fields: { summary: 'Per field (edited)' } });
    },
  );
  for (const [which, key] of [
    ['blue', blueKey],
    ['green', greenKey],
  ] as const) {
    const fields = (await second.jira(which, 'GET', `/rest/api/2/issue/${key}`)).body.fields;
    assert.equal(fields.summary, 'Per field (edited)', `${key}: blue's later summary`);
    assert.equal(fields.issuetype.name, 'Bug', `${key}: green's later issue type`);
  }
});
