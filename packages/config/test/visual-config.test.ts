import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ConfigError, configJsonSchema, parseConfig } from '../src/index.ts';
import type { VisualConfig } from '../src/index.ts';
import { OPTIONS } from './example-config.ts';

const HEAD = `store: ./data/tandem.db
listen: 127.0.0.1:7300
instances:
  blue:  { type: jira-cloud,      url: http://127.0.0.1:8081, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: http://127.0.0.1:8082, token: "\${GREEN_TOKEN}" }
connections:
  support:
    mode: visual
    sides:
      blue: { project: BLUE, trigger: "project = BLUE" }
      green: { project: GREEN, trigger: "project = GREEN" }
`;

/** A file whose one connection has this `visual:` block (indented under the connection). */
function withVisual(block: string): string {
  return `${HEAD}    visual:\n${block
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => `      ${line}`)
    .join('\n')}\n`;
}

const FULL = withVisual(`
fields:
  - summary
  - description
  - field: priority
    values:
      - { blue: Highest, green: Critical }
      - { blue: High, green: Major }
      - { blue: Medium, green: Major }
    unmatched: default
    default: { blue: Medium, green: Major }
    note: green has no Highest
  - { blue: Story Points, green: customfield_10010, from: blue }
  - field: assignee
    users:
      - { blue: alice@blue.example, green: Alice Martin }
  - { field: status, owner: green, key: workflow }
  - { field: "Build \${BUILD_FIELD}" }
  - { field: Severity, values: [{ blue: 1, green: S1 }], unmatched: error }
comments: true
attachments: { from: blue }
worklogs: { from: both }
links: false
constants:
  green:
    labels: { add: [synced-from-blue] }
    Team: Support
    customfield_10400: 3
    Reviewers: [alice@green.example]
    duedate: null
  blue:
    labels: { remove: [internal] }
scope:
  blue:
    labels: [escalate]
    issueTypes: [Bug, Task]
    statuses: [Open, In Progress]
    priorities: [Highest]
    assignees: [alice@blue.example]
    reporters: [Bob Stone]
    jql: resolution = Unresolved
`);

function visualOf(text: string, env: Record<string, string> = {}): VisualConfig {
  const connection = parseConfig(text, { ...OPTIONS, env: { ...OPTIONS.env, ...env } }).connections['support'];
  assert.equal(connection?.mode, 'visual');
  return connection.visual;
}

/** Every problem reported for `text` as [path, message]. */
function problems(text: string): [string, string][] {
  try {
    parseConfig(text, { ...OPTIONS, env: { ...OPTIONS.env, BUILD_FIELD: 'Number' } });
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.issues.map((issue) => [issue.path, issue.message]);
  }
  return assert.fail('expected a ConfigError');
}

const NO_SCOPE = {
  labels: null,
  issueTypes: null,
  statuses: null,
  priorities: null,
  assignees: null,
  reporters: null,
  jql: null,
};

const BOTH = ['blue', 'green'];
const plain = { from: BOTH, values: [], users: [], unmatched: 'ignore', default: {}, owner: null } as const;

