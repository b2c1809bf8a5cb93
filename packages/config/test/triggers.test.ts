import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ConfigError, parseConfig } from '../src/index.ts';
import { EXAMPLE_CONFIG, OPTIONS } from './example-config.ts';

/** The example with blue's side replaced by `side` (the lines under `blue:`, indented by the caller). */
function withBlueSide(side: string): string {
  const text = EXAMPLE_CONFIG.replace(/      blue: +\{ project: BLUE.*\n/, () => `      blue:\n${side}`);
  assert.notEqual(text, EXAMPLE_CONFIG);
  return text;
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

const blueSide = (text: string) => parseConfig(text, OPTIONS).connections['blue_green']?.sides[0];

void describe('triggers', () => {
  void test('several triggers, each with its JQL, active flag (true by default) and note', () => {
    const side = blueSide(
      withBlueSide(`        project: BLUE
        triggers:
          - { jql: "project = BLUE AND labels = escalate", note: Escalations from support }
          - { jql: "project = BLUE AND priority = Highest" }
          - { jql: "project = BLUE AND labels = legacy", active: false, note: paused during the migration }
`),
    );
    assert.deepEqual(side, {
      instance: 'blue',
      project: 'BLUE',
      trigger: '(project = BLUE AND labels = escalate) OR (project = BLUE AND priority = Highest)',
      triggers: [
        { jql: 'project = BLUE AND labels = escalate', active: true, note: 'Escalations from support' },
        { jql: 'project = BLUE AND priority = Highest', active: true, note: null },
        { jql: 'project = BLUE AND labels = legacy', active: false, note: 'paused during the migration' },
      ],
      sync: 'auto',
    });
  });

  void test('one active trigger is its JQL as written; none active is no trigger', () => {
    const one = blueSide(withBlueSide('        project: BLUE\n        triggers: [{ jql: "project = BLUE" }]\n'));
    assert.equal(one?.remote === true ? undefined : one?.trigger, 'project = BLUE');
    const none = blueSide(
      withBlueSide('        project: BLUE\n        triggers: [{ jql: "project = BLUE", active: false }]\n'),
    );
    assert.equal(none?.remote === true ? undefined : none?.trigger, null);
    const empty = blueSide(withBlueSide('        project: BLUE\n        triggers: []\n'));
    assert.deepEqual(empty?.remote === true ? undefined : [empty?.trigger, empty?.triggers], [null, []]);
  });

  void test('trigger and triggers together, an empty JQL and an unknown key are refused at their paths', () => {
    assert.deepEqual(
      problems(
        withBlueSide(`        project: BLUE
        trigger: "project = BLUE"
        triggers:
          - { jql: "  " }
          - { jql: "project = BLUE", enabled: true }
          - { note: no query }
`),
      ),
      [
        ['connections.blue_green.sides.blue.triggers', 'give trigger or triggers, not both'],
        ['connections.blue_green.sides.blue.triggers.0.jql', 'must not be empty'],
        ['connections.blue_green.sides.blue.triggers.1.enabled', 'unknown key (expected one of: jql, active, note)'],
        ['connections.blue_green.sides.blue.triggers.2.jql', 'is required'],
      ],
    );
  });

  void test('active must be a boolean', () => {
    assert.deepEqual(
      problems(withBlueSide('        project: BLUE\n        triggers: [{ jql: "project = BLUE", active: "no" }]\n')),
      [['connections.blue_green.sides.blue.triggers.0.active', 'expected a boolean, got "no"']],
    );
  });
});
