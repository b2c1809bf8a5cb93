/**
 * Reads of the audit log the console needs beyond the store port's `listAudit`: pages by id with filters (kinds,
 * twin, connection), the light entries of a time window for statistics, and each connection's last sync.
 */
import type { AuditEntry, AuditKind } from '@tandem/core';
import type { Kysely } from 'kysely';
import type { Database } from './database-schema.ts';
import { rowToAudit } from './row-mapping.ts';

export interface AuditPageQuery {
  connection?: string;
  twinId?: string;
  /** Only entries of these kinds (all when absent or empty). */
  kinds?: readonly AuditKind[];
  /** Only entries with a smaller id (the previous page's last id). */
  beforeId?: number;
  /** At most this many (default 50). */
  limit?: number;
}

/** An audit entry without its detail: enough to count and time syncs. */
export interface AuditMark {
  id: number;
  at: number;
  connection: string;
  twinId: string | null;
  kind: AuditKind;
}

export interface AuditTrail {
  /** Newest first (by id). */
  page(query: AuditPageQuery): Promise<(AuditEntry & { id: number })[]>;
  /** Entries at or after `since` (epoch ms), oldest first, without detail. */
  marksSince(since: number, filter?: { connection?: string; kinds?: readonly AuditKind[] }): Promise<AuditMark[]>;
  /** The time of each connection's newest entry of these kinds. */
  latestByConnection(kinds: readonly AuditKind[]): Promise<Record<string, number>>;
}

export class KyselyAuditTrail implements AuditTrail {
  constructor(private readonly db: () => Kysely<Database>) {}

  async page(query: AuditPageQuery): Promise<(AuditEntry & { id: number })[]> {
    const { connection, twinId, kinds, beforeId } = query;
    const rows = await this.db()
      .selectFrom('audit_log')
      .selectAll()
      .$if(connection !== undefined, (q) => q.where('connection', '=', connection as string))
      .$if(twinId !== undefined, (q) => q.where('twin_id', '=', twinId as string))
      .$if(kinds !== undefined && kinds.length > 0, (q) => q.where('kind', 'in', kinds as AuditKind[]))
      .$if(beforeId !== undefined, (q) => q.where('id', '<', beforeId as number))
      .orderBy('id', 'desc')
      .limit(query.limit ?? 50)
      .execute();
    return rows.map(rowToAudit);
  }

  async marksSince(
    since: number,
    filter: { connection?: string; kinds?: readonly AuditKind[] } = {},
  ): Promise<AuditMark[]> {
    const { connection, kinds } = filter;
    const rows = await this.db()
      .selectFrom('audit_log')
      .select(['id', 'at', 'connection', 'twin_id', 'kind'])
      .where('at', '>=', since)
      .$if(connection !== undefined, (q) => q.where('connection', '=', connection as string))
      .$if(kinds !== undefined && kinds.length > 0, (q) => q.where('kind', 'in', kinds as AuditKind[]))
      .orderBy('at')
      .orderBy('id')
      .execute();
    return rows.map((row) => ({
      id: Number(row.id),
      at: Number(row.at),
      connection: row.connection,
      twinId: row.twin_id,
      kind: row.kind as AuditKind,
    }));
  }

  async latestByConnection(kinds: readonly AuditKind[]): Promise<Record<string, number>> {
    const rows = await this.db()
      .selectFrom('audit_log')
      .select((eb) => ['connection', eb.fn.max('at').as('latest')])
      .where('kind', 'in', [...kinds])
      .groupBy('connection')
      .execute();
    return Object.fromEntries(rows.map((row) => [row.connection, Number(row.latest)]));
  }
}
