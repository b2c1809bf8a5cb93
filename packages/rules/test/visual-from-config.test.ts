// The README's Visual mapping, parsed by @tandem/config and compiled here: what a user writes is what the rules do.
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as assert from 'node:assert/strict';
import { parseConfig } from '@tandem/config';
import type { VisualConfig } from '@tandem/config';
import { checkVisualAgainstCatalog, compileVisualRules, visualScopeJql } from '../src/visual/index.ts';
import type { VisualRules } from '../src/visual/index.ts';
import {
  BLUE_CATALOG,
  GREEN_CATALOG,
  blueIssue,
  greenIssue,
  incomingInput,
  outgoingInput,
  replicaFrom,
} from './visual-fixtures.ts';

const CONFIG = `store: ./tandem.db
listen: 127.0.0.1:7300
instances:
  blue: { type: jira-cloud, url: https://blue.atlassian.net, email: bot@blue.example, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: https://jira.green.example, token: "\${GREEN_TOKEN}" }
connections:
  support:
    mode: visual
    sides:
      blue: { project: BLUE, trigger: "project = BLUE AND labels = escalate" }
      green: { project: GREEN, trigger: "project = GREEN" }
    visual:
      fields:
        - summary
        - description
        - field: issuetype
          values:
            - { blue: Incident, green: Bug }
          unmatched: default
          default: { blue: Task, green: Task }
        - field: priority
          values:
            - { blue: Highest, green: Critical }
            - { blue: High, green: Major }
            - { blue: Medium, green: Major }
            - { blue: Low, green: Minor }
          unmatched: error
        - field: assignee
          users:
            - { blue: alice@blue.example, green: amartin@green.example }
        - { blue: Story Points, green: Estimate, from: blue }
        - { field: status, owner: green }
        - parent
      comments: true
      attachments: { from: blue }
      worklogs: false
      links: true
      constants:
        green:
          labels: { add: [synced-from-blue] }
      scope:
        blue:
          labels: [escalate]
          issueTypes: [Bug, Incident]
          jql: resolution = Unresolved
`;

function support(): VisualRules {
  const config = parseConfig(CONFIG, {
    env: { BLUE_TOKEN: 'b', GREEN_TOKEN: 'g' },
    sourceName: 'tandem.yaml',
    baseDir: '/etc/tandem',
  });
  const connection = config.connections['support'];
  assert.equal(connection?.mode, 'visual');
  // The config's parsed shape is what the compiler takes, as the composition root hands it over.
  const visual: VisualConfig = connection.visual;
  return visual;
}

const rulesOn = (side: 'blue' | 'green') =>
  compileVisualRules({
    connection: 'support',
    sideInstance: side,
    otherInstance: side === 'blue' ? 'green' : 'blue',
    visual: support(),
  });

