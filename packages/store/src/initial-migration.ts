/** Migration 0001: every table of the store and the queue, with the indexes their queries use. */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { CONNECTION_STATUSES, TWIN_STATES } from '@tandem/core';
import type { StoreCapabilities } from './store-capabilities.ts';

const AUDIT_KINDS = ['detected', 'sent', 'received', 'applied', 'created', 'conflict', 'error', 'skipped'];

function oneOf(column: string, values: readonly string[]) {
  return sql`${sql.ref(column)} in (${sql.join(values.map((value) => sql.lit(value)))})`;
}

const SIDE = ['a', 'b'] as const;

/** The migration, with the column types of `capabilities`' database. */
export function initialMigration(capabilities: StoreCapabilities): Migration {
  const { serialPrimaryKey, binaryCollation } = capabilities;
  return {
    // Migrations run against an untyped Kysely: the schema is what they create.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addCheckConstraint('connections_status_check', oneOf('status', CONNECTION_STATUSES))
        .execute();

      await db.schema
        .createTable('twins')
        .addColumn('id', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('a_instance', 'text', (column) => column.notNull())
        .addColumn('a_issue_id', 'text')
        .addColumn('a_issue_key', 'text')
        .addColumn('b_instance', 'text', (column) => column.notNull())
        .addColumn('b_issue_id', 'text')
        .addColumn('b_issue_key', 'text')
        .addColumn('origin', 'text', (column) => column.notNull())
        .addColumn('state', 'text', (column) => column.notNull())
        .addColumn('create_intent', 'text', (column) => column.unique())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addColumn('last_synced_at', 'bigint')
        .addCheckConstraint('twins_origin_check', oneOf('origin', SIDE))
        .addCheckConstraint('twins_state_check', oneOf('state', TWIN_STATES))
        .execute();
      // One twin per issue and side; a side without its issue yet (state creating) holds no slot.
      await db.schema
        .createIndex('twins_a_issue_unique')
        .on('twins')
        .columns(['connection', 'a_instance', 'a_issue_id'])
        .unique()
        .where(sql.ref('a_issue_id'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('twins_b_issue_unique')
        .on('twins')
        .columns(['connection', 'b_instance', 'b_issue_id'])
        .unique()
        .where(sql.ref('b_issue_id'), 'is not', null)
        .execute();
      await db.schema.createIndex('twins_connection_id').on('twins').columns(['connection', 'id']).execute();

      await db.schema
        .createTable('twin_side_state')
        .addColumn('twin_id', 'text', (column) => column.notNull().references('twins.id').onDelete('cascade'))
        .addColumn('side', 'text', (column) => column.notNull())
        .addColumn('last_sent', 'text')
        .addColumn('base', 'text')
        .addPrimaryKeyConstraint('twin_side_state_pk', ['twin_id', 'side'])
        .addCheckConstraint('twin_side_state_side_check', oneOf('side', SIDE))
        .execute();

      for (const table of ['comment_mappings', 'attachment_mappings']) {
        await db.schema
          .createTable(table)
          .addColumn('twin_id', 'text', (column) => column.notNull().references('twins.id').onDelete('cascade'))
          .addColumn('origin_side', 'text', (column) => column.notNull())
          .addColumn('origin_id', 'text', (column) => binaryCollation(column).notNull())
          .addColumn('mirror_id', 'text', (column) => column.notNull())
          .addColumn('origin_hash', 'text', (column) => column.notNull())
          .addPrimaryKeyConstraint(`${table}_pk`, ['twin_id', 'origin_side', 'origin_id'])
          .addCheckConstraint(`${table}_side_check`, oneOf('origin_side', SIDE))
          .execute();
      }

      await db.schema
        .createTable('sync_events')
        .addColumn('id', serialPrimaryKey.type, serialPrimaryKey.modify)
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('twin_id', 'text', (column) => column.notNull().references('twins.id').onDelete('cascade'))
        .addColumn('source_side', 'text', (column) => column.notNull())
        .addColumn('reason', 'text', (column) => column.notNull())
        .addColumn('available_at', 'bigint', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addCheckConstraint('sync_events_side_check', oneOf('source_side', SIDE))
        .addCheckConstraint('sync_events_lease_check', sql`(lease_owner is null) = (lease_until is null)`)
        .execute();
      // Coalescing as a constraint: at most one queued (not leased) event per twin and side; enqueue upserts into it.
      await db.schema
        .createIndex('sync_events_queued_unique')
        .on('sync_events')
        .columns(['twin_id', 'source_side'])
        .unique()
        .where(sql.ref('lease_owner'), 'is', null)
        .execute();
      // Lease scans available events oldest first.
      await db.schema.createIndex('sync_events_available').on('sync_events').columns(['available_at', 'id']).execute();
      // Lease finds the twins that hold a lease; the foreign key's cascade finds a twin's events.
      await db.schema.createIndex('sync_events_lease_until').on('sync_events').column('lease_until').execute();
      await db.schema.createIndex('sync_events_twin').on('sync_events').column('twin_id').execute();
      await db.schema.createIndex('sync_events_connection').on('sync_events').column('connection').execute();

      await db.schema
        .createTable('twin_errors')
        .addColumn('twin_id', 'text', (column) => column.primaryKey().references('twins.id').onDelete('cascade'))
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('message', 'text', (column) => column.notNull())
        .addColumn('details', 'text', (column) => column.notNull())
        .addColumn('first_at', 'bigint', (column) => column.notNull())
        .addColumn('last_at', 'bigint', (column) => column.notNull())
        .addColumn('attempts', 'integer', (column) => column.notNull())
        .execute();
      await db.schema
        .createIndex('twin_errors_connection')
        .on('twin_errors')
        .columns(['connection', 'last_at'])
        .execute();

      // No foreign key to twins: the history of a twin outlives it.
      await db.schema
        .createTable('audit_log')
        .addColumn('id', serialPrimaryKey.type, serialPrimaryKey.modify)
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('twin_id', 'text')
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('detail', 'text', (column) => column.notNull())
        .addCheckConstraint('audit_log_kind_check', oneOf('kind', AUDIT_KINDS))
        .execute();
      await db.schema.createIndex('audit_log_twin').on('audit_log').columns(['twin_id', 'id']).execute();
      await db.schema.createIndex('audit_log_connection').on('audit_log').columns(['connection', 'id']).execute();

      await db.schema
        .createTable('poll_cursors')
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('instance', 'text', (column) => column.notNull())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('poll_cursors_pk', ['connection', 'instance'])
        .execute();
    },
  };
}
