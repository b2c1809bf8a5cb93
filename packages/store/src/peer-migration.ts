/** Migration 0002: the decentralized topology's records — invitations, peer links, and the nonces seen (replays). */
import { sql } from 'kysely';
import type { Kysely, Migration } from 'kysely';
import { PEER_LINK_STATUSES } from '@tandem/core';
import type { StoreCapabilities } from './store-capabilities.ts';

/** The migration, with the column types of `capabilities`' database. */
export function peerMigration(capabilities: StoreCapabilities): Migration {
  const { binaryCollation } = capabilities;
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('peer_invitations')
        .addColumn('secret_hash', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('connection', 'text', (column) => column.notNull())
        .addColumn('sealed_secret', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addColumn('consumed_at', 'bigint')
        .execute();

      await db.schema
        .createTable('peer_links')
        .addColumn('connection', 'text', (column) => binaryCollation(column).primaryKey())
        .addColumn('peer_node_id', 'text', (column) => column.notNull())
        .addColumn('peer_url', 'text', (column) => column.notNull())
        .addColumn('sealed_key', 'text', (column) => column.notNull())
        .addColumn('status', 'text', (column) => column.notNull())
        .addColumn('reason', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('updated_at', 'bigint', (column) => column.notNull())
        .addCheckConstraint(
          'peer_links_status_check',
          sql`${sql.ref('status')} in (${sql.join(PEER_LINK_STATUSES.map((value) => sql.lit(value)))})`,
        )
        .execute();

      // The primary key is the replay check: a second insert of one nonce fails, whichever process tries it.
      await db.schema
        .createTable('seen_nonces')
        .addColumn('peer_node_id', 'text', (column) => binaryCollation(column).notNull())
        .addColumn('nonce', 'text', (column) => binaryCollation(column).notNull())
        .addColumn('expires_at', 'bigint', (column) => column.notNull())
        .addPrimaryKeyConstraint('seen_nonces_pk', ['peer_node_id', 'nonce'])
        .execute();
      await db.schema.createIndex('seen_nonces_expires_at').on('seen_nonces').column('expires_at').execute();
    },
  };
}
