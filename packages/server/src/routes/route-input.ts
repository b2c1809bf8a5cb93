/** Request input checked by a zod schema: one InvalidInputError listing every problem with its path. */
import type { z } from 'zod';
import { InvalidInputError } from '../operation-errors.ts';

/** The parsed value, or InvalidInputError (HTTP 400) naming each bad field. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = problems[0];
  const summary = first ? `${first.path === '' ? what : `${what}.${first.path}`}: ${first.message}` : what;
  throw new InvalidInputError(`invalid ${summary}`, { problems });
}
