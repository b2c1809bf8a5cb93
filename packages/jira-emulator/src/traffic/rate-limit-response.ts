/**
 * How Jira answers a rate-limited request: 429, Jira's error body and the rate-limit headers.
 * Cloud: `Retry-After` (seconds), `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (ISO 8601, only on
 * 429) and `RateLimit-Reason` (only on 429). Data Center's limiter sends `Retry-After`, `X-RateLimit-Limit`,
 * `X-RateLimit-Remaining`, `X-RateLimit-FillRate` and `X-RateLimit-Interval-Seconds`, and no reason.
 */
import { JiraError } from '../http/jira-error.ts';
import type { Flavor } from '../model/types.ts';
import type { RateLimitReason } from './rate-limit-config.ts';

/** The message Jira Cloud puts in the body of a 429. */
export const RATE_LIMITED_MESSAGE = 'The request has been rate-limited. Please try again later.';

/** `2026-01-01T01:01:01Z`: ISO 8601 at second precision, as in Atlassian's examples. */
export function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export interface RateLimitRejection {
  reason: RateLimitReason;
  /** Seconds to wait; null sends no Retry-After header (Jira does not always send one). */
  retryAfterSeconds: number | null;
  limit: number;
  remaining: number;
  /** When the window resets, epoch ms. */
  resetAt: number;
  /** Data Center only: tokens added per interval. */
  fillRate?: number;
}

/** The JiraError for a rejected request, with the flavour's headers. */
export function rateLimitError(flavor: Flavor, rejection: RateLimitRejection): JiraError {
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(rejection.limit),
    'X-RateLimit-Remaining': String(Math.max(0, Math.floor(rejection.remaining))),
  };
  if (rejection.retryAfterSeconds !== null) headers['Retry-After'] = String(rejection.retryAfterSeconds);
  if (flavor === 'cloud') {
    headers['X-RateLimit-Reset'] = isoSeconds(rejection.resetAt);
    headers['RateLimit-Reason'] = rejection.reason;
  } else {
    headers['X-RateLimit-FillRate'] = String(rejection.fillRate ?? rejection.limit);
    headers['X-RateLimit-Interval-Seconds'] = '1';
  }
  return new JiraError(429, [RATE_LIMITED_MESSAGE], {}, headers);
}
