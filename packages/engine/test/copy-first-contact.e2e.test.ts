/**
 * A copy and its original right after the copy's create, when the step that created it did not finish (two-node
 * chaos seeds 92, 93 and 81). The steps run one by one here, in the order the two nodes' steps crossed there, so each
 * crossing is deterministic:
 * - the step fails after the create (an attachment the sender can no longer serve), so the original's side records no
 *   base; a person edits the original; the copy — updated later than the original by Tandem's own writes, though it
 *   holds the original's older values — is sent to the original. Deciding by `updated` wrote the copy's old summary over
 *   the person's edit.
 * - the original's step delivers, but its node dies before recording the answer; a person edits the copy, someone
 *   touches the original; the copy is sent to the original, which had no base and kept its older value by `updated`,
 *   and that value then travelled back over the person's edit.
 * - the create's answer is lost; a person edits the copy; the next attempt finds the copy by its intent and wrote the
 *   original's values over the person's edit.
 * An original without a base sends first (its step is queued, the copy's delivery refused for now): the copy's side,
 * which has its base from the create, merges three ways.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TrackerError, type TrackerPort, type Twin } from '@tandem/core';
import { startHarness, type Harness } from './support/sync-harness.ts';
import { DEFAULT_TIMINGS, SILENT_LOGGER, SyncStepError, type EngineDeps } from '../src/index.ts';
import { receiveReplica } from '../src/receive-replica.ts';
import { LocalReplicaTransport, type ReplicaTransport } from '../src/replica-transport.ts';
import { runSyncStep } from '../src/sync-step.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const harnesses: Harness[] = [];
after(async () => {
  for (const harness of harnesses) await harness.close();
});

/** A harness without worker or webhooks (the test runs each step), and engine deps whose green may lose answers. */
async function setUp(options: { loseFirstCreateAnswer?: boolean } = {}): Promise<{ h: Harness; deps: EngineDeps }> {
  const h = await startHarness({ start: false, webhooks: false });
  harnesses.push(h);
  const green = h.trackers.get('green') as TrackerPort;
  let lose = options.loseFirstCreateAnswer ?? false;
  // The create reaches Jira; its answer does not reach Tandem.
  const lossyGreen = new Proxy(green, {
    get(target, property) {
      if (property === 'createIssue')
        return async (...args: Parameters<TrackerPort['createIssue']>) => {
          const made = await target.createIssue(...args);
          if (!lose) return made;
          lose = false;
          throw new TrackerError('unknown-outcome', 'the answer to the create was lost');
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const deps: EngineDeps = {
    connections: [h.connection],
    trackers: new Map([
      ['blue', h.trackers.get('blue') as TrackerPort],
      ['green', lossyGreen],
    ]),
    store: h.store,
    timings: { ...DEFAULT_TIMINGS, createSettleMs: 0 },
    now: () => Date.now(),
    newId: () => randomUUID(),
    logger: SILENT_LOGGER,
  };
  return { h, deps };
}

/** A person's issue on blue (with a person's attachment) and its twin record, before its first step. */
async function original(h: Harness): Promise<{ twin: Twin; blueKey: string }> {
  const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
    fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'as created' },
  });
  const blueKey = String(created.body.key);
  const form = new FormData();
  form.append('file', new Blob([Buffer.from('report bytes')]), 'report.txt');
  const upload = await fetch(`${h.blue.url}/rest/api/3/issue/${blueKey}/attachments`, {
    method: 'POST',
    headers: {
      // A person's attachment (Tandem's own would be taken for one of its copies and not sent).
      authorization: `Basic ${Buffer.from('alice@example.com:alice-token').toString('base64')}`,
      'X-Atlassian-Token': 'no-check',
    },
    body: form,
  });
  assert.equal(upload.status, 200);
  const now = Date.now();
  const twin: Twin = {
    id: randomUUID(),
    connection: h.connection.name,
    a: { instance: 'blue', issueId: String(created.body.id), issueKey: blueKey },
    b: { instance: 'green', issueId: null, issueKey: null },
    origin: 'a',
    state: 'creating',
    createIntent: null,
    createdAt: now,
    updatedAt: now,
    lastSyncedAt: null,
  };
  await h.store.insertTwin(twin);
  return { twin, blueKey };
}

/** The first step creates the copy on green, then fails: the attachment's bytes cannot be fetched. */
async function createCopyThenFail(h: Harness, deps: EngineDeps, twin: Twin): Promise<string> {
  const failingFetch: ReplicaTransport = {
    deliver: (request) =>
      receiveReplica(deps, request, () => Promise.reject(new SyncStepError('no such attachment', {}, true))),
  };
  await assert.rejects(runSyncStep(deps, failingFetch, twin.id, 'a', true), /no such attachment/);
  const known = await h.store.getTwin(twin.id);
  assert.ok(known?.b.issueKey, 'the copy was created before the step failed');
  return known.b.issueKey;
}

async function summaryOf(h: Harness, which: 'blue' | 'green', key: string): Promise<string> {
  return String((await h.jira(which, 'GET', `/rest/api/2/issue/${key}?fields=summary`)).body.fields.summary);
}

void test("the copy's step reaches the original first: the person's newer edit of the original stays and travels", async () => {
  const { h, deps } = await setUp();
  const { twin, blueKey } = await original(h);
  const greenKey = await createCopyThenFail(h, deps, twin);
  // A person edits the original; then someone comments on the copy, which is updated later again.
  await sleep(5);
  await h.jira('blue', 'PUT', `/rest/api/2/issue/${blueKey}`, { fields: { summary: 'edited' } });
  await sleep(5);
  await h.jira('green', 'POST', `/rest/api/2/issue/${greenKey}/comment`, { body: 'seen' });
  const transport = new LocalReplicaTransport(deps);
  await assert.rejects(runSyncStep(deps, transport, twin.id, 'b', true), /sends first/);
  assert.equal(await summaryOf(h, 'blue', blueKey), 'edited', "the copy's older summary must not overwrite the edit");
  await runSyncStep(deps, transport, twin.id, 'a', true);
  assert.equal(await summaryOf(h, 'green', greenKey), 'edited');
  await runSyncStep(deps, transport, twin.id, 'b', true);
  assert.equal(await summaryOf(h, 'blue', blueKey), 'edited');
});

void test("the original's node dies after its delivery, a person edits the copy: the edit stands on both sides", async () => {
  const { h, deps } = await setUp();
  const { twin, blueKey } = await original(h);
  const transport = new LocalReplicaTransport(deps);
  const answerLost: ReplicaTransport = {
    deliver: async (request, fetch) => {
      await transport.deliver(request, fetch);
      throw new SyncStepError('the node died before recording the answer', {}, true);
    },
  };
  await assert.rejects(runSyncStep(deps, answerLost, twin.id, 'a', true), /died/);
  const search = await h.jira('green', 'GET', '/rest/api/2/search?jql=project%20%3D%20GREEN');
  const greenKey = String(search.body.issues[0]?.key);
  await sleep(5);
  await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, { fields: { summary: 'copy edited' } });
  await sleep(5);
  await h.jira('blue', 'POST', `/rest/api/2/issue/${blueKey}/comment`, { body: 'seen' });
  await assert.rejects(runSyncStep(deps, transport, twin.id, 'b', true), /sends first/);
  await runSyncStep(deps, transport, twin.id, 'a', true);
  assert.equal(await summaryOf(h, 'green', greenKey), 'copy edited', "the original's older summary must not win");
  await runSyncStep(deps, transport, twin.id, 'b', true);
  assert.equal(await summaryOf(h, 'blue', blueKey), 'copy edited');
  assert.equal(await summaryOf(h, 'green', greenKey), 'copy edited');
});

