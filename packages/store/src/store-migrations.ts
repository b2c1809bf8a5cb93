/** Brings a database to the latest schema with Kysely's Migrator; the migrations are code, listed here in order. */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { Database } from './database-schema.ts';
import { accessMigration } from './access-migration.ts';
import { initialMigration } from './initial-migration.ts';
import { peerMigration } from './peer-migration.ts';
import { worklogMigration } from './worklog-migration.ts';
import type { StoreCapabilities } from './store-capabilities.ts';

/** Every migration by name; names sort in the order they run. */
export function storeMigrations(capabilities: StoreCapabilities): Record<string, Migration> {
  return {
    '0001-initial': initialMigration(capabilities),
    '0002-peers': peerMigration(capabilities),
    '0003-worklogs': worklogMigration(capabilities),
    '0004-access': accessMigration(capabilities),
  };
}

/** Runs the migrations not yet applied; throws the migration's own error if one fails. */
export async function migrateToLatest(db: Kysely<Database>, capabilities: StoreCapabilities): Promise<void> {
  const migrations = storeMigrations(capabilities);
  // Opening a store that is already up to date must not take the migration lock: a second process (the CLI next to a
  // running node) would wait on the node's write transactions, or fail on SQLite's read-to-write lock upgrade.
  if (await appliedAll(db, Object.keys(migrations))) return;
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    migrationTableName: 'tandem_migration',
    migrationLockTableName: 'tandem_migration_lock',
    // Kysely looks for its table in any schema unless told which: name the one this store works in.
    ...(capabilities.name === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
}

async function currentSchema(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === null || schema === undefined)
    throw new Error('no current schema: the search_path names none that exists');
  return schema;
}

/** Whether every named migration is already recorded (false when the migration table does not exist yet). */
async function appliedAll(db: Kysely<Database>, names: string[]): Promise<boolean> {
  try {
    const { rows } = await sql<{ name: string }>`select name from tandem_migration`.execute(db);
    const applied = new Set(rows.map((row) => row.name));
    return names.every((name) => applied.has(name));
  } catch {
    return false;
  }
}
