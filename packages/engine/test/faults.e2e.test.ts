/**
 * Sync under the faults Jira really has: lost, duplicated and reordered webhooks, a create whose response is lost,
 * an instance answering 503 for a while. Each test heals and checks the end state and the write counts.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { JiraEmulator } from '@tandem/jira-emulator';
import { startHarness, type Harness } from './support/sync-harness.ts';

async function control(emulator: JiraEmulator, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  assert.ok(response.status < 300, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  const text = await response.text();
  return text === '' ? undefined : JSON.parse(text);
}

async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

void describe('sync under faults', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(() => h.close());
  beforeEach(async () => {
    for (const emulator of [h.blue, h.green]) {
      await control(emulator, 'DELETE', '/_emulator/webhooks/faults');
      await control(emulator, 'DELETE', '/_emulator/faults');
    }
    await h.settle();
  });

  async function twinOf(key: string): Promise<string> {
    const [status] = await h.engine.status(key);
    const twinKey = status?.twin.b.issueKey;
    if (!twinKey) assert.fail(`${key} has no twin: ${JSON.stringify({ status, errors: await h.engine.errors() })}`);
    return twinKey;
  }

  async function newBlueIssue(summary: string): Promise<{ id: string; key: string; greenKey: string }> {
    const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary },
    });
    assert.equal(created.status, 201);
    await h.settle();
    return { ...(created.body as { id: string; key: string }), greenKey: await twinOf(created.body.key as string) };
  }

  void test('a lost webhook is caught by the reconciliation poll', async () => {
    const issue = await newBlueIssue('Poll safety net');
    await control(h.blue, 'PUT', '/_emulator/webhooks/faults', { drop: { probability: 1 } });
    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { summary: 'Poll safety net (edited)' } });
    await eventually(
      async () =>
        (await h.jira('green', 'GET', `/rest/api/2/issue/${issue.greenKey}`)).body.fields.summary ===
        'Poll safety net (edited)',
      'the poll brings the edit over',
    );
    const deliveries = (await control(h.blue, 'GET', '/_emulator/webhooks/deliveries')) as {
      deliveries?: { outcome?: string }[];
    };
    assert.ok(JSON.stringify(deliveries).includes('drop'), 'the webhook fault really fired');
  });

  void test('duplicated and reordered webhooks cause no extra writes', async () => {
    const issue = await newBlueIssue('Noisy webhooks');
    await control(h.blue, 'PUT', '/_emulator/webhooks/faults', {
      duplicate: { probability: 1 },
      reorder: { batch: 3, mode: 'reverse' },
    });
    const before = await h.writes('green');
    for (const summary of ['Noisy webhooks 1', 'Noisy webhooks 2', 'Noisy webhooks 3']) {
      await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { summary } });
    }
    await control(h.blue, 'POST', '/_emulator/webhooks/flush');
    await h.settle();
    assert.equal(
      (await h.jira('green', 'GET', `/rest/api/2/issue/${issue.greenKey}`)).body.fields.summary,
      'Noisy webhooks 3',
    );
    const writes = (await h.writes('green')) - before;
    assert.ok(writes >= 1 && writes <= 3, `at most one write per edit, got ${writes}`);
  });

  void test('a create whose response is lost leaves exactly one twin', async () => {
    await control(h.green, 'POST', '/_emulator/faults', {
      type: 'lostResponse',
      scope: { method: 'POST', path: 'issue' },
      count: 1,
    });
    const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Lost in transit' },
    });
    assert.equal(created.status, 201);
    await eventually(
      async () => (await h.engine.status(created.body.key as string))[0]?.twin.b.issueKey != null,
      'the twin is known',
      20_000,
    );
    await h.settle();
    const copies = await h.jira(
      'green',
      'GET',
      `/rest/api/2/search?jql=${encodeURIComponent('project = GREEN AND summary ~ "Lost in transit"')}`,
      undefined,
      'admin',
    );
    assert.equal(copies.body.total, 1, JSON.stringify(copies.body.issues?.map((issue: { key: string }) => issue.key)));
    const faults = (await control(h.green, 'GET', '/_emulator/faults')) as { faults: { fired: number }[] };
    assert.equal(faults.faults[0]?.fired, 1, 'the lost response really happened');
  });

  void test('an instance answering 503 for a while recovers without help', async () => {
    const issue = await newBlueIssue('Outage');
    await control(h.green, 'POST', '/_emulator/faults', { type: 'error', status: 503 });
    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}`, { fields: { summary: 'Outage (edited during it)' } });
    await eventually(async () => (await h.engine.errors()).length > 0, 'the failure is visible while it lasts');
    await control(h.green, 'DELETE', '/_emulator/faults');
    await eventually(
      async () =>
        (await h.jira('green', 'GET', `/rest/api/2/issue/${issue.greenKey}`)).body.fields.summary ===
        'Outage (edited during it)',
      'the edit arrives after the outage',
      20_000,
    );
    await h.settle();
    assert.deepEqual(await h.engine.errors(), []);
  });
});
