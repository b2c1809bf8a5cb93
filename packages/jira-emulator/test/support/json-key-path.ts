/**
 * Dotted key paths over JSON values, shared by the contract helpers: `fields.status.statusCategory.key`,
 * `comments[].author.accountId`, `changelog.histories[].items[].fieldId`, `[].id` for a top-level array.
 * A `[]` step visits every element of an array; the readable path of each visited value names the index
 * (`comments[2].author.accountId`).
 */

/** One step of a parsed key path: a property name, or `[]` (every element of an array). */
export type KeyPathStep = { readonly kind: 'key'; readonly name: string } | { readonly kind: 'each' };

/** Where a walk along a key path ended: the readable concrete path and the value found, if any. */
export interface KeyPathHit {
  /** Concrete readable path, e.g. `comments[2].author.accountId`. */
  readonly path: string;
  /** The value at `path`; `undefined` when the walk stopped early (see `stoppedAt`). */
  readonly value: unknown;
  /**
   * Set when the walk could not reach the end of the key path: the readable path of the last value reached and
   * why (`missing`, `not an object`, `empty array`...).
   */
  readonly stoppedAt?: { readonly path: string; readonly reason: string };
}

/** Parses `a.b[].c` into steps; throws on an empty path or an empty key (`a..b`). */
export function parseKeyPath(keyPath: string): KeyPathStep[] {
  if (keyPath.trim() === '') throw new Error('empty key path');
  const steps: KeyPathStep[] = [];
  for (const part of keyPath.split('.')) {
    const match = /^([^[\]]*)((?:\[\])*)$/.exec(part);
    if (!match) throw new Error(`bad key path segment "${part}" in "${keyPath}" (only [] is allowed as a suffix)`);
    const name = match[1] ?? '';
    const eachCount = (match[2] ?? '').length / 2;
    if (name === '' && (eachCount === 0 || steps.length > 0)) {
      throw new Error(`empty key in key path "${keyPath}"`);
    }
    if (name !== '') steps.push({ kind: 'key', name });
    for (let i = 0; i < eachCount; i += 1) steps.push({ kind: 'each' });
  }
  return steps;
}

/** The JSON type of a value as shown in messages: `null`, `array`, `object`, `string`, `number`, `boolean`, `undefined`. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Whether a value is a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Appends a property name to a readable path (`a` + `b` → `a.b`, `` + `b` → `b`). */
export function joinKey(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

/**
 * Walks `root` along `steps`, fanning out at each `[]`; returns one hit per reached leaf, or per place the walk
 * stopped. A missing or null value stops the walk (the hit then has `value` undefined/null and no `stoppedAt`
 * if it is the last step).
 */
export function walkKeyPath(root: unknown, steps: readonly KeyPathStep[]): KeyPathHit[] {
  const hits: KeyPathHit[] = [];
  const visit = (value: unknown, path: string, index: number): void => {
    const step = steps[index];
    if (step === undefined) {
      hits.push({ path, value });
      return;
    }
    if (step.kind === 'each') {
      if (!Array.isArray(value)) {
        hits.push({
          path,
          value: undefined,
          stoppedAt: { path: path || '(root)', reason: `expected array, got ${jsonTypeOf(value)}` },
        });
        return;
      }
      if (value.length === 0) {
        hits.push({
          path,
          value: undefined,
          stoppedAt: { path: path || '(root)', reason: 'empty array, nothing to check' },
        });
        return;
      }
      value.forEach((element, i) => visit(element, `${path}[${i}]`, index + 1));
      return;
    }
    const childPath = joinKey(path, step.name);
    if (!isJsonObject(value)) {
      hits.push({
        path: childPath,
        value: undefined,
        stoppedAt: { path: path || '(root)', reason: `expected object, got ${jsonTypeOf(value)}` },
      });
      return;
    }
    const child = value[step.name];
    if ((child === undefined || child === null) && index + 1 < steps.length) {
      hits.push({
        path: childPath,
        value: child,
        stoppedAt: { path: childPath, reason: child === null ? 'is null' : 'is missing' },
      });
      return;
    }
    visit(child, childPath, index + 1);
  };
  visit(root, '', 0);
  return hits;
}
