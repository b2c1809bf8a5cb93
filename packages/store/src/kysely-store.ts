/** The Store port on Kysely: one class for SQLite and PostgreSQL, their differences in StoreCapabilities. */
import type { Store, StoreTransaction, SyncQueue } from '@tandem/core';
import type { Kysely } from 'kysely';
import { KyselyAccessStore, type AccessStore } from './access-records.ts';
import { KyselyAuditTrail, type AuditTrail } from './audit-trail.ts';
import type { Database } from './database-schema.ts';
import { KyselyStoreTransaction } from './kysely-store-transaction.ts';
import { KyselySyncQueue } from './kysely-sync-queue.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { TransactionClosedError } from './store-errors.ts';
import { TransactionRunner } from './transaction-runner.ts';

/**
 * Its own StoreTransaction methods run in autocommit (each a statement, or a transaction of its own when it takes
 * several); `transaction(work)` runs work's calls in one transaction. Calling the store itself (or its queue) from
 * inside `work` throws NestedStoreCallError.
 */
export class KyselyStore extends KyselyStoreTransaction implements Store {
  readonly queue: SyncQueue;
  /** Users, login sessions and API tokens of the node's HTTP API. */
  readonly access: AccessStore;
  /** The audit log read by page and by time window (the console's timelines and statistics). */
  readonly auditTrail: AuditTrail;
  readonly #runner: TransactionRunner;
  readonly #clock: () => number;

  /** Takes a migrated database; openStore() is the usual way in. */
  constructor(db: Kysely<Database>, capabilities: StoreCapabilities, clock: () => number = Date.now) {
    const runner = new TransactionRunner(db, capabilities);
    super({ capabilities, clock, db: () => runner.topLevel(), atomic: (work) => runner.run(work) });
    this.#runner = runner;
    this.#clock = clock;
    this.queue = new KyselySyncQueue(runner);
    this.access = new KyselyAccessStore(
      () => runner.topLevel(),
      (work) => runner.run(work),
      capabilities,
    );
    this.auditTrail = new KyselyAuditTrail(() => runner.topLevel());
  }

  /** Which database this store runs on. */
  get capabilities(): StoreCapabilities {
    return this.#runner.capabilities;
  }

  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.#runner.run(async (db) => {
      let open = true;
      const tx = new KyselyStoreTransaction({
        capabilities: this.#runner.capabilities,
        clock: this.#clock,
        db: () => {
          if (!open) throw new TransactionClosedError();
          return db;
        },
        // Already inside the transaction: statements that must land together simply do.
        atomic: (statements) => {
          if (!open) throw new TransactionClosedError();
          return statements(db);
        },
      });
      try {
        return await work(tx);
      } finally {
        open = false;
      }
    });
  }

  /** Closes the SQLite file or ends the PostgreSQL pool; waits for statements in flight. */
  async close(): Promise<void> {
    await this.#runner.db.destroy();
  }
}
