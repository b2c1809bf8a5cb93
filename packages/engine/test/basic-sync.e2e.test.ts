/**
 * Basic mode end to end: a Cloud and a Data Center emulator over real HTTP, a real SQLite file, webhooks and the
 * poll. Each test acts as a person on one side and checks the other side.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startHarness, type Harness } from './support/sync-harness.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function createBlueIssue(
  h: Harness,
  summary: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; key: string }> {
  const created = await h.jira('blue', 'POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'BLUE' },
      issuetype: { name: 'Task' },
      summary,
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Steps: ' },
              { type: 'text', text: 'open the page', marks: [{ type: 'strong' }] },
            ],
          },
        ],
      },
      ...extra,
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return created.body as { id: string; key: string };
}

async function twinKeyOf(h: Harness, key: string): Promise<string> {
  const [status] = await h.engine.status(key);
  assert.ok(status, `${key} has a twin`);
  const side = status.twin.a.issueKey === key ? 'b' : 'a';
  const twinKey = status.twin[side].issueKey;
  if (!twinKey)
    assert.fail(`${key}'s twin issue does not exist: ${JSON.stringify({ status, errors: await h.engine.errors() })}`);
  return twinKey;
}

void describe('Basic mode between Jira Cloud and Jira Data Center', () => {
  let h: Harness;
  before(async () => {
    // The type-fallback test changes a project's issue types while the engine runs: no remembered type list.
    h = await startHarness({ timings: { issueTypesTtlMs: 0 } });
  });
  after(() => h.close());

  void test('an issue created on Cloud gets a twin on Data Center with every Basic field, links and markers', async () => {
    const issue = await createBlueIssue(h, 'Customers cannot log in');
    await h.settle();
    const greenKey = await twinKeyOf(h, issue.key);
    const green = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}?properties=tandem.twin`);
    assert.equal(green.body.fields.summary, 'Customers cannot log in');
    assert.equal(green.body.fields.description, 'Steps: *open the page*');
    assert.equal(green.body.fields.issuetype.name, 'Task');
    assert.equal(green.body.properties['tandem.twin'].origin.issueId, issue.id);
    const greenLinks = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/remotelink`);
    assert.ok(
      (greenLinks.body as { object: { title: string } }[]).some((link) => link.object.title.startsWith(issue.key)),
    );
    const blueLinks = await h.jira('blue', 'GET', `/rest/api/3/issue/${issue.key}/remotelink`);
    assert.ok(
      (blueLinks.body as { object: { title: string } }[]).some((link) => link.object.title.startsWith(greenKey)),
    );
  });

  void test('edits flow both ways, once per edit', async () => {
    const issue = await createBlueIssue(h, 'Export drops a row');
    await h.settle();
    const greenKey = await twinKeyOf(h, issue.key);
    const greenWritesBefore = await h.writes('green');
    assert.equal(
      (
        await h.jira('blue', 'PUT', `/rest/api/3/issue/${issue.key}`, {
          fields: { summary: 'Export drops the last row' },
        })
      ).status,
      204,
    );
    await h.settle();
    assert.equal(
      (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}`)).body.fields.summary,
      'Export drops the last row',
    );
    assert.equal((await h.writes('green')) - greenWritesBefore, 1, 'exactly one write on the other side for one edit');

    assert.equal(
      (
        await h.jira('green', 'PUT', `/rest/api/2/issue/${greenKey}`, {
          fields: { description: 'h2. Cause\nThe *last* line is cut.' },
        })
      ).status,
      204,
    );
    await h.settle();
    const blue = await h.jira('blue', 'GET', `/rest/api/3/issue/${issue.key}`);
    assert.equal(blue.body.fields.description.content[0].type, 'heading');
  });

  void test('comments: added, edited and deleted both ways, with their author; restricted and internal ones stay', async () => {
    const issue = await createBlueIssue(h, 'Comment traffic');
    await h.settle();
    const greenKey = await twinKeyOf(h, issue.key);
    const added = await h.jira('blue', 'POST', `/rest/api/2/issue/${issue.key}/comment`, {
      body: 'I can reproduce it.',
    });
    assert.equal(added.status, 201);
    await h.jira(
      'blue',
      'POST',
      `/rest/api/2/issue/${issue.key}/comment`,
      { body: 'Admins only', visibility: { type: 'group', value: 'jira-administrators' } },
      'admin',
    );
    const internal = await h.jira(
      'blue',
      'POST',
      `/rest/api/2/issue/${issue.key}/comment`,
      { body: 'Agents only', properties: [{ key: 'sd.public.comment', value: { internal: true } }] },
      'admin',
    );
    assert.equal(internal.status, 201);
    await h.settle();
    let comments = (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin')).body
      .comments as { id: string; body: string }[];
    assert.equal(comments.length, 1);
    assert.match(comments[0]?.body ?? '', /Alice Moreau\* wrote:/);
    assert.match(comments[0]?.body ?? '', /I can reproduce it\./);

    await h.jira('blue', 'PUT', `/rest/api/2/issue/${issue.key}/comment/${added.body.id}`, {
      body: 'I can reproduce it on Safari.',
    });
    const fromGreen = await h.jira('green', 'POST', `/rest/api/2/issue/${greenKey}/comment`, {
      body: 'Fixed in *build 42*.',
    });
    await h.settle();
    comments = (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin')).body
      .comments;
    assert.match(comments[0]?.body ?? '', /Safari/);
    const blueComments = (await h.jira('blue', 'GET', `/rest/api/2/issue/${issue.key}/comment`, undefined, 'admin'))
      .body.comments as { body: string }[];
    assert.ok(blueComments.some((comment) => /Fixed in \*build 42\*/.test(comment.body)));

    await h.jira('blue', 'DELETE', `/rest/api/2/issue/${issue.key}/comment/${added.body.id}`);
    await h.jira('green', 'DELETE', `/rest/api/2/issue/${greenKey}/comment/${fromGreen.body.id}`);
    await h.settle();
    comments = (await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}/comment`, undefined, 'admin')).body
      .comments;
    assert.equal(comments.length, 0);
    const blueAfter = (await h.jira('blue', 'GET', `/rest/api/2/issue/${issue.key}/comment`, undefined, 'admin')).body
      .comments as { body: string }[];
    assert.deepEqual(blueAfter.map((comment) => comment.body).sort(), ['Admins only', 'Agents only']);
  });

  void test('attachments travel both ways byte for byte, and deletions follow', async () => {
    const issue = await createBlueIssue(h, 'Attachment traffic');
    await h.settle();
    const greenKey = await twinKeyOf(h, issue.key);
    const bytes = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), 'dump.bin');
    const upload = await fetch(`${h.blue.url}/rest/api/3/issue/${issue.key}/attachments`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('alice@example.com:alice-token').toString('base64')}`,
        'X-Atlassian-Token': 'no-check',
      },
      body: form,
    });
    assert.equal(upload.status, 200);
    const [uploaded] = (await upload.json()) as { id: string }[];
    await h.settle();
    const green = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}?fields=attachment`);
    const copy = (green.body.fields.attachment as { filename: string; content: string }[]).find(
      (attachment) => attachment.filename === 'dump.bin',
    );
    assert.ok(copy, 'the attachment was copied');
    const downloaded = Buffer.from(
      await (await fetch(copy.content, { headers: { authorization: 'Bearer emulator-token' } })).arrayBuffer(),
    );
    assert.equal(sha256(downloaded), sha256(bytes));

    await h.jira('blue', 'DELETE', `/rest/api/3/attachment/${uploaded?.id}`);
    await h.settle();
    const after = await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}?fields=attachment`);
    assert.equal((after.body.fields.attachment as unknown[]).length, 0);
  });

  void test('an issue type the other project lacks becomes its default type, without flapping back', async () => {
    const project = h.green.context.state.findProject('GREEN');
    assert.ok(project);
    const story = h.green.context.state.findIssueType('Story');
    assert.ok(story);
    project.issueTypeIds = project.issueTypeIds.filter((id) => id !== story.id);
    try {
      const issue = await createBlueIssue(h, 'A story', { issuetype: { name: 'Story' } });
      await h.settle();
      const greenKey = await twinKeyOf(h, issue.key);
      assert.equal((await h.jira('green', 'GET', `/rest/api/2/issue/${greenKey}`)).body.fields.issuetype.name, 'Task');
      await h.settle();
      assert.equal((await h.jira('blue', 'GET', `/rest/api/3/issue/${issue.key}`)).body.fields.issuetype.name, 'Story');
    } finally {
      project.issueTypeIds.push(story.id);
    }
  });

  void test('an issue created on Data Center gets a twin on Cloud', async () => {
    const created = await h.jira('green', 'POST', '/rest/api/2/issue', {
      fields: {
        project: { key: 'GREEN' },
        issuetype: { name: 'Bug' },
        summary: 'Made on DC',
        description: 'Some _emphasis_',
      },
    });
    assert.equal(created.status, 201);
    await h.settle();
    const blueKey = await twinKeyOf(h, created.body.key as string);
    const blue = await h.jira('blue', 'GET', `/rest/api/2/issue/${blueKey}`);
    assert.equal(blue.body.fields.summary, 'Made on DC');
    assert.equal(blue.body.fields.issuetype.name, 'Bug');
    assert.equal(blue.body.fields.description, 'Some _emphasis_');
  });

  void test('once quiet, no more writes on either side', async () => {
    await h.settle();
    const before = [await h.writes('blue'), await h.writes('green')];
    await h.engine.pollNow();
    await h.settle();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await h.settle();
    assert.deepEqual([await h.writes('blue'), await h.writes('green')], before);
  });
});
