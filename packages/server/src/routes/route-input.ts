/** Request input checked by a zod schema: one InvalidInputError listing every problem with its path. */
import type { z } from 'zod';
import { InvalidInputError } from '../operation-errors.ts';

/** Where a bad value was: the body, the query string, the path, or the configuration file the request changes. */
export type InputPlace = 'body' | 'query' | 'path' | 'config';

/** One bad value: zod's path to it inside its place, and what is wrong. */
export interface InputIssue {
  in: InputPlace;
  path: (string | number)[];
  message: string;
}

/** The InvalidInputError (HTTP 400) for these issues; its message names the first. */
export function invalidInput(issues: InputIssue[], extra: Record<string, unknown> = {}): InvalidInputError {
  const first = issues[0];
  const where = first ? [first.in, ...first.path].join('.') : 'input';
  return new InvalidInputError(`invalid ${where}: ${first?.message ?? 'bad input'}`, { issues, ...extra });
}

/**
 * A zod issue as input issues. A value that fits no branch of a union (`'summary'` or a mapping) is reported inside
 * the branch of its own kind — the mapping's bad key — rather than as "invalid input" at the union.
 */
function issuesOf(issue: z.core.$ZodIssue, base: PropertyKey[], place: InputPlace): InputIssue[] {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union') {
    const inside = issue.errors.find(
      (branch) => !branch.every((inner) => inner.path.length === 0 && inner.code === 'invalid_type'),
    );
    if (inside) return inside.flatMap((inner) => issuesOf(inner, path, place));
  }
  return [
    {
      in: place,
      path: path.map((segment) => (typeof segment === 'number' ? segment : String(segment))),
      message: issue.message,
    },
  ];
}

/** The parsed value, or InvalidInputError (HTTP 400) naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, place: InputPlace): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw invalidInput(result.error.issues.flatMap((issue) => issuesOf(issue, [], place)));
}
