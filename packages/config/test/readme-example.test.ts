/** The Visual mapping the repository's README shows must stay a valid configuration. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../src/index.ts';
import { OPTIONS } from './example-config.ts';

void test("the README's Visual mapping parses", () => {
  const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
  const block = readme
    .split('```yaml')
    .map((part) => part.split('```')[0] ?? '')
    .find((part) => part.includes('mode: visual'));
  assert.ok(block, 'the README has a Visual mapping');
  const text = `store: ./x.db
listen: 127.0.0.1:7300
instances:
  blue:  { type: jira-cloud, url: http://127.0.0.1:8081, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: http://127.0.0.1:8082, token: "\${GREEN_TOKEN}" }
${block}`;
  const config = parseConfig(text, OPTIONS);
  const support = config.connections['support'];
  assert.equal(support?.mode, 'visual');
  if (support?.mode !== 'visual') return;
  assert.deepEqual(
    support.visual.fields.map((mapping) => mapping.key),
    ['summary', 'description', 'status', 'priority', 'Team', 'Story Points=customfield_10010', 'assignee', 'parent'],
  );
});
