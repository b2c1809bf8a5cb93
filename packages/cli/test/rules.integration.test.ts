/**
 * Rules through the real `tandem` bin against two emulators with the demo data: `tandem rules test` (the dry run) on
 * a Visual-mode and a Script-mode connection writes nothing and shows the planned changes; a script that does not
 * compile stops the command with its file and line; a mapping naming a missing field is a problem with its name;
 * `tandem unsync --trigger` stops every match of one trigger.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { runTandem } from './support/run-tandem.ts';

const ENV = { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' };

/** Writes made on an emulator (non-GET, control API excluded). */
function writes(emulator: JiraEmulator): number {
  return emulator.stats
    .list()
    .filter((entry) => entry.method !== 'GET' && !entry.endpoint.startsWith('/_emulator'))
    .reduce((sum, entry) => sum + entry.count, 0);
}

void describe('tandem rules test and unsync --trigger', () => {
  let blue: JiraEmulator;
  let green: JiraEmulator;
  let dir: string;
  const head = () => `store: ./tandem.db
listen: 127.0.0.1:0
instances:
  blue:  { type: jira-cloud, url: ${blue.url}, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }
connections:
`;
  const config = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  before(async () => {
    blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-rules-'));
    mkdirSync(join(dir, 'rules'));
  });
  after(async () => {
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  void test('Visual mode: the dry run lists the mapped values and writes nothing', async () => {
    const file = config(
      'visual.yaml',
      `${head()}  support:
    mode: visual
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE" }
      green: { project: GREEN, trigger: "project = GREEN" }
    visual:
      fields:
        - summary
        - field: priority
          values:
            - { blue: High, green: Highest }
          unmatched: default
          default: { blue: Medium, green: Medium }
        - { blue: Story points, green: Story points }
        - { field: Customer, from: blue }
      constants:
        green:
          labels: { add: [from-blue] }
`,
    );
    const before = { blue: writes(blue), green: writes(green) };
    const run = await runTandem(
      ['rules', 'test', '--connection', 'support', '--issue', 'BLUE-1', '--config', file],
      ENV,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /BLUE-1 \(blue\) through support/);
    assert.match(run.stdout, /a new issue would be created with/);
    assert.match(run.stdout, /Priority \(priority\): \(not set\) → "Highest"/);
    assert.match(run.stdout, /Labels \(labels\): \(not set\) → \["from-blue"\]/);
    const json = await runTandem(
      ['rules', 'test', '--connection', 'support', '--issue', 'BLUE-1', '--json', '--config', file],
      ENV,
    );
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as {
      replica: { fields: Record<string, unknown> };
      target: { served: boolean; create: boolean; fields: { field: string; after: unknown }[] };
    };
    assert.equal(report.replica.fields['priority'], 'High');
    assert.equal(report.target.create, true);
    assert.ok(report.target.fields.some((change) => change.field === 'priority' && change.after === 'Highest'));
    assert.deepEqual({ blue: writes(blue), green: writes(green) }, before, 'the dry run wrote nothing');
  });

  void test('a mapping naming a field the instance lacks is a problem naming it (exit 1)', async () => {
    const file = config(
      'missing-field.yaml',
      `${head()}  support:
    mode: visual
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE" }
      green: { project: GREEN, trigger: "project = GREEN" }
    visual:
      fields:
        - summary
        - { blue: Customer, green: Client Name }
`,
    );
    const run = await runTandem(
      ['rules', 'test', '--connection', 'support', '--issue', 'BLUE-1', '--config', file],
      ENV,
    );
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /PROBLEM Client Name: no field "Client Name" on green/);
  });

  void test('Script mode: the dry run runs the scripts; a script that does not compile names its file and line', async () => {
    writeFileSync(
      join(dir, 'rules', 'out.ts'),
      `export default function outgoing({ issue, replica, tandem }: any) {\n  replica.fields.title = tandem.get(issue, 'summary');\n}\n`,
    );
    writeFileSync(
      join(dir, 'rules', 'in.ts'),
      `export default function incoming({ replica, tandem }: any) {\n  tandem.set('summary', '[from blue] ' + replica.fields.title);\n  tandem.log('seen ' + replica.issueKey);\n}\n`,
    );
    writeFileSync(join(dir, 'rules', 'broken.ts'), `export default function incoming() {\n  const x = ;\n}\n`);
    const script = (incoming: string) =>
      `${head()}  scripted:
    mode: script
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE" }
      green: { project: GREEN, trigger: "project = GREEN" }
    script:
      blue: { outgoing: rules/out.ts, incoming: rules/in.ts }
      green: { outgoing: rules/out.ts, incoming: rules/${incoming} }
`;
    const good = config('script.yaml', script('in.ts'));
    const run = await runTandem(
      ['rules', 'test', '--connection', 'scripted', '--issue', 'BLUE-2', '--config', good],
      ENV,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /title = "/);
    assert.match(run.stdout, /Summary \(summary\): \(not set\) → "\[from blue\] /);
    assert.match(run.stdout, /log: seen BLUE-2/);

    const broken = config('broken.yaml', script('broken.ts'));
    const failed = await runTandem(
      ['rules', 'test', '--connection', 'scripted', '--issue', 'BLUE-2', '--config', broken],
      ENV,
    );
    assert.equal(failed.code, 2, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /broken\.ts:2/);
  });

  void test('unsync --trigger stops every current match of one trigger', async () => {
    const file = config(
      'basic.yaml',
      `${head()}  blue_green:
    sides:
      blue:
        project: BLUE
        triggers:
          - { jql: "project = BLUE AND labels = sso", note: the SSO escalations }
          - { jql: "project = BLUE AND issuetype = Task", active: false }
      green: { project: GREEN }
`,
    );
    const synced = await runTandem(['sync', 'BLUE-1', '--config', file], ENV);
    assert.equal(synced.code, 0, synced.stdout + synced.stderr);
    const run = await runTandem(
      ['unsync', '--connection', 'blue_green', '--side', 'blue', '--trigger', '1', '--json', '--config', file],
      ENV,
    );
    assert.equal(run.code, 0, run.stderr);
    const document = JSON.parse(run.stdout) as { twins: { a: { issueKey: string } }[] };
    assert.deepEqual(
      document.twins.map((twin) => twin.a.issueKey),
      ['BLUE-1'],
    );
    const bad = await runTandem(
      ['unsync', '--connection', 'blue_green', '--side', 'blue', '--trigger', '3', '--config', file],
      ENV,
    );
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stderr, /has no trigger 3 on blue \(it has 2\)/);
  });
});
