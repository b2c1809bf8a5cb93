/**
 * Model-based test of the queue: random command sequences run against the store and against a plain in-memory model
 * of the queue rules (coalescing, leasing, expiry, retry, completion); after every command their answers must agree.
 * fast-check prints the seed and shrunk sequence of a failure, to replay with `{ seed, path }`.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { SideName, Store, SyncEvent } from '@tandem/core';

const TWINS = ['m0', 'm1', 'm2'];

interface ModelEvent {
  order: number;
  realId: string | undefined;
  twinId: string;
  side: SideName;
  reason: string;
  availableAt: number;
  attempts: number;
  createdAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

type Command =
  | { kind: 'enqueue'; twin: number; side: SideName; delay: number; reason: string }
  | { kind: 'lease'; max: number; leaseMs: number; owner: string }
  | { kind: 'complete'; pick: number }
  | { kind: 'retry'; pick: number; delay: number }
  | { kind: 'advance'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('enqueue' as const),
    twin: fc.integer({ min: 0, max: TWINS.length - 1 }),
    side: fc.constantFrom<SideName>('a', 'b'),
    delay: fc.integer({ min: 0, max: 50 }),
    reason: fc.constantFrom('webhook', 'poll', 'manual'),
  }),
  fc.record({
    kind: fc.constant('lease' as const),
    max: fc.integer({ min: 1, max: 3 }),
    leaseMs: fc.integer({ min: 1, max: 100 }),
    owner: fc.constantFrom('w1', 'w2'),
  }),
  fc.record({ kind: fc.constant('complete' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('retry' as const), pick: fc.nat(), delay: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 80 }) }),
);

function mergeReasons(kept: string, added: string): string {
  const reasons = kept.split(',');
  for (const reason of added.split(',')) if (!reasons.includes(reason)) reasons.push(reason);
  return reasons.join(',');
}

class QueueModel {
  events: ModelEvent[] = [];
  #order = 0;

  enqueue(twinId: string, side: SideName, reason: string, availableAt: number, now: number): void {
    const queued = this.events.find((e) => e.twinId === twinId && e.side === side && e.leaseOwner === null);
    if (queued) {
      queued.availableAt = Math.min(queued.availableAt, availableAt);
      queued.reason = mergeReasons(queued.reason, reason);
      return;
    }
    this.events.push({
      order: (this.#order += 1),
      realId: undefined,
      twinId,
      side,
      reason,
      availableAt,
      attempts: 0,
      createdAt: now,
      leaseOwner: null,
      leaseUntil: null,
    });
  }

  lease(owner: string, max: number, now: number, leaseMs: number): ModelEvent[] {
    const busy = new Set(this.events.filter((e) => e.leaseUntil !== null && e.leaseUntil > now).map((e) => e.twinId));
    const available = this.events
      .filter((e) => e.availableAt <= now && (e.leaseUntil === null || e.leaseUntil <= now))
      .sort((x, y) => x.availableAt - y.availableAt || x.order - y.order);
    const picked: ModelEvent[] = [];
    for (const e of available) {
      if (picked.length === max) break;
      if (busy.has(e.twinId)) continue;
      busy.add(e.twinId);
      e.leaseOwner = owner;
      e.leaseUntil = now + leaseMs;
      picked.push(e);
    }
    return picked;
  }

  retry(e: ModelEvent, availableAt: number): void {
    const queued = this.events.find(
      (q) => q !== e && q.twinId === e.twinId && q.side === e.side && q.leaseOwner === null,
    );
    if (queued) {
      queued.availableAt = Math.min(queued.availableAt, availableAt);
      queued.reason = mergeReasons(queued.reason, e.reason);
      queued.attempts = Math.max(queued.attempts, e.attempts + 1);
      this.remove(e);
    } else {
      Object.assign(e, { availableAt, attempts: e.attempts + 1, leaseOwner: null, leaseUntil: null });
    }
  }

  remove(e: ModelEvent): void {
    this.events = this.events.filter((other) => other !== e);
  }

  nextAvailableAt(): number | undefined {
    const times = this.events.map((e) =>
      e.leaseUntil === null || e.leaseUntil <= e.availableAt ? e.availableAt : e.leaseUntil,
    );
    return times.length === 0 ? undefined : Math.min(...times);
  }
}

const view = (e: SyncEvent | ModelEvent) => ({
  twinId: e.twinId,
  side: 'sourceSide' in e ? e.sourceSide : e.side,
  reason: e.reason,
  availableAt: e.availableAt,
  attempts: e.attempts,
  createdAt: e.createdAt,
  leaseOwner: e.leaseOwner,
  leaseUntil: e.leaseUntil,
});

/** Registers the model test for the contract's store; `setNow` moves the store's clock. */
export function registerQueueModelTest(getStore: () => Store, setNow: (now: number) => void): void {
  void test('the queue behaves like its model under random command sequences', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { maxLength: 30 }), async (commands) => {
        const store = getStore();
        const model = new QueueModel();
        let now = 1_000;
        setNow(now);
        for (const twinId of TWINS) {
          await store.insertTwin({
            id: twinId,
            connection: 'model',
            a: { instance: 'x', issueId: `a-${twinId}`, issueKey: null },
            b: { instance: 'y', issueId: `b-${twinId}`, issueKey: null },
            origin: 'a',
            state: 'active',
            createIntent: null,
            createdAt: 0,
            updatedAt: 0,
            lastSyncedAt: null,
          });
        }
        try {
          for (const step of commands) {
            switch (step.kind) {
              case 'enqueue': {
                const twinId = TWINS[step.twin]!;
                const at = now + step.delay;
                await store.enqueue({
                  connection: 'model',
                  twinId,
                  sourceSide: step.side,
                  reason: step.reason,
                  availableAt: at,
                });
                model.enqueue(twinId, step.side, step.reason, at, now);
                break;
              }
              case 'lease': {
                const real = await store.queue.lease(step.owner, step.max, now, step.leaseMs);
                const expected = model.lease(step.owner, step.max, now, step.leaseMs);
                assert.deepEqual(real.map(view), expected.map(view));
                real.forEach((e, i) => {
                  const modelEvent = expected[i]!;
                  if (modelEvent.realId !== undefined) assert.equal(e.id, modelEvent.realId);
                  modelEvent.realId = e.id;
                });
                break;
              }
              case 'complete': {
                const known = model.events.filter((e) => e.realId !== undefined);
                const target = known[step.pick % Math.max(known.length, 1)];
                if (target === undefined) break;
                await store.queue.complete(target.realId!);
                model.remove(target);
                break;
              }
              case 'retry': {
                const leased = model.events.filter((e) => e.realId !== undefined && e.leaseOwner !== null);
                const target = leased[step.pick % Math.max(leased.length, 1)];
                if (target === undefined) break;
                await store.queue.retry(target.realId!, now + step.delay);
                model.retry(target, now + step.delay);
                break;
              }
              case 'advance':
                now += step.ms;
                setNow(now);
                break;
            }
            assert.equal(await store.queue.depth('model'), model.events.length);
            assert.equal(await store.queue.nextAvailableAt(), model.nextAvailableAt());
            for (const twinId of TWINS) {
              assert.equal(
                await store.queue.pendingFor(twinId),
                model.events.filter((e) => e.twinId === twinId).length,
              );
            }
          }
        } finally {
          // Deleting the twins deletes their events: the next sequence starts from an empty queue.
          for (const twinId of TWINS) await store.deleteTwin(twinId);
        }
      }),
      { numRuns: 25 },
    );
  });
}
