/**
 * Webhook delivery over real HTTP: headers and signature, Jira Cloud's retry policy on the emulator clock, the JQL
 * filter, each injected fault through the control API, and close() stopping pending work. Time only moves when a
 * test advances the frozen clock.
 */
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { DeliveryLogEntry } from '../src/webhooks/webhook-dispatcher.ts';
import { startWebhookKit, type WebhookKit } from './support/webhook-test-kit.ts';

const MINUTE = 60_000;

async function withKit(flavor: 'cloud' | 'datacenter', run: (kit: WebhookKit) => Promise<void>): Promise<void> {
  const kit = await startWebhookKit(flavor);
  try {
    await run(kit);
  } finally {
    await kit.close();
  }
}

async function createIssue(kit: WebhookKit, summary: string, fields: Record<string, unknown> = {}): Promise<string> {
  const response = await kit.call('POST', '/rest/api/2/issue', {
    fields: { project: { key: kit.projectKey }, summary, issuetype: { name: 'Task' }, ...fields },
  });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return (response.body as { key: string }).key;
}

async function control(
  kit: WebhookKit,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { 'Content-Type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  const response = await fetch(`${kit.emulator.url}/_emulator/webhooks${path}`, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

async function advance(kit: WebhookKit, ms: number): Promise<void> {
  kit.emulator.context.clock.advance(ms);
  await kit.settle();
}

function summaries(kit: WebhookKit): string[] {
  return kit.receiver
    .events('jira:issue_created')
    .map((body) => (body['issue'] as { fields: { summary: string } }).fields.summary);
}

for (const flavor of ['cloud', 'datacenter'] as const) {
  void test(`headers and X-Hub-Signature (${flavor})`, () =>
    withKit(flavor, async (kit) => {
      await kit.register({ events: ['jira:issue_created'], secret: 'it-is-a-secret' });
      await kit.register({ events: ['jira:issue_created'] });
      await createIssue(kit, 'Signed');
      await kit.settle();
      assert.equal(kit.receiver.received.length, 2);
      const [signed, unsigned] = kit.receiver.received;
      assert.ok(signed && unsigned);
      const expected = `sha256=${createHmac('sha256', 'it-is-a-secret').update(signed.raw).digest('hex')}`;
      assert.equal(signed.headers['x-hub-signature'], expected);
      assert.equal(unsigned.headers['x-hub-signature'], undefined);
      assert.equal(signed.headers['user-agent'], 'Atlassian Webhook HTTP Client');
      assert.match(String(signed.headers['content-type']), /^application\/json/);
      assert.equal(signed.headers['x-atlassian-webhook-retry'], undefined, 'a first attempt is not a retry');
      assert.ok(signed.headers['x-atlassian-webhook-identifier']);
      assert.notEqual(
        signed.headers['x-atlassian-webhook-identifier'],
        unsigned.headers['x-atlassian-webhook-identifier'],
        'one identifier per delivery',
      );
    }));
}

void test('503 is retried 5 to 15 minutes later with the same identifier and X-Atlassian-Webhook-Retry', () =>
  withKit('cloud', async (kit) => {
    kit.receiver.respond = (_request, index) => (index === 0 ? 503 : 200);
    await kit.register({ events: ['jira:issue_created'] });
    await createIssue(kit, 'Retry me');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 1);
    await advance(kit, 5 * MINUTE - 1);
    assert.equal(kit.receiver.received.length, 1, 'no retry before 5 minutes');
    await advance(kit, 10 * MINUTE + 1);
    assert.equal(kit.receiver.received.length, 2, 'retried within 15 minutes');
    const [first, second] = kit.receiver.received;
    assert.equal(second?.headers['x-atlassian-webhook-identifier'], first?.headers['x-atlassian-webhook-identifier']);
    assert.equal(second?.headers['x-atlassian-webhook-retry'], '1');
    assert.equal(second?.raw, first?.raw, 'the body rendered at the change is sent again unchanged');
    const log = (await control(kit, 'GET', '/deliveries')).body as { deliveries: DeliveryLogEntry[]; pending: number };
    assert.deepEqual(
      log.deliveries.map((entry) => [entry.attempt, entry.outcome, entry.status]),
      [
        [0, 'retry-scheduled', 503],
        [1, 'delivered', 200],
      ],
    );
    assert.equal(log.pending, 0);
  }));

void test('retries stop after 5; 400 is never retried; connection failures are', () =>
  withKit('datacenter', async (kit) => {
    kit.receiver.respond = (request) => (request.body?.['webhookEvent'] === 'jira:issue_created' ? 500 : 400);
    await kit.register({ events: ['jira:issue_created', 'jira:issue_updated'] });
    const key = await createIssue(kit, 'Always failing');
    await kit.call('PUT', `/rest/api/2/issue/${key}`, { fields: { summary: 'Still failing' } });
    await kit.settle();
    for (let i = 0; i < 8; i++) await advance(kit, 15 * MINUTE);
    const created = kit.receiver.received.filter((request) => request.body?.['webhookEvent'] === 'jira:issue_created');
    const updated = kit.receiver.received.filter((request) => request.body?.['webhookEvent'] === 'jira:issue_updated');
    assert.deepEqual(
      created.map((request) => request.headers['x-atlassian-webhook-retry'] ?? '-'),
      ['-', '1', '2', '3', '4', '5'],
    );
    assert.equal(updated.length, 1, '400 ends the delivery');
    const log = kit.emulator.context.webhooks.deliveries();
    assert.deepEqual(
      log.filter((entry) => entry.outcome === 'failed').map((entry) => [entry.event, entry.attempt, entry.status]),
      [
        ['jira:issue_updated', 0, 400],
        ['jira:issue_created', 5, 500],
      ],
    );

    // Nobody listening: a connection failure is retried.
    const closedPort = new URL(kit.receiver.url);
    closedPort.port = '1';
    await kit.register({ name: 'nowhere', url: closedPort.toString(), events: ['jira:issue_deleted'] });
    await kit.call('DELETE', `/rest/api/2/issue/${key}`);
    await kit.settle();
    const attempts = kit.emulator.context.webhooks.deliveries().filter((entry) => entry.event === 'jira:issue_deleted');
    assert.equal(attempts.at(-1)?.outcome, 'retry-scheduled');
    assert.equal(attempts.at(-1)?.status, null);
    assert.ok(attempts.at(-1)?.error);
  }));

void test('an attempt that gets no answer times out on the emulator clock and is retried', () =>
  withKit('cloud', async (kit) => {
    kit.receiver.respond = (_request, index) => (index === 0 ? null : 200);
    await kit.register({ events: ['jira:issue_created'] });
    await createIssue(kit, 'Slow receiver');
    // Wait until the first request has reached the receiver.
    for (let i = 0; i < 100 && kit.receiver.received.length === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(kit.receiver.received.length, 1);
    await advance(kit, 10_000);
    const log = kit.emulator.context.webhooks.deliveries();
    assert.equal(log[0]?.outcome, 'retry-scheduled');
    assert.match(String(log[0]?.error), /timed out/);
    await advance(kit, 15 * MINUTE);
    assert.equal(kit.receiver.received[1]?.headers['x-atlassian-webhook-retry'], '1');
  }));

void test('JQL filter: only events about matching issues are sent', () =>
  withKit('cloud', async (kit) => {
    await kit.register({
      events: ['jira:issue_created', 'jira:issue_updated'],
      filters: { 'issue-related-events-section': 'labels = sync' },
    });
    await createIssue(kit, 'Not for sync');
    const key = await createIssue(kit, 'For sync', { labels: ['sync'] });
    await kit.settle();
    assert.deepEqual(summaries(kit), ['For sync']);
    // The issue as it is after the change decides: removing the label ends the deliveries.
    await kit.call('PUT', `/rest/api/2/issue/${key}`, { update: { labels: [{ remove: 'sync' }] } });
    await kit.settle();
    assert.equal(kit.receiver.events('jira:issue_updated').length, 0);
    const bad = await kit.call('POST', '/rest/webhooks/1.0/webhook', {
      name: 'bad',
      url: kit.receiver.url,
      jqlFilter: 'project = = BLUE',
    });
    assert.equal(bad.status, 400, 'a filter with bad syntax is refused when saved');
    // Names are resolved per event: a filter naming a project that does not exist is saved and matches nothing.
    await kit.register({ name: 'later', events: ['jira:issue_created'], jqlFilter: 'project = LATER' });
    await createIssue(kit, 'Unmatched');
    await kit.settle();
    assert.deepEqual(summaries(kit), ['For sync']);
  }));

void test('disabled webhooks and unsubscribed events are not sent; excludeBody sends no body', () =>
  withKit('datacenter', async (kit) => {
    const id = await kit.register({ events: ['jira:issue_created'], enabled: false });
    await kit.register({ events: ['jira:issue_deleted'] });
    await kit.register({ events: ['jira:issue_created'], excludeBody: true });
    await createIssue(kit, 'Quiet');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 1);
    assert.equal(kit.receiver.received[0]?.raw, '');
    await kit.call('PUT', `/rest/webhooks/1.0/webhook/${id}`, { enabled: true });
    await createIssue(kit, 'Loud');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 3);
  }));