void describe('a Visual mapping from the config file', () => {
  void test('passes the catalog check on both instances', () => {
    for (const [instance, catalog] of [
      ['blue', BLUE_CATALOG],
      ['green', GREEN_CATALOG],
    ] as const) {
      assert.deepEqual(checkVisualAgainstCatalog({ connection: 'support', instance, visual: support(), catalog }), []);
    }
  });

  void test('blue → green: every mapping, constant and toggle applied', async () => {
    const replica = await replicaFrom(
      rulesOn('blue'),
      'blue',
      blueIssue({ issuetype: 'Incident' }, { issueType: 'Incident' }),
    );
    assert.deepEqual(Object.keys(replica.fields), [
      'summary',
      'description',
      'issuetype',
      'priority',
      'assignee',
      'Story Points=Estimate',
      'status',
      'parent',
    ]);
    const result = await rulesOn('green').incoming(incomingInput('green', replica));
    assert.deepEqual(result.fields, {
      summary: 'Checkout fails for EU customers',
      description: blueIssue().fields['description'],
      issuetype: 'Bug',
      priority: 'Critical',
      assignee: { $user: { email: 'amartin@green.example', displayName: null } },
      customfield_10010: 5,
      // Green owns status: it sees blue's value only to overwrite a change made there (the engine never writes it).
      status: 'In Progress',
      parent: { $twinOf: { id: '10000', key: 'BLUE-0' } },
      labels: ['synced-from-blue'],
    });
    assert.deepEqual(result.owners, { status: 'local' });
    assert.equal(result.comments.length, 1);
    assert.deepEqual(result.attachments, ['30001']);
    assert.deepEqual(result.worklogs, []);
    assert.equal(result.links.length, 1);
  });

  void test('green → blue: status owned by green, story points and attachments one way, labels not echoed', async () => {
    const green = greenIssue({
      priority: 'Minor',
      status: 'Resolved',
      customfield_10010: 8,
      labels: ['synced-from-blue'],
      issuetype: 'Story',
    });
    const replica = await replicaFrom(rulesOn('green'), 'green', {
      ...green,
      attachments: [{ id: '9', filename: 'fix.patch', mimeType: 'text/plain', size: 10 }],
    });
    assert.equal(replica.fields['Story Points=Estimate'], undefined);
    assert.deepEqual(replica.attachments, []);
    const result = await rulesOn('blue').incoming(incomingInput('blue', replica, blueIssue()));
    assert.deepEqual(result.fields, {
      summary: 'Checkout fails for EU customers',
      // Story is no type of BLUE: the default.
      issuetype: 'Task',
      priority: 'Low',
      status: 'Resolved',
    });
    assert.deepEqual(result.owners, { status: 'remote' });
  });

  void test('a priority with no pair stops the issue (unmatched: error)', async () => {
    const replica = await replicaFrom(rulesOn('green'), 'green', greenIssue({ priority: 'Trivial' }));
    const result = await rulesOn('blue').incoming(incomingInput('blue', replica, blueIssue()));
    assert.deepEqual(result.problems, [
      {
        field: 'connections.support.visual.fields.3',
        message: 'priority: "Trivial" from green has no match on blue (unmatched: error)',
      },
    ]);
  });

  void test("blue's scope: labels and issue types here, the JQL for the engine", async () => {
    assert.equal(await rulesOn('blue').outgoing(outgoingInput('blue', blueIssue({ labels: [] }))), null);
    assert.equal(await rulesOn('blue').outgoing(outgoingInput('blue', blueIssue({}, { issueType: 'Task' }))), null);
    assert.notEqual(await rulesOn('blue').outgoing(outgoingInput('blue', blueIssue())), null);
    assert.equal(visualScopeJql(support(), 'blue'), 'resolution = Unresolved');
  });
});

void test("the README's Visual mapping parses, passes the catalog check and syncs an issue", async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Visual mode'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(yaml, 'no YAML block under ## Visual mode');
  const config = parseConfig(
    `store: ./tandem.db
listen: 127.0.0.1:7300
instances:
  cloud: { type: jira-cloud, url: https://support.atlassian.net, email: bot@support.example, token: "\${CLOUD_TOKEN}" }
  datacenter: { type: jira-datacenter, url: https://jira.eng.example, token: "\${DC_TOKEN}" }
${yaml}`,
    { env: { CLOUD_TOKEN: 'c', DC_TOKEN: 'd' }, sourceName: 'README.md', baseDir: '/etc/tandem' },
  );
  const connection = config.connections['support_engineering'];
  assert.equal(connection?.mode, 'visual');
  const catalogs = { cloud: BLUE_CATALOG, datacenter: GREEN_CATALOG };
  const compile = (side: 'cloud' | 'datacenter') =>
    compileVisualRules({
      connection: 'support_engineering',
      sideInstance: side,
      otherInstance: side === 'cloud' ? 'datacenter' : 'cloud',
      visual: connection.visual,
    });
  for (const side of ['cloud', 'datacenter'] as const) assert.deepEqual(compile(side).check?.(catalogs[side]), []);

  const issue = blueIssue(
    {
      issuetype: 'Incident',
      labels: ['vip'],
      assignee: { id: '557058:1', displayName: 'Alice Martin', email: 'alice@support.example' },
    },
    { issueType: 'Incident', status: 'Open' },
  );
  const replica = { ...(await replicaFrom(compile('cloud'), 'cloud', issue)), connection: 'support_engineering' };
  const result = await compile('datacenter').incoming({
    ...incomingInput('datacenter', replica),
    connection: 'support_engineering',
  });
  assert.deepEqual(result.problems, []);
  assert.equal(result.fields['issuetype'], 'Bug');
  assert.equal(result.fields['priority'], 'Blocker');
  assert.deepEqual(result.fields['assignee'], { $user: { email: 'amartin@eng.example', displayName: null } });
  assert.equal(result.fields['customfield_10010'], 5);
  assert.deepEqual(result.fields['labels'], ['from-support']);
  assert.equal(result.fields['customfield_12600'], 'Yes');
  assert.deepEqual(result.owners, { status: 'local', customfield_12600: 'remote' });
});
