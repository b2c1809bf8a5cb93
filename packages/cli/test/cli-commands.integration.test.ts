/**
 * The real `tandem` bin as a child process (CI=true, no TTY) against two emulators with the demo data and a SQLite
 * file in a temporary folder: exit codes, --json documents, the node composed by the CLI itself.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { runTandem } from './support/run-tandem.ts';

const ENV = { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' };

void describe('tandem commands', () => {
  let blue: JiraEmulator;
  let green: JiraEmulator;
  let dir: string;
  let configFile: string;
  const tandem = (...args: string[]) => runTandem(['--config', configFile, ...args], ENV);

  before(async () => {
    blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
    configFile = join(dir, 'tandem.yaml');
    // Port 0: no node serves this config, so every command composes the node itself.
    writeFileSync(
      configFile,
      `store: ./tandem.db
listen: 127.0.0.1:0
instances:
  blue:  { type: jira-cloud, url: ${blue.url}, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }
connections:
  blue_green:
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE" }
      green: { project: GREEN, trigger: "project = GREEN" }
`,
    );
  });

  after(async () => {
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  void test('a bad config exits 2 and names every problem with its path', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      `store: ./x.db\nlisten: nowhere\ninstances:\n  blue: { type: jira-cloud, url: not-a-url, email: a@b.c, token: plain }\nextra: 1\n`,
    );
    const run = await runTandem(['status', 'BLUE-1', '--config', bad]);
    assert.equal(run.code, 2, run.stderr);
    for (const path of ['listen', 'instances.blue.url', 'instances.blue.token', 'extra'])
      assert.match(run.stderr, new RegExp(`^  ${path.replace('.', '\\.')}: `, 'm'));
    const json = await runTandem(['config', 'check', '--json', '--config', bad]);
    assert.equal(json.code, 2);
    const document = JSON.parse(json.stdout) as { error: { details: { issues: { path: string }[] } } };
    assert.deepEqual(document.error.details.issues.map((issue) => issue.path).sort(), [
      'extra',
      'instances.blue.token',
      'instances.blue.url',
      'listen',
    ]);
    const missing = await runTandem(['errors'], { TANDEM_CONFIG: join(dir, 'absent.yaml') });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /absent\.yaml/);
  });

  void test('config check prints the configuration with secrets masked', async () => {
    const run = await tandem('config', 'check', '--json');
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as {
      valid: boolean;
      config: { instances: { blue: { auth: { password: string } } } };
    };
    assert.equal(document.valid, true);
    assert.equal(document.config.instances.blue.auth.password, '********');
    assert.doesNotMatch(run.stdout, /emulator-token/);
  });

  void test('bad usage exits 2; an unknown issue or connection exits 3', async () => {
    const [unknownCommand, missingArgument, badKey, unknown, unknownConnection] = await Promise.all([
      tandem('frobnicate'),
      tandem('sync'),
      tandem('status', 'not-a-key'),
      tandem('status', 'BLUE-999', '--json'),
      tandem('connection', 'pause', 'nope'),
    ]);
    assert.equal(unknownCommand.code, 2, unknownCommand.stderr);
    assert.equal(missingArgument.code, 2, 'missing argument');
    assert.equal(badKey.code, 2, badKey.stderr);
    assert.equal(unknown.code, 3, unknown.stderr);
    assert.match(
      (JSON.parse(unknown.stdout) as { error: { message: string } }).error.message,
      /BLUE-999 was not found/,
    );
    assert.equal(unknownConnection.code, 3);
  });

  void test('sync KEY runs the worker here until done; status --json then shows the twin', async () => {
    const sync = await tandem('sync', 'BLUE-1');
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(sync.stderr, /BLUE-1 → GREEN-\d+ created: summary, description, 2 comments, 2 attachments/);
    const status = await tandem('status', 'BLUE-1', '--json');
    assert.equal(status.code, 0, status.stderr);
    const document = JSON.parse(status.stdout) as {
      key: string;
      twins: { twin: { a: { issueKey: string }; b: { issueKey: string | null } }; pending: boolean; error: unknown }[];
    };
    assert.equal(document.key, 'BLUE-1');
    assert.equal(document.twins.length, 1);
    assert.equal(document.twins[0]?.twin.a.issueKey, 'BLUE-1');
    assert.match(document.twins[0]?.twin.b.issueKey ?? '', /^GREEN-\d+$/);
    assert.equal(document.twins[0]?.pending, false);
    assert.equal(document.twins[0]?.error, null);
    const greenKey = document.twins[0]?.twin.b.issueKey ?? '';
    const fromGreen = JSON.parse((await tandem('status', greenKey, '--json')).stdout) as typeof document;
    assert.equal(fromGreen.twins[0]?.twin.a.issueKey, 'BLUE-1', 'the twin is found from either side');
  });

  void test('connection pause and list --json; resume', async () => {
    const paused = await tandem('connection', 'pause', 'blue_green', '--json');
    assert.equal(paused.code, 0, paused.stderr);
    assert.equal((JSON.parse(paused.stdout) as { connection: { status: string } }).connection.status, 'paused');
    const list = await tandem('connection', 'list', '--json');
    assert.equal(list.code, 0, list.stderr);
    const [connection] = (
      JSON.parse(list.stdout) as {
        connections: { name: string; status: string; twins: number; sides: { project: string }[] }[];
      }
    ).connections;
    assert.equal(connection?.name, 'blue_green');
    assert.equal(connection?.status, 'paused');
    assert.deepEqual(
      connection?.sides.map((side) => side.project),
      ['BLUE', 'GREEN'],
    );
    assert.ok((connection?.twins ?? 0) >= 1);
    const human = await tandem('connection', 'list');
    assert.match(human.stdout, /^blue_green {2}paused {2}blue:BLUE ⇄ green:GREEN/m);
    const resumed = await tandem('connection', 'resume', 'blue_green', '--json');
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal((JSON.parse(resumed.stdout) as { connection: { status: string } }).connection.status, 'active');
  });

  void test('bulk queues every match and reports progress lines until the connection drains', async () => {
    const run = await tandem('bulk', 'blue_green', '--json');
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as {
      queued: string[];
      connection: { pending: number; twins: number; errors: number };
    };
    assert.equal(document.queued.length, 8, 'four demo issues on each side');
    assert.equal(document.connection.pending, 0);
    assert.equal(document.connection.twins, 8);
    assert.match(run.stderr, /^bulk blue_green: 8\/8$/m);
    const errors = await tandem('errors', '--json');
    assert.deepEqual(JSON.parse(errors.stdout), { errors: [] });
    // Every twin is in the store already: recover finds their markers and rebuilds nothing.
    const recover = await tandem('recover', 'blue_green', '--json');
    assert.equal(recover.code, 0, recover.stderr);
    const recovered = JSON.parse(recover.stdout) as {
      recovered: number;
      alreadyKnown: number;
      marked: Record<string, number>;
    };
    assert.equal(recovered.recovered, 0);
    assert.equal(recovered.alreadyKnown, 8);
    assert.deepEqual(recovered.marked, { blue: 8, green: 8 });
  });
});