void test('a person edits the copy after its failed step: the edit is kept and travels', async () => {
  const { h, deps } = await setUp();
  const { twin, blueKey } = await original(h);
  const greenKey = await createCopyThenFail(h, deps, twin);
  await sleep(5);
  await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, { fields: { summary: 'copy edited' } });
  const transport = new LocalReplicaTransport(deps);
  await runSyncStep(deps, transport, twin.id, 'a', true);
  assert.equal(await summaryOf(h, 'green', greenKey), 'copy edited', "the original's older summary must not win");
  await runSyncStep(deps, transport, twin.id, 'b', true);
  assert.equal(await summaryOf(h, 'blue', blueKey), 'copy edited');
});

void test("the create's answer is lost and a person edits the copy: the issue found by its intent keeps the edit", async () => {
  const { h, deps } = await setUp({ loseFirstCreateAnswer: true });
  const { twin, blueKey } = await original(h);
  const transport = new LocalReplicaTransport(deps);
  await assert.rejects(runSyncStep(deps, transport, twin.id, 'a', true), /lost/);
  const search = await h.jira('green', 'GET', '/rest/api/2/search?jql=project%20%3D%20GREEN');
  const greenKey = String(search.body.issues[0]?.key);
  assert.equal(await summaryOf(h, 'green', greenKey), 'as created');
  await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, { fields: { summary: 'copy edited' } });
  await runSyncStep(deps, transport, twin.id, 'a', true);
  assert.equal((await h.store.getTwin(twin.id))?.b.issueKey, greenKey, 'the copy was found, not made twice');
  assert.equal(await summaryOf(h, 'green', greenKey), 'copy edited', 'the retry must not write over the edit');
  await runSyncStep(deps, transport, twin.id, 'b', true);
  assert.equal(await summaryOf(h, 'blue', blueKey), 'copy edited');
  const tandemFieldWrites = h.green.stats
    .list()
    .filter((entry) => entry.user === 'admin' && entry.method === 'PUT' && /\/issue\/[^/]+$/.test(entry.endpoint))
    .reduce((sum, entry) => sum + entry.count, 0);
  assert.equal(tandemFieldWrites, 0, "only the person wrote the copy's fields");
});
