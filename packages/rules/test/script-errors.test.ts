import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { RuleError } from '@tandem/core';
import { createScriptRules, resolveScriptLimits, SandboxPool, type ScriptSource } from '../src/script/index.ts';
import { incomingInput, outgoingInput } from './script-fixtures.ts';

const pool = new SandboxPool({ size: 2 });
after(() => pool.close());

async function outgoingError(outgoing: ScriptSource): Promise<RuleError> {
  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing,
    incoming: { source: 'export default () => {};', name: 'incoming.ts' },
    limits: { cpuTimeMs: 10_000 },
    pool,
  });
  const run = await rules.runOutgoing(outgoingInput());
  await rules.close();
  assert.ok(!run.ok, 'the run should fail');
  return run.error;
}

async function incomingError(incoming: ScriptSource): Promise<RuleError> {
  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { source: 'export default () => {};', name: 'outgoing.ts' },
    incoming,
    limits: { cpuTimeMs: 10_000 },
    pool,
  });
  const run = await rules.runIncoming(incomingInput());
  await rules.close();
  assert.ok(!run.ok, 'the run should fail');
  return run.error;
}

void test('a throw on line N of a JavaScript rule reports the file, line N and the column of the call', async () => {
  const error = await incomingError({
    name: 'rules/incoming.js',
    source: [
      '// Engineering → support',
      'export default function incoming({ replica, tandem }) {',
      "  tandem.set('summary', replica.fields.summary);",
      "  if (replica.fields.storyPoints > 5) throw new Error('too big: ' + replica.fields.storyPoints);",
      '}',
    ].join('\n'),
  });
  assert.equal(error.message, 'too big: 8');
  assert.deepEqual(error.details.reason, 'error');
  assert.deepEqual([error.details.file, error.details.line, error.details.column], ['rules/incoming.js', 4, 54]);
});

void test("a TypeScript rule's error reports the TypeScript line, and the cause lists the user's frames", async () => {
  const error = await outgoingError({
    name: 'outgoing.ts',
    source: [
      "import type { OutgoingRule, RuleIssue } from './tandem-script';",
      '',
      'interface Limits {',
      '  /** Longest summary sent. */',
      '  maxLength: number;',
      '}',
      'type Checked = { key: string; length: number };',
      '',
      'const limits: Limits = { maxLength: 10 };',
      '',
      'function check(issue: RuleIssue): Checked {',
      "  const summary = String(issue.fields['summary'] ?? '');",
      '  if (summary.length > limits.maxLength) {',
      '    throw new RangeError(`summary of ${issue.key} is ${summary.length} characters long`);',
      '  }',
      '  return { key: issue.key, length: summary.length };',
      '}',
      '',
      'const outgoing: OutgoingRule = ({ issue }) => {',
      '  check(issue);',
      '};',
      'export default outgoing;',
    ].join('\n'),
  });
  assert.equal(error.message, 'RangeError: summary of SUP-7 is 24 characters long');
  assert.deepEqual([error.details.file, error.details.line, error.details.reason], ['outgoing.ts', 14, 'error']);
  const stack = (error.details.cause as Error).stack ?? '';
  assert.match(stack, /^RangeError: summary of SUP-7/);
  assert.match(stack, /at check \(outgoing\.ts:14:\d+\)/);
  assert.match(stack, /at outgoing \(outgoing\.ts:20:\d+\)/);
  assert.doesNotMatch(stack, /rule\.js/, 'no position in the compiled code is shown');
});

void test('an error inside a callback given to a helper points at the callback', async () => {
  const error = await incomingError({
    name: 'incoming.ts',
    source: [
      'export default ({ tandem }: any) => {',
      '  tandem.mergeComments({',
      '    filter: (comment: { author: { email: string } }) =>',
      "      comment.author.email.endsWith('@corp.example'),",
      '  });',
      '};',
    ].join('\n'),
  });
  assert.match(error.message, /^TypeError: /);
  assert.equal(error.details.line, 4);
});

void test('a syntax error is reported with its line, before anything runs, and by compile()', async () => {
  const source = ['export default ({ replica }) => {', '  replica.fields.a = ;', '};'].join('\n');
  const error = await outgoingError({ name: 'outgoing.js', source });
  assert.equal(error.details.reason, 'syntax');
  assert.deepEqual([error.details.file, error.details.line, error.details.column], ['outgoing.js', 2, 22]);
  assert.match(error.message, /Unexpected ";"/);

  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { name: 'outgoing.js', source },
    incoming: { name: 'incoming.ts', source: 'const x: number = ;\nexport default () => {};' },
    pool,
  });
  const errors = await rules.compile();
  await rules.close();
  assert.deepEqual(
    errors.map((problem) => [problem.details.file, problem.details.line, problem.details.reason]),
    [
      ['outgoing.js', 2, 'syntax'],
      ['incoming.ts', 1, 'syntax'],
    ],
  );
});

void test('a TypeScript-only construct in a .js file is a syntax error at its line', async () => {
  const error = await outgoingError({
    name: 'outgoing.js',
    source: 'const n: number = 1;\nexport default () => {};',
  });
  assert.deepEqual([error.details.reason, error.details.line], ['syntax', 1]);
});

