/** SQLite through better-sqlite3: one file, one connection per store, WAL so readers in other processes do not block. */
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteAdapter, SqliteDialect } from 'kysely';
import type { DatabaseConnection, DialectAdapter, Driver } from 'kysely';
import type { Database } from './database-schema.ts';
import { mutexForFile } from './sqlite-file-mutex.ts';
import type { Mutex } from './sqlite-file-mutex.ts';
import type { StoreCapabilities } from './store-capabilities.ts';

export const sqliteCapabilities: StoreCapabilities = {
  name: 'sqlite',
  beginTransaction: 'begin immediate',
  rowLocks: false,
  // One writer per file: `begin immediate` already serialises lease transactions, across processes too.
  leaseLockStatement: null,
  serialPrimaryKey: { type: 'integer', modify: (column) => column.primaryKey().autoIncrement() },
  // SQLite compares text bytewise unless told otherwise.
  binaryCollation: (column) => column,
  isUniqueViolation: (error) =>
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    (error.code === 'SQLITE_CONSTRAINT_UNIQUE' || error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'),
};

/**
 * Opens (creating if needed) the SQLite file at `path` (`:memory:` for a private in-memory database). The connection
 * is lent to one caller at a time, under the file's process-wide mutex (see sqlite-file-mutex.ts): transactions and
 * statements of every async caller, and of every store on this file in this process, run one after another.
 */
export function openSqliteDatabase(path: string, options: { busyTimeoutMs?: number }): Kysely<Database> {
  const database = new BetterSqlite3(path);
  try {
    database.pragma('journal_mode = WAL');
    // WAL with synchronous=NORMAL loses no committed transaction on a process crash, only possibly on power loss.
    database.pragma('synchronous = NORMAL');
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  return new Kysely<Database>({ dialect: new FileLockedSqliteDialect(database, mutexForFile(path)) });
}

/** Kysely's SQLite dialect whose driver holds the file's mutex while a connection is lent. */
class FileLockedSqliteDialect extends SqliteDialect {
  constructor(
    database: BetterSqlite3.Database,
    private readonly mutex: Mutex,
  ) {
    super({ database });
  }

  override createDriver(): Driver {
    return lockedDriver(super.createDriver(), this.mutex);
  }

  override createAdapter(): DialectAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/**
 * SQLite runs DDL inside transactions, but Kysely's adapter says it does not, so its Migrator would run each statement
 * on its own: two processes opening a new file at once both ran the first migration and one failed on "table already
 * exists", and a crash mid-migration left a half-built schema. Saying yes makes the Migrator run every pending
 * migration in one transaction, which the driver below begins with `begin immediate`: the second process waits for
 * the first one's write lock (busy timeout), then finds nothing left to do.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

function lockedDriver(inner: Driver, mutex: Mutex): Driver {
  const releases = new Map<DatabaseConnection, () => void>();
  return {
    init: () => inner.init(),
    async acquireConnection() {
      const release = await mutex.lock();
      try {
        const connection = await inner.acquireConnection();
        releases.set(connection, release);
        return connection;
      } catch (error) {
        release();
        throw error;
      }
    },
    async releaseConnection(connection) {
      try {
        await inner.releaseConnection(connection);
      } finally {
        releases.get(connection)?.();
        releases.delete(connection);
      }
    },
    // Only Kysely's own transaction() comes here (the store begins its transactions itself); `immediate` takes the write
    // lock at once, so a second process waits instead of failing on a read-to-write lock upgrade.
    beginTransaction: async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    },
    commitTransaction: (connection) => inner.commitTransaction(connection),
    rollbackTransaction: (connection) => inner.rollbackTransaction(connection),
    destroy: () => inner.destroy(),
  };
}
