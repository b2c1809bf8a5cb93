/**
 * `tandem init` (the console's first admin) and `tandem token create|list|revoke`, as the real bin: exit codes,
 * --json documents, a password from the environment or standard input; then a serving node takes that login over
 * HTTP, and the CLI reaches it with the node-local token, with an API token in TANDEM_API_TOKEN, and not with a bad one.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { BIN, eventually, runTandem, startTandem, type TandemRun } from './support/run-tandem.ts';

const ENV = { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' };

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** `tandem ...args` with `input` on standard input (then closed). */
function runWithInput(args: string[], env: Record<string, string>, input: string): Promise<TandemRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: 'true', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(input);
  });
}

void describe('tandem init and tandem token', () => {
  let blue: JiraEmulator;
  let green: JiraEmulator;
  let dir: string;
  let configFile: string;
  let port: number;
  let tokenValue = '';
  let tokenId = '';
  const tandem = (args: string[], env: Record<string, string> = {}) =>
    runTandem(['--config', configFile, ...args], { ...ENV, ...env });

  before(async () => {
    blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-access-'));
    configFile = join(dir, 'tandem.yaml');
    port = await freePort();
    writeFileSync(
      configFile,
      `store: ./state/tandem.db
listen: 127.0.0.1:${port}
instances:
  blue:  { type: jira-cloud, url: ${blue.url}, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }
connections:
  blue_green:
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE AND labels = none-yet" }
      green: { project: GREEN }
webhooks: { enabled: false }
`,
    );
  });
  after(async () => {
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  void test('init refuses a bad address, a short password, or none at all (exit 2), and creates nothing', async () => {
    const badEmail = await tandem(['init', '--email', 'not-an-address'], {
      TANDEM_ADMIN_PASSWORD: 'long enough password',
    });
    assert.equal(badEmail.code, 2, badEmail.stderr);
    assert.match(badEmail.stderr, /not an e-mail address/);
    const short = await tandem(['init', '--email', 'ann@example.com', '--json'], { TANDEM_ADMIN_PASSWORD: 'short' });
    assert.equal(short.code, 2);
    assert.match((JSON.parse(short.stdout) as { error: { message: string } }).error.message, /at least 10 characters/);
    const none = await runWithInput(['--config', configFile, 'init', '--email', 'ann@example.com'], ENV, '');
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /no password/);
    const missing = await tandem(['init']);
    assert.equal(missing.code, 2, 'the --email option is required');
  });

  void test('init creates the admin from TANDEM_ADMIN_PASSWORD, and sets a new password from standard input', async () => {
    const created = await tandem(['init', '--email', 'Ann@Example.com', '--name', 'Ann', '--json'], {
      TANDEM_ADMIN_PASSWORD: 'first password here',
    });
    assert.equal(created.code, 0, created.stderr);
    const document = JSON.parse(created.stdout) as { created: boolean; user: Record<string, unknown> };
    assert.equal(document.created, true);
    assert.deepEqual(Object.keys(document.user).sort(), ['createdAt', 'email', 'id', 'name', 'role', 'updatedAt']);
    assert.equal(document.user.email, 'ann@example.com');
    assert.equal(document.user.name, 'Ann');
    const reset = await runWithInput(
      ['--config', configFile, 'init', '--email', 'ann@example.com'],
      ENV,
      'second password here\n',
    );
    assert.equal(reset.code, 0, reset.stderr);
    assert.match(reset.stdout, /password of ann@example\.com changed/);
  });

  void test('token create prints the value once; list shows it masked; revoke removes it (twice: exit 3)', async () => {
    const created = await tandem(['token', 'create', 'ci', '--json']);
    assert.equal(created.code, 0, created.stderr);
    const document = JSON.parse(created.stdout) as { token: { id: string; masked: string }; value: string };
    tokenValue = document.value;
    tokenId = document.token.id;
    assert.match(tokenValue, /^tdn_[A-Za-z0-9_-]{43}$/);
    assert.equal(document.token.masked, `••••${tokenValue.slice(-4)}`);
    const human = await tandem(['token', 'create', 'spare']);
    assert.equal(human.code, 0);
    assert.match(human.stdout, /^tdn_\S+\n\nAPI token spare \(/);

    const list = await tandem(['token', 'list', '--json']);
    assert.equal(list.code, 0);
    assert.ok(!list.stdout.includes(tokenValue));
    const tokens = (JSON.parse(list.stdout) as { tokens: { id: string; name: string; masked: string }[] }).tokens;
    assert.deepEqual(
      tokens.map((token) => token.name),
      ['ci', 'spare'],
    );
    const spare = tokens[1]?.id ?? '';
    assert.equal((await tandem(['token', 'revoke', spare])).code, 0);
    const again = await tandem(['token', 'revoke', spare, '--json']);
    assert.equal(again.code, 3);
    assert.match((JSON.parse(again.stdout) as { error: { message: string } }).error.message, /no API token/);
    const readable = await tandem(['token', 'list']);
    assert.match(
      readable.stdout,
      new RegExp(`^${tokenId}  ci  ••••${tokenValue.slice(-4).replace(/[-]/g, '\\-')}  created `),
    );
  });

  void test('the serving node takes the login; the CLI reaches it with the local token or TANDEM_API_TOKEN', async () => {
    const serve = startTandem(['serve', '--config', configFile], ENV);
    try {
      const url = `http://127.0.0.1:${port}`;
      await eventually(
        () =>
          fetch(`${url}/health`).then(
            (response) => (response.ok ? true : undefined),
            () => undefined,
          ),
        30_000,
        `the node to serve (stderr: ${serve.errors()})`,
      );
      const login = await fetch(`${url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'ann@example.com', password: 'second password here' }),
      });
      assert.equal(login.status, 200);
      const local = await tandem(['connection', 'list', '--json']);
      assert.equal(local.code, 0, local.stderr);
      assert.equal(
        (JSON.parse(local.stdout) as { connections: { name: string }[] }).connections[0]?.name,
        'blue_green',
      );
      const withToken = await tandem(['status', 'BLUE-1', '--json'], { TANDEM_API_TOKEN: tokenValue });
      assert.equal(withToken.code, 3, 'through the API with the token: BLUE-1 has no twin yet');
      const bad = await tandem(['connection', 'list'], { TANDEM_API_TOKEN: 'tdn_revoked-or-never-issued' });
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /refused the CLI's credentials/);
      assert.doesNotMatch(serve.output(), new RegExp(tokenValue));
      assert.doesNotMatch(serve.output(), /second password here|emulator-token/);
    } finally {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
  });
});
