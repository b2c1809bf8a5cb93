import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileVisualRules, visualScopeJql } from '../src/visual/index.ts';
import type { VisualRules } from '../src/visual/index.ts';
import { ALICE, BOB, blueIssue, doc, mapping, outgoingInput, scope, visual } from './visual-fixtures.ts';

const blueRules = (rules: VisualRules) =>
  compileVisualRules({ connection: 'support', sideInstance: 'blue', otherInstance: 'green', visual: rules });

void describe('Visual outgoing rule', () => {
  void test('each mapping travelling from this side puts the local value under its key, by id or by name', async () => {
    const rules = blueRules(
      visual({
        fields: [
          mapping({ key: 'summary', fields: { blue: 'summary', green: 'summary' } }),
          mapping({ key: 'Story Points=Estimate', fields: { blue: 'Story Points', green: 'Estimate' } }),
          mapping({ key: 'tier', fields: { blue: 'customer tier', green: 'Tier' } }),
          mapping({ key: 'assignee', fields: { blue: 'assignee', green: 'assignee' } }),
          mapping({ key: 'parent', fields: { blue: 'parent', green: 'parent' } }),
          mapping({ key: 'issueType', fields: { blue: 'issuetype', green: 'issuetype' } }),
        ],
      }),
    );
    const out = await rules.outgoing(outgoingInput('blue', blueIssue()));
    assert.deepEqual(out?.fields, {
      summary: 'Checkout fails for EU customers',
      'Story Points=Estimate': 5,
      tier: 'Gold',
      assignee: ALICE,
      parent: { id: '10000', key: 'BLUE-0' },
      issueType: 'Bug',
    });
  });

  void test('a mapping travelling only from the other side, or naming a field the issue lacks, sends nothing', async () => {
    const rules = blueRules(
      visual({
        fields: [
          mapping({ key: 'priority', fields: { blue: 'priority', green: 'priority' }, from: ['green'] }),
          mapping({ key: 'nothing', fields: { blue: 'No Such Field', green: 'summary' } }),
          mapping({ key: 'due', fields: { blue: 'duedate', green: 'duedate' }, from: ['blue'] }),
        ],
      }),
    );
    const out = await rules.outgoing(outgoingInput('blue', blueIssue()));
    assert.deepEqual(out?.fields, { due: '2026-12-01' });
  });

  void test('rich text is sent in normal form and an empty document as null', async () => {
    const rules = blueRules(
      visual({
        fields: [
          mapping({ key: 'description', fields: { blue: 'description', green: 'description' } }),
          mapping({ key: 'environment', fields: { blue: 'environment', green: 'environment' } }),
        ],
      }),
    );
    const spaced = {
      type: 'doc' as const,
      version: 1 as const,
      content: [
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'a' },
            { type: 'text', text: 'b' },
          ],
        },
      ],
    };
    const out = await rules.outgoing(
      outgoingInput('blue', blueIssue({ description: spaced, environment: { type: 'doc', version: 1, content: [] } })),
    );
    assert.deepEqual(out?.fields, { description: doc('ab'), environment: null });
  });

  void test('comments, attachments, worklogs and links travel as toggled, bodies as they are', async () => {
    const issue = blueIssue();
    const all = await blueRules(
      visual({ comments: ['blue', 'green'], attachments: ['blue'], worklogs: ['blue', 'green'], links: ['blue'] }),
    ).outgoing(outgoingInput('blue', issue));
    assert.deepEqual(all?.comments, issue.comments);
    assert.deepEqual(all?.attachments, issue.attachments);
    assert.deepEqual(all?.worklogs, issue.worklogs);
    assert.deepEqual(all?.links, issue.links);

    const none = await blueRules(
      visual({ comments: ['green'], attachments: [], worklogs: ['green'], links: [] }),
    ).outgoing(outgoingInput('blue', issue));
    assert.deepEqual(none, { fields: {}, comments: [], attachments: [], worklogs: [], links: [] });
  });

  void test("items this side's constants add to a list are not sent back", async () => {
    const rules = blueRules(
      visual({
        fields: [mapping({ key: 'labels', fields: { blue: 'labels', green: 'labels' } })],
        constants: { blue: { Labels: { add: ['synced-from-green'], remove: [] } } },
      }),
    );
    const out = await rules.outgoing(outgoingInput('blue', blueIssue({ labels: ['checkout', 'synced-from-green'] })));
    assert.deepEqual(out?.fields, { labels: ['checkout'] });
  });

  void describe('scope', () => {
    const withScope = (filter: VisualRules['scope'][string]) =>
      blueRules(visual({ scope: { blue: filter, green: scope({ labels: ['never'] }) } }));
    const sent = async (filter: VisualRules['scope'][string], issue = blueIssue()) =>
      (await withScope(filter).outgoing(outgoingInput('blue', issue))) !== null;

    void test('no filter sends every issue; the other side’s scope does not apply here', async () => {
      assert.equal(await sent(scope()), true);
    });

    void test('labels: any one of them', async () => {
      assert.equal(await sent(scope({ labels: ['escalate', 'vip'] })), true);
      assert.equal(await sent(scope({ labels: ['vip'] })), false);
      assert.equal(await sent(scope({ labels: ['escalate'] }), blueIssue({ labels: [] })), false);
    });

    void test('issue types, statuses and priorities, ignoring case', async () => {
      assert.equal(await sent(scope({ issueTypes: ['bug', 'Task'] })), true);
      assert.equal(await sent(scope({ issueTypes: ['Story'] })), false);
      assert.equal(await sent(scope({ statuses: ['In Progress'] })), true);
      assert.equal(await sent(scope({ statuses: ['Done'] })), false);
      assert.equal(await sent(scope({ priorities: ['highest'] })), true);
      assert.equal(await sent(scope({ priorities: ['Low'] })), false);
      assert.equal(await sent(scope({ priorities: ['Low'] }), blueIssue({ priority: null })), false);
    });

    void test('assignees and reporters by e-mail or display name', async () => {
      assert.equal(await sent(scope({ assignees: ['ALICE@blue.example'] })), true);
      assert.equal(await sent(scope({ assignees: ['Alice Martin'] })), true);
      assert.equal(await sent(scope({ assignees: ['carol@blue.example'] })), false);
      assert.equal(await sent(scope({ assignees: ['Alice Martin'] }), blueIssue({ assignee: null })), false);
      assert.equal(await sent(scope({ reporters: ['Bob Stone'] })), true);
      assert.equal(await sent(scope({ reporters: [BOB.displayName.toUpperCase()] })), true);
      assert.equal(await sent(scope({ reporters: ['alice@blue.example'] })), false);
    });

    void test('every filter given must match', async () => {
      assert.equal(await sent(scope({ labels: ['escalate'], issueTypes: ['Bug'], statuses: ['In Progress'] })), true);
      assert.equal(await sent(scope({ labels: ['escalate'], issueTypes: ['Task'] })), false);
    });

    void test("the JQL filter is the engine's, handed over by visualScopeJql", async () => {
      const rules = visual({ scope: { blue: scope({ jql: 'resolution = Unresolved' }) } });
      assert.equal(visualScopeJql(rules, 'blue'), 'resolution = Unresolved');
      assert.equal(visualScopeJql(rules, 'green'), null);
      assert.equal(await sent(scope({ jql: 'resolution = Unresolved' })), true);
    });
  });
});