void test('fault: drop the next delivery', () =>
  withKit('cloud', async (kit) => {
    await kit.register({ events: ['jira:issue_created'] });
    assert.equal((await control(kit, 'PUT', '/faults', { drop: { next: 1 } })).status, 200);
    await createIssue(kit, 'Lost');
    await createIssue(kit, 'Kept');
    await kit.settle();
    assert.deepEqual(summaries(kit), ['Kept']);
    const log = ((await control(kit, 'GET', '/deliveries')).body as { deliveries: DeliveryLogEntry[] }).deliveries;
    assert.deepEqual(
      log.map((entry) => entry.outcome),
      ['dropped', 'delivered'],
    );
  }));

void test('fault: duplicate delivers twice with the same identifier', () =>
  withKit('cloud', async (kit) => {
    await kit.register({ events: ['jira:issue_created'] });
    await control(kit, 'PUT', '/faults', { duplicate: { next: 1 } });
    await createIssue(kit, 'Twice');
    await createIssue(kit, 'Once');
    await kit.settle();
    assert.deepEqual(summaries(kit), ['Twice', 'Twice', 'Once']);
    const [first, second] = kit.receiver.received;
    assert.equal(first?.headers['x-atlassian-webhook-identifier'], second?.headers['x-atlassian-webhook-identifier']);
    assert.equal(first?.raw, second?.raw);
  }));

