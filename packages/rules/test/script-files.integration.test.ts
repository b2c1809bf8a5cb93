import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptRules, SandboxPool, SCRIPT_TYPES_FILE } from '../src/script/index.ts';
import { incomingInput, outgoingInput } from './script-fixtures.ts';

const pool = new SandboxPool({ size: 1 });
let folder = '';

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tandem-script-'));
  await copyFile(SCRIPT_TYPES_FILE, join(folder, 'tandem-script.d.ts'));
  await writeFile(
    join(folder, 'outgoing.ts'),
    [
      "import type { OutgoingRule } from './tandem-script';",
      '',
      'const outgoing: OutgoingRule = ({ issue, replica, tandem }) => {',
      "  replica.fields.summary = tandem.get(issue, 'summary');",
      '};',
      'export default outgoing;',
    ].join('\n'),
  );
  await writeFile(
    join(folder, 'incoming.ts'),
    [
      "import type { IncomingRule } from './tandem-script';",
      '',
      'type Points = number;',
      '',
      'const incoming: IncomingRule = ({ replica }) => {',
      '  const points = replica.fields.storyPoints as Points;',
      '  if (points > 3) throw new Error(`${points} points is too many`);',
      '};',
      'export default incoming;',
    ].join('\n'),
  );
});

after(async () => {
  await pool.close();
  await rm(folder, { recursive: true, force: true });
});

void test('rule files are read from disk; errors name the file as written in the config, at the TypeScript line', async () => {
  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { file: join(folder, 'outgoing.ts'), name: 'rules/outgoing.ts' },
    incoming: { file: join(folder, 'incoming.ts') },
    limits: { cpuTimeMs: 10_000 },
    pool,
  });
  assert.deepEqual(await rules.compile(), []);
  assert.deepEqual((await rules.outgoing(outgoingInput()))?.fields, { summary: 'Checkout fails on Safari' });
  await assert.rejects(rules.incoming(incomingInput()), (error: Error & { details?: Record<string, unknown> }) => {
    assert.equal(error.message, '8 points is too many');
    assert.deepEqual([error.details?.['file'], error.details?.['line']], [join(folder, 'incoming.ts'), 7]);
    return true;
  });
  await rules.close();
});

void test('a missing rule file is a RuleError naming it', async () => {
  const rules = createScriptRules({
    connection: 'c',
    instance: 'cloud',
    outgoing: { file: join(folder, 'nowhere.ts'), name: 'rules/nowhere.ts' },
    incoming: { file: join(folder, 'incoming.ts') },
    pool,
  });
  const [error] = await rules.compile();
  assert.equal(error?.details.file, 'rules/nowhere.ts');
  assert.equal(error?.details.reason, 'error');
  assert.match(error?.message ?? '', /Cannot read the rule file .*nowhere\.ts/);
  const run = await rules.runOutgoing(outgoingInput());
  assert.ok(!run.ok && run.error === error);
  await rules.close();
});
