/**
 * Jira Cloud's rate limits as a request gate: burst buckets per endpoint and method, the per-issue write limit and the
 * hourly points quota, checked independently on every request (the first exceeded one answers 429). Data Center's
 * per-user token bucket uses the same machinery. All time comes from the emulator clock.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestGate } from '../http/build-server.ts';
import type { JiraResponse, RouteDefinition } from '../http/route-definition.ts';
import type { JiraState } from '../model/jira-state.ts';
import type { Flavor, User } from '../model/types.ts';
import { defaultRateLimitConfig, type BucketRate, type RateLimitConfig } from './rate-limit-config.ts';
import { isoSeconds, rateLimitError } from './rate-limit-response.ts';
import { objectPoints } from './request-cost.ts';
import { normalizeTemplate, templateMatches } from './route-pattern.ts';
import { TokenBucket } from './token-bucket.ts';

const HOUR_MS = 3_600_000;

/** What the limiter needs from the emulator. */
export interface RateLimiterHost {
  readonly flavor: Flavor;
  readonly clock: { now(): number };
  readonly state: Pick<JiraState, 'findIssue'>;
}

/** One bucket's state, for the control API. */
export interface BucketState {
  key: string;
  ratePerSecond: number;
  capacity: number;
  available: number;
}

export interface RateLimitState {
  config: RateLimitConfig;
  buckets: BucketState[];
  issues: { issueId: string; windows: { writes: number; seconds: number; used: number }[] }[];
  quota: { pointsPerHour: number; used: number; remaining: number; resetsAt: string };
}

interface PendingCharge {
  template: string;
  write: boolean;
  burstHeaders: Record<string, string>;
}

/** Whether a route is a control-API route (never rate limited nor faulted). */
export function isControlRoute(definition: RouteDefinition): boolean {
  return definition.absolute === true && definition.path.startsWith('/_emulator');
}

export class RateLimiter implements RequestGate {
  private current: RateLimitConfig;
  private buckets = new Map<string, TokenBucket>();
  private issueWrites = new Map<string, number[]>();
  private quotaHour = -1;
  private quotaUsed = 0;
  private pending = new WeakMap<FastifyRequest, PendingCharge>();

  constructor(private readonly host: RateLimiterHost) {
    this.current = defaultRateLimitConfig(host.flavor);
  }

  get config(): RateLimitConfig {
    return this.current;
  }

  /** Replaces the configuration; buckets keep their tokens (capped at the new capacity). */
  configure(config: RateLimitConfig): void {
    this.current = config;
    const now = this.host.clock.now();
    for (const [key, bucket] of this.buckets) {
      const [method = 'GET', template = ''] = key.split(' ', 2);
      bucket.reconfigure(this.rateFor(method, template), now);
    }
  }

  /** Back to the flavour's defaults (off) with full buckets and an unused quota. */
  reset(): void {
    this.current = defaultRateLimitConfig(this.host.flavor);
    this.clearCounters();
  }

  /** Refills every bucket and forgets per-issue writes and quota use, keeping the configuration. */
  clearCounters(): void {
    this.buckets.clear();
    this.issueWrites.clear();
    this.quotaHour = -1;
    this.quotaUsed = 0;
  }

