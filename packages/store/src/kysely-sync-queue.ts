/** The SyncQueue port over the store's own database (events are enqueued by StoreTransaction.enqueue). */
import type { SyncEvent, SyncQueue } from '@tandem/core';
import { sql } from 'kysely';
import { eventRowId } from './row-mapping.ts';
import { leaseEvents } from './sync-event-lease.ts';
import { requeueEvent } from './sync-event-writes.ts';
import type { TransactionRunner } from './transaction-runner.ts';

/** How often a retry is attempted again after racing with a concurrent enqueue (PostgreSQL). */
const RETRY_ROUNDS = 5;

export class KyselySyncQueue implements SyncQueue {
  constructor(private readonly runner: TransactionRunner) {}

  /** Leases up to `max` available events (oldest first, one per twin) to `owner` until `now + leaseMs` (epoch ms). */
  lease(owner: string, max: number, now: number, leaseMs: number): Promise<SyncEvent[]> {
    return this.runner.run((db) => leaseEvents(db, this.runner.capabilities, { owner, max, now, leaseMs }));
  }

  /** Removes the event; an unknown id (already completed, or its twin deleted) is no error. */
  async complete(eventId: string): Promise<void> {
    const id = eventRowId(eventId);
    if (id === undefined) return;
    await this.runner.topLevel().deleteFrom('sync_events').where('id', '=', id).execute();
  }

  /**
   * Makes the event available again at `availableAt` (epoch ms) with one more attempt. If another event was queued
   * for the same twin and side while it ran, that one absorbs it (earliest availableAt, highest attempts).
   */
  async retry(eventId: string, availableAt: number): Promise<void> {
    const id = eventRowId(eventId);
    if (id === undefined) return;
    for (let round = 1; ; round += 1) {
      try {
        await this.runner.run((db) => requeueEvent(db, this.runner.capabilities, id, availableAt));
        return;
      } catch (error) {
        // A concurrent enqueue queued an event for this twin and side between our read and write: fold into it.
        if (round >= RETRY_ROUNDS || !this.runner.capabilities.isUniqueViolation(error)) throw error;
      }
    }
  }

  /** Events queued or leased, of one connection or all. */
  async depth(connection?: string): Promise<number> {
    const row = await this.runner
      .topLevel()
      .selectFrom('sync_events')
      .select((select) => select.fn.countAll<number | string | bigint>().as('count'))
      .$if(connection !== undefined, (query) => query.where('connection', '=', connection as string))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** Events queued or leased for one twin. */
  async pendingFor(twinId: string): Promise<number> {
    const row = await this.runner
      .topLevel()
      .selectFrom('sync_events')
      .select((select) => select.fn.countAll<number | string | bigint>().as('count'))
      .where('twin_id', '=', twinId)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /**
   * The earliest time (epoch ms) an event can be leased: a queued event's availableAt, or for a leased one the later of
   * its availableAt and its lease's expiry (so a worker also wakes to recover a crashed worker's event).
   */
  async nextAvailableAt(): Promise<number | undefined> {
    const row = await this.runner
      .topLevel()
      .selectFrom('sync_events')
      .select(
        sql<number | string | null>`min(case
          when lease_until is null or lease_until <= available_at then available_at
          else lease_until end)`.as('next'),
      )
      .executeTakeFirstOrThrow();
    return row.next === null ? undefined : Number(row.next);
  }
}
