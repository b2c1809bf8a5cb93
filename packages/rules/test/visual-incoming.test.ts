import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { attributedBody } from '@tandem/core';
import type { FieldValue, IncomingRuleResult, Replica } from '@tandem/core';
import { compileVisualRules } from '../src/visual/index.ts';
import type { VisualMapping, VisualRules } from '../src/visual/index.ts';
import {
  ALICE,
  BOB,
  blueIssue,
  doc,
  greenIssue,
  incomingInput,
  mapping,
  replicaFrom,
  visual,
} from './visual-fixtures.ts';

const rulesOn = (side: 'blue' | 'green', rules: VisualRules) =>
  compileVisualRules({
    connection: 'support',
    sideInstance: side,
    otherInstance: side === 'blue' ? 'green' : 'blue',
    visual: rules,
  });

/** Blue's issue (with `fields` changed) sent by blue's rules and received by green's. */
async function greenReceives(
  rules: VisualRules,
  fields: Record<string, FieldValue> = {},
  local: ReturnType<typeof greenIssue> | null = null,
): Promise<IncomingRuleResult> {
  const replica = await replicaFrom(rulesOn('blue', rules), 'blue', blueIssue(fields));
  return rulesOn('green', rules).incoming(incomingInput('green', replica, local));
}

/** Green's issue sent by green's rules and received by blue's. */
async function blueReceives(rules: VisualRules, fields: Record<string, FieldValue>): Promise<IncomingRuleResult> {
  const replica = await replicaFrom(rulesOn('green', rules), 'green', greenIssue(fields));
  return rulesOn('blue', rules).incoming(incomingInput('blue', replica, blueIssue()));
}

const PRIORITY_PAIRS = [
  { blue: 'Highest', green: 'Critical' },
  { blue: 'High', green: 'Major' },
  { blue: 'Medium', green: 'Major' },
  { blue: 'Low', green: 'Minor' },
];
const priority = (changes: Partial<VisualMapping> = {}) =>
  visual({
    fields: [
      mapping({ key: 'priority', fields: { blue: 'priority', green: 'priority' }, values: PRIORITY_PAIRS, ...changes }),
    ],
  });

