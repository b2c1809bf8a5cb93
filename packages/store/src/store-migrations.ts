/** Brings a database to the latest schema with Kysely's Migrator; the migrations are code, listed here in order. */
import { Migrator, sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { Database } from './database-schema.ts';
import { initialMigration } from './initial-migration.ts';
import type { StoreCapabilities } from './store-capabilities.ts';

/** Every migration by name; names sort in the order they run. */
export function storeMigrations(capabilities: StoreCapabilities): Record<string, Migration> {
  return { '0001-initial': initialMigration(capabilities) };
}

/** Runs the migrations not yet applied; throws the migration's own error if one fails. */
export async function migrateToLatest(db: Kysely<Database>, capabilities: StoreCapabilities): Promise<void> {
  const migrations = storeMigrations(capabilities);
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