void test('fault: reorder holds a batch and releases it reversed; flush releases a partial batch', () =>
  withKit('datacenter', async (kit) => {
    await kit.register({ events: ['jira:issue_created'] });
    await control(kit, 'PUT', '/faults', { reorder: { batch: 3, mode: 'reverse' } });
    await createIssue(kit, 'one');
    await createIssue(kit, 'two');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 0, 'held until the batch is full');
    await createIssue(kit, 'three');
    await kit.settle();
    assert.deepEqual(summaries(kit), ['three', 'two', 'one']);
    await createIssue(kit, 'four');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 3);
    const flushed = await control(kit, 'POST', '/flush');
    assert.equal(flushed.status, 200);
    assert.deepEqual(flushed.body, { pending: 0 });
    assert.deepEqual(summaries(kit), ['three', 'two', 'one', 'four']);
  }));

void test('fault: delay by 30 minutes of emulator time, released when the clock passes', () =>
  withKit('cloud', async (kit) => {
    await kit.register({ events: ['jira:issue_created'] });
    await control(kit, 'PUT', '/faults', { delay: { next: 1, ms: 30 * MINUTE } });
    await createIssue(kit, 'Late');
    await createIssue(kit, 'On time');
    await kit.settle();
    assert.deepEqual(summaries(kit), ['On time']);
    await advance(kit, 30 * MINUTE - 1);
    assert.deepEqual(summaries(kit), ['On time']);
    await advance(kit, 1);
    assert.deepEqual(summaries(kit), ['On time', 'Late']);
    const late = kit.receiver.events('jira:issue_created')[1];
    assert.equal(
      late?.['timestamp'],
      kit.emulator.context.clock.now() - 30 * MINUTE,
      'the payload keeps the time of the change',
    );
  }));

