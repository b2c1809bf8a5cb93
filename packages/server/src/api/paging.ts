/**
 * Paging of every list the API answers: `?limit=&cursor=` in, `{ items, nextCursor }` out. Cursors are opaque to
 * clients (base64url JSON): an offset for lists built in memory, the last id for the audit log (stable while it grows).
 */
import { z } from 'zod';
import { invalidInput } from '../routes/route-input.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** The query keys of a paged list; extend it with the list's own filters. */
export const pageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})` }),
  cursor: z.string().min(1).optional().meta({ description: "The previous page's nextCursor" }),
});

/** `{ items, nextCursor }` of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().meta({ description: 'Pass as ?cursor= for the next page; null on the last' }),
  });
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A cursor carrying `value` (whatever the list needs to continue). */
export function encodeCursor(value: Record<string, number | string>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The value of a cursor from encodeCursor; a 400 naming `cursor` when it is not one. */
export function decodeCursor(cursor: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw invalidInput([{ in: 'query', path: ['cursor'], message: 'not a cursor this API gave out' }]);
}

/** The offset a cursor from offsetPage stands for (0 without a cursor). */
export function cursorOffset(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const { o } = decodeCursor(cursor);
  if (typeof o !== 'number' || !Number.isInteger(o) || o < 0)
    throw invalidInput([{ in: 'query', path: ['cursor'], message: 'not a cursor this API gave out' }]);
  return o;
}

/** One page of a list held in memory. */
export function offsetPage<T>(all: readonly T[], limit: number, cursor: string | undefined): Page<T> {
  const start = cursorOffset(cursor);
  const items = all.slice(start, start + limit);
  return { items, nextCursor: start + limit < all.length ? encodeCursor({ o: start + limit }) : null };
}

/** The cursor after an item with this numeric id (lists ordered by descending id). */
export function idCursor(id: number): string {
  return encodeCursor({ before: id });
}

/** The id a cursor from idCursor stands for, or undefined without a cursor. */
export function cursorBeforeId(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const { before } = decodeCursor(cursor);
  if (typeof before !== 'number' || !Number.isInteger(before))
    throw invalidInput([{ in: 'query', path: ['cursor'], message: 'not a cursor this API gave out' }]);
  return before;
}