void describe('mode: visual', () => {
  void test('every option parses into the shape the rules compiler takes, sides by instance', () => {
    assert.deepEqual(visualOf(FULL, { BUILD_FIELD: 'Number' }), {
      fields: [
        { ...plain, key: 'summary', fields: { blue: 'summary', green: 'summary' } },
        { ...plain, key: 'description', fields: { blue: 'description', green: 'description' } },
        {
          ...plain,
          key: 'priority',
          fields: { blue: 'priority', green: 'priority' },
          values: [
            { blue: 'Highest', green: 'Critical' },
            { blue: 'High', green: 'Major' },
            { blue: 'Medium', green: 'Major' },
          ],
          unmatched: 'default',
          default: { blue: 'Medium', green: 'Major' },
        },
        {
          ...plain,
          key: 'Story Points=customfield_10010',
          fields: { blue: 'Story Points', green: 'customfield_10010' },
          from: ['blue'],
        },
        {
          ...plain,
          key: 'assignee',
          fields: { blue: 'assignee', green: 'assignee' },
          users: [{ blue: 'alice@blue.example', green: 'Alice Martin' }],
        },
        { ...plain, key: 'workflow', fields: { blue: 'status', green: 'status' }, owner: 'green' },
        { ...plain, key: 'Build Number', fields: { blue: 'Build Number', green: 'Build Number' } },
        {
          ...plain,
          key: 'Severity',
          fields: { blue: 'Severity', green: 'Severity' },
          values: [{ blue: '1', green: 'S1' }],
          unmatched: 'error',
        },
      ],
      comments: BOTH,
      attachments: ['blue'],
      worklogs: BOTH,
      links: [],
      constants: {
        blue: { labels: { add: [], remove: ['internal'] } },
        green: {
          labels: { add: ['synced-from-blue'], remove: [] },
          Team: 'Support',
          customfield_10400: 3,
          Reviewers: ['alice@green.example'],
          duedate: null,
        },
      },
      scope: {
        blue: {
          labels: ['escalate'],
          issueTypes: ['Bug', 'Task'],
          statuses: ['Open', 'In Progress'],
          priorities: ['Highest'],
          assignees: ['alice@blue.example'],
          reporters: ['Bob Stone'],
          jql: 'resolution = Unresolved',
        },
        green: NO_SCOPE,
      },
    });
  });

  void test('defaults: nothing mapped, comments and attachments both ways, worklogs and links off', () => {
    assert.deepEqual(visualOf(withVisual('fields: []')), {
      fields: [],
      comments: BOTH,
      attachments: BOTH,
      worklogs: [],
      links: [],
      constants: { blue: {}, green: {} },
      scope: { blue: NO_SCOPE, green: NO_SCOPE },
    });
  });

  void test('the derived key orders the fields by instance name, so both nodes derive the same one', () => {
    const text = withVisual('fields:\n  - { green: Estimate, blue: Story Points }');
    assert.equal(visualOf(text).fields[0]?.key, 'Story Points=Estimate');
  });

  void test('field: names both sides; a side key overrides it for that side', () => {
    const text = withVisual('fields:\n  - { field: Team, green: customfield_12500 }');
    assert.deepEqual(visualOf(text).fields[0]?.fields, { blue: 'Team', green: 'customfield_12500' });
  });

  void test('default given without unmatched means unmatched: default', () => {
    const text = withVisual(
      'fields:\n  - { field: priority, values: [{ blue: A, green: B }], default: { blue: A, green: B } }',
    );
    assert.equal(visualOf(text).fields[0]?.unmatched, 'default');
  });

  void test('the JSON Schema accepts the full example', () => {
    const validate = new Ajv({ allErrors: true }).compile(configJsonSchema());
    assert.equal(validate(parse(FULL)), true, JSON.stringify(validate.errors));
  });

  void describe('mistakes, each reported at its key', () => {
    const cases: { name: string; block: string; expected: [string, string][] }[] = [
      {
        name: 'a side that is not one of the connection',
        block: 'fields:\n  - { blue: priority, red: priority }',
        expected: [
          [
            'connections.support.visual.fields.0',
            'names no field for green: add green: <field>, or field: <field> for both sides',
          ],
          [
            'connections.support.visual.fields.0.red',
            'unknown key (expected a side: blue, green; or one of: field, key, from, values, users, unmatched, default, owner, note)',
          ],
        ],
      },
      {
        name: 'a misspelt key holding a list is one problem',
        block: 'fields:\n  - { field: priority, valeus: [{ blue: A, green: B }] }',
        expected: [
          [
            'connections.support.visual.fields.0.valeus',
            'unknown key (expected a side: blue, green; or one of: field, key, from, values, users, unmatched, default, owner, note)',
          ],
        ],
      },
      {
        name: 'from naming no side',
        block: 'fields:\n  - { field: priority, from: red }',
        expected: [['connections.support.visual.fields.0.from', 'expected both or a side (blue, green); got "red"']],
      },
      {
        name: 'owner naming no side',
        block: 'fields:\n  - { field: priority, owner: everyone }',
        expected: [['connections.support.visual.fields.0.owner', 'expected a side (blue, green); got "everyone"']],
      },
      {
        name: 'owner whose changes never travel',
        block: 'fields:\n  - { field: priority, owner: green, from: blue }',
        expected: [
          ['connections.support.visual.fields.0.owner', 'green cannot own a field whose changes travel only from blue'],
        ],
      },
      {
        name: 'a value pair missing a side, or naming another',
        block:
          'fields:\n  - field: priority\n    values:\n      - { blue: High }\n      - { blue: Low, green: Minor, red: Low }',
        expected: [
          ['connections.support.visual.fields.0.values.0', 'a pair gives one value for each side; green is missing'],
          ['connections.support.visual.fields.0.values.1.red', "unknown side 'red' (sides: blue, green)"],
        ],
      },
      {
        name: 'a user pair missing a side',
        block: 'fields:\n  - field: assignee\n    users: [{ green: a@green.example }]',
        expected: [
          ['connections.support.visual.fields.0.users.0', 'a pair gives one value for each side; blue is missing'],
        ],
      },
      {
        name: 'unmatched: default without default',
        block: 'fields:\n  - { field: priority, unmatched: default }',
        expected: [
          [
            'connections.support.visual.fields.0.unmatched',
            'unmatched: default needs default: { blue: <value>, green: <value> }',
          ],
        ],
      },
      {
        name: 'unmatched: default without default, one way',
        block: 'fields:\n  - { field: priority, unmatched: default, from: blue }',
        expected: [
          ['connections.support.visual.fields.0.unmatched', 'unmatched: default needs default: { green: <value> }'],
        ],
      },
      {
        name: 'default with another policy',
        block: 'fields:\n  - { field: priority, unmatched: ignore, default: { green: Major } }',
        expected: [
          [
            'connections.support.visual.fields.0.default',
            'is used only with unmatched: default (here unmatched: ignore)',
          ],
        ],
      },
      {
        name: 'default missing a receiving side, or for a side that receives nothing',
        block:
          'fields:\n  - { field: priority, default: { blue: Medium } , from: both }\n  - { field: labels, from: green, default: { green: x, blue: y } }',
        expected: [
          [
            'connections.support.visual.fields.0.default',
            'needs a value for green (what is written there when nothing matches)',
          ],
          ['connections.support.visual.fields.1.default.green', 'green receives nothing through this mapping'],
        ],
      },
      {
        name: 'an unknown policy',
        block: 'fields:\n  - { field: priority, unmatched: skip }',
        expected: [
          ['connections.support.visual.fields.0.unmatched', 'expected one of: ignore, error, default; got "skip"'],
        ],
      },
      {
        name: 'the same key twice',
        block: 'fields:\n  - priority\n  - { field: Rank, key: priority }',
        expected: [
          [
            'connections.support.visual.fields.1.key',
            "travels under the key 'priority' like fields.0; give one of them its own key: <name>",
          ],
        ],
      },
      {
        name: 'one field written by two mappings',
        block: 'fields:\n  - { blue: priority, green: priority }\n  - { blue: Severity, green: priority }',
        expected: [['connections.support.visual.fields.1', "green's field 'priority' is already written by fields.0"]],
      },
      {
        name: 'a mapping that is neither a name nor a mapping',
        block: 'fields:\n  - 42',
        expected: [
          [
            'connections.support.visual.fields.0',
            "expected a field (the same on both sides) or a mapping naming each side's field",
          ],
        ],
      },
      {
        name: 'an empty field name',
        block: 'fields:\n  - { blue: "", green: priority }',
        expected: [['connections.support.visual.fields.0.blue', 'must not be empty']],
      },
      {
        name: 'a toggle that is not true, false or { from }',
        block: 'comments: both\nworklogs: { from: red }',
        expected: [
          ['connections.support.visual.comments', 'expected true (both ways), false (off) or { from: <side> }'],
          ['connections.support.visual.worklogs.from', 'expected both or a side (blue, green); got "red"'],
        ],
      },
      {
        name: 'constants and scope for an unknown side, an unknown filter',
        block: 'constants:\n  red: { labels: [x] }\nscope:\n  green: { label: [x] }\n  red: { labels: [x] }',
        expected: [
          ['connections.support.visual.constants.red', "unknown side 'red' (sides: blue, green)"],
          [
            'connections.support.visual.scope.green.label',
            'unknown key (expected one of: labels, issueTypes, statuses, priorities, assignees, reporters, jql)',
          ],
          ['connections.support.visual.scope.red', "unknown side 'red' (sides: blue, green)"],
        ],
      },
      {
        name: 'a constant of no known shape',
        block: 'constants:\n  green: { labels: { append: [x] }, Team: true }',
        expected: [
          ['connections.support.visual.constants.green.labels.append', 'unknown key (expected one of: add, remove)'],
          [
            'connections.support.visual.constants.green.Team',
            'expected a value, a list, or { add: [...], remove: [...] }',
          ],
        ],
      },
      {
        name: 'an unknown key in visual',
        block: 'mappings: []',
        expected: [
          [
            'connections.support.visual.mappings',
            'unknown key (expected one of: fields, comments, attachments, worklogs, links, constants, scope)',
          ],
        ],
      },
    ];
    for (const { name, block, expected } of cases) {
      void test(name, () => assert.deepEqual(problems(withVisual(block)), expected));
    }

    void test('visual with another mode, and visual mode without visual', () => {
      assert.deepEqual(problems(FULL.replace('mode: visual', 'mode: basic')), [
        ['connections.support.visual', "is used only with mode: visual (this connection's mode is basic)"],
      ]);
      assert.deepEqual(problems(FULL.replace('    mode: visual\n', '')), [
        ['connections.support.visual', "is used only with mode: visual (this connection's mode is basic)"],
      ]);
      assert.deepEqual(problems(HEAD), [['connections.support.visual', 'is required with mode: visual']]);
    });

    void test('an instance named like a mapping key cannot take part in visual mode', () => {
      const text = FULL.replaceAll('green', 'from');
      const found = problems(text);
      assert.deepEqual(found[0], [
        'connections.support.sides.from',
        "an instance named 'from' cannot take part in visual mode: from is a word of its mappings; rename the instance",
      ]);
    });

    void test('problems carry their line and column', () => {
      try {
        parseConfig(withVisual('fields:\n  - { field: priority, owner: red }'), OPTIONS);
        assert.fail('expected a ConfigError');
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        assert.deepEqual(
          error.issues.map(({ line, column }) => [line, column]),
          [[14, 30]],
        );
      }
    });
  });
});
