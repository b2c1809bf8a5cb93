/**
 * The store's reads and writes over one Kysely executor: a transaction's connection, or (as the base of KyselyStore)
 * the database itself in autocommit. Operations of several statements run through `scope.atomic`, which is the
 * transaction itself inside one and a new transaction outside.
 */
import type {
  AuditEntry,
  ConnectionStatus,
  ItemMapping,
  NewSyncEvent,
  PeerInvitation,
  PeerLink,
  Replica,
  SideName,
  StoreTransaction,
  SyncBase,
  Twin,
  TwinError,
  TwinSideState,
} from '@tandem/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import {
  asConnectionStatus,
  parseJson,
  rowToAudit,
  rowToError,
  rowToMapping,
  rowToTwin,
  toJson,
  twinToRow,
} from './row-mapping.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { DuplicateTwinError, TwinNotFoundError } from './store-errors.ts';
import { enqueueEvent } from './sync-event-writes.ts';
import * as peers from './peer-records.ts';

/** Where a KyselyStoreTransaction runs its statements. */
export interface StoreScope {
  readonly capabilities: StoreCapabilities;
  /** Epoch ms. */
  readonly clock: () => number;
  /** The executor for the next statement; throws when the scope may no longer be used. */
  db(): Kysely<Database>;
  /** Runs statements that must land together. */
  atomic<T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T>;
}

type MappingTable = 'comment_mappings' | 'attachment_mappings' | 'worklog_mappings';

export class KyselyStoreTransaction implements StoreTransaction {
  constructor(protected readonly scope: StoreScope) {}

