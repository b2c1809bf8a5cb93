/** PostgreSQL through a pg Pool: real transactions, row locks, several processes on one database. */
import { userInfo } from 'node:os';
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type { Database } from './database-schema.ts';
import type { StoreCapabilities } from './store-capabilities.ts';

const INT8_OID = 20;

export const postgresCapabilities: StoreCapabilities = {
  name: 'postgres',
  beginTransaction: 'begin',
  rowLocks: true,
  // One lease transaction at a time per schema: without it two workers could each lease a different event of the
  // same twin (neither sees the other's uncommitted lease). Lease transactions are two short statements.
  leaseLockStatement: "select pg_advisory_xact_lock(hashtext(current_schema() || '.tandem.sync_events.lease'))",
  serialPrimaryKey: { type: 'bigint', modify: (column) => column.primaryKey().generatedByDefaultAsIdentity() },
  binaryCollation: (column) => column.modifyFront(sql`collate "C"`),
  isUniqueViolation: (error) =>
    typeof error === 'object' && error !== null && 'code' in error && error.code === '23505',
};

/** Valid unquoted PostgreSQL identifier (what a schema option may be). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** A pool on `url`. Epoch-ms columns are int8, which pg returns as strings; they fit a double, so read them as numbers. */
export function openPostgresDatabase(url: string, options: { schema?: string; poolSize?: number }): Kysely<Database> {
  if (options.schema !== undefined && !IDENTIFIER.test(options.schema)) {
    throw new Error(`invalid PostgreSQL schema name ${JSON.stringify(options.schema)}`);
  }
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID && format !== 'binary'
        ? (value: string) => Number(value)
        : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: withDefaultUser(url),
    max: options.poolSize ?? 10,
    types,
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection dropped by the server (restart, timeout) is reported on the pool; without a listener Node would
  // crash the process. The pool discards that connection and the next query opens a new one.
  pool.on('error', () => undefined);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * The URL with the default user filled in when it names none, as libpq (psql) does; pg alone would fail with "no
 * PostgreSQL user name specified" (its URL parser reads a missing user as empty, overriding a `user` option).
 */
export function withDefaultUser(url: string): string {
  const parsed = new URL(url);
  if (parsed.username !== '') return url;
  parsed.username = encodeURIComponent(defaultPostgresUser());
  return parsed.toString();
}

/** The user when the URL names none: PGUSER, USER, else the OS account (libpq's rule). A URL's user overrides it. */
export function defaultPostgresUser(): string {
  return process.env['PGUSER'] ?? process.env['USER'] ?? userInfo().username;
}