void describe('Visual incoming rule: values', () => {
  void test('a value map is read in the direction of travel; many-to-one comes back as the first pair', async () => {
    assert.deepEqual((await greenReceives(priority(), { priority: 'Highest' })).fields, { priority: 'Critical' });
    assert.deepEqual((await greenReceives(priority(), { priority: 'Medium' })).fields, { priority: 'Major' });
    assert.deepEqual((await greenReceives(priority(), { priority: 'High' })).fields, { priority: 'Major' });
    assert.deepEqual((await blueReceives(priority(), { priority: 'Major' })).fields, { priority: 'High' });
    assert.deepEqual((await blueReceives(priority(), { priority: 'minor' })).fields, { priority: 'Low' });
  });

  void test('unmatched: ignore leaves the field out and logs why', async () => {
    const result = await greenReceives(priority(), { priority: 'Lowest' });
    assert.deepEqual(result.fields, {});
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.log, [
      'connections.support.visual.fields.0: "Lowest" from blue has no match on green; left as it is (unmatched: ignore)',
    ]);
  });

  void test("unmatched: error is a problem naming the mapping's config path and the value", async () => {
    const result = await greenReceives(priority({ unmatched: 'error' }), { priority: 'Lowest' });
    assert.deepEqual(result.fields, {});
    assert.deepEqual(result.problems, [
      {
        field: 'connections.support.visual.fields.0',
        message: 'priority: "Lowest" from blue has no match on green (unmatched: error)',
      },
    ]);
  });

  void test('unmatched: default writes the default of the receiving side', async () => {
    const rules = priority({ unmatched: 'default', default: { green: 'Major', blue: 'Medium' } });
    const green = await greenReceives(rules, { priority: 'Lowest' });
    assert.deepEqual(green.fields, { priority: 'Major' });
    assert.deepEqual(green.log, [
      'connections.support.visual.fields.0: "Lowest" from blue has no match on green; wrote the default "Major"',
    ]);
    assert.deepEqual((await blueReceives(rules, { priority: 'Trivial' })).fields, { priority: 'Medium' });
  });

  void test('an empty value empties the field; values without a value map travel as they are', async () => {
    assert.deepEqual((await greenReceives(priority(), { priority: null })).fields, { priority: null });
    const rules = visual({
      fields: [
        mapping({ key: 'due', fields: { blue: 'duedate', green: 'duedate' } }),
        mapping({ key: 'points', fields: { blue: 'Story Points', green: 'Estimate' } }),
        mapping({ key: 'description', fields: { blue: 'description', green: 'Escalation Notes' } }),
      ],
    });
    assert.deepEqual((await greenReceives(rules)).fields, {
      duedate: '2026-12-01',
      customfield_10010: 5,
      customfield_12400: doc('Steps: pay with SEPA.'),
    });
  });

  void test('a value the replica does not carry leaves the field out', async () => {
    const replica: Replica = { ...(await replicaFrom(rulesOn('blue', priority()), 'blue', blueIssue())), fields: {} };
    const result = await rulesOn('green', priority()).incoming(incomingInput('green', replica));
    assert.deepEqual(result.fields, {});
  });

  void test('a mapping travelling only from this side takes nothing from the replica', async () => {
    const rules = priority({ from: ['green'] });
    const replica: Replica = {
      ...(await replicaFrom(rulesOn('blue', priority()), 'blue', blueIssue())),
      fields: { priority: 'Highest' },
    };
    assert.deepEqual((await rulesOn('green', rules).incoming(incomingInput('green', replica))).fields, {});
  });

  void test('lists map item by item: unmatched items dropped, defaulted or reported; order kept sorted', async () => {
    const pairs = [
      { blue: 'Android', green: 'Mobile' },
      { blue: 'iOS', green: 'Mobile' },
      { blue: 'Web', green: 'Browser' },
    ];
    const platforms = (changes: Partial<VisualMapping> = {}) =>
      visual({
        fields: [mapping({ key: 'platforms', fields: { blue: 'Platforms', green: 'OS' }, values: pairs, ...changes })],
      });
    assert.deepEqual((await greenReceives(platforms(), { customfield_10040: ['Android', 'Web', 'iOS'] })).fields, {
      customfield_12300: ['Browser', 'Mobile'],
    });
    const ignored = await greenReceives(platforms(), { customfield_10040: ['Linux', 'Web'] });
    assert.deepEqual(ignored.fields, { customfield_12300: ['Browser'] });
    assert.equal(ignored.log.length, 1);
    const defaulted = await greenReceives(platforms({ unmatched: 'default', default: { green: 'Other' } }), {
      customfield_10040: ['Linux', 'Web'],
    });
    assert.deepEqual(defaulted.fields, { customfield_12300: ['Browser', 'Other'] });
    const failed = await greenReceives(platforms({ unmatched: 'error' }), { customfield_10040: ['Linux', 'Web'] });
    assert.deepEqual(failed.problems, [
      {
        field: 'connections.support.visual.fields.0',
        message: 'OS: "Linux" from blue has no match on green (unmatched: error)',
      },
    ]);
    assert.deepEqual(failed.fields, { customfield_12300: ['Browser'] });
    assert.deepEqual((await greenReceives(platforms(), { customfield_10040: [] })).fields, { customfield_12300: [] });
  });

  void test('labels without a value map travel as they are', async () => {
    const rules = visual({ fields: [mapping({ key: 'labels', fields: { blue: 'labels', green: 'labels' } })] });
    assert.deepEqual((await greenReceives(rules)).fields, { labels: ['checkout', 'escalate'] });
  });
});

