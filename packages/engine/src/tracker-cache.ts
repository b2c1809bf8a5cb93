/**
 * What the engine remembers from a tracker for a while (a project's issue types, people by e-mail or id): one answer
 * per tracker and key, shared by concurrent callers, kept for `ttlMs`. A failed lookup is not remembered.
 */
import type { TrackerPort } from '@tandem/core';

/** A cache of one kind of answer, per tracker and key. */
export class TrackerCache<T> {
  private readonly byTracker = new WeakMap<TrackerPort, Map<string, { at: number; value: Promise<T> }>>();

  constructor(private readonly ttlMs: number) {}

  /** The remembered answer when younger than the TTL (or `ttlMs`), else `load()`'s. */
  get(tracker: TrackerPort, key: string, now: number, load: () => Promise<T>, ttlMs = this.ttlMs): Promise<T> {
    let entries = this.byTracker.get(tracker);
    if (!entries) {
      entries = new Map();
      this.byTracker.set(tracker, entries);
    }
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    const value = load();
    const entry = { at: now, value };
    entries.set(key, entry);
    const held = entries;
    value.catch(() => {
      if (held.get(key) === entry) held.delete(key);
    });
    return value;
  }
}
