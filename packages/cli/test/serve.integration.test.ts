/**
 * `tandem serve` as a child process: it registers its webhooks and syncs, logs each step as one JSON line, and while it
 * runs the other commands go through its API (queue and watch) instead of composing a second node. SIGTERM stops it.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraEmulator } from '@tandem/jira-emulator';
import { eventually, runTandem, startTandem } from './support/run-tandem.ts';

const ENV = { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' };

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

void test('serve syncs by itself; CLI commands use its API while it runs; SIGTERM stops it with exit 0', async () => {
  const blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
  const green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
  const dir = mkdtempSync(join(tmpdir(), 'tandem-serve-'));
  const configFile = join(dir, 'tandem.yaml');
  const port = await freePort();
  writeFileSync(
    configFile,
    `store: ./tandem.db
listen: 127.0.0.1:${port}
instances:
  blue:  { type: jira-cloud, url: ${blue.url}, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }
connections:
  blue_green:
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE AND issuetype = Bug" }
      green: { project: GREEN, trigger: "project = GREEN AND issuetype = Bug" }
`,
  );
  const serve = startTandem(['serve', '--config', configFile], ENV);
  try {
    // The first poll takes the Bug of each side; the log has one JSON line per step.
    const lines = await eventually(
      () => {
        const steps = serve
          .output()
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as { msg: string; outcome?: string });
        return steps.filter((step) => / created: /.test(step.msg)).length >= 2 ? steps : undefined;
      },
      30_000,
      `two creates in the serve log (stderr: ${serve.errors()})`,
    );
    assert.ok(
      lines.some((line) =>
        /^BLUE-1 → GREEN-\d+ created: summary, description, 2 comments, 2 attachments$/.test(line.msg),
      ),
    );
    assert.doesNotMatch(serve.output(), /emulator-token/);

    const list = await runTandem(['connection', 'list', '--json', '--config', configFile], ENV);
    assert.equal(list.code, 0, list.stderr);
    assert.equal((JSON.parse(list.stdout) as { connections: { twins: number }[] }).connections[0]?.twins, 2);
    // A Story matches no trigger: `tandem sync` asks the serving node, whose worker creates the twin.
    const sync = await runTandem(['sync', 'BLUE-3', '--json', '--config', configFile], ENV);
    assert.equal(sync.code, 0, sync.stderr);
    assert.match(
      (JSON.parse(sync.stdout) as { twins: { twin: { b: { issueKey: string } } }[] }).twins[0]?.twin.b.issueKey ?? '',
      /^GREEN-\d+$/,
    );
    await eventually(
      () => (/"msg":"BLUE-3 → GREEN-\d+ created/.test(serve.output()) ? true : undefined),
      5_000,
      'the step in the serve log',
    );

    serve.child.kill('SIGTERM');
    assert.equal(await serve.exited, 0, serve.errors());
  } finally {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
