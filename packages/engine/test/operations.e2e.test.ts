/**
 * What people do with a running engine: pause and resume a connection, stop syncing an issue and start again,
 * connect two existing issues, and what a rate-limited Jira does to a sync (it waits, then succeeds).
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { startHarness, type Harness } from './support/sync-harness.ts';

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

void describe('operations on a running engine', () => {
  let h: Harness;
  // Only labelled issues start syncing by themselves, so that tests can also have issues that are not twinned.
  before(async () => {
    h = await startHarness({
      triggers: { blue: 'project = BLUE AND labels = sync', green: 'project = GREEN AND labels = sync' },
    });
  });
  after(() => h.close());

  async function twinned(summary: string): Promise<{ key: string; greenKey: string }> {
    const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary, labels: ['sync'] },
    });
    await h.settle();
    const [status] = await h.engine.status(created.body.key as string);
    const greenKey = status?.twin.b.issueKey;
    if (!greenKey) assert.fail(`no twin for ${created.body.key as string}`);
    return { key: created.body.key as string, greenKey };
  }

  const greenSummary = async (key: string) =>
    (await h.jira('green', 'GET', `/rest/api/2/issue/${key}`)).body.fields.summary as string;

  void test('issues outside the trigger do not sync', async () => {
    const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Not labelled' },
    });
    await h.settle();
    assert.deepEqual(await h.engine.status(created.body.key as string), []);
  });

  void test('a paused connection queues changes and applies them on resume', async () => {
    const issue = await twinned('Pause me');
    await h.engine.pause('blue_green');
    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, {
      fields: { summary: 'Pause me (edited while paused)' },
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.equal(await greenSummary(issue.greenKey), 'Pause me');
    assert.equal((await h.engine.connections())[0]?.status, 'paused');
    await h.engine.resume('blue_green');
    await eventually(
      async () => (await greenSummary(issue.greenKey)) === 'Pause me (edited while paused)',
      'the queued change arrives',
    );
  });

  void test('unsync stops one issue; sync KEY starts it again', async () => {
    const issue = await twinned('Unsync me');
    await h.engine.unsync(issue.key);
    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { summary: 'Unsync me (not sent)' } });
    await h.settle();
    assert.equal(await greenSummary(issue.greenKey), 'Unsync me');
    await h.engine.syncNow(issue.key);
    await h.settle();
    assert.equal(await greenSummary(issue.greenKey), 'Unsync me (not sent)');
  });

  void test('connect makes two existing issues twins without creating one; the later values win', async () => {
    const blue = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Older title' },
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const green = await h.jira('green', 'POST', '/rest/api/2/issue', {
      fields: {
        project: { key: 'GREEN' },
        issuetype: { name: 'Task' },
        summary: 'Newer title',
        description: 'From green',
      },
    });
    const greenIssuesBefore = h.green.context.state.issueCount;
    await h.engine.connect('blue_green', blue.body.key as string, green.body.key as string);
    await h.settle();
    assert.equal(h.green.context.state.issueCount, greenIssuesBefore, 'no issue was created');
    assert.equal(
      (await h.jira('blue', 'GET', `/rest/api/2/issue/${blue.body.key as string}`)).body.fields.summary,
      'Newer title',
    );
    assert.equal(await greenSummary(green.body.key as string), 'Newer title');
  });

  void test('a rate-limited write waits for Retry-After and then succeeds', async () => {
    const issue = await twinned('Rate limited');
    await fetch(`${h.green.url}/_emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'rateLimit',
        reason: 'jira-per-issue-on-write',
        retryAfterSeconds: 1,
        count: 1,
        scope: { method: 'PUT', path: 'issue/{issueIdOrKey}' },
      }),
    });
    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { summary: 'Rate limited (edited)' } });
    await eventually(
      async () => (await greenSummary(issue.greenKey)) === 'Rate limited (edited)',
      'the write goes through after the wait',
    );
    const limited = h.green.stats
      .list()
      .filter((entry) => entry.status === 429)
      .reduce((sum, entry) => sum + entry.count, 0);
    assert.equal(limited, 1, 'exactly one 429 was answered');
    await h.settle();
    assert.deepEqual(await h.engine.errors(), []);
  });
});
