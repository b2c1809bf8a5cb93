// The valid and invalid queries shipped with @atlaskit/jql-parser (test-utils/data/*.json) are accepted and
// rejected by our parse exactly as the grammar's own test data says; syntax errors are worded as Jira words them.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseJql } from '../src/jql/jql-syntax.ts';

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('@atlaskit/jql-parser/package.json')), 'test-utils', 'data');
const files = readdirSync(dataDir).filter((name) => name.endsWith('.json'));

void test('the parser package ships its query data', () => {
  assert.ok(files.length >= 10, `expected the grammar's test data in ${dataDir}`);
});

for (const file of files) {
  const data = JSON.parse(readFileSync(join(dataDir, file), 'utf8')) as { valid?: string[]; invalid?: string[] };
  void test(`${file}: ${data.valid?.length ?? 0} valid queries parse without errors`, () => {
    assert.ok((data.valid?.length ?? 0) > 0 || (data.invalid?.length ?? 0) > 0);
    for (const query of data.valid ?? []) {
      const result = parseJql(query);
      assert.ok(
        result.ok,
        `${JSON.stringify(query)} should parse: ${result.ok ? '' : result.errors.map((e) => e.message).join('; ')}`,
      );
    }
  });
  void test(`${file}: ${data.invalid?.length ?? 0} invalid queries are rejected`, () => {
    for (const query of data.invalid ?? []) {
      const result = parseJql(query);
      assert.ok(!result.ok, `${JSON.stringify(query)} should be rejected`);
      assert.match(result.errors[0]?.message ?? '', /^Error in the JQL Query: /);
    }
  });
}

void test('syntax errors are worded as Jira words them', () => {
  const cases: [string, string][] = [
    [
      'invalid query',
      "Error in the JQL Query: Expecting operator but got 'query'. The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'. (line 1, character 9)",
    ],
    ['project = ', 'Error in the JQL Query: Expecting either a value, list or function before the end of the query.'],
    ['project = A foo', "Error in the JQL Query: Expecting either 'OR' or 'AND' but got 'foo'. (line 1, character 13)"],
    [
      'summary ~ "abc',
      "Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)",
    ],
    [
      'project = A%',
      "Error in the JQL Query: The character '%' is a reserved JQL character. You must enclose it in a string or use the escape '\\u0025' instead. (line 1, character 12)",
    ],
  ];
  for (const [query, message] of cases) {
    const result = parseJql(query);
    assert.equal(result.ok, false, query);
    if (!result.ok) assert.equal(result.errors[0]?.message, message, query);
  }
});

void test('the syntax tree carries unquoted values, custom fields, properties, lists, functions and ORDER BY', () => {
  const result = parseJql(
    'project = "BL\\"UE" AND cf[10010] in (a, EMPTY, currentUser()) OR NOT issue.property[sync].state.id >= 3 ORDER BY created DESC, key',
  );
  assert.ok(result.ok);
  if (!result.ok) return;
  assert.deepEqual(
    result.query.orderBy?.map((sort) => [sort.field.name, sort.direction]),
    [
      ['created', 'desc'],
      ['key', null],
    ],
  );
  const where = result.query.where;
  assert.equal(where?.type, 'or');
  if (where?.type !== 'or') return;
  const [and, not] = where.clauses;
  assert.equal(and?.type, 'and');
  if (and?.type !== 'and') return;
  const [projectClause, cfClause] = and.clauses;
  assert.deepEqual(projectClause?.type === 'terminal' && projectClause.operand, {
    kind: 'value',
    text: 'BL"UE',
    quoted: true,
    position: { line: 1, character: 11 },
  });
  assert.ok(cfClause?.type === 'terminal');
  if (cfClause?.type !== 'terminal') return;
  assert.equal(cfClause.field.customFieldId, 10010);
  assert.equal(cfClause.operator, 'in');
  assert.deepEqual(cfClause.operand?.kind === 'list' && cfClause.operand.items.map((item) => item.kind), [
    'value',
    'empty',
    'function',
  ]);
  assert.ok(not?.type === 'not' && not.clause.type === 'terminal');
  if (not?.type !== 'not' || not.clause.type !== 'terminal') return;
  assert.equal(not.clause.field.propertyKey, 'sync');
  assert.deepEqual(not.clause.field.propertyPath, ['state', 'id']);
  assert.equal(not.clause.operator, '>=');
});
