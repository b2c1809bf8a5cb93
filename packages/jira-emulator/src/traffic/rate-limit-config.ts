/**
 * Rate-limit configuration: Jira Cloud's three independent limits, all off by default.
 *
 * Source: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ (points-based quota, burst API rate
 * limits, per-issue write limits; headers). Numbers below are that page's defaults:
 * - burst: a token bucket per tenant, endpoint and HTTP method; steady-state GET 100/s, POST 100/s, PUT 50/s,
 *   DELETE 50/s, with the Jira endpoints the page lists with their own rates. The bucket size ("burst buffer") is not
 *   published; we default it to one second's worth, so `X-RateLimit-Limit` equals the documented requests per second.
 * - per issue: 20 writes per 2 s and 100 writes per 30 s.
 * - quota: points per hour resetting at the top of each UTC hour; 65,000 (Tier 1 global pool, and Tier 2 Free).
 * Data Center has one token bucket per user instead (admin-configured: 10 requests a second, 100 at most), answered
 * with 429, `Retry-After` and `X-RateLimit-*` but no `RateLimit-Reason`.
 */
import type { Flavor } from '../model/types.ts';

export type RateLimitReason =
  'jira-burst-based' | 'jira-per-issue-on-write' | 'jira-quota-tenant-based' | 'jira-quota-global-based';

export const RATE_LIMIT_REASONS: readonly RateLimitReason[] = [
  'jira-burst-based',
  'jira-per-issue-on-write',
  'jira-quota-tenant-based',
  'jira-quota-global-based',
];

export interface BucketRate {
  /** Steady-state refill, tokens per second. */
  ratePerSecond: number;
  /** Bucket size: how many requests may go at once after a quiet period. */
  capacity: number;
}

export interface BucketOverride extends BucketRate {
  method: string;
  /** Route template, `:param` or `{param}` style, matched at the end (see templateMatches). */
  path: string;
}

export interface BurstConfig {
  enabled: boolean;
  /** `endpoint`: one bucket per route template and method (Cloud); `user`: one bucket per user (Data Center). */
  scope: 'endpoint' | 'user';
  /** Rate per HTTP method; `*` for methods not listed (and the single per-user bucket). */
  defaults: Record<string, BucketRate>;
  overrides: BucketOverride[];
}

export interface PerIssueWindow {
  writes: number;
  seconds: number;
}

export interface PerIssueConfig {
  enabled: boolean;
  windows: PerIssueWindow[];
}

export interface QuotaConfig {
  enabled: boolean;
  pointsPerHour: number;
  /** `tenant` answers `jira-quota-tenant-based` (policy `tenant-app-quota`), `global` `jira-quota-global-based`. */
  pool: 'tenant' | 'global';
  /** `X-RateLimit-NearLimit: true` once less than this share of the quota remains (Atlassian: 20 %). */
  nearLimitRatio: number;
  /** Points per object read: objects not listed cost 1 (Atlassian: issues 1, users/groups/roles/permissions 2). */
  identityObjectPoints: number;
}

export interface RateLimitConfig {
  /** Master switch; each limit also has its own. */
  enabled: boolean;
  burst: BurstConfig;
  perIssue: PerIssueConfig;
  quota: QuotaConfig;
}

/** The Jira rows of Atlassian's table of endpoints with their own burst rates. */
const JIRA_ENDPOINT_RATES: BucketOverride[] = [
  { method: 'GET', path: '/api/{version}/issue/{issueIdOrKey}', ratePerSecond: 150, capacity: 150 },
  { method: 'GET', path: '/api/{version}/issue/{issueIdOrKey}/changelog', ratePerSecond: 200, capacity: 200 },
  { method: 'GET', path: '/api/{version}/user', ratePerSecond: 150, capacity: 150 },
  { method: 'GET', path: '/api/{version}/component', ratePerSecond: 200, capacity: 200 },
  { method: 'GET', path: '/api/{version}/project/{projectIdOrKey}/role/{id}', ratePerSecond: 200, capacity: 200 },
  { method: 'GET', path: '/api/{version}/attachment/content/{id}', ratePerSecond: 300, capacity: 300 },
  { method: 'GET', path: '/api/{version}/attachment/thumbnail/{id}', ratePerSecond: 200, capacity: 200 },
  { method: 'GET', path: '/api/{version}/issuetype/{issueTypeId}/properties', ratePerSecond: 200, capacity: 200 },
  {
    method: 'GET',
    path: '/api/{version}/issuetype/{issueTypeId}/properties/{propertyKey}',
    ratePerSecond: 300,
    capacity: 300,
  },
  { method: 'POST', path: '/api/{version}/search/approximate-count', ratePerSecond: 150, capacity: 150 },
  { method: 'POST', path: '/api/{version}/expression/evaluate', ratePerSecond: 150, capacity: 150 },
  { method: 'PUT', path: '/api/{version}/component/{id}', ratePerSecond: 500, capacity: 500 },
];

/** Jira's defaults for a flavour, everything switched off. */
export function defaultRateLimitConfig(flavor: Flavor): RateLimitConfig {
  const cloud = flavor === 'cloud';
  return {
    enabled: false,
    burst: cloud
      ? {
          enabled: true,
          scope: 'endpoint',
          defaults: {
            GET: { ratePerSecond: 100, capacity: 100 },
            POST: { ratePerSecond: 100, capacity: 100 },
            PUT: { ratePerSecond: 50, capacity: 50 },
            DELETE: { ratePerSecond: 50, capacity: 50 },
          },
          overrides: JIRA_ENDPOINT_RATES.map((override) => ({ ...override })),
        }
      : {
          enabled: true,
          scope: 'user',
          defaults: { '*': { ratePerSecond: 10, capacity: 100 } },
          overrides: [],
        },
    // Data Center has neither a per-issue limit nor a points quota; they can still be switched on.
    perIssue: {
      enabled: cloud,
      windows: [
        { writes: 20, seconds: 2 },
        { writes: 100, seconds: 30 },
      ],
    },
    quota: { enabled: cloud, pointsPerHour: 65_000, pool: 'tenant', nearLimitRatio: 0.2, identityObjectPoints: 2 },
  };
}