  async getConnectionStatus(
    connection: string,
  ): Promise<{ status: ConnectionStatus; reason: string | null } | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('connections')
      .select(['status', 'reason'])
      .where('id', '=', connection)
      .executeTakeFirst();
    return row === undefined ? undefined : { status: asConnectionStatus(row.status), reason: row.reason };
  }

  async setConnectionStatus(connection: string, status: ConnectionStatus, reason: string | null): Promise<void> {
    const updatedAt = this.scope.clock();
    await this.scope
      .db()
      .insertInto('connections')
      .values({ id: connection, status, reason, updated_at: updatedAt })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ status, reason, updated_at: updatedAt }))
      .execute();
  }

  async getTwin(id: string): Promise<Twin | undefined> {
    const row = await this.scope.db().selectFrom('twins').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : rowToTwin(row);
  }

  async findTwinByIssue(connection: string, instance: string, issueId: string): Promise<Twin | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('twins')
      .selectAll()
      .where('connection', '=', connection)
      .where((where) =>
        where.or([
          where.and([where('a_instance', '=', instance), where('a_issue_id', '=', issueId)]),
          where.and([where('b_instance', '=', instance), where('b_issue_id', '=', issueId)]),
        ]),
      )
      // Both sides on one instance (two projects of one Jira) could match twice only through corrupt data; be stable.
      .orderBy('id')
      .executeTakeFirst();
    return row === undefined ? undefined : rowToTwin(row);
  }

  async findTwinByIntent(createIntent: string): Promise<Twin | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('twins')
      .selectAll()
      .where('create_intent', '=', createIntent)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToTwin(row);
  }

  /** Throws DuplicateTwinError when the id, an issue of a side or the create intent is taken. */
  async insertTwin(twin: Twin): Promise<void> {
    // `do nothing` and a check rather than a failing insert: on PostgreSQL a failed statement would abort the caller's
    // transaction, while SQLite's would go on; this way both behave alike when the caller catches the error.
    const inserted = await this.scope
      .db()
      .insertInto('twins')
      .values(twinToRow(twin))
      .onConflict((conflict) => conflict.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) throw new DuplicateTwinError(twin.id);
  }

  /** Throws TwinNotFoundError when no twin has this id. */
  async updateTwin(twin: Twin): Promise<void> {
    const { id: _id, ...columns } = twinToRow(twin);
    const result = await this.scope.db().updateTable('twins').set(columns).where('id', '=', twin.id).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new TwinNotFoundError(twin.id);
  }

  /** Deletes the twin with its side state, mappings, error and queued events (foreign keys cascade); keeps its audit. */
  async deleteTwin(id: string): Promise<void> {
    await this.scope.db().deleteFrom('twins').where('id', '=', id).execute();
  }

  /** Twins of a connection by id (bytewise), after `afterId` when given, at most `limit` (default all). */
  async listTwins(connection: string, options: { limit?: number; afterId?: string } = {}): Promise<Twin[]> {
    const { limit, afterId } = options;
    const rows = await this.scope
      .db()
      .selectFrom('twins')
      .selectAll()
      .where('connection', '=', connection)
      .$if(afterId !== undefined, (query) => query.where('id', '>', afterId as string))
      .orderBy('id')
      .$if(limit !== undefined, (query) => query.limit(limit as number))
      .execute();
    return rows.map(rowToTwin);
  }

  async countTwins(connection: string): Promise<number> {
    const row = await this.scope
      .db()
      .selectFrom('twins')
      .select((select) => select.fn.countAll<number | string | bigint>().as('count'))
      .where('connection', '=', connection)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async getSideState(twinId: string, side: SideName): Promise<TwinSideState | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('twin_side_state')
      .selectAll()
      .where('twin_id', '=', twinId)
      .where('side', '=', side)
      .executeTakeFirst();
    if (row === undefined) return undefined;
    return {
      twinId: row.twin_id,
      side,
      lastSent: parseJson<Replica>(row.last_sent),
      base: parseJson<SyncBase>(row.base),
    };
  }

  async putSideState(state: TwinSideState): Promise<void> {
    const lastSent = state.lastSent === null ? null : toJson(state.lastSent);
    const base = state.base === null ? null : toJson(state.base);
    await this.scope
      .db()
      .insertInto('twin_side_state')
      .values({ twin_id: state.twinId, side: state.side, last_sent: lastSent, base })
      .onConflict((conflict) => conflict.columns(['twin_id', 'side']).doUpdateSet({ last_sent: lastSent, base }))
      .execute();
  }

  /** A twin's comment mappings by origin side, then origin id. */
  listCommentMappings(twinId: string): Promise<ItemMapping[]> {
    return this.listMappings('comment_mappings', twinId);
  }

  putCommentMapping(mapping: ItemMapping): Promise<void> {
    return this.putMapping('comment_mappings', mapping);
  }

  deleteCommentMapping(twinId: string, originSide: SideName, originId: string): Promise<void> {
    return this.deleteMapping('comment_mappings', twinId, originSide, originId);
  }

  /** A twin's attachment mappings by origin side, then origin id. */
  listAttachmentMappings(twinId: string): Promise<ItemMapping[]> {
    return this.listMappings('attachment_mappings', twinId);
  }

  putAttachmentMapping(mapping: ItemMapping): Promise<void> {
    return this.putMapping('attachment_mappings', mapping);
  }

  deleteAttachmentMapping(twinId: string, originSide: SideName, originId: string): Promise<void> {
    return this.deleteMapping('attachment_mappings', twinId, originSide, originId);
  }

  listWorklogMappings(twinId: string): Promise<ItemMapping[]> {
    return this.listMappings('worklog_mappings', twinId);
  }

  putWorklogMapping(mapping: ItemMapping): Promise<void> {
    return this.putMapping('worklog_mappings', mapping);
  }

  deleteWorklogMapping(twinId: string, originSide: SideName, originId: string): Promise<void> {
    return this.deleteMapping('worklog_mappings', twinId, originSide, originId);
  }

  /** Queues a sync event, or folds it into the one queued for its twin and side (see sync-event-writes.ts). */
  async enqueue(event: NewSyncEvent): Promise<void> {
    const createdAt = this.scope.clock();
    return this.scope.atomic((db) => enqueueEvent(db, this.scope.capabilities, event, createdAt));
  }

  /** One error per twin: replaces the twin's previous error. */
  async putError(error: TwinError): Promise<void> {
    const columns = {
      connection: error.connection,
      message: error.message,
      details: toJson(error.details),
      first_at: error.firstAt,
      last_at: error.lastAt,
      attempts: error.attempts,
    };
    await this.scope
      .db()
      .insertInto('twin_errors')
      .values({ twin_id: error.twinId, ...columns })
      .onConflict((conflict) => conflict.column('twin_id').doUpdateSet(columns))
      .execute();
  }

  async getError(twinId: string): Promise<TwinError | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('twin_errors')
      .selectAll()
      .where('twin_id', '=', twinId)
      .executeTakeFirst();
    return row === undefined ? undefined : rowToError(row);
  }

  async clearError(twinId: string): Promise<void> {
    await this.scope.db().deleteFrom('twin_errors').where('twin_id', '=', twinId).execute();
  }

  /** Errors, most recent (lastAt) first, of one connection or all. */
  async listErrors(connection?: string): Promise<TwinError[]> {
    const rows = await this.scope
      .db()
      .selectFrom('twin_errors')
      .selectAll()
      .$if(connection !== undefined, (query) => query.where('connection', '=', connection as string))
      .orderBy('last_at', 'desc')
      .orderBy('twin_id')
      .execute();
    return rows.map(rowToError);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await this.scope
      .db()
      .insertInto('audit_log')
      .values({
        at: entry.at,
        connection: entry.connection,
        twin_id: entry.twinId,
        kind: entry.kind,
        detail: toJson(entry.detail),
      })
      .execute();
  }

  /** Audit entries, newest (highest id) first, filtered by twin and/or connection, at most `limit` (default all). */
  async listAudit(filter: {
    twinId?: string;
    connection?: string;
    limit?: number;
  }): Promise<(AuditEntry & { id: number })[]> {
    const { twinId, connection, limit } = filter;
    const rows = await this.scope
      .db()
      .selectFrom('audit_log')
      .selectAll()
      .$if(twinId !== undefined, (query) => query.where('twin_id', '=', twinId as string))
      .$if(connection !== undefined, (query) => query.where('connection', '=', connection as string))
      .orderBy('id', 'desc')
      .$if(limit !== undefined, (query) => query.limit(limit as number))
      .execute();
    return rows.map(rowToAudit);
  }

  async getPollCursor(connection: string, instance: string): Promise<number | undefined> {
    const row = await this.scope
      .db()
      .selectFrom('poll_cursors')
      .select('at')
      .where('connection', '=', connection)
      .where('instance', '=', instance)
      .executeTakeFirst();
    return row?.at;
  }

  async setPollCursor(connection: string, instance: string, at: number): Promise<void> {
    await this.scope
      .db()
      .insertInto('poll_cursors')
      .values({ connection, instance, at })
      .onConflict((conflict) => conflict.columns(['connection', 'instance']).doUpdateSet({ at }))
      .execute();
  }

  insertInvitation(invitation: PeerInvitation): Promise<void> {
    return peers.insertInvitation(this.scope.db(), invitation);
  }

  getInvitation(secretHash: string): Promise<PeerInvitation | undefined> {
    return peers.getInvitation(this.scope.db(), secretHash);
  }

  consumeInvitation(secretHash: string, at: number): Promise<boolean> {
    return peers.consumeInvitation(this.scope.db(), secretHash, at);
  }

  getPeerLink(connection: string): Promise<PeerLink | undefined> {
    return peers.getPeerLink(this.scope.db(), connection);
  }

  putPeerLink(link: PeerLink): Promise<void> {
    return peers.putPeerLink(this.scope.db(), link);
  }

  listPeerLinks(): Promise<PeerLink[]> {
    return peers.listPeerLinks(this.scope.db());
  }

  rememberNonce(peerNodeId: string, nonce: string, expiresAt: number): Promise<boolean> {
    return peers.rememberNonce(this.scope.db(), peerNodeId, nonce, expiresAt);
  }

  pruneNonces(now: number): Promise<number> {
    return peers.pruneNonces(this.scope.db(), now);
  }

  private async listMappings(table: MappingTable, twinId: string): Promise<ItemMapping[]> {
    const rows = await this.scope
      .db()
      .selectFrom(table)
      .selectAll()
      .where('twin_id', '=', twinId)
      .orderBy('origin_side')
      .orderBy('origin_id')
      .execute();
    return rows.map(rowToMapping);
  }

  private async putMapping(table: MappingTable, mapping: ItemMapping): Promise<void> {
    const columns = { mirror_id: mapping.mirrorId, origin_hash: mapping.originHash };
    await this.scope
      .db()
      .insertInto(table)
      .values({ twin_id: mapping.twinId, origin_side: mapping.originSide, origin_id: mapping.originId, ...columns })
      .onConflict((conflict) => conflict.columns(['twin_id', 'origin_side', 'origin_id']).doUpdateSet(columns))
      .execute();
  }

  private async deleteMapping(table: MappingTable, twinId: string, side: SideName, originId: string): Promise<void> {
    await this.scope
      .db()
      .deleteFrom(table)
      .where('twin_id', '=', twinId)
      .where('origin_side', '=', side)
      .where('origin_id', '=', originId)
      .execute();
  }
}