void describe('Visual incoming rule: issue type', () => {
  const issueType = (changes: Partial<VisualMapping> = {}) =>
    visual({ fields: [mapping({ key: 'issueType', fields: { blue: 'issuetype', green: 'issuetype' }, ...changes })] });

  void test("a type the project has is written in the project's spelling", async () => {
    assert.deepEqual((await greenReceives(issueType(), { issuetype: 'bug' })).fields, { issuetype: 'Bug' });
  });

  void test('a mapped name missing from the project follows the unmatched policy', async () => {
    const mapped = issueType({
      values: [{ blue: 'Incident', green: 'Outage' }],
      unmatched: 'default',
      default: { green: 'Bug' },
    });
    const result = await greenReceives(mapped, { issuetype: 'Incident' });
    assert.deepEqual(result.fields, { issuetype: 'Bug' });
    assert.deepEqual(result.log, [
      'connections.support.visual.fields.0: "Incident" from blue ("Outage" here) is no issue type of GREEN; wrote the default "Bug"',
    ]);
    const failed = await greenReceives(issueType({ unmatched: 'error' }), { issuetype: 'Incident' });
    assert.deepEqual(failed.problems, [
      {
        field: 'connections.support.visual.fields.0',
        message: 'issuetype: "Incident" from blue is no issue type of GREEN (unmatched: error)',
      },
    ]);
    assert.deepEqual((await greenReceives(issueType(), { issuetype: 'Incident' })).fields, {});
  });

  void test("without an issue type in the replica's issue fields, the issue's own type is sent", async () => {
    const { issuetype: _dropped, ...fields } = blueIssue().fields;
    const issue = { ...blueIssue(), fields, issueType: 'Task' };
    const replica = await replicaFrom(rulesOn('blue', issueType()), 'blue', issue);
    assert.equal(replica.fields['issueType'], 'Task');
  });
});

void describe('Visual incoming rule: people and issues', () => {
  const USERS = [{ blue: 'alice@blue.example', green: 'Alice M. (Platform)' }];
  const people = (changes: Partial<VisualMapping> = {}) =>
    visual({
      fields: [
        mapping({ key: 'assignee', fields: { blue: 'assignee', green: 'assignee' }, users: USERS, ...changes }),
        mapping({ key: 'reporter', fields: { blue: 'reporter', green: 'reporter' }, users: USERS }),
        mapping({ key: 'watchers', fields: { blue: 'Watchers Team', green: 'Reviewers' }, users: USERS }),
        mapping({ key: 'parent', fields: { blue: 'parent', green: 'parent' } }),
      ],
    });

  void test('people become $user intents: the people map first, else their own e-mail and name', async () => {
    const result = await greenReceives(people());
    assert.deepEqual(result.fields, {
      assignee: { $user: { email: null, displayName: 'Alice M. (Platform)' } },
      reporter: { $user: { email: null, displayName: 'Bob Stone' } },
      customfield_12200: {
        $users: [
          { email: null, displayName: 'Alice M. (Platform)' },
          { email: null, displayName: 'Bob Stone' },
        ],
      },
      parent: { $twinOf: { id: '10000', key: 'BLUE-0' } },
    });
  });

  void test('the people map matches a display name too, and an e-mail entry asks for that e-mail', async () => {
    const rules = people({ users: [{ blue: 'Bob Stone', green: 'bob.stone@green.example' }] });
    const result = await greenReceives(rules, { assignee: BOB });
    assert.deepEqual(result.fields['assignee'], { $user: { email: 'bob.stone@green.example', displayName: null } });
    const unmapped = await greenReceives(rules, { assignee: ALICE });
    assert.deepEqual(unmapped.fields['assignee'], {
      $user: { email: 'alice@blue.example', displayName: 'Alice Martin' },
    });
  });

  void test('unmatched: default gives the engine a fallback person; nobody assigned stays nobody', async () => {
    const rules = people({ users: [], unmatched: 'default', default: { green: 'triage@green.example' } });
    assert.deepEqual((await greenReceives(rules)).fields['assignee'], {
      $user: {
        email: 'alice@blue.example',
        displayName: 'Alice Martin',
        fallback: { id: null, displayName: 'triage@green.example', email: 'triage@green.example' },
      },
    });
    assert.equal((await greenReceives(rules, { assignee: null })).fields['assignee'], null);
  });
});

