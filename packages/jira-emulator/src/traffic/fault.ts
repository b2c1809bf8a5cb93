/**
 * A fault injected into the emulator's answers, switched on and off at run time through the control API.
 * Each has a scope (method, route template pattern, user; all optional) and fires a number of times (`count`, null for
 * no limit) with a probability drawn from the injector's seeded generator, so runs replay.
 */
import type { RateLimitReason } from './rate-limit-config.ts';

export const FAULT_TYPES = ['latency', 'error', 'rateLimit', 'conflict', 'lostResponse', 'restart'] as const;
/**
 * - latency: wait `latencyMs` of wall time before handling;
 * - error: answer `status` (500, 502, 503, 504) with Jira's body, optionally `Retry-After`;
 * - rateLimit: answer 429 with `reason` and its headers, with or without `Retry-After`;
 * - conflict: answer 409 as Jira does to a conflicting edit (default scope `PUT issue/{issueIdOrKey}`);
 * - lostResponse: do the work, then drop the connection without answering (default scope `POST issue`);
 * - restart: answer, then restart the emulator (state kept, same port).
 */
export type FaultType = (typeof FAULT_TYPES)[number];

export const ERROR_STATUSES = [500, 502, 503, 504] as const;
export type FaultErrorStatus = (typeof ERROR_STATUSES)[number];

export interface FaultScope {
  /** HTTP method, e.g. `PUT`. */
  method?: string;
  /** Route template pattern, e.g. `issue/{issueIdOrKey}` or `/rest/api/3/*` (see templateMatches). */
  path?: string;
  /** User name, accountId or e-mail address of the caller. */
  user?: string;
}

export interface Fault {
  id: string;
  type: FaultType;
  scope: FaultScope;
  /** Times left to fire; null for no limit. */
  count: number | null;
  /** Chance of firing on a matching request, 0–1. */
  probability: number;
  latencyMs?: number;
  status?: FaultErrorStatus;
  reason?: RateLimitReason;
  /** Seconds for `Retry-After`; null sends none. */
  retryAfterSeconds?: number | null;
  /** Times it has fired. */
  fired: number;
}

/** A fault as the control API receives it (id and fired are assigned). */
export type FaultInput = Omit<Fault, 'id' | 'fired'>;
