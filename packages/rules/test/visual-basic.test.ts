// Basic mode through the Visual machinery gives what Basic mode gave before it (core's buildBasicReplica and the
// receiving side's issue-type fallback and comment attribution, up to commit 92e38b4).
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { attributedBody } from '@tandem/core';
import { basicVisualRules, compileBasicRules, compileVisualRules } from '../src/visual/index.ts';
import { blueIssue, doc, greenIssue, incomingInput, outgoingInput, replicaFrom } from './visual-fixtures.ts';

const basic = (side: 'blue' | 'green') =>
  compileBasicRules({ connection: 'support', sideInstance: side, otherInstance: side === 'blue' ? 'green' : 'blue' });

void describe('Basic mode as a fixed Visual mapping', () => {
  void test('reports mode basic and is exactly the Visual rules of basicVisualRules', async () => {
    const rules = basic('blue');
    assert.equal(rules.mode, 'basic');
    const asVisual = compileVisualRules({
      connection: 'support',
      sideInstance: 'blue',
      otherInstance: 'green',
      visual: basicVisualRules('blue', 'green'),
    });
    assert.equal(asVisual.mode, 'visual');
    const input = outgoingInput('blue', blueIssue());
    assert.deepEqual(await rules.outgoing(input), await asVisual.outgoing(input));
    const replica = await replicaFrom(rules, 'blue', blueIssue());
    assert.deepEqual(
      await basic('green').incoming(incomingInput('green', replica)),
      await compileVisualRules({
        connection: 'support',
        sideInstance: 'green',
        otherInstance: 'blue',
        visual: basicVisualRules('blue', 'green'),
      }).incoming(incomingInput('green', replica)),
    );
  });

  void test("outgoing: summary, description in normal form and the issue type's name under Basic's keys", async () => {
    const issue = blueIssue({
      description: {
        type: 'doc',
        version: 1,
        content: [
          {
            type: 'paragraph',
            content: [
              { type: 'text', text: 'Steps: ' },
              { type: 'text', text: 'SEPA' },
            ],
          },
        ],
      },
    });
    const out = await basic('blue').outgoing(outgoingInput('blue', issue));
    assert.deepEqual(out, {
      fields: { summary: 'Checkout fails for EU customers', description: doc('Steps: SEPA'), issueType: 'Bug' },
      comments: issue.comments,
      attachments: issue.attachments,
      // Basic mode never carried worklogs or links.
      worklogs: [],
      links: [],
    });
  });

  void test('outgoing: an empty description is sent as null, as Basic mode did', async () => {
    const out = await basic('blue').outgoing(
      outgoingInput('blue', blueIssue({ description: { type: 'doc', version: 1, content: [] } })),
    );
    assert.equal(out?.fields['description'], null);
  });

  void test('outgoing: every issue is in scope', async () => {
    const out = await basic('green').outgoing(outgoingInput('green', greenIssue({ labels: [] })));
    assert.notEqual(out, null);
  });

  void test('incoming: the three fields by local id, comments attributed, every attachment copied', async () => {
    const replica = await replicaFrom(basic('blue'), 'blue', blueIssue());
    const result = await basic('green').incoming(incomingInput('green', replica, greenIssue()));
    const comment = blueIssue().comments[0];
    assert.ok(comment);
    assert.deepEqual(result, {
      fields: {
        summary: 'Checkout fails for EU customers',
        description: doc('Steps: pay with SEPA.'),
        issuetype: 'Bug',
      },
      comments: [{ originId: '20001', body: attributedBody(comment.author, comment.body) }],
      attachments: ['30001'],
      worklogs: [],
      links: [],
      owners: {},
      problems: [],
      log: [],
    });
  });

  void test("incoming: an issue type the project lacks becomes the project's default type", async () => {
    const replica = await replicaFrom(
      basic('blue'),
      'blue',
      blueIssue({ issuetype: 'Incident' }, { issueType: 'Incident' }),
    );
    const result = await basic('green').incoming(incomingInput('green', replica));
    assert.equal(result.fields['issuetype'], 'Task');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.log, [
      `connections.support.visual.fields.2: "Incident" from blue is no issue type of GREEN; wrote the project's default type "Task"`,
    ]);
  });

  void test('incoming: a comment without an author is attributed to "Someone", as before', async () => {
    const issue = blueIssue(
      {},
      {
        comments: [{ id: '20009', author: null, body: doc('Anonymous note'), created: 1, updated: 1 }],
      },
    );
    const replica = await replicaFrom(basic('blue'), 'blue', issue);
    const result = await basic('green').incoming(incomingInput('green', replica));
    assert.deepEqual(result.comments, [
      {
        originId: '20009',
        body: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Someone', marks: [{ type: 'strong' }] },
                { type: 'text', text: ' wrote:' },
              ],
            },
            ...doc('Anonymous note').content,
          ],
        },
      },
    ]);
  });
});
