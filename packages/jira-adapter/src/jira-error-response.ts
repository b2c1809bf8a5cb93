/**
 * Turns a Jira error answer into a {@link TrackerError}: the kind from the status, Jira's own words (`errorMessages`,
 * `errors` field → message) with the issue they concern, and for 429 the wait (`Retry-After`) and the limit's scope
 * (`RateLimit-Reason`).
 */
import { TrackerError, type RateLimitScope, type TrackerErrorKind } from '@tandem/core';
import { z } from 'zod';

/** Jira's error body: `{"errorMessages": [...], "errors": {"field": "message"}}`. */
const jiraErrorBody = z.object({
  errorMessages: z.array(z.string()).optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

/** Jira Cloud's `RateLimit-Reason` values and the scope each limit applies to. */
const SCOPE_BY_REASON: Record<string, RateLimitScope> = {
  'jira-burst-based': 'endpoint',
  'jira-per-issue-on-write': 'issue',
  'jira-quota-tenant-based': 'tenant',
  'jira-quota-global-based': 'global',
};

function kindOf(status: number): TrackerErrorKind {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'bad-request';
  if (status === 401) return 'auth';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return 'server';
  return 'bad-request';
}

/** `Retry-After` in ms: delta-seconds or an HTTP date (relative to `now`); undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The scope a 429 applies to; `fallback` when Jira names no reason (Data Center never does). */
export function rateLimitScopeOf(reason: string | null, fallback: RateLimitScope): RateLimitScope {
  return (reason === null ? undefined : SCOPE_BY_REASON[reason.trim()]) ?? fallback;
}

export interface ErrorContext {
  /** What the call was about, for the message: an issue key, `new issue in BLUE`, or `GET /myself`. */
  readonly subject: string;
  readonly issue?: string | undefined;
  readonly now: number;
  readonly scopeWithoutReason: RateLimitScope;
}

/** Jira's words from an error body: field errors and error messages; a non-JSON body is kept as one message. */
export function readJiraErrorBody(body: string): { fieldErrors: Record<string, string>; messages: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const text = body.trim();
    return { fieldErrors: {}, messages: text === '' ? [] : [text.slice(0, 500)] };
  }
  const parsed = jiraErrorBody.safeParse(json);
  if (!parsed.success) return { fieldErrors: {}, messages: [] };
  const fieldErrors: Record<string, string> = {};
  for (const [field, message] of Object.entries(parsed.data.errors ?? {})) fieldErrors[field] = String(message);
  return { fieldErrors, messages: parsed.data.errorMessages ?? [] };
}

/**
 * What a person reads: the subject (issue), then each field by id and, when known, by name, with Jira's message
 * (`BLUE-12: field 'customfield_10010' (Story points): '3x' is an invalid number`), then Jira's other messages.
 */
export function jiraErrorMessage(
  subject: string,
  status: number | undefined,
  fieldErrors: Record<string, string>,
  messages: readonly string[],
  fieldName: (id: string) => string | undefined = () => undefined,
): string {
  const words = [
    ...Object.entries(fieldErrors).map(([field, message]) => {
      const name = fieldName(field);
      return `field '${field}'${name === undefined ? '' : ` (${name})`}: ${message}`;
    }),
    ...messages,
  ];
  return `${subject}: ${words.length > 0 ? words.join('; ') : `Jira answered ${status ?? 'with an error'}`}`;
}

/** The TrackerError for an HTTP error answer. */
export function errorFromResponse(
  status: number,
  headers: Headers,
  body: string,
  context: ErrorContext,
  fallbackRetryAfterMs?: number,
): TrackerError {
  const kind = kindOf(status);
  const { fieldErrors, messages } = readJiraErrorBody(body);
  const message = jiraErrorMessage(context.subject, status, fieldErrors, messages);
  const retryAfter = retryAfterMs(headers.get('retry-after'), context.now) ?? fallbackRetryAfterMs;
  return new TrackerError(kind, message, {
    status,
    ...(context.issue === undefined ? {} : { issue: context.issue }),
    ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
    ...(messages.length > 0 ? { jiraMessages: messages } : {}),
    ...(retryAfter === undefined || !['rate-limited', 'server', 'conflict'].includes(kind)
      ? {}
      : { retryAfterMs: retryAfter }),
    ...(kind === 'rate-limited'
      ? { rateLimitScope: rateLimitScopeOf(headers.get('ratelimit-reason'), context.scopeWithoutReason) }
      : {}),
  });
}
