/**
 * The adapter's own record of when it sent each request and when it read each 429, with what Jira said (Retry-After,
 * RateLimit-Reason) and the gate it closed. Jira's side cannot tell a request that was already on its way when a 429
 * was answered from one sent after the answer arrived; this log can, so a check from outside (the chaos suite) judges
 * "nothing sent in a limit's scope before its Retry-After" exactly. Bounded: the last `limit` events are kept, and
 * watchers see every event as it happens (a process that may be killed can write each one out at once).
 */
import type { RateLimitScope } from '@tandem/core';

interface SendEventBase {
  /** The adapter's clock (epoch ms) when the event happened. */
  readonly at: number;
  readonly method: string;
  /** Route template, as the gates key it (`/issue/{id}`). */
  readonly route: string;
  /** The full URL of this hop (a redirect is a hop of its own). */
  readonly url: string;
  /** The issue the request names (id or key, as the caller gave it), if any. */
  readonly issue?: string;
}

/** A request handed to fetch (after the gates let it through). */
export interface JiraSentEvent extends SendEventBase {
  readonly kind: 'sent';
}

/** A 429 answer read: Jira's headers as they came, and the gate the adapter closed (none without Retry-After). */
export interface JiraRateLimitedEvent extends SendEventBase {
  readonly kind: 'rate-limited';
  readonly retryAfter: string | null;
  readonly reason: string | null;
  readonly scope: RateLimitScope;
  /** When the gate reopens, epoch ms; null when Jira gave no readable Retry-After (the retry backs off instead). */
  readonly until: number | null;
}

export type JiraSendEvent = JiraSentEvent | JiraRateLimitedEvent;

/** Events kept by default: a few minutes of a busy engine, enough for a test or a chaos run to read. */
export const SEND_LOG_LIMIT = 5000;

export class SendLog {
  private events: JiraSendEvent[] = [];
  private readonly watchers = new Set<(event: JiraSendEvent) => void>();

  constructor(private readonly limit = SEND_LOG_LIMIT) {}

  record(event: JiraSendEvent): void {
    this.events.push(event);
    // Trimmed in batches, so that a full log does not copy itself on every request.
    if (this.events.length >= this.limit * 2) this.events = this.events.slice(-this.limit);
    for (const watcher of this.watchers) {
      try {
        watcher(event);
      } catch {
        // A watcher's failure is the watcher's: it must not fail the request being sent.
      }
    }
  }

  /** The last `limit` events, oldest first. */
  entries(): JiraSendEvent[] {
    return this.events.slice(-this.limit);
  }

  /** Calls `watcher` with every later event, synchronously, as it happens; returns the call that stops it. */
  watch(watcher: (event: JiraSendEvent) => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }
}
