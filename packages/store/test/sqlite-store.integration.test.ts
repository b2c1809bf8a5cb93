/** The store contract against real SQLite files, one per test, in a temporary directory removed afterwards. */
import { after, before } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@tandem/store';
import { storeContract } from './store-contract.ts';

let directory = '';
let count = 0;

before(async () => {
  directory = await mkdtemp(join(tmpdir(), 'tandem-store-'));
});
after(async () => {
  await rm(directory, { recursive: true, force: true });
});

storeContract('SQLite', () => {
  count += 1;
  const file = join(directory, `store-${count}.db`);
  return Promise.resolve({
    open: (options) => openStore(`sqlite:${file}`, options),
    dispose: () => Promise.resolve(),
  });
});
