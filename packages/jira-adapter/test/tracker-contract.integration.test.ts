/**
 * The tracker port against the emulator over real HTTP, one suite run for each flavour: Jira Cloud (REST v3, ADF,
 * accountIds, token-paged search) and Jira Data Center (REST v2, wiki markup, usernames, offset-paged search).
 * Flavour-specific expectations (wiki markup on the wire, user ids) are read from the setup, not branched on.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TrackerError, type TrackerIssueRef } from '@tandem/core';
import type { JiraEmulator } from '@tandem/jira-emulator';
import type { AdfDoc } from '@tandem/rich-text';
import type { JiraTracker } from '../src/index.ts';
import { FLAVORS, START, emulatorCount, raw, startEmulator, trackerFor } from './support/emulated-jira.ts';

const doc = (...content: AdfDoc['content']): AdfDoc => ({ type: 'doc', version: 1, content });
const paragraph = (...content: AdfDoc['content']) => ({ type: 'paragraph', content });
const text = (value: string, marks?: { type: string }[]) => ({
  type: 'text',
  text: value,
  ...(marks ? { marks } : {}),
});

async function collect(iterable: AsyncIterable<TrackerIssueRef>): Promise<TrackerIssueRef[]> {
  const refs: TrackerIssueRef[] = [];
  for await (const ref of iterable) refs.push(ref);
  return refs;
}

function isTrackerError(kind: string, pattern?: RegExp) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof TrackerError, `a TrackerError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    if (pattern) assert.match(error.message, pattern);
    return true;
  };
}

for (const setup of FLAVORS) {
  void describe(`${setup.flavor} tracker`, () => {
    let emulator: JiraEmulator;
    let tracker: JiraTracker;
    const jira = (method: string, path: string, body?: unknown) => raw(setup, emulator, method, path, body);
    const newIssue = (summary: string, properties: Record<string, unknown> = {}) =>
      tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Task',
        summary,
        description: null,
        properties,
      });

    before(async () => {
      emulator = await startEmulator(setup);
      // Pages of two, so that search and comment paging take several requests with the demo data.
      tracker = trackerFor(setup, emulator, { pageSize: 2 });
    });
    after(async () => emulator.close());

    void test('identity: instance, flavour, browse URL and myself', async () => {
      assert.equal(tracker.flavor, setup.flavor);
      assert.equal(tracker.instance, `test-${setup.flavor}`);
      assert.equal(tracker.browseUrl(`${setup.project}-1`), `${emulator.url}/browse/${setup.project}-1`);
      const me = await tracker.myself();
      assert.equal(me.id, setup.adminId(emulator));
      assert.equal(me.email, 'admin@example.com');
      assert.ok(me.displayName.length > 0);
    });

    void test('getIssue reads a seeded issue: fields, rich description, comments, attachments, dates in ms', async () => {
      const issue = await tracker.getIssue(`${setup.project}-1`);
      assert.ok(issue);
      assert.equal(issue.key, `${setup.project}-1`);
      assert.equal(issue.projectKey, setup.project);
      assert.equal(issue.summary, 'Customers cannot log in with SSO');
      assert.equal(issue.issueType.name, 'Bug');
      assert.equal(typeof issue.updated, 'number');
      assert.ok(issue.created <= issue.updated && issue.created > 0);
      // The description is ADF on both flavours (Data Center's wiki markup converted): a heading, a list, code.
      const types = issue.description?.content.map((node) => node.type) ?? [];
      assert.ok(
        types.includes('heading') && types.includes('orderedList') && types.includes('codeBlock'),
        types.join(),
      );
      // Alice's and Bob's comments, and Carol's restricted to the engineering group (the admin is a member).
      assert.deepEqual(
        issue.comments.map((comment) => [comment.author?.displayName, comment.restricted, comment.internal]),
        [
          ['Alice Moreau', false, false],
          ['Bob Okafor', false, false],
          ['Carol Nguyen', true, false],
        ],
      );
      assert.deepEqual(issue.attachments.map((attachment) => attachment.filename).sort(), [
        'screenshot.png',
        'server.log',
      ]);
      assert.equal(await tracker.getIssue(`${setup.project}-999`), null);
    });

    void test('changelog: every change of an issue, oldest first, over several pages on Cloud', async () => {
      const created = await newIssue('History 0');
      for (const n of [1, 2, 3]) await tracker.updateFields(created.id, { summary: `History ${n}` });
      await tracker.updateFields(created.id, { issueTypeName: 'Story' });
      const changes = await tracker.changelog(created.id);
      const items = changes.flatMap((change) => change.items.map((item) => ({ ...item, at: change.at })));
      assert.deepEqual(
        items.map((item) => [item.fieldId, item.fromString, item.toString]),
        [
          ['summary', 'History 0', 'History 1'],
          ['summary', 'History 1', 'History 2'],
          ['summary', 'History 2', 'History 3'],
          ['issuetype', 'Task', 'Story'],
        ],
      );
      assert.ok(changes.every((change) => change.authorId === setup.adminId(emulator) && change.at >= START));
      assert.deepEqual(
        changes.map((change) => change.at),
        changes.map((change) => change.at).sort((x, y) => x - y),
      );
    });

    void test('createIssue with marker properties; findByProperty finds it through JQL, quotes escaped', async () => {
      const marker = { connection: 'conn "one" \\ x', twinId: 'twin-1' };
      const created = await tracker.createIssue({
        projectKey: setup.project,
        issueTypeName: 'Story',
        summary: 'Created by the adapter',
        description: doc(paragraph(text('Hello '), text('world', [{ type: 'strong' }]))),
        properties: { 'tandem.twin': marker },
      });
      assert.match(created.key, new RegExp(`^${setup.project}-\\d+$`));
      const issue = await tracker.getIssue(created.id);
      assert.deepEqual(issue?.properties, { 'tandem.twin': marker });
      assert.equal(issue?.issueType.name, 'Story');
      assert.deepEqual(
        issue?.description,
        doc(paragraph(text('Hello '), text('world', [{ type: 'strong' }]))),
        'ADF survives the trip (through wiki markup on Data Center)',
      );
      // createIssue gives id and key only (nothing read back); the search gives `updated` too.
      const found = { ...created, updated: START };
      assert.deepEqual(await tracker.findByProperty('tandem.twin', 'connection', marker.connection), [found]);
      assert.deepEqual(await tracker.findByProperty('tandem.twin', 'twinId', 'twin-1'), [found]);
      assert.deepEqual(await tracker.findByProperty('tandem.twin', 'connection', 'conn "one"'), []);
      await assert.rejects(tracker.findByProperty('tandem.twin', 'a] = 1 OR x', 'v'), isTrackerError('bad-request'));
    });

    void test('search pages through every result (pages of two)', async () => {
      const before = emulator.stats.total;
      const refs = await collect(tracker.search(`project = ${setup.project} ORDER BY key ASC`));
      const expected = emulator.context.state.data.issues
        .filter((issue) => issue.key.startsWith(`${setup.project}-`))
        .map((issue) => issue.key)
        .sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
      assert.deepEqual(
        refs.map((ref) => ref.key),
        expected,
      );
      assert.ok(refs.every((ref) => typeof ref.updated === 'number' && ref.id.length > 0));
      assert.ok(expected.length > 4, 'several pages');
      assert.equal(emulator.stats.total - before, Math.ceil(expected.length / 2), 'one request per page of two');
      assert.deepEqual(await collect(tracker.search(`project = ${setup.project} AND summary ~ "no such words"`)), []);
    });

    void test('issueTypes: creatable non-subtask types from createmeta, Task by default', async () => {
      const types = await tracker.issueTypes(setup.project);
      assert.ok(types.names.includes('Task') && types.names.includes('Bug'), types.names.join());
      assert.ok(!types.names.includes('Sub-task'));
      assert.equal(types.defaultName, 'Task');
      await assert.rejects(tracker.issueTypes('NOPE'), isTrackerError('not-found'));
    });

    void test('updateFields sends only the given fields; none sends nothing', async () => {
      const created = await newIssue('Before');
      await tracker.updateFields(created.id, {
        summary: 'After',
        description: doc(paragraph(text('Changed'))),
        issueTypeName: 'Bug',
      });
      const issue = await tracker.getIssue(created.key);
      assert.equal(issue?.summary, 'After');
      assert.equal(issue?.issueType.name, 'Bug');
      assert.deepEqual(issue?.description, doc(paragraph(text('Changed'))));
      await tracker.updateFields(created.id, { description: null });
      assert.equal((await tracker.getIssue(created.key))?.description, null);
      const requests = tracker.stats().requests;
      await tracker.updateFields(created.id, {});
      assert.equal(tracker.stats().requests, requests);
    });

    void test('comments: add, update, delete; restricted and internal flags', async () => {
      const created = await newIssue('Comments');
      const first = await tracker.addComment(created.id, doc(paragraph(text('First'))));
      const second = await tracker.addComment(created.id, doc(paragraph(text('Second'))));
      await tracker.updateComment(created.id, first.id, doc(paragraph(text('First, edited'))));
      // A comment restricted to a group the admin belongs to, and a JSM internal one (its `sd.public.comment`).
      const restricted = await jira('POST', `${setup.apiPath}/issue/${created.key}/comment`, {
        body: setup.flavor === 'cloud' ? doc(paragraph(text('Admins only'))) : 'Admins only',
        visibility: { type: 'group', value: 'jira-administrators' },
      });
      assert.equal(restricted.status, 201);
      const internalId = second.id;
      const property = await jira('PUT', `${setup.apiPath}/comment/${internalId}/properties/sd.public.comment`, {
        internal: true,
      });
      assert.ok([200, 201].includes(property.status));

      const issue = await tracker.getIssue(created.key);
      assert.deepEqual(
        issue?.comments.map((comment) => ({
          id: comment.id,
          text: comment.body.content[0]?.content?.[0]?.text,
          restricted: comment.restricted,
          internal: comment.internal,
        })),
        [
          { id: first.id, text: 'First, edited', restricted: false, internal: false },
          { id: second.id, text: 'Second', restricted: false, internal: true },
          { id: (restricted.json as { id: string }).id, text: 'Admins only', restricted: true, internal: false },
        ],
      );
      assert.equal(issue?.comments[0]?.author?.id, setup.adminId(emulator));
      assert.equal(issue?.comments[0]?.updated, START);

      await tracker.deleteComment(created.id, first.id);
      assert.deepEqual(
        (await tracker.getIssue(created.key))?.comments.map((comment) => comment.id),
        [second.id, (restricted.json as { id: string }).id],
      );
      await assert.rejects(tracker.deleteComment(created.id, first.id), isTrackerError('not-found'));
    });

    void test('attachments: upload, read back byte for byte, delete; seeded ones download too', async () => {
      const created = await newIssue('Attachments');
      const bytes = Buffer.from([0, 1, 2, 250, 251, 255, ...Buffer.from('binary ✓')]);
      const uploaded = await tracker.uploadAttachment(created.id, 'data ✓.bin', 'application/x-test', bytes);
      const issue = await tracker.getIssue(created.key);
      assert.deepEqual(
        issue?.attachments.map((attachment) => [
          attachment.id,
          attachment.filename,
          attachment.mimeType,
          attachment.size,
        ]),
        [[uploaded.id, 'data ✓.bin', 'application/x-test', bytes.length]],
      );
      assert.equal(issue?.attachments[0]?.author?.id, setup.adminId(emulator));
      assert.deepEqual(await tracker.downloadAttachment(uploaded.id), bytes);

      const seeded = await tracker.getIssue(`${setup.project}-1`);
      const log = seeded?.attachments.find((attachment) => attachment.filename === 'server.log');
      assert.ok(log);
      assert.match((await tracker.downloadAttachment(log.id)).toString('utf8'), /ERROR session missing/);

      await tracker.deleteAttachment(uploaded.id);
      assert.deepEqual((await tracker.getIssue(created.key))?.attachments, []);
      await assert.rejects(tracker.downloadAttachment(uploaded.id), isTrackerError('not-found'));
    });

    void test('upsertRemoteLink replaces the link with the same globalId', async () => {
      const created = await newIssue('Remote links');
      const globalId = `tandem:c1:other:${created.id}`;
      await tracker.upsertRemoteLink(created.id, { globalId, url: 'https://other/browse/X-1', title: 'X-1' });
      await tracker.upsertRemoteLink(created.id, {
        globalId,
        url: 'https://other/browse/X-2',
        title: 'X-2',
        summary: 'moved',
      });
      const links = (await jira('GET', `${setup.apiPath}/issue/${created.key}/remotelink`)).json as {
        globalId: string;
        object: { url: string; title: string; summary?: string };
      }[];
      assert.deepEqual(
        links.map((link) => [link.globalId, link.object.url, link.object.title, link.object.summary]),
        [[globalId, 'https://other/browse/X-2', 'X-2', 'moved']],
      );
    });

    void test('setIssueProperty writes a marker that getIssue and findByProperty read', async () => {
      const created = await newIssue('Marked later');
      await tracker.setIssueProperty(created.id, 'tandem.twin', { connection: 'later', twinId: 't-9' });
      assert.deepEqual((await tracker.getIssue(created.key))?.properties, {
        'tandem.twin': { connection: 'later', twinId: 't-9' },
      });
      assert.deepEqual(
        (await tracker.findByProperty('tandem.twin', 'connection', 'later')).map((ref) => ref.key),
        [created.key],
      );
    });

    void test('webhooks: register with JQL filter and secret, list, delete', async () => {
      const { id } = await tracker.registerWebhook({
        name: 'tandem',
        url: 'http://127.0.0.1:9/hooks/jira',
        events: ['jira:issue_created', 'jira:issue_updated', 'comment_created'],
        jql: `project = ${setup.project}`,
        secret: 's3cret',
      });
      assert.deepEqual(await tracker.listWebhooks(), [{ id, name: 'tandem', url: 'http://127.0.0.1:9/hooks/jira' }]);
      const stored = (await jira('GET', `/rest/webhooks/1.0/webhook/${id}`)).json as Record<string, unknown>;
      assert.deepEqual(stored['filters'], { 'issue-related-events-section': `project = ${setup.project}` });
      assert.equal(stored['enabled'], true);
      assert.deepEqual(stored['events'], ['jira:issue_created', 'jira:issue_updated', 'comment_created']);
      assert.equal(emulator.context.state.data.webhooks[0]?.secret, 's3cret');
      await tracker.deleteWebhook(id);
      assert.deepEqual(await tracker.listWebhooks(), []);
    });

    void test("errors carry Jira's words: field messages with the issue, not found, auth", async () => {
      const created = await newIssue('Errors');
      await assert.rejects(tracker.updateFields(created.id, { summary: '' }), (error: unknown) => {
        assert.ok(error instanceof TrackerError);
        assert.equal(error.kind, 'bad-request');
        assert.equal(error.retryable, false);
        assert.equal(error.details.status, 400);
        assert.equal(error.details.issue, created.id);
        assert.deepEqual(error.details.fieldErrors, { summary: 'You must specify a summary of the issue.' });
        assert.equal(
          error.message,
          `${created.id}: field 'summary' (Summary): You must specify a summary of the issue.`,
        );
        return true;
      });
      await assert.rejects(
        tracker.createIssue({
          projectKey: setup.project,
          issueTypeName: 'Nonsense',
          summary: 'x',
          description: null,
          properties: {},
        }),
        isTrackerError('bad-request', new RegExp(`^new issue in ${setup.project}: field 'issuetype'`)),
      );
      await assert.rejects(
        tracker.updateFields(`${setup.project}-999`, { summary: 'x' }),
        isTrackerError('not-found', new RegExp(`^${setup.project}-999: `)),
      );
      const stranger = trackerFor({ ...setup, credentials: { ...setup.credentials, token: 'wrong-token' } }, emulator);
      await assert.rejects(stranger.myself(), isTrackerError('auth'));
      assert.equal(emulatorCount(emulator, 'GET', '/myself', 401), 1, 'a 401 is not retried');
    });

    void test('stats count every HTTP request by method', async () => {
      const fresh = trackerFor(setup, emulator);
      await fresh.myself();
      const created = await fresh.createIssue({
        projectKey: setup.otherProject,
        issueTypeName: 'Task',
        summary: 'Counted',
        description: null,
        properties: {},
      });
      await fresh.addComment(created.id, doc(paragraph(text('c'))));
      // myself, POST issue (its answer is all createIssue needs), POST comment.
      assert.deepEqual(fresh.stats(), {
        requests: 3,
        byMethod: { GET: 1, POST: 2 },
        retries: 0,
        rateLimited: 0,
        rateLimitedByReason: {},
      });
    });
  });
}