void test('flush sends delayed deliveries and retries at once', () =>
  withKit('datacenter', async (kit) => {
    kit.receiver.respond = (_request, index) => (index === 0 ? 429 : 200);
    await kit.register({ events: ['jira:issue_created'] });
    await createIssue(kit, 'Retried');
    await kit.settle();
    await control(kit, 'PUT', '/faults', { delay: { next: 1, ms: 60 * MINUTE } });
    await createIssue(kit, 'Delayed');
    await kit.settle();
    assert.equal(kit.receiver.received.length, 1);
    await control(kit, 'POST', '/flush');
    assert.deepEqual(summaries(kit).sort(), ['Delayed', 'Retried', 'Retried']);
    assert.equal(kit.emulator.context.webhooks.pending, 0);
  }));

void test('faults with a probability replay identically from the same seed', async () => {
  const dropped: string[][] = [];
  for (let run = 0; run < 2; run++) {
    await withKit('cloud', async (kit) => {
      await kit.register({ events: ['jira:issue_created'] });
      const set = await control(kit, 'PUT', '/faults', { seed: 42, drop: { probability: 0.5 } });
      assert.deepEqual((set.body as { seed: number; drop: unknown }).drop, { probability: 0.5, next: 0 });
      for (let i = 0; i < 12; i++) await createIssue(kit, `issue ${i}`);
      await kit.settle();
      const delivered = new Set(summaries(kit));
      dropped.push(Array.from({ length: 12 }, (_, i) => `issue ${i}`).filter((summary) => !delivered.has(summary)));
    });
  }
  assert.ok((dropped[0]?.length ?? 0) > 0 && (dropped[0]?.length ?? 0) < 12, 'some, not all, dropped');
  assert.deepEqual(dropped[0], dropped[1]);
});

void test('the fault control API refuses bad input and clears', () =>
  withKit('cloud', async (kit) => {
    assert.equal((await control(kit, 'PUT', '/faults', { drop: { probability: 2 } })).status, 400);
    assert.equal((await control(kit, 'PUT', '/faults', { explode: true })).status, 400);
    await control(kit, 'PUT', '/faults', { drop: { next: 3 } });
    assert.equal((await control(kit, 'DELETE', '/faults')).status, 204);
    const faults = (await control(kit, 'GET', '/faults')).body as { drop: { next: number } };
    assert.equal(faults.drop.next, 0);
  }));

void test('close() stops pending retries and in-flight attempts', async () => {
  const kit = await startWebhookKit('cloud');
  kit.receiver.respond = (_request, index) => (index === 0 ? 503 : null);
  try {
    await kit.register({ events: ['jira:issue_created'] });
    await kit.register({ name: 'second', events: ['jira:issue_created'] });
    await createIssue(kit, 'Pending');
    for (let i = 0; i < 100 && kit.receiver.received.length < 2; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(kit.receiver.received.length, 2, 'one answered 503, one hangs');
    const webhooks = kit.emulator.context.webhooks;
    for (let i = 0; i < 100 && webhooks.deliveries().length === 0; i++)
      await new Promise((resolve) => setImmediate(resolve));
    assert.equal(webhooks.deliveries()[0]?.outcome, 'retry-scheduled');
    assert.equal(webhooks.pending, 2, 'a retry waits and an attempt is in flight');
  } finally {
    // close() must not wait for the hanging attempt, and the 503 retry must never go out.
    await kit.emulator.close();
  }
  assert.equal(kit.emulator.context.webhooks.pending, 0);
  assert.equal(kit.emulator.context.clock.pending, 0);
  kit.emulator.context.clock.advance(60 * MINUTE);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(kit.receiver.received.length, 2);
  await kit.receiver.close();
});