  beforeHandle(request: FastifyRequest, definition: RouteDefinition, user: User | undefined): void {
    const config = this.current;
    if (!config.enabled || isControlRoute(definition)) return;
    const now = this.host.clock.now();
    const template = request.jiraEndpoint ?? definition.path;
    const method = request.method.toUpperCase();
    const write = definition.write ?? method !== 'GET';

    // Quota first: once the hour's points are spent every request is refused until the next UTC hour.
    if (config.quota.enabled) {
      this.rollQuota(now);
      if (this.quotaUsed >= config.quota.pointsPerHour) {
        const resetAt = (Math.floor(now / HOUR_MS) + 1) * HOUR_MS;
        throw rateLimitError(this.host.flavor, {
          reason: config.quota.pool === 'global' ? 'jira-quota-global-based' : 'jira-quota-tenant-based',
          retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
          limit: config.quota.pointsPerHour,
          remaining: 0,
          resetAt,
        });
      }
    }

    let bucket: TokenBucket | undefined;
    if (config.burst.enabled) {
      bucket = this.bucketFor(method, template, user, now);
      if (bucket.available(now) < 1) {
        // Atlassian: X-RateLimit-Reset is the request time plus the Retry-After period.
        const retryAfterSeconds = Math.max(1, Math.ceil(bucket.msUntilToken(now) / 1000));
        throw rateLimitError(this.host.flavor, {
          reason: 'jira-burst-based',
          retryAfterSeconds,
          limit: this.host.flavor === 'cloud' ? bucket.limit.ratePerSecond : bucket.limit.capacity,
          remaining: 0,
          resetAt: now + retryAfterSeconds * 1000,
          fillRate: bucket.limit.ratePerSecond,
        });
      }
    }

    let issueId: string | undefined;
    if (config.perIssue.enabled && write) {
      const ref = (request.params as Record<string, string> | undefined)?.['issueIdOrKey'];
      issueId = ref === undefined ? undefined : this.host.state.findIssue(ref)?.id;
      if (issueId !== undefined) this.checkIssueWrites(issueId, now);
    }

    // Every limit passed: now take from each.
    bucket?.tryTake(now);
    if (issueId !== undefined) {
      const times = this.issueWrites.get(issueId);
      if (times) times.push(now);
      else this.issueWrites.set(issueId, [now]);
    }
    // The base point is charged now, so a request whose response is lost still costs it; objects are added after.
    if (config.quota.enabled) this.quotaUsed += 1;
    this.pending.set(request, { template, write, burstHeaders: bucket ? this.burstHeaders(bucket, now) : {} });
  }

  afterHandle(request: FastifyRequest, _reply: FastifyReply, response: JiraResponse): JiraResponse {
    const pending = this.pending.get(request);
    if (!pending) return response;
    this.pending.delete(request);
    const config = this.current;
    const now = this.host.clock.now();
    const headers: Record<string, string> = { ...pending.burstHeaders };
    if (config.quota.enabled) {
      if (!pending.write)
        this.quotaUsed += objectPoints(
          pending.template,
          response.status,
          response.body,
          config.quota.identityObjectPoints,
        );
      if (this.host.flavor === 'cloud') Object.assign(headers, this.quotaHeaders(now, headers));
    }
    if (Object.keys(headers).length === 0) return response;
    return { ...response, headers: { ...headers, ...response.headers } };
  }

  /** Buckets, per-issue windows and quota as they stand now. */
  snapshot(): RateLimitState {
    const now = this.host.clock.now();
    this.rollQuota(now);
    const buckets = [...this.buckets.entries()].map(([key, bucket]) => ({
      key,
      ratePerSecond: bucket.limit.ratePerSecond,
      capacity: bucket.limit.capacity,
      available: Math.floor(bucket.available(now) * 1000) / 1000,
    }));
    const issues = [...this.issueWrites.entries()].map(([issueId, times]) => ({
      issueId,
      windows: this.current.perIssue.windows.map((window) => ({
        ...window,
        used: times.filter((time) => time > now - window.seconds * 1000).length,
      })),
    }));
    const { pointsPerHour } = this.current.quota;
    return {
      config: this.current,
      buckets,
      issues,
      quota: {
        pointsPerHour,
        used: this.quotaUsed,
        remaining: Math.max(0, pointsPerHour - this.quotaUsed),
        resetsAt: isoSeconds((Math.floor(now / HOUR_MS) + 1) * HOUR_MS),
      },
    };
  }

  private rollQuota(now: number): void {
    const hour = Math.floor(now / HOUR_MS);
    if (hour !== this.quotaHour) {
      this.quotaHour = hour;
      this.quotaUsed = 0;
    }
  }

