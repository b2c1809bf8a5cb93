/**
 * Watching queued work until it is done, through the operations port (so it reads the same for a node composed here and
 * a node serving elsewhere). Work is done when nothing is pending, or what is pending is waiting out an error, or its
 * connection is paused (paused connections keep changes queued until resumed).
 */
import type { ConnectionView, TandemOperations, TwinStatusDocument } from '@tandem/server';

const POLL_MS = 100;
export const DEFAULT_WAIT_MS = 5 * 60_000;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The work on a connection is as done as it gets: nothing pending beyond twins waiting out an error, or paused. */
export function isSettled(connection: ConnectionView): boolean {
  return connection.status === 'paused' || connection.pending <= connection.errors;
}

/** Waits until every twin of `key` has nothing pending (or an error, or a paused connection); the last status. */
export async function waitForTwin(
  operations: TandemOperations,
  key: string,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<TwinStatusDocument> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await operations.twinStatus(key);
    const open = status.twins.filter((entry) => entry.pending && entry.error === null);
    if (open.length === 0) return status;
    const { connections } = await operations.connections();
    const paused = (name: string) => connections.find((connection) => connection.name === name)?.status === 'paused';
    if (open.every((entry) => paused(entry.twin.connection))) return status;
    if (Date.now() > deadline) return status;
    await pause(POLL_MS);
  }
}

/** Waits until a connection's queue has drained, reporting (done, total) as it goes; the connection at the end. */
export async function waitForConnection(
  operations: TandemOperations,
  name: string,
  total: number,
  onProgress: (done: number, total: number) => void,
  timeoutMs = DEFAULT_WAIT_MS,
): Promise<ConnectionView | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const connection = (await operations.connections()).connections.find((candidate) => candidate.name === name);
    if (!connection) return undefined;
    const open = Math.max(0, connection.pending - connection.errors);
    onProgress(Math.max(0, total - open), total);
    if (isSettled(connection) || Date.now() > deadline) return connection;
    await pause(POLL_MS);
  }
}
