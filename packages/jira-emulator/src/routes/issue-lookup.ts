/** Finding the issue a route names, with Jira's 404 when it does not exist. */
import { issueNotFound } from '../http/jira-error.ts';
import type { Issue } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';

export function requireIssue(rc: RenderContext, idOrKey: string | undefined): Issue {
  const issue = idOrKey ? rc.ctx.state.findIssue(idOrKey) : undefined;
  if (!issue) throw issueNotFound();
  return issue;
}

/** A query parameter as one string (first of repeated values). */
export function queryString(query: Record<string, unknown>, name: string): string | undefined {
  const value = query[name];
  if (Array.isArray(value)) return value.length > 0 ? String(value[0]) : undefined;
  return value === undefined ? undefined : String(value);
}

/** A boolean query parameter (`true`/`false`), with a default. */
export function queryBoolean(query: Record<string, unknown>, name: string, fallback: boolean): boolean {
  const value = queryString(query, name);
  if (value === undefined) return fallback;
  return value.toLowerCase() === 'true';
}

/** A non-negative integer query parameter, with a default and an upper bound. */
export function queryInt(
  query: Record<string, unknown>,
  name: string,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const value = queryString(query, name);
  if (value === undefined || value === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  if (Number.isNaN(parsed) || parsed < 0) return fallback;
  return Math.min(parsed, max);
}
