/**
 * Writing sync events inside a transaction: enqueue with coalescing, and the retry that puts a leased event back.
 * A unique index allows one queued (not leased) event per twin and side; these functions keep to it by folding a
 * newcomer into the queued event instead of adding a second one.
 */
import type { NewSyncEvent, SideName } from '@tandem/core';
import type { Kysely, Selectable } from 'kysely';
import type { Database, SyncEventsTable } from './database-schema.ts';
import type { StoreCapabilities } from './store-capabilities.ts';
import { mergeReasons } from './sync-event-reasons.ts';

/** How often enqueue re-reads after losing an insert race to another transaction (PostgreSQL). */
const ENQUEUE_ROUNDS = 5;

type EventRow = Selectable<SyncEventsTable>;

/** The queued (not leased) event of a twin's side, locked against concurrent writers where rows can be locked. */
async function findQueued(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  twinId: string,
  side: SideName,
): Promise<EventRow | undefined> {
  return db
    .selectFrom('sync_events')
    .selectAll()
    .where('twin_id', '=', twinId)
    .where('source_side', '=', side)
    .where('lease_owner', 'is', null)
    .$if(capabilities.rowLocks, (query) => query.forUpdate())
    .executeTakeFirst();
}

/**
 * Folds a newcomer into a queued event: the earliest availableAt wins (so the newcomer is never delayed), the queued
 * event keeps its id, reasons join, and attempts keep the highest count so backoff does not restart.
 */
async function absorb(
  db: Kysely<Database>,
  queued: EventRow,
  newcomer: { availableAt: number; reason: string; attempts: number },
): Promise<void> {
  await db
    .updateTable('sync_events')
    .set({
      available_at: Math.min(queued.available_at, newcomer.availableAt),
      reason: mergeReasons(queued.reason, newcomer.reason),
      attempts: Math.max(queued.attempts, newcomer.attempts),
    })
    .where('id', '=', queued.id)
    .execute();
}

/** Queues `event`, or folds it into the event already queued for its twin and side. */
export async function enqueueEvent(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  event: NewSyncEvent,
  createdAt: number,
): Promise<void> {
  for (let round = 0; round < ENQUEUE_ROUNDS; round += 1) {
    const queued = await findQueued(db, capabilities, event.twinId, event.sourceSide);
    if (queued !== undefined) {
      await absorb(db, queued, { availableAt: event.availableAt, reason: event.reason, attempts: 0 });
      return;
    }
    // `do nothing` rather than a failing insert: on PostgreSQL a failed statement would abort the caller's transaction.
    const inserted = await db
      .insertInto('sync_events')
      .values({
        connection: event.connection,
        twin_id: event.twinId,
        source_side: event.sourceSide,
        reason: event.reason,
        available_at: event.availableAt,
        attempts: 0,
        created_at: createdAt,
        lease_owner: null,
        lease_until: null,
      })
      .onConflict((conflict) =>
        conflict.columns(['twin_id', 'source_side']).where('lease_owner', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted !== undefined) return;
    // Another transaction queued one for this twin and side after our read: read again and fold into it.
  }
  throw new Error(`enqueue for twin ${event.twinId} kept racing with other transactions`);
}

/**
 * Puts event `id` back in the queue at `availableAt` with one more attempt. If another event was queued for its twin
 * and side meanwhile, that one absorbs it. Returns false when the event no longer exists.
 */
export async function requeueEvent(
  db: Kysely<Database>,
  capabilities: StoreCapabilities,
  id: number,
  availableAt: number,
): Promise<boolean> {
  const event = await db
    .selectFrom('sync_events')
    .selectAll()
    .where('id', '=', id)
    .$if(capabilities.rowLocks, (query) => query.forUpdate())
    .executeTakeFirst();
  if (event === undefined) return false;
  const side = event.source_side as SideName;
  const queued = event.lease_owner === null ? undefined : await findQueued(db, capabilities, event.twin_id, side);
  if (queued !== undefined) {
    await absorb(db, queued, { availableAt, reason: event.reason, attempts: event.attempts + 1 });
    await db.deleteFrom('sync_events').where('id', '=', id).execute();
  } else {
    await db
      .updateTable('sync_events')
      .set({ available_at: availableAt, attempts: event.attempts + 1, lease_owner: null, lease_until: null })
      .where('id', '=', id)
      .execute();
  }
  return true;
}
