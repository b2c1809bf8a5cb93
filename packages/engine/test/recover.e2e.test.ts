/**
 * The store is lost: a new, empty store and `recover` rebuild the twins from the markers in Jira, and the next syncs
 * create nothing — no issue, comment or attachment twice — while later edits still flow.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarness, type Harness } from './support/sync-harness.ts';

const harnesses: Harness[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tandem-recover-'));
after(async () => {
  for (const harness of harnesses.reverse()) await harness.close({ keepEmulators: harness !== harnesses[0] });
  rmSync(dir, { recursive: true, force: true });
});

/** Creates (POST) counted by an emulator since its stats were last reset. */
function creates(h: Harness, which: 'blue' | 'green'): number {
  const emulator = which === 'blue' ? h.blue : h.green;
  return emulator.stats
    .list()
    .filter((entry) => entry.method === 'POST' && /\/(issue|comment|attachments)$/.test(entry.endpoint))
    .reduce((sum, entry) => sum + entry.count, 0);
}

void test('store deleted, recover, sync again: no duplicates, edits still flow', async () => {
  const first = await startHarness();
  harnesses.push(first);
  const keys: string[] = [];
  for (const summary of ['Recover one', 'Recover two']) {
    const created = await first.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary, description: 'Some *text*' },
    });
    keys.push(created.body.key as string);
    await first.jira('blue', 'POST', `/rest/api/2/issue/${created.body.key as string}/comment`, {
      body: `A comment on ${summary}`,
    });
    const form = new FormData();
    form.append('file', new Blob([Buffer.from(`bytes of ${summary}`)]), `${summary}.txt`);
    await fetch(`${first.blue.url}/rest/api/3/issue/${created.body.key as string}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
        'X-Atlassian-Token': 'no-check',
      },
      body: form,
    });
  }
  const fromGreen = await first.jira('green', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'GREEN' }, issuetype: { name: 'Bug' }, summary: 'Recover three' },
  });
  await first.jira('green', 'POST', `/rest/api/2/issue/${fromGreen.body.key as string}/comment`, {
    body: 'From green',
  });
  await first.settle();
  const twinsBefore = await first.store.countTwins('blue_green');
  assert.equal(twinsBefore, 3);
  // The store is gone; the emulators keep their issues.
  await first.engine.stop();

  const second = await startHarness({
    emulators: { blue: first.blue, green: first.green },
    storeFile: join(dir, 'new.db'),
    start: false,
  });
  harnesses.push(second);
  first.blue.stats.reset();
  first.green.stats.reset();
  const report = await second.engine.recover('blue_green');
  assert.equal(report.recovered, 3, JSON.stringify(report));
  await second.engine.start();
  await second.settle();
  await second.settle();
  assert.equal(creates(second, 'blue'), 0, 'nothing created on Cloud after recovery');
  assert.equal(creates(second, 'green'), 0, 'nothing created on Data Center after recovery');
  assert.equal(await second.store.countTwins('blue_green'), 3);

  // Still syncing: an edit and a new comment after recovery travel once.
  await second.jira('blue', 'PUT', `/rest/api/2/issue/${keys[0] as string}`, {
    fields: { summary: 'Recover one (after)' },
  });
  await second.jira('green', 'POST', `/rest/api/2/issue/${fromGreen.body.key as string}/comment`, {
    body: 'After recovery',
  });
  await second.settle();
  const [status] = await second.engine.status(keys[0] as string);
  const greenKey = status?.twin.b.issueKey;
  assert.ok(greenKey);
  assert.equal(
    (await second.jira('green', 'GET', `/rest/api/2/issue/${greenKey}`)).body.fields.summary,
    'Recover one (after)',
  );
  const [greenStatus] = await second.engine.status(fromGreen.body.key as string);
  const blueKey = greenStatus?.twin.a.issueKey;
  assert.ok(blueKey);
  const blueComments = (await second.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}/comment`, undefined, 'admin'))
    .body.comments as { body: string }[];
  assert.equal(blueComments.length, 2, blueComments.map((comment) => comment.body).join(' | '));
  const greenCopies = (await second.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin'))
    .body.comments as unknown[];
  assert.equal(greenCopies.length, 1);
  const attachments = (await second.jira('green', 'GET', `/rest/api/2/issue/${greenKey}?fields=attachment`)).body.fields
    .attachment as unknown[];
  assert.equal(attachments.length, 1);
});
