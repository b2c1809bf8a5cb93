/**
 * The store contract against the real PostgreSQL (TANDEM_TEST_POSTGRES_URL, default postgres://127.0.0.1:5432/test),
 * each test in a schema of its own, dropped afterwards. An unreachable server fails the run: CI provides one.
 */
import { after, before } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openStore, withDefaultUser, type StoreOptions } from '@tandem/store';
import { accessContract } from './access-contract.ts';
import { storeContract } from './store-contract.ts';

const url = process.env['TANDEM_TEST_POSTGRES_URL'] ?? 'postgres://127.0.0.1:5432/test';
const runId = randomBytes(4).toString('hex');
let admin: pg.Pool | undefined;
let count = 0;

before(async () => {
  admin = new pg.Pool({ connectionString: withDefaultUser(url), max: 2, connectionTimeoutMillis: 5_000 });
  try {
    await admin.query('select 1');
  } catch (error) {
    await admin.end();
    admin = undefined;
    throw new Error(
      `PostgreSQL is not reachable at ${url} (set TANDEM_TEST_POSTGRES_URL, or start one): ${String(error)}`,
      { cause: error },
    );
  }
});
after(async () => {
  await admin?.end();
});

async function freshDatabase() {
  if (admin === undefined) throw new Error(`PostgreSQL is not reachable at ${url}`);
  const pool = admin;
  count += 1;
  const schema = `tandem_test_${runId}_${count}`;
  await pool.query(`create schema ${schema}`);
  return {
    open: (options?: StoreOptions) => openStore(url, { ...options, schema, poolSize: 4 }),
    dispose: async () => {
      await pool.query(`drop schema ${schema} cascade`);
    },
  };
}

storeContract('PostgreSQL', freshDatabase);
accessContract('PostgreSQL', freshDatabase);
