/**
 * "Not before" gates: once Jira has said when a limit reopens (`Retry-After`), no request in that limit's scope is
 * sent before then. Scopes follow Jira Cloud's limits: burst limits are per endpoint and method, per-issue write
 * limits per issue (writes only; reads of the issue are not limited), quotas for the whole instance.
 */
import type { RateLimitScope } from '@tandem/core';

/** What a request contributes to gate keys. */
export interface GatedRequest {
  readonly method: string;
  /** Route template, e.g. `/issue/{id}/comment`. */
  readonly route: string;
  /** The issue a write concerns, if any. */
  readonly issue?: string | undefined;
}

const INSTANCE_KEY = 'instance';

function endpointKey(request: GatedRequest): string {
  return `endpoint:${request.method} ${request.route}`;
}

function issueKey(request: GatedRequest): string | undefined {
  return request.issue !== undefined && request.method !== 'GET' ? `issue:${request.issue}` : undefined;
}

export class RateLimitGates {
  private readonly notBefore = new Map<string, number>();

  constructor(
    private readonly clock: () => number,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {}

  /** Closes the gate of `scope` (as seen from `request`) until `until`, epoch ms; a later known time wins. */
  block(request: GatedRequest, scope: RateLimitScope, until: number): void {
    const key =
      scope === 'tenant' || scope === 'global'
        ? INSTANCE_KEY
        : scope === 'issue'
          ? (issueKey(request) ?? endpointKey(request))
          : endpointKey(request);
    this.notBefore.set(key, Math.max(this.notBefore.get(key) ?? 0, until));
  }

  /** Waits (with the injected sleep) until every gate the request passes through is open. */
  async waitFor(request: GatedRequest): Promise<void> {
    for (;;) {
      const now = this.clock();
      const until = this.closedUntil(request, now);
      if (until <= now) return;
      await this.sleep(until - now);
    }
  }

  /**
   * Whether every gate the request passes through is open right now. Callers check it in the same turn as they send:
   * a 429 read while `waitFor` was resuming has closed the gate again.
   */
  isOpen(request: GatedRequest): boolean {
    const now = this.clock();
    return this.closedUntil(request, now) <= now;
  }

  /** The latest time a gate of the request stays closed until (0 when all are open); forgets gates past `now`. */
  private closedUntil(request: GatedRequest, now: number): number {
    let until = 0;
    for (const key of [INSTANCE_KEY, endpointKey(request), issueKey(request)]) {
      if (key === undefined) continue;
      const gate = this.notBefore.get(key);
      if (gate === undefined) continue;
      if (gate <= now) this.notBefore.delete(key);
      else until = Math.max(until, gate);
    }
    return until;
  }
}
