/** Reads and writes of the decentralized topology's records (migration 0002), used by KyselyStoreTransaction. */
import { PEER_LINK_STATUSES, type PeerInvitation, type PeerLink, type PeerLinkStatus } from '@tandem/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, PeerInvitationsTable, PeerLinksTable } from './database-schema.ts';
import { StoreCorruptionError } from './store-errors.ts';

function rowToInvitation(row: Selectable<PeerInvitationsTable>): PeerInvitation {
  return {
    secretHash: row.secret_hash,
    connection: row.connection,
    sealedSecret: row.sealed_secret,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    consumedAt: row.consumed_at === null ? null : Number(row.consumed_at),
  };
}

function asPeerLinkStatus(value: string): PeerLinkStatus {
  if ((PEER_LINK_STATUSES as readonly string[]).includes(value)) return value as PeerLinkStatus;
  throw new StoreCorruptionError(`unexpected peer_links.status ${JSON.stringify(value)}`);
}

function rowToPeerLink(row: Selectable<PeerLinksTable>): PeerLink {
  return {
    connection: row.connection,
    peerNodeId: row.peer_node_id,
    peerUrl: row.peer_url,
    sealedKey: row.sealed_key,
    status: asPeerLinkStatus(row.status),
    reason: row.reason,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export async function insertInvitation(db: Kysely<Database>, invitation: PeerInvitation): Promise<void> {
  await db
    .insertInto('peer_invitations')
    .values({
      secret_hash: invitation.secretHash,
      connection: invitation.connection,
      sealed_secret: invitation.sealedSecret,
      created_at: invitation.createdAt,
      expires_at: invitation.expiresAt,
      consumed_at: invitation.consumedAt,
    })
    .execute();
}

export async function getInvitation(db: Kysely<Database>, secretHash: string): Promise<PeerInvitation | undefined> {
  const row = await db
    .selectFrom('peer_invitations')
    .selectAll()
    .where('secret_hash', '=', secretHash)
    .executeTakeFirst();
  return row === undefined ? undefined : rowToInvitation(row);
}

export async function consumeInvitation(db: Kysely<Database>, secretHash: string, at: number): Promise<boolean> {
  // One conditional update: of two handshakes racing with one code, exactly one sees a row change.
  const result = await db
    .updateTable('peer_invitations')
    .set({ consumed_at: at })
    .where('secret_hash', '=', secretHash)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function getPeerLink(db: Kysely<Database>, connection: string): Promise<PeerLink | undefined> {
  const row = await db.selectFrom('peer_links').selectAll().where('connection', '=', connection).executeTakeFirst();
  return row === undefined ? undefined : rowToPeerLink(row);
}

export async function putPeerLink(db: Kysely<Database>, link: PeerLink): Promise<void> {
  const values = {
    peer_node_id: link.peerNodeId,
    peer_url: link.peerUrl,
    sealed_key: link.sealedKey,
    status: link.status,
    reason: link.reason,
    created_at: link.createdAt,
    updated_at: link.updatedAt,
  };
  await db
    .insertInto('peer_links')
    .values({ connection: link.connection, ...values })
    .onConflict((conflict) => conflict.column('connection').doUpdateSet(values))
    .execute();
}

export async function listPeerLinks(db: Kysely<Database>): Promise<PeerLink[]> {
  const rows = await db.selectFrom('peer_links').selectAll().orderBy('connection').execute();
  return rows.map(rowToPeerLink);
}

export async function rememberNonce(
  db: Kysely<Database>,
  peerNodeId: string,
  nonce: string,
  expiresAt: number,
): Promise<boolean> {
  const result = await db
    .insertInto('seen_nonces')
    .values({ peer_node_id: peerNodeId, nonce, expires_at: expiresAt })
    .onConflict((conflict) => conflict.columns(['peer_node_id', 'nonce']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

export async function pruneNonces(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('seen_nonces').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
