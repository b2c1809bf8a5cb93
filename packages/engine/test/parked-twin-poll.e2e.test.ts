/**
 * A twin whose other issue a person deleted is parked (Basic mode syncs no deletions). The reconciliation poll must
 * not queue it again and again while the surviving issue stays as it was: found by the chaos suite, where the queue
 * never emptied for the length of the poll's overlap window.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/sync-harness.ts';

let h: Harness;
before(async () => {
  h = await startHarness({ webhooks: false });
});
after(() => h.close());

void test('a parked twin is not queued again by the poll until its issue changes', async () => {
  const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Soon orphaned' },
  });
  assert.equal(created.status, 201);
  await h.settle();
  const [status] = await h.engine.status(created.body.key as string);
  const greenKey = status?.twin.b.issueKey;
  assert.ok(greenKey, 'the twin was created');
  assert.equal((await h.jira('green', 'DELETE', `/rest/api/2/issue/${greenKey}`)).status, 204);
  await h.jira('blue', 'PUT', `/rest/api/2/issue/${created.body.key as string}`, { fields: { summary: 'Edited' } });
  await h.settle();
  const errors = await h.engine.errors();
  assert.equal(errors.length, 1, 'the twin is parked');
  assert.match(errors[0]?.message ?? '', /no longer exists/);
  for (let i = 0; i < 3; i++) {
    await h.engine.pollNow();
    assert.equal(await h.store.queue.depth(), 0, `poll ${i + 1} queued the parked twin again`);
  }
  // A new change of the surviving issue is still looked at.
  await h.jira('blue', 'PUT', `/rest/api/2/issue/${created.body.key as string}`, { fields: { summary: 'Again' } });
  await new Promise((resolve) => setTimeout(resolve, 20));
  await h.engine.pollNow();
  await h.engine.waitUntilIdle();
  assert.equal((await h.engine.errors())[0]?.attempts, 2, 'the new change was tried once more');
});
