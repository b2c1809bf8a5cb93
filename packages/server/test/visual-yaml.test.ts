/**
 * Visual rules written into a config document: the API's form resolves as the config parser would resolve the file,
 * what is written parses back to the same rules, unchanged mappings keep their YAML (and comments), and the file's
 * idioms are used (a bare name, `field:`, `from:`, inline value pairs).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseConfig, type VisualConfig } from '@tandem/config';
import { parseDocument } from 'yaml';
import { resolveVisualInput, writeVisual } from '../src/config-file/visual-yaml.ts';
import type { VisualInput } from '../src/api/schemas/rules-schemas.ts';

const SIDES = ['blue', 'green'];
const HEAD = `store: ./t.db
listen: 127.0.0.1:0
instances:
  blue: { type: jira-cloud, url: https://blue.example.com, email: a@example.com, token: "\${T}" }
  green: { type: jira-datacenter, url: https://green.example.com, token: "\${T}" }
connections:
  c:
    mode: visual
    sides:
      blue: { project: BLUE }
      green: { project: GREEN }
`;

function parsed(text: string): VisualConfig {
  const connection = parseConfig(text, { env: { T: 'x' }, sourceName: 't.yaml', baseDir: '/tmp' }).connections.c;
  if (connection?.mode !== 'visual') throw new Error('not visual');
  return connection.visual;
}

const INPUT: VisualInput = {
  fields: [
    'summary',
    { fields: { blue: 'Story Points', green: 'customfield_10010' }, from: ['blue'] },
    {
      fields: { blue: 'priority', green: 'priority' },
      values: [
        { blue: 'High', green: 'Critical' },
        { blue: 'Low', green: 'Minor' },
      ],
      unmatched: 'default',
      default: { blue: 'Medium', green: 'Major' },
      owner: 'green',
    },
  ],
  comments: ['green'],
  worklogs: ['blue', 'green'],
  constants: { green: { labels: { add: ['from-blue'], remove: [] } } },
  scope: { blue: { labels: ['escalate'], jql: 'resolution = Unresolved' } },
};

void test('written rules parse back to exactly the rules sent, in the file’s idioms', () => {
  const resolved = resolveVisualInput(INPUT, SIDES);
  const document = parseDocument(`${HEAD}    visual:\n      fields: [summary]\n`);
  writeVisual(document, 'c', SIDES, resolved, null);
  const text = document.toString({ lineWidth: 0 });
  assert.deepEqual(parsed(text), resolved);
  assert.match(
    text,
    /fields:\n {8}- summary\n {8}- \{ blue: Story Points, green: customfield_10010, from: blue \}\n {8}- field: priority\n/,
  );
  assert.match(text, /values:\n {12}- \{ blue: High, green: Critical \}/);
  assert.match(text, /comments: \{ from: green \}\n {6}attachments: true\n {6}worklogs: true\n {6}links: false/);
  assert.equal(resolved.fields[1]?.key, 'Story Points=customfield_10010', 'the key the config derives');
  assert.doesNotMatch(text, /unmatched: default/, 'implied by default:');
});

void test('unchanged mappings and keys keep their YAML and comments; removed ones go', () => {
  const resolved = resolveVisualInput(INPUT, SIDES);
  const first = parseDocument(`${HEAD}    visual:\n      fields: [summary]\n`);
  writeVisual(first, 'c', SIDES, resolved, null);
  const annotated = first
    .toString({ lineWidth: 0 })
    .replace('        - field: priority\n', '        - field: priority # agreed with support\n')
    .replace('      comments: { from: green }\n', '      comments: { from: green } # private on blue\n');
  const document = parseDocument(annotated);
  const next = resolveVisualInput({ ...INPUT, fields: ['description', ...INPUT.fields.slice(2)] }, SIDES);
  writeVisual(document, 'c', SIDES, next, parsed(annotated));
  const text = document.toString({ lineWidth: 0 });
  assert.deepEqual(parsed(text), next);
  assert.match(text, /fields:\n {8}- description\n {8}- field: priority # agreed with support\n/);
  assert.match(text, /comments: \{ from: green \} # private on blue/);
  assert.doesNotMatch(text, /Story Points/);
});
