/**
 * Responses captured from real Jira servers (`<shared>/fixtures/`, see SOURCES.md), and comparing the emulator's
 * answer to the same request with them for shape, not bytes: same keys, same JSON types.
 */
import { readFileSync } from 'node:fs';
import { jsonTypeOf, isJsonObject, joinKey, parseKeyPath, walkKeyPath } from './json-key-path.ts';
import { sharedJiraPath } from './shared-jira.ts';

/** Thrown when a fixture file holds something that is not JSON; names the file. */
export class FixtureParseError extends Error {
  /** Absolute path of the fixture file. */
  readonly path: string;

  constructor(file: string, options?: ErrorOptions) {
    super(`fixture ${file} is not JSON`, options);
    this.name = 'FixtureParseError';
    this.path = file;
  }
}

/**
 * Reads and parses a fixture, e.g. `loadFixture('dc-v2-jrjc/issue/valid-5.0.json')`.
 * What the captured files hold besides plain JSON: an empty file is a body-less answer (`dc-v2-jira-ruby/issue/
 * 10002/transitions.post.json`, Jira's 204) and loads as `undefined`; a byte-order mark is skipped;
 * `dc-v2-jrjc/search/issues-invalid-total.json` is deliberately malformed (`"total":g2b`, a client error test) and,
 * like any other non-JSON, throws FixtureParseError.
 */
export function loadFixture(relativePath: string): unknown {
  const file = sharedJiraPath('fixtures', relativePath);
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new FixtureParseError(file, { cause });
  }
}

/** Options of compareShape. */
export interface ShapeOptions {
  /** Compare only these dotted key paths (`fields.status.statusCategory.key`, `comments[].author.accountId`). */
  readonly paths?: readonly string[];
  /**
   * Dotted key paths (with `[]`, no indexes) where the actual value may be null although the fixture has a value,
   * e.g. `fields.assignee` for an unassigned issue.
   */
  readonly nullable?: readonly string[];
}

/** Readable path without array indexes, for matching against ShapeOptions.nullable: `a[3].b` → `a[].b`. */
function genericPath(path: string): string {
  return path.replace(/\[\d+\]/g, '[]');
}

function typeDifference(
  path: string,
  expected: unknown,
  actual: unknown,
  nullable: ReadonlySet<string>,
): string | undefined {
  // A null in the fixture says only that Jira sent null there: any actual type is accepted.
  if (expected === null)
    return actual === undefined ? `${path}: expected any value (null in fixture), got undefined` : undefined;
  const want = jsonTypeOf(expected);
  const got = jsonTypeOf(actual);
  if (want === got) return undefined;
  if (actual === null && nullable.has(genericPath(path))) return undefined;
  return `${path}: expected ${want}, got ${got}`;
}

/**
 * One model for all elements of a captured array: keys present in every element, each with the elements' common
 * type. Where the captured elements disagree (null in one, string in another, or two different types) the model
 * holds null, which accepts anything: captured arrays such as changelog items are not uniform.
 */
function elementModel(elements: readonly unknown[]): unknown {
  const [first, ...rest] = elements;
  if (rest.length === 0) return first;
  if (elements.every(isJsonObject)) {
    const objects = elements as Record<string, unknown>[];
    const model: Record<string, unknown> = {};
    for (const key of Object.keys(objects[0] ?? {})) {
      if (objects.every((object) => key in object)) model[key] = elementModel(objects.map((object) => object[key]));
    }
    return model;
  }
  if (elements.every(Array.isArray)) {
    const inner = (elements as unknown[][]).flat();
    return inner.length === 0 ? [] : [elementModel(inner)];
  }
  const types = new Set(elements.map(jsonTypeOf));
  return types.size === 1 ? first : null;
}

function compareWhole(
  expected: unknown,
  actual: unknown,
  path: string,
  nullable: ReadonlySet<string>,
  out: string[],
): void {
  const difference = typeDifference(path || '(root)', expected, actual, nullable);
  if (difference !== undefined) {
    out.push(difference);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length === 0) return;
    const model = elementModel(expected);
    actual.forEach((element, i) => compareWhole(model, element, `${path}[${i}]`, nullable, out));
    return;
  }
  if (isJsonObject(expected) && isJsonObject(actual)) {
    for (const [key, value] of Object.entries(expected))
      compareWhole(value, actual[key], joinKey(path, key), nullable, out);
  }
}

/** The captured value standing for a key path: its type if every captured occurrence agrees, else null (any). */
function pathModel(expected: unknown, keyPath: string): unknown {
  const found = walkKeyPath(expected, parseKeyPath(keyPath)).filter(
    (hit) => hit.stoppedAt === undefined && hit.value !== undefined,
  );
  if (found.length === 0) {
    throw new Error(`compareShape: the fixture does not have ${keyPath}; choose a path the fixture holds`);
  }
  return elementModel(found.map((hit) => hit.value));
}

function comparePath(
  expected: unknown,
  actual: unknown,
  keyPath: string,
  nullable: ReadonlySet<string>,
  out: string[],
): void {
  const model = pathModel(expected, keyPath);
  for (const hit of walkKeyPath(actual, parseKeyPath(keyPath))) {
    if (hit.stoppedAt) {
      // A null parent is fine where it was declared nullable (e.g. `fields.assignee` for `fields.assignee.accountId`).
      const allowed = hit.value === null && nullable.has(genericPath(hit.stoppedAt.path));
      if (!allowed)
        out.push(`${keyPath}: expected ${jsonTypeOf(model)}, but ${hit.stoppedAt.path} ${hit.stoppedAt.reason}`);
      continue;
    }
    const difference = typeDifference(hit.path, model, hit.value, nullable);
    if (difference !== undefined) out.push(difference);
  }
}

/**
 * Differences in shape between a captured response (`expected`) and the emulator's (`actual`), as readable lines
 * (`fields.status.statusCategory.key: expected string, got undefined`); empty when they agree.
 * Every key path of `expected` (or only `options.paths`) must exist in `actual` with the same JSON type. A null in
 * the fixture matches any type (but the key must exist); a null in `actual` matches only where `options.nullable`
 * says so. For arrays, every element of `actual` must have the shape the captured elements share (keys in all of
 * them; a key whose captured types disagree accepts anything). Keys only in `actual` are not reported.
 */
export function compareShape(expected: unknown, actual: unknown, options: ShapeOptions = {}): string[] {
  const nullable = new Set(options.nullable ?? []);
  const out: string[] = [];
  if (options.paths === undefined) compareWhole(expected, actual, '', nullable, out);
  else for (const keyPath of options.paths) comparePath(expected, actual, keyPath, nullable, out);
  return out;
}
