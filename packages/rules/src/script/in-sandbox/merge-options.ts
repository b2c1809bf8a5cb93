/**
 * Checks on the options the merge helpers take, so that a wrong call fails at the rule's own line. Runs inside the
 * sandbox.
 */

/** The filter to apply: the given function, or keep everything. */
export function filterOf<T>(filter: unknown, helper: string): (item: T) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter !== 'function') throw new TypeError(`tandem.${helper}: filter must be a function`);
  return (item) => Boolean((filter as (item: T) => unknown)(item));
}

/** The format function given, or undefined; anything else is a mistake. */
export function formatOf<T, R>(format: unknown, helper: string): ((item: T) => R) | undefined {
  if (format === undefined) return undefined;
  if (typeof format !== 'function') throw new TypeError(`tandem.${helper}: format must be a function`);
  return format as (item: T) => R;
}
