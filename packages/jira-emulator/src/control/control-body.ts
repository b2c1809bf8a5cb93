/**
 * Checks for control-API request bodies. A bad value is answered 400 in Jira's error envelope, keyed by the path of
 * the bad key (`faults[0].type`), so a test author sees at once what to fix.
 */
import { JiraError } from '../http/jira-error.ts';

/** A 400 naming the path of the bad key. */
export function badBody(path: string, message: string): JiraError {
  return new JiraError(400, [`${path}: ${message}`], { [path]: message });
}

/** The body as an object (an absent body counts as `{}`). */
export function objectBody(value: unknown, path = 'body'): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  return expectObject(value, path);
}

export function expectObject(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw badBody(path, 'must be an object');
  return value as Record<string, unknown>;
}

/** Refuses keys not in `allowed`, naming the first unknown one. */
export function onlyKeys(record: Record<string, unknown>, allowed: readonly string[], path: string): void {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) throw badBody(join(path, key), `unknown key (allowed: ${allowed.join(', ')})`);
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === 'body' ? key : `${path}.${key}`;
}

export function optionalString(record: Record<string, unknown>, key: string, path: string): string | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badBody(join(path, key), 'must be a string');
  return value;
}

export function requiredString(record: Record<string, unknown>, key: string, path: string): string {
  const value = optionalString(record, key, path);
  if (value === undefined || value.trim() === '') throw badBody(join(path, key), 'is required');
  return value;
}

export function optionalNumber(
  record: Record<string, unknown>,
  key: string,
  path: string,
  min = -Infinity,
  max = Infinity,
): number | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badBody(join(path, key), 'must be a number');
  if (value < min || value > max) throw badBody(join(path, key), `must be between ${min} and ${max}`);
  return value;
}

export function optionalBoolean(record: Record<string, unknown>, key: string, path: string): boolean | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw badBody(join(path, key), 'must be true or false');
  return value;
}

export function optionalEnum<T extends string | number>(
  record: Record<string, unknown>,
  key: string,
  path: string,
  allowed: readonly T[],
): T | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw badBody(join(path, key), `must be one of ${allowed.join(', ')}`);
  return value as T;
}

export function optionalStringArray(record: Record<string, unknown>, key: string, path: string): string[] | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badBody(join(path, key), 'must be an array of strings');
  value.forEach((item, index) => {
    if (typeof item !== 'string') throw badBody(join(join(path, key), index), 'must be a string');
  });
  return value as string[];
}

export function optionalArray(record: Record<string, unknown>, key: string, path: string): unknown[] | undefined {
  const value = record[key];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw badBody(join(path, key), 'must be an array');
  return value;
}
