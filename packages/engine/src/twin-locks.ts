/**
 * One thing at a time per twin on a node. The queue already leases one event per twin, but in the decentralized
 * topology a replica from the peer node is applied in the HTTP handler, outside the queue: without this, it could run
 * alongside this node's own step for the same twin (each would merge against a base the other is about to change) or
 * alongside a second delivery of the same replica (a retry after a cut connection, which would create twice).
 * Whoever finds the twin busy does not wait — two nodes each waiting for the other would deadlock — but tries again
 * shortly: the worker re-queues its event, the peer gets a retryable 503.
 */
import type { EngineDeps } from './engine-deps.ts';
import { SyncStepError } from './sync-step-error.ts';

const busy = new WeakMap<object, Set<string>>();

/** Marks the twin busy and returns the release function, or undefined when it is already busy on this node. */
export function tryHoldTwin(deps: EngineDeps, twinId: string): (() => void) | undefined {
  let held = busy.get(deps.store);
  if (!held) {
    held = new Set();
    busy.set(deps.store, held);
  }
  if (held.has(twinId)) return undefined;
  held.add(twinId);
  const set = held;
  return () => set.delete(twinId);
}

/** Runs `work` holding the twin, or throws a retryable SyncStepError (the peer answers 503) when it is busy. */
export async function withTwinHeld<T>(deps: EngineDeps, twinId: string, work: () => Promise<T>): Promise<T> {
  const release = tryHoldTwin(deps, twinId);
  if (!release) {
    throw new SyncStepError(
      `twin ${twinId} is being synced on this node right now; try again shortly`,
      { twinId, busy: true },
      true,
      200 + Math.round(Math.random() * 400),
    );
  }
  try {
    return await work();
  } finally {
    release();
  }
}
