/**
 * The `jira-emulator` command as a user runs it: ready line with the URL, --port 0, --seed demo, --data DIR
 * keeping issues and attachment bytes across a restart of the process, and clear errors for bad flags.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';

const BIN = join(import.meta.dirname, '..', 'bin', 'jira-emulator.js');
const DC_AUTH = { authorization: 'Bearer emulator-token' };
const children: ChildProcess[] = [];
const dirs: string[] = [];

after(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Starts the command and resolves with the URL from its ready line. */
function run(args: string[]): Promise<{ url: string; line: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = output.split('\n').find((candidate) => /http:\/\/127\.0\.0\.1:\d+/.test(candidate));
      const url = line ? /http:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] : undefined;
      if (line && url) resolve({ url, line, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${String(code)}: ${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

void test('prints one ready line with its URL, picks a free port, and serves the demo seed', async () => {
  const { url, line, child } = await run(['--flavor', 'datacenter', '--port', '0', '--seed', 'demo']);
  assert.match(line, /Data Center emulator listening on http:\/\/127\.0\.0\.1:\d+/);
  assert.notEqual(new URL(url).port, '0');
  const response = await fetch(`${url}/rest/api/2/issue/GREEN-1?fields=summary,attachment,comment`, {
    headers: DC_AUTH,
  });
  assert.equal(response.status, 200);
  const issue = (await response.json()) as { fields: { attachment: unknown[]; comment: { total: number } } };
  assert.ok(issue.fields.attachment.length >= 2);
  // The demo has a comment restricted to the engineering group; admin is in it.
  assert.ok(issue.fields.comment.total >= 3);
  await stop(child);
});

void test('--data keeps issues and attachment bytes across a restart of the process', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jira-emulator-data-'));
  dirs.push(dir);
  const first = await run(['--flavor', 'cloud', '--port', '0', '--data', dir, '--seed', 'demo']);
  const auth = { authorization: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}` };
  const project = await fetch(`${first.url}/rest/api/3/project`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ key: 'KEEP', name: 'Kept', projectTypeKey: 'software' }),
  });
  assert.equal(project.status, 201);
  const created = await fetch(`${first.url}/rest/api/2/issue`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({
      fields: { project: { key: 'KEEP' }, issuetype: { name: 'Task' }, summary: 'Survives restarts' },
    }),
  });
  assert.equal(created.status, 201);
  const { key } = (await created.json()) as { key: string };
  await stop(first.child);

  const second = await run(['--flavor', 'cloud', '--port', '0', '--data', dir]);
  const issue = await fetch(`${second.url}/rest/api/3/issue/${key}?fields=summary`, { headers: auth });
  assert.equal(issue.status, 200);
  assert.equal(((await issue.json()) as { fields: { summary: string } }).fields.summary, 'Survives restarts');
  // The demo's attachments come back with their metadata, and their bytes are kept on disk.
  const seeded = await fetch(`${second.url}/rest/api/3/issue/BLUE-1?fields=attachment`, { headers: auth });
  const attachments = (
    (await seeded.json()) as { fields: { attachment: { id: string; filename: string; size: number }[] } }
  ).fields.attachment;
  const log = attachments.find((attachment) => attachment.filename === 'server.log');
  assert.ok(log, 'server.log attachment is kept');
  const bytes = readFileSync(join(dir, 'attachments', `attachment-${log.id}`));
  assert.equal(bytes.toString(), '2026-11-20 10:00:01 ERROR session missing after redirect\n');
  assert.equal(log.size, bytes.length);
  await stop(second.child);

  // The same directory cannot be reopened as the other flavour.
  const wrong = spawnSync(process.execPath, [BIN, '--flavor', 'datacenter', '--port', '0', '--data', dir], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.notEqual(wrong.status, 0);
  assert.match(wrong.stderr, /holds a cloud instance/);
});

void test('bad flags are refused with a message naming the flag', () => {
  const badFlavor = spawnSync(process.execPath, [BIN, '--flavor', 'server'], { encoding: 'utf8', timeout: 30_000 });
  assert.notEqual(badFlavor.status, 0);
  assert.match(badFlavor.stderr, /--flavor.*must be "cloud" or "datacenter"/);
  const badPort = spawnSync(process.execPath, [BIN, '--flavor', 'cloud', '--port', 'abc'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.notEqual(badPort.status, 0);
  assert.match(badPort.stderr, /--port.*must be a port number/);
});
