/**
 * One lock per SQLite file per process. better-sqlite3 waits for another connection's write lock synchronously (the
 * busy timeout blocks the thread), so two stores of one process on one file would deadlock as soon as one awaits
 * inside a transaction while the other writes: the waiting one blocks the thread the holder needs to finish. Every
 * use of a file's connection therefore takes this lock first, and waits for it asynchronously.
 */
import { realpathSync } from 'node:fs';

export class Mutex {
  #tail: Promise<void> = Promise.resolve();

  /** Resolves with the function that releases the lock, once every earlier holder released it. */
  lock(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const acquired = this.#tail.then(() => release);
    this.#tail = this.#tail.then(() => released);
    return acquired;
  }
}

const byFile = new Map<string, Mutex>();

/** The process-wide mutex of the SQLite file at `path` (which exists); a private one for `:memory:`. */
export function mutexForFile(path: string): Mutex {
  if (path === ':memory:' || path === '') return new Mutex();
  const key = realpathSync(path);
  let mutex = byFile.get(key);
  if (mutex === undefined) {
    mutex = new Mutex();
    byFile.set(key, mutex);
  }
  return mutex;
}
