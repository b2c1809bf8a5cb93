/**
 * `kill -9` of the engine in the middle of a bulk sync, then a restart on the same store: everything converges with
 * no duplicate issue and no duplicate comment — leases of the killed process expire, unknown creates are found by
 * their markers, copies written just before the kill are adopted.
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@tandem/store';
import { startHarness, type Harness } from './support/sync-harness.ts';

const CHILD = join(import.meta.dirname, 'support', 'engine-child.ts');
const ISSUES = 30;
const children: ChildProcess[] = [];
let harness: Harness | undefined;
const dir = mkdtempSync(join(tmpdir(), 'tandem-crash-'));

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  await harness?.close();
  rmSync(dir, { recursive: true, force: true });
});

function startChild(blueUrl: string, greenUrl: string, storeFile: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify({ blueUrl, greenUrl, storeFile })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.on('exit', (code, signal) => reject(new Error(`engine child exited early (${String(code ?? signal)})`)));
  });
}

async function greenIssues(
  h: Harness,
): Promise<{ key: string; fields: { summary: string; comment: { total: number } } }[]> {
  const result = await h.jira(
    'green',
    'GET',
    `/rest/api/2/search?jql=${encodeURIComponent('project = GREEN ORDER BY key ASC')}&maxResults=1000&fields=summary,comment`,
    undefined,
    'admin',
  );
  return result.body.issues;
}

void test('kill -9 in the middle of a bulk sync, restart: converged, no duplicates', async () => {
  // Emulators and projects only: this engine never starts; the children do the work.
  const h = (harness = await startHarness({ start: false, webhooks: false }));
  for (let i = 1; i <= ISSUES; i++) {
    const created = await h.jira('blue', 'POST', '/rest/api/2/issue', {
      fields: {
        project: { key: 'BLUE' },
        issuetype: { name: 'Task' },
        summary: `Bulk ${i}`,
        description: `Issue number *${i}*`,
      },
    });
    assert.equal(created.status, 201);
    await h.jira('blue', 'POST', `/rest/api/2/issue/${created.body.key as string}/comment`, {
      body: `First comment on ${i}`,
    });
  }
  const storeFile = join(dir, 'tandem.db');
  const first = await startChild(h.blue.url, h.green.url, storeFile);
  const deadline = Date.now() + 30_000;
  while ((await greenIssues(h)).length < 8) {
    if (Date.now() > deadline) assert.fail('the first engine made no progress');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  first.kill('SIGKILL');
  await new Promise((resolve) => first.once('exit', resolve));
  const copiedBeforeKill = (await greenIssues(h)).length;
  assert.ok(copiedBeforeKill < ISSUES, `the kill came in the middle (${copiedBeforeKill} of ${ISSUES} copied)`);

  const second = await startChild(h.blue.url, h.green.url, storeFile);
  const store = await openStore(storeFile);
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      const issues = await greenIssues(h);
      const done =
        issues.length >= ISSUES &&
        issues.every((issue) => issue.fields.comment.total >= 1) &&
        (await store.queue.depth()) === 0;
      if (done) break;
      if (Date.now() > until)
        assert.fail(
          `did not converge: ${issues.length} issues, queue ${await store.queue.depth()}, errors ${JSON.stringify(await store.listErrors())}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // A few more poll rounds: nothing new may appear.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const issues = await greenIssues(h);
    assert.equal(issues.length, ISSUES, 'exactly one copy per issue');
    const summaries = issues.map((issue) => issue.fields.summary).sort();
    assert.equal(new Set(summaries).size, ISSUES, 'no summary twice');
    for (const issue of issues) assert.equal(issue.fields.comment.total, 1, `${issue.key} has exactly one comment`);
    assert.equal(await store.countTwins('blue_green'), ISSUES);
  } finally {
    second.kill('SIGTERM');
    await store.close();
  }
});
