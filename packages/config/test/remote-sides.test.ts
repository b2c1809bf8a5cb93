import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../src/index.ts';
import { OPTIONS } from './example-config.ts';

/** A node serving only blue, its connection's other side served by the peer node. */
function nodeConfig(sides: string): string {
  return `store: ./data/tandem.db
listen: 127.0.0.1:7300
instances:
  blue: { type: jira-cloud, url: http://127.0.0.1:8081, email: admin@example.com, token: "\${BLUE_TOKEN}" }
connections:
  blue_green:
    sides:
${sides}
`;
}

function problems(text: string): [string, string][] {
  try {
    parseConfig(text, OPTIONS);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.issues.map((issue) => [issue.path, issue.message]);
  }
  return assert.fail('expected a ConfigError');
}

void describe('remote sides (decentralized topology)', () => {
  void test('a remote side needs no instance of this node and keeps the file order', () => {
    const config = parseConfig(
      nodeConfig('      green: { remote: true }\n      blue: { project: BLUE, trigger: "project = BLUE" }'),
      OPTIONS,
    );
    assert.deepEqual(config.connections.blue_green?.sides, [
      { instance: 'green', remote: true },
      {
        instance: 'blue',
        project: 'BLUE',
        trigger: 'project = BLUE',
        triggers: [{ jql: 'project = BLUE', active: true, note: null }],
        sync: 'auto',
      },
    ]);
  });

  void test('remote: false is a side of this node', () => {
    const config = parseConfig(
      nodeConfig('      blue: { project: BLUE, remote: false }\n      green: { remote: true }'),
      OPTIONS,
    );
    assert.deepEqual(config.connections.blue_green?.sides[0], {
      instance: 'blue',
      project: 'BLUE',
      trigger: null,
      triggers: [],
      sync: 'auto',
    });
  });

  void test('a remote side takes no project, trigger or sync: they belong to the peer', () => {
    assert.deepEqual(
      problems(nodeConfig('      blue: { project: BLUE }\n      green: { remote: true, project: GREEN }')),
      [['connections.blue_green.sides.green.project', 'unknown key (expected one of: remote)']],
    );
  });

  void test('both sides remote, or a remote side naming an instance of this node, are refused with their paths', () => {
    assert.deepEqual(problems(nodeConfig('      blue: { remote: true }\n      green: { remote: true }')), [
      ['connections.blue_green.sides', 'both sides are remote; this node must serve at least one side of a connection'],
      [
        'connections.blue_green.sides.blue.remote',
        "'blue' is an instance of this node; remote: true names the peer node's instance",
      ],
    ]);
  });

  void test('a side that is neither an instance of this node nor remote names the instances', () => {
    assert.deepEqual(problems(nodeConfig('      blue: { project: BLUE }\n      green: { project: GREEN }')), [
      ['connections.blue_green.sides.green', "unknown instance 'green' (instances: blue)"],
    ]);
  });

  void test('remote must be a boolean', () => {
    const found = problems(nodeConfig('      blue: { project: BLUE }\n      green: { remote: "yes" }'));
    assert.ok(
      found.some(
        ([path, message]) => path === 'connections.blue_green.sides.green.remote' && message.includes('"yes"'),
      ),
      JSON.stringify(found),
    );
  });
});