void describe('Visual incoming rule: owners and constants', () => {
  void test("owner: the owning side never takes the other's value; the other side is overwritten", async () => {
    const rules = priority({ owner: 'green' });
    // The owner sees the other side's value (so that it can tell a change made there), marked as its own to decide.
    const green = await greenReceives(rules, { priority: 'Highest' });
    assert.deepEqual(green.fields, { priority: 'Critical' });
    assert.deepEqual(green.owners, { priority: 'local' });
    const blue = await blueReceives(rules, { priority: 'Critical' });
    assert.deepEqual(blue.fields, { priority: 'Highest' });
    assert.deepEqual(blue.owners, { priority: 'remote' });
  });

  void test('a constant set on this side is written, converted to the field, and owned by the rules', async () => {
    const rules = visual({
      constants: {
        green: {
          Tier: 'Gold',
          customfield_12500: 'Payments',
          assignee: 'triage@green.example',
          Reviewers: ['Alice Martin', 'lead@green.example'],
          'Escalation Notes': 'Raised by support',
          Estimate: '3',
          duedate: null,
        },
        blue: { Labels: ['from-green'] },
      },
    });
    const result = await greenReceives(rules);
    assert.deepEqual(result.fields, {
      customfield_12000: 'Gold',
      customfield_12500: 'Payments',
      assignee: { $user: { email: 'triage@green.example', displayName: null } },
      customfield_12200: {
        $users: [
          { email: null, displayName: 'Alice Martin' },
          { email: 'lead@green.example', displayName: null },
        ],
      },
      customfield_12400: doc('Raised by support'),
      customfield_10010: 3,
      duedate: null,
    });
    assert.deepEqual(result.owners, {
      customfield_12000: 'remote',
      customfield_12500: 'remote',
      assignee: 'remote',
      customfield_12200: 'remote',
      customfield_12400: 'remote',
      customfield_10010: 'remote',
      duedate: 'remote',
    });
  });

  void test('added and removed list items go on top of the mapped value, the current one, or nothing', async () => {
    const constants = { green: { labels: { add: ['synced-from-blue'], remove: ['escalate'] } } };
    const mapped = visual({
      fields: [mapping({ key: 'labels', fields: { blue: 'labels', green: 'labels' } })],
      constants,
    });
    const withMapping = await greenReceives(mapped);
    assert.deepEqual(withMapping.fields, { labels: ['checkout', 'synced-from-blue'] });
    assert.deepEqual(withMapping.owners, {});

    const unmapped = visual({ constants });
    const current = await greenReceives(unmapped, {}, greenIssue({ labels: ['backend', 'escalate'] }));
    assert.deepEqual(current.fields, { labels: ['backend', 'synced-from-blue'] });
    const created = await greenReceives(unmapped);
    assert.deepEqual(created.fields, { labels: ['synced-from-blue'] });
  });
});

void describe('Visual incoming rule: comments, attachments, worklogs, links', () => {
  void test('comments carry their author the way Basic mode writes them; the rest as the replica has it', async () => {
    const rules = visual({ comments: ['blue', 'green'], attachments: ['blue'], worklogs: ['blue'], links: ['blue'] });
    const result = await greenReceives(rules);
    const comment = blueIssue().comments[0];
    assert.ok(comment);
    assert.deepEqual(result.comments, [{ originId: '20001', body: attributedBody(comment.author, comment.body) }]);
    assert.deepEqual(result.attachments, ['30001']);
    const worklog = blueIssue().worklogs[0];
    assert.ok(worklog?.comment);
    assert.deepEqual(result.worklogs, [
      {
        originId: '40001',
        started: 1_790_000_100_000,
        timeSpentSeconds: 3600,
        comment: attributedBody(worklog.author, worklog.comment),
      },
    ]);
    assert.deepEqual(result.links, [{ type: 'Blocks', direction: 'outward', remote: { id: '10002', key: 'BLUE-2' } }]);
  });

  void test('toggled off (or one way the other way) nothing is copied', async () => {
    const all = visual({ comments: ['blue', 'green'], attachments: ['blue'], worklogs: ['blue'], links: ['blue'] });
    const replica = await replicaFrom(rulesOn('blue', all), 'blue', blueIssue());
    const oneWay = visual({ comments: ['green'], attachments: ['green'], worklogs: [], links: ['green'] });
    const result = await rulesOn('green', oneWay).incoming(incomingInput('green', replica));
    assert.deepEqual(result, {
      fields: {},
      comments: [],
      attachments: [],
      worklogs: [],
      links: [],
      owners: {},
      problems: [],
      log: [],
    });
  });
});
