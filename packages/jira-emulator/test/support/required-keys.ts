/**
 * Assertions for the identifiers the engine relies on. Many beans in Atlassian's documents declare no `required`
 * properties, so an empty object passes schema validation; these checks close that gap.
 */
import { AssertionError } from 'node:assert';
import { parseKeyPath, walkKeyPath } from './json-key-path.ts';

/**
 * Readable problems for each dotted key path that is missing or null in `body` (`fields.status.statusCategory.key`,
 * `comments[].author.accountId`: `[]` checks every element, and an empty array is reported, since nothing could be
 * checked). Returns an empty list when every path is present.
 */
export function missingKeys(body: unknown, keyPaths: readonly string[]): string[] {
  const problems: string[] = [];
  for (const keyPath of keyPaths) {
    for (const hit of walkKeyPath(body, parseKeyPath(keyPath))) {
      if (hit.stoppedAt) problems.push(`${keyPath}: ${hit.stoppedAt.path} ${hit.stoppedAt.reason}`);
      else if (hit.value === undefined) problems.push(`${keyPath}: ${hit.path} is missing`);
      else if (hit.value === null) problems.push(`${keyPath}: ${hit.path} is null`);
    }
  }
  return problems;
}

/** Throws an AssertionError naming every key path of `keyPaths` that is missing or null in `body` (see missingKeys). */
export function assertHasKeys(body: unknown, keyPaths: readonly string[]): void {
  const problems = missingKeys(body, keyPaths);
  if (problems.length > 0) {
    throw new AssertionError({
      message: `response lacks keys the engine relies on:\n  ${problems.join('\n  ')}`,
      actual: problems,
      expected: [],
      operator: 'assertHasKeys',
    });
  }
}
