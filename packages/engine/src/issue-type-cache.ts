/**
 * A project's issue type names change rarely, but the Basic mode's type fallback needs them on every step that writes:
 * remembered per tracker and project for `issueTypesTtlMs` (a minute by default).
 */
import type { TrackerPort } from '@tandem/core';
import { TrackerCache } from './tracker-cache.ts';

const cache = new TrackerCache<Awaited<ReturnType<TrackerPort['issueTypes']>>>(60_000);

/** The project's issue type names and default type, from the cache when younger than `ttlMs`. */
export function projectIssueTypes(
  tracker: TrackerPort,
  projectKey: string,
  now: number,
  ttlMs: number,
): ReturnType<TrackerPort['issueTypes']> {
  return cache.get(tracker, projectKey, now, () => tracker.issueTypes(projectKey), ttlMs);
}
