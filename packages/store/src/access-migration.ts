/**
 * Migration 0004: who may use the node's HTTP API and console — users with a slow password hash, their login sessions
 * and API tokens (both kept only as SHA-256 hashes of the random value handed out) — and an index on the audit log's
 * time for the console's statistics.
 */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { USER_ROLES } from './access-records.ts';
import type { StoreCapabilities } from './store-capabilities.ts';

/** The migration, with the column types of `capabilities`' database. */
export function accessMigration(capabilities: StoreCapabilities): Migration {
  const { binaryCollation } = capabilities;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (column) => binaryCollation(column).primaryKey())
        // Kept lower-case: one person, one account, however the address is typed.
        .addColumn('email', 'text', (column) => binaryCollation(column).notNull().unique())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('role', 'text', (column) => column.notNull())
        .addColumn('password_hash', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addCheckConstraint(
          'users_role_check',
          sql`${sql.ref('role')} in (${sql.join(USER_ROLES.map((value) => sql.lit(value)))})`,
        )
        .execute();

      await db.schema
        .createTable('user_sessions')
        .addColumn('token_hash', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('user_id', 'text', (column) => column.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_seen_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('user_sessions_expires_at').on('user_sessions').column('expires_at').execute();

      await db.schema
        .createTable('api_tokens')
        .addColumn('id', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('name', 'text', (column) => column.notNull())
        .addColumn('token_hash', 'text', (column) => binaryCollation(column).notNull().unique())
        // The last characters of the value, for people to tell their tokens apart; never enough to use it.
        .addColumn('last_chars', 'text', (column) => column.notNull())
        .addColumn('created_by', 'text', (column) => column.references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('last_used_at', 'bigint')
        .execute();

      await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'id']).execute();
    },
  };
}
