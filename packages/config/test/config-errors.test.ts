import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../src/index.ts';
import type { ConfigIssue } from '../src/index.ts';
import { EXAMPLE_CONFIG, OPTIONS } from './example-config.ts';

/** The issues parseConfig reports for `text`; fails if it does not throw a ConfigError. */
function issuesOf(text: string, env: Record<string, string | undefined> = OPTIONS.env): readonly ConfigIssue[] {
  try {
    parseConfig(text, { ...OPTIONS, env });
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.issues;
  }
  assert.fail('expected a ConfigError');
}

function pathsAndMessages(issues: readonly ConfigIssue[]): [string, string][] {
  return issues.map((issue) => [issue.path, issue.message]);
}

/** The example with one substitution, which must exist. */
function exampleWith(search: string | RegExp, replacement: string): string {
  const text = EXAMPLE_CONFIG.replace(search, () => replacement);
  assert.notEqual(text, EXAMPLE_CONFIG, `${String(search)} not found in the example`);
  return text;
}

void describe('configuration errors', () => {
  const cases: { name: string; text: string; path: string; message: string | RegExp }[] = [
    {
      name: 'unknown top-level key',
      text: `${EXAMPLE_CONFIG}colour: blue\n`,
      path: 'colour',
      message: /^unknown key \(expected one of: .*store, listen/,
    },
    {
      name: 'unknown key in an instance',
      text: exampleWith('email: admin@example.com,', 'email: admin@example.com, emial: x,'),
      path: 'instances.blue.emial',
      message: 'unknown key (expected one of: type, url, email, token)',
    },
    {
      name: 'unknown key in a side',
      text: exampleWith('sync: auto }', 'sync: auto, filter: x }'),
      path: 'connections.blue_green.sides.blue.filter',
      message: 'unknown key (expected one of: project, trigger, triggers, sync, remote)',
    },
    {
      name: 'unknown key in poll',
      text: `${EXAMPLE_CONFIG}poll: { every: 3 }\n`,
      path: 'poll.every',
      message: 'unknown key (expected one of: intervalSeconds, overlapSeconds)',
    },
    {
      name: 'missing required key',
      text: exampleWith('listen: 127.0.0.1:7300\n', ''),
      path: 'listen',
      message: 'is required',
    },
    {
      name: 'listen not host:port',
      text: exampleWith('listen: 127.0.0.1:7300', 'listen: "7300"'),
      path: 'listen',
      message: "'7300' is not host:port, e.g. 127.0.0.1:7300",
    },
    {
      name: 'listen port out of range',
      text: exampleWith('listen: 127.0.0.1:7300', 'listen: localhost:70000'),
      path: 'listen',
      message: "'localhost:70000' is not host:port, e.g. 127.0.0.1:7300",
    },
    {
      name: 'invalid instance URL',
      text: exampleWith('url: http://127.0.0.1:8082', 'url: ftp://127.0.0.1:8082'),
      path: 'instances.green.url',
      message: "'ftp://127.0.0.1:8082' must be an http or https URL",
    },
    {
      name: 'unparsable publicUrl',
      text: `${EXAMPLE_CONFIG}publicUrl: not a url\n`,
      path: 'publicUrl',
      message: "'not a url' is not a valid URL, e.g. https://jira.example.com",
    },
    {
      name: 'unsupported store URL',
      text: exampleWith('store: ./data/tandem.db', 'store: mysql://db/tandem'),
      path: 'store',
      message: "unsupported store 'mysql://'; use a SQLite file path or a postgres:// URL",
    },
    {
      name: 'unknown instance type',
      text: exampleWith('type: jira-datacenter', 'type: jira-server'),
      path: 'instances.green.type',
      message: 'unknown instance type "jira-server"; expected jira-cloud or jira-datacenter',
    },
    {
      name: 'Data Center instance without credentials',
      text: exampleWith(', token: "${GREEN_TOKEN}"', ''),
      path: 'instances.green',
      message: 'needs credentials: token (a personal access token), or username and password',
    },
    {
      name: 'Data Center username without password',
      text: exampleWith('token: "${GREEN_TOKEN}"', 'username: tandem'),
      path: 'instances.green.password',
      message: 'is required with username',
    },
    {
      name: 'invalid instance name',
      text: exampleWith('  green: ', '  "green team": '),
      path: 'instances.green team',
      message: 'invalid instance name: names use letters, digits, _ and -, and start with a letter',
    },
    {
      name: 'a side names an unknown instance',
      text: exampleWith('      green: {', '      red: {'),
      path: 'connections.blue_green.sides.red',
      message: "unknown instance 'red' (instances: blue, green)",
    },
    {
      name: 'a connection with one side',
      text: exampleWith(/      green: \{ project: GREEN.*\n/, ''),
      path: 'connections.blue_green.sides',
      message: 'a connection has exactly two sides; found 1 (blue)',
    },
    {
      name: 'a connection with three sides',
      text:
        exampleWith(
          'instances:\n',
          'instances:\n  red: { type: jira-datacenter, url: http://r, token: "${GREEN_TOKEN}" }\n',
        ) + '      red: { project: RED }\n',
      path: 'connections.blue_green.sides',
      message: 'a connection has exactly two sides; found 3 (blue, green, red)',
    },
    {
      name: 'both sides the same instance',
      text: exampleWith('      green: {', '      blue: {'),
      path: 'connections.blue_green.sides.blue',
      message: "both sides name instance 'blue'; a connection joins two different instances",
    },
    {
      name: 'unknown mode',
      text: exampleWith('mode: basic', 'mode: fancy'),
      path: 'connections.blue_green.mode',
      message: 'unknown mode "fancy"; expected basic, visual or script',
    },
    {
      name: 'visual mode without its mappings',
      text: exampleWith('mode: basic', 'mode: visual'),
      path: 'connections.blue_green.visual',
      message: 'is required with mode: visual',
    },
    {
      name: 'script mode without its files',
      text: exampleWith('mode: basic', 'mode: script'),
      path: 'connections.blue_green.script',
      message: 'is required with mode: script',
    },
    {
      name: 'unknown conflict policy',
      text: exampleWith('mode: basic', 'mode: basic\n    conflict: first-wins'),
      path: 'connections.blue_green.conflict',
      message: 'expected one of: later-wins; got "first-wins"',
    },
    {
      name: 'unknown sync method',
      text: exampleWith('sync: auto', 'sync: sometimes'),
      path: 'connections.blue_green.sides.blue.sync',
      message: 'expected one of: auto, manual, off; got "sometimes"',
    },
    {
      name: 'project that is not a project key',
      text: exampleWith('project: GREEN', 'project: "Green Team"'),
      path: 'connections.blue_green.sides.green.project',
      message: "'Green Team' is not a Jira project key, e.g. BLUE (upper-case letters, digits and _)",
    },
    {
      name: 'wrong type',
      text: `${EXAMPLE_CONFIG}webhooks: { enabled: "yes please" }\n`,
      path: 'webhooks.enabled',
      message: 'expected a boolean, got "yes please"',
    },
    {
      name: 'number out of range',
      text: `${EXAMPLE_CONFIG}workers: { concurrency: 0 }\n`,
      path: 'workers.concurrency',
      message: 'must be at least 1',
    },
    {
      name: 'a fraction where a whole number belongs',
      text: `${EXAMPLE_CONFIG}poll: { intervalSeconds: 2.5 }\n`,
      path: 'poll.intervalSeconds',
      message: 'expected a int, got 2.5',
    },
    {
      name: 'instances not a mapping',
      text: exampleWith(/instances:\n(  .*\n)+/, 'instances: [blue, green]\n'),
      path: 'instances',
      message: 'expected a mapping, got ["blue","green"]',
    },
  ];
  for (const { name, text, path, message } of cases) {
    void test(`${name}: reported at ${path}`, () => {
      const issues = issuesOf(text).filter(
        (issue) => !issue.path.startsWith('connections') || path.startsWith('connections'),
      );
      assert.equal(issues.length, 1, JSON.stringify(issues));
      assert.equal(issues[0]?.path, path);
      if (typeof message === 'string') assert.equal(issues[0]?.message, message);
      else assert.match(issues[0]?.message ?? '', message);
    });
  }

  void test('several errors are reported at once, in file order, each with its line', () => {
    const text = `store: ftp://x
listen: 7300
instances:
  blue:  { type: jira-cloud, url: http://b, email: e@x, token: hunter2, extra: 1 }
connections:
  c:
    mode: fancy
    sides:
      blue: { project: BLUE }
      red: { project: RED, sync: never }
workers: { concurrency: -1 }
`;
    assert.deepEqual(
      issuesOf(text).map(({ path, line, column }) => [path, line, column]),
      [
        ['store', 1, 1],
        ['listen', 2, 1],
        ['instances.blue.token', 4, 57],
        ['instances.blue.extra', 4, 73],
        ['connections.c.mode', 7, 5],
        ['connections.c.sides.red', 10, 7],
        ['connections.c.sides.red.sync', 10, 28],
        ['workers.concurrency', 11, 12],
      ],
    );
  });

  void test('a literal secret is refused without echoing it, with an example of the variable to use', () => {
    const issues = issuesOf(exampleWith('token: "${BLUE_TOKEN}"', 'token: hunter2'));
    assert.deepEqual(pathsAndMessages(issues), [
      ['instances.blue.token', 'a secret must come from the environment, e.g. token: ${BLUE_TOKEN}'],
    ]);
    const numeric = issuesOf(exampleWith('token: "${BLUE_TOKEN}"', 'token: 123456'));
    assert.deepEqual(pathsAndMessages(numeric), [
      ['instances.blue.token', 'a secret must come from the environment, e.g. token: ${BLUE_TOKEN}'],
    ]);
  });

  void test('a secret mixing a reference with text, or a Data Center password in clear, is refused', () => {
    const text = exampleWith('token: "${GREEN_TOKEN}"', 'username: tandem, password: "pre-${GREEN_TOKEN}"');
    assert.deepEqual(pathsAndMessages(issuesOf(text)), [
      ['instances.green.password', 'a secret must come from the environment, e.g. password: ${GREEN_PASSWORD}'],
    ]);
  });

  void test('a missing Cloud token asks for one from the environment', () => {
    assert.deepEqual(pathsAndMessages(issuesOf(exampleWith(', token: "${BLUE_TOKEN}"', ''))), [
      ['instances.blue.token', 'is required, from the environment, e.g. token: ${BLUE_TOKEN}'],
    ]);
  });

  void test('a password in clear in a postgres store URL is refused', () => {
    const text = exampleWith('store: ./data/tandem.db', 'store: postgres://tandem:hunter2@db/tandem');
    const issues = issuesOf(text);
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['store'],
    );
    assert.match(issues[0]?.message ?? '', /^a secret must come from the environment/);
    assert.doesNotMatch(issues[0]?.message ?? '', /hunter2/);
  });

  void test('an unset variable names the key and the variable; an empty secret is refused', () => {
    const text = exampleWith('trigger: "project = GREEN"', 'trigger: "project = ${GREEN_PROJECT}"');
    assert.deepEqual(pathsAndMessages(issuesOf(text, { BLUE_TOKEN: 'b' })), [
      ['instances.green.token', 'environment variable GREEN_TOKEN is not set'],
      ['connections.blue_green.sides.green.trigger', 'environment variable GREEN_PROJECT is not set'],
    ]);
    assert.deepEqual(pathsAndMessages(issuesOf(EXAMPLE_CONFIG, { BLUE_TOKEN: '', GREEN_TOKEN: 'g' })), [
      ['instances.blue.token', 'environment variable BLUE_TOKEN is empty'],
    ]);
  });

  void test('a malformed reference is an error rather than text', () => {
    const text = exampleWith('description: optional text', 'description: "${lower_case}"');
    assert.deepEqual(pathsAndMessages(issuesOf(text)), [
      [
        'connections.blue_green.description',
        '${lower_case} is not a valid environment reference: names use A-Z, 0-9 and _ (write $${ for a literal ${)',
      ],
    ]);
  });

  void test('a YAML syntax error names its line and column', () => {
    const issues = issuesOf('store: ./x.db\nlisten: [127.0.0.1:7300\ninstances: {}\n');
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.path, '');
    assert.match(issues[0]?.message ?? '', /^YAML syntax error: /);
    assert.deepEqual([issues[0]?.line, issues[0]?.column], [3, 1]);
  });

  void test('an unquoted reference inside { ... } is a syntax error with a hint', () => {
    const issues = issuesOf(exampleWith('token: "${GREEN_TOKEN}"', 'token: ${GREEN_TOKEN}'));
    assert.equal(issues.length, 1);
    assert.equal(issues[0]?.line, 6);
    assert.match(issues[0]?.message ?? '', /write environment references in quotes, e\.g\. token: "\$\{BLUE_TOKEN\}"$/);
  });

  void test('a duplicate key is reported with the line of the first', () => {
    const issues = issuesOf(`${EXAMPLE_CONFIG}listen: 127.0.0.1:7301\n`);
    assert.deepEqual(pathsAndMessages(issues), [['listen', "duplicate key 'listen' (first on line 3)"]]);
  });

  void test('an empty file says what it needs', () => {
    assert.deepEqual(pathsAndMessages(issuesOf('# nothing yet\n')), [
      ['', 'the file is empty; it needs at least store, listen and instances'],
    ]);
  });

  void test('the ConfigError message lists every problem as path: message under the file name', () => {
    const text = exampleWith('listen: 127.0.0.1:7300', 'listen: nowhere').replace('mode: basic', 'mode: fancy');
    assert.throws(
      () => parseConfig(text, OPTIONS),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.equal(error.name, 'ConfigError');
        assert.equal(error.sourceName, 'tandem.yaml');
        assert.equal(
          error.message,
          [
            'Invalid configuration in tandem.yaml (2 problems):',
            "  listen: 'nowhere' is not host:port, e.g. 127.0.0.1:7300 (line 3, column 1)",
            '  connections.blue_green.mode: unknown mode "fancy"; expected basic, visual or script (line 9, column 5)',
          ].join('\n'),
        );
        return true;
      },
    );
  });
});
