/** The store contract against real SQLite files, one per test, in a temporary directory removed afterwards. */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { execPath } from 'node:process';
import { after, before, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type StoreOptions } from '@tandem/store';
import { accessContract } from './access-contract.ts';
import { storeContract } from './store-contract.ts';

let directory = '';
let count = 0;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tandem-store-'));
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
});

function freshDatabase() {
  count += 1;
  const file = join(directory, `store-${count}.db`);
  return Promise.resolve({
    open: (options?: StoreOptions) => openStore(`sqlite:${file}`, options),
    dispose: () => Promise.resolve(),
  });
}

storeContract('SQLite', freshDatabase);
accessContract('SQLite', freshDatabase);

// Several processes (a node and CLI commands started together) may open one new file at the same moment: each must
// find the schema complete, none may fail on a table another one created.
void test('processes opening one new SQLite file at once all get the migrated store', async () => {
  const child = join(import.meta.dirname, 'support', 'open-store-child.ts');
  for (let round = 0; round < 3; round += 1) {
    const file = join(directory, `race-${round}.db`);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => runNode(['--import', 'tsx', child, `sqlite:${file}`])),
    );
    for (const result of results) assert.equal(result.code, 0, result.stderr);
    const store = await openStore(`sqlite:${file}`);
    try {
      assert.deepEqual(await store.listErrors(), []);
      assert.equal(await store.countTwins('c'), 0);
    } finally {
      await store.close();
    }
  }
});

function runNode(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const process = spawn(execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    process.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    process.on('error', reject);
    process.on('close', (code) => resolve({ code, stderr }));
  });
}
