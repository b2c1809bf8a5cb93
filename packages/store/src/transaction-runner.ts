/**
 * Runs work in a database transaction on one connection held for its whole length. On SQLite, Kysely's driver lends
 * its single connection to one holder at a time, so transactions (and autocommit statements) of concurrent async
 * callers queue behind each other instead of interleaving; on PostgreSQL each transaction has a pool connection.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { NestedStoreCallError } from './store-errors.ts';

export class TransactionRunner {
  /** Set inside this runner's transactions: a top-level call from there would deadlock (SQLite) or escape (PostgreSQL). */
  readonly #inTransaction = new AsyncLocalStorage<true>();

  constructor(
    readonly db: Kysely<Database>,
    readonly capabilities: StoreCapabilities,
  ) {}

  /** The database for an autocommit statement; throws NestedStoreCallError inside one of this runner's transactions. */
  topLevel(): Kysely<Database> {
    if (this.#inTransaction.getStore() === true) throw new NestedStoreCallError();
    return this.db;
  }

  /** Runs `work` in one transaction: commits if it resolves, rolls back and rethrows if it throws. */
  async run<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
    const db = this.topLevel();
    return db.connection().execute(async (connection) => {
      await sql.raw(this.capabilities.beginTransaction).execute(connection);
      let result: T;
      try {
        result = await this.#inTransaction.run(true, () => work(connection));
      } catch (error) {
        await rollback(connection);
        throw error;
      }
      try {
        await sql`commit`.execute(connection);
      } catch (error) {
        // SQLite keeps the transaction open when commit fails; end it so the connection is usable again.
        await rollback(connection);
        throw error;
      }
      return result;
    });
  }
}

async function rollback(connection: Kysely<Database>): Promise<void> {
  try {
    await sql`rollback`.execute(connection);
  } catch {
    // The transaction is already gone (failed commit on PostgreSQL, broken connection): the caller's error says why.
  }
}
