/**
 * A project's issue type names change rarely, but the Basic mode's type fallback needs them on every step that writes:
 * remembered per tracker and project for `issueTypesTtlMs` (a minute by default).
 */
import type { TrackerPort } from '@tandem/core';

const cache = new WeakMap<
  TrackerPort,
  Map<string, { at: number; types: Promise<{ names: string[]; defaultName: string }> }>
>();

/** The project's issue type names and default type, from the cache when younger than `ttlMs`. */
export function projectIssueTypes(
  tracker: TrackerPort,
  projectKey: string,
  now: number,
  ttlMs: number,
): Promise<{ names: string[]; defaultName: string }> {
  let byProject = cache.get(tracker);
  if (!byProject) {
    byProject = new Map();
    cache.set(tracker, byProject);
  }
  const hit = byProject.get(projectKey);
  if (hit && now - hit.at < ttlMs) return hit.types;
  const types = tracker.issueTypes(projectKey);
  const entry = { at: now, types };
  byProject.set(projectKey, entry);
  // A failed lookup is not remembered.
  types.catch(() => {
    if (byProject.get(projectKey) === entry) byProject.delete(projectKey);
  });
  return types;
}
