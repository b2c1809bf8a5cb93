/** Migration 0003: worklog copies, mapped like comment and attachment copies (origin side and id → the copy's id). */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import type { StoreCapabilities } from './store-capabilities.ts';

/** The migration, with the column types of `capabilities`' database. */
export function worklogMigration(capabilities: StoreCapabilities): Migration {
  const { binaryCollation } = capabilities;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('worklog_mappings')
        .addColumn('twin_id', 'text', (column) => column.notNull().references('twins.id').onDelete('cascade'))
        .addColumn('origin_side', 'text', (column) => column.notNull())
        .addColumn('origin_id', 'text', (column) => binaryCollation(column).notNull())
        .addColumn('mirror_id', 'text', (column) => column.notNull())
        .addColumn('origin_hash', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('worklog_mappings_pk', ['twin_id', 'origin_side', 'origin_id'])
        .addCheckConstraint('worklog_mappings_side_check', sql`origin_side in ('a', 'b')`)
        .execute();
    },
  };
}
