/**
 * Leasing: the available events oldest first, at most one per twin, none of a twin that holds an unexpired lease.
 * Runs in one transaction. An event is available when its availableAt has come and it is not leased, or its lease has
 * expired (the worker that held it crashed or stalled).
 */
import type { SyncEvent } from '@tandem/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SyncEventsTable } from './database-schema.ts';
import { rowToEvent } from './row-mapping.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { sql } from 'kysely';

export interface LeaseRequest {
  owner: string;
  max: number;
  /** Epoch ms. */
  now: number;
  leaseMs: number;
}

type EventRow = Selectable<SyncEventsTable>;

export async function leaseEvents(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  request: LeaseRequest,
): Promise<SyncEvent[]> {
  const { owner, max, now, leaseMs } = request;
  if (max <= 0) return [];
  if (capabilities.leaseLockStatement !== null) await sql.raw(capabilities.leaseLockStatement).execute(db);

  const busyTwins = await db
    .selectFrom('sync_events')
    .select('twin_id')
    .distinct()
    .where('lease_until', '>', now)
    .execute();
  const taken = new Set(busyTwins.map((row) => row.twin_id));

  // Scan in pages in (availableAt, id) order: the first row of a twin met is its oldest available event, so ordering
  // within a twin holds; a twin has few events at a time (one queued per side), so pages rarely run past the first.
  const pageSize = max * 2 + 16;
  const picked: EventRow[] = [];
  let after: EventRow | undefined;
  while (picked.length < max) {
    const cursor = after;
    const page = await db
      .selectFrom('sync_events')
      .selectAll()
      .where('available_at', '<=', now)
      .where((where) => where.or([where('lease_until', 'is', null), where('lease_until', '<=', now)]))
      .$if(cursor !== undefined, (query) =>
        query.where((where) =>
          where.or([
            where('available_at', '>', cursor!.available_at),
            where.and([where('available_at', '=', cursor!.available_at), where('id', '>', cursor!.id)]),
          ]),
        ),
      )
      .orderBy('available_at')
      .orderBy('id')
      .limit(pageSize)
      .execute();
    for (const row of page) {
      if (taken.has(row.twin_id)) continue;
      taken.add(row.twin_id);
      picked.push(row);
      if (picked.length === max) break;
    }
    if (page.length < pageSize) break;
    after = page[page.length - 1];
  }
  if (picked.length === 0) return [];

  let ids = picked.map((row) => row.id);
  if (capabilities.rowLocks) {
    // Skip events another transaction is changing (an enqueue folding into it, a retry, a delete) rather than wait
    // for it: such a twin simply gets its turn at the next lease.
    const lockable = await db
      .selectFrom('sync_events')
      .select('id')
      .where('id', 'in', ids)
      .where((where) => where.or([where('lease_until', 'is', null), where('lease_until', '<=', now)]))
      .forUpdate()
      .skipLocked()
      .execute();
    const locked = new Set(lockable.map((row) => row.id));
    ids = ids.filter((id) => locked.has(id));
    if (ids.length === 0) return [];
  }

  const leaseUntil = now + leaseMs;
  await db
    .updateTable('sync_events')
    .set({ lease_owner: owner, lease_until: leaseUntil })
    .where('id', 'in', ids)
    .execute();
  const leased = new Set(ids);
  return picked
    .filter((row) => leased.has(row.id))
    .map((row) => rowToEvent({ ...row, lease_owner: owner, lease_until: leaseUntil }));
}