  private rateFor(method: string, template: string): BucketRate {
    const burst = this.current.burst;
    const fallback = burst.defaults[method] ?? burst.defaults['*'] ?? { ratePerSecond: 100, capacity: 100 };
    if (burst.scope === 'user') return burst.defaults['*'] ?? fallback;
    const override = burst.overrides.find(
      (candidate) => candidate.method.toUpperCase() === method && templateMatches(candidate.path, template),
    );
    return override ? { ratePerSecond: override.ratePerSecond, capacity: override.capacity } : fallback;
  }

  private bucketFor(method: string, template: string, user: User | undefined, now: number): TokenBucket {
    const key =
      this.current.burst.scope === 'user'
        ? `* user:${user?.name ?? 'anonymous'}`
        : `${method} ${normalizeTemplate(template)}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.rateFor(method, template), now);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  private checkIssueWrites(issueId: string, now: number): void {
    const times = this.issueWrites.get(issueId) ?? [];
    const longest = Math.max(0, ...this.current.perIssue.windows.map((window) => window.seconds * 1000));
    // Forget writes older than the longest window, so the log stays small.
    while (times.length > 0 && (times[0] ?? 0) <= now - longest) times.shift();
    for (const window of this.current.perIssue.windows) {
      const windowMs = window.seconds * 1000;
      const inWindow = times.filter((time) => time > now - windowMs);
      if (inWindow.length < window.writes) continue;
      // The window admits a write again when enough of its oldest writes have aged out.
      const freeing = inWindow[inWindow.length - window.writes] ?? now;
      const retryAfterSeconds = Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
      throw rateLimitError(this.host.flavor, {
        reason: 'jira-per-issue-on-write',
        retryAfterSeconds,
        limit: window.writes,
        remaining: 0,
        resetAt: now + retryAfterSeconds * 1000,
      });
    }
  }

  private burstHeaders(bucket: TokenBucket, now: number): Record<string, string> {
    const remaining = String(Math.floor(bucket.available(now)));
    if (this.host.flavor === 'datacenter') {
      return {
        'X-RateLimit-Limit': String(bucket.limit.capacity),
        'X-RateLimit-Remaining': remaining,
        'X-RateLimit-FillRate': String(bucket.limit.ratePerSecond),
        'X-RateLimit-Interval-Seconds': '1',
        'Retry-After': '0',
      };
    }
    return {
      'X-RateLimit-Limit': String(bucket.limit.ratePerSecond),
      'X-RateLimit-Remaining': remaining,
      'RateLimit-Policy': `"jira-burst-based";q=${bucket.limit.ratePerSecond};w=1`,
      RateLimit: `"jira-burst-based";r=${remaining};t=1`,
    };
  }

  /** RateLimit-Policy / RateLimit structured headers for the quota, and X-RateLimit-NearLimit under 20 % left. */
  private quotaHeaders(now: number, burst: Record<string, string>): Record<string, string> {
    const { pointsPerHour, pool, nearLimitRatio } = this.current.quota;
    const policy = pool === 'global' ? 'global-app-quota' : 'tenant-app-quota';
    const remaining = Math.max(0, pointsPerHour - this.quotaUsed);
    const secondsToReset = Math.ceil(((Math.floor(now / HOUR_MS) + 1) * HOUR_MS - now) / 1000);
    const near = remaining < pointsPerHour * nearLimitRatio;
    const headers: Record<string, string> = {
      'RateLimit-Policy': [`"${policy}";q=${pointsPerHour};w=3600`, burst['RateLimit-Policy']]
        .filter(Boolean)
        .join(', '),
      // Atlassian sends the remaining points (r) only once usage nears the quota.
      RateLimit: [`"${policy}";${near ? `r=${remaining};` : ''}t=${secondsToReset}`, burst['RateLimit']]
        .filter(Boolean)
        .join(', '),
    };
    if (near) headers['X-RateLimit-NearLimit'] = 'true';
    if (!burst['X-RateLimit-Limit']) {
      headers['X-RateLimit-Limit'] = String(pointsPerHour);
      headers['X-RateLimit-Remaining'] = String(remaining);
    }
    return headers;
  }
}