void test('a bad result shape names the path and what is wrong with it', async () => {
  const flag = await outgoingError({
    name: 'outgoing.ts',
    source: "export default ({ replica }: any) => { replica.fields.flag = true; replica.fields.ok = 'yes'; };",
  });
  assert.equal(flag.details.reason, 'bad-result');
  assert.equal(flag.details.file, 'outgoing.ts');
  assert.match(flag.message, /replica\.fields\.flag: expected a field value: text, number/);
  assert.doesNotMatch(flag.message, /fields\.ok/);

  const partial = await outgoingError({ name: 'o.ts', source: 'export default () => ({ fields: {}, comments: [] });' });
  assert.match(partial.message, /replica\.attachments: Invalid input: expected array, received undefined/);
  assert.match(partial.message, /replica\.links/);

  const typo = await outgoingError({
    name: 'o.ts',
    source: "export default ({ replica }: any) => { replica.feilds = { summary: 'x' }; };",
  });
  assert.match(typo.message, /Unrecognized key: "feilds"/);

  const user = await incomingError({
    name: 'i.ts',
    source: "export default ({ tandem }: any) => { tandem.set('assignee', { id: 'x', displayName: 'A', email: 5 }); };",
  });
  assert.equal(user.details.reason, 'bad-result');
  assert.match(user.message, /result\.fields\.assignee\.email: Invalid input: expected string, received number/);

  const rich = await incomingError({
    name: 'i.ts',
    source:
      "export default ({ tandem }: any) => { tandem.set('description', { type: 'doc', version: 1, content: [{ text: 'no type' }] }); };",
  });
  assert.match(rich.message, /result\.fields\.description\.content\[0\]\.type: Invalid input: expected string/);

  const date = await outgoingError({
    name: 'o.ts',
    source: 'export default ({ replica }: any) => { replica.fields.due = new Date(0); };',
  });
  assert.match(date.message, /replica\.fields\.due is a Date, not plain data/);

  const returned = await incomingError({ name: 'i.ts', source: "export default () => ({ summary: 'x' });" });
  assert.equal(returned.details.reason, 'bad-result');
  assert.match(returned.message, /returned a value: it describes the local issue through tandem\.set/);

  const number = await outgoingError({ name: 'o.ts', source: 'export default () => 42;' });
  assert.match(number.message, /returned a number/);
});

void test('items a result names must come from the input', async () => {
  const comment = await outgoingError({
    name: 'o.ts',
    source:
      "export default ({ issue, replica }: any) => { replica.comments = [{ ...issue.comments[0], id: '999' }]; };",
  });
  assert.equal(comment.details.reason, 'bad-result');
  assert.match(comment.message, /replica\.comments\[0\]: "999" is not a comment of the issue/);

  // Changing the input changes nothing the engine sees: the result is checked against what was sent.
  const invented = await incomingError({
    name: 'i.ts',
    source: [
      'export default ({ replica, tandem }: any) => {',
      "  replica.comments.push({ ...replica.comments[0], id: 'c-9' });",
      '  tandem.mergeComments();',
      '};',
    ].join('\n'),
  });
  assert.equal(invented.details.reason, 'bad-result');
  assert.match(invented.message, /result\.comments\[3\]: "c-9" is not a comment of the replica/);
});

void test('a file without a default function, or throwing a non-Error, fails with a clear message', async () => {
  const none = await outgoingError({ name: 'o.ts', source: 'export const rule = () => {};' });
  assert.deepEqual([none.details.reason, none.details.file], ['error', 'o.ts']);
  assert.match(none.message, /must export a function as its default export/);

  const text = await outgoingError({ name: 'o.ts', source: "export default () => { throw 'plain text'; };" });
  assert.equal(text.message, 'plain text');
  assert.equal(text.details.reason, 'error');

  const value = await outgoingError({ name: 'o.js', source: 'export default 42;' });
  assert.match(value.message, /must export a function as its default export/);
});

void test('an import of anything is refused at the line that imports it', async () => {
  const error = await outgoingError({
    name: 'o.ts',
    source: [
      '// reads a file',
      "import { readFileSync } from 'node:fs';",
      'export default () => { readFileSync; };',
    ].join('\n'),
  });
  assert.equal(error.details.reason, 'error');
  assert.match(error.message, /Rule files cannot import modules \("node:fs"\)/);
  assert.equal(error.details.line, 2);
});

void test('limits out of bounds are refused when the rules are created', () => {
  assert.throws(() => resolveScriptLimits({ stackBytes: 8 * 1024 * 1024 }), /stackBytes must be a whole number/);
  assert.throws(() => resolveScriptLimits({ cpuTimeMs: 0 }), /cpuTimeMs/);
  assert.throws(() => resolveScriptLimits({ memoryBytes: 1.5 }), /memoryBytes/);
  assert.deepEqual(resolveScriptLimits({ cpuTimeMs: 100 }), {
    cpuTimeMs: 100,
    memoryBytes: 32 * 1024 * 1024,
    stackBytes: 512 * 1024,
    outputBytes: 1024 * 1024,
  });
});
