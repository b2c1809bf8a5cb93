/**
 * Control API for rate limits: `GET /_emulator/rate-limits` (configuration and the state of every bucket, per-issue
 * window and the quota), `PUT` (change part of the configuration; `resetCounters: true` refills everything) and
 * `DELETE` (back to the flavour's defaults: off).
 */
import { noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { BucketOverride, BucketRate, RateLimitConfig } from '../traffic/rate-limit-config.ts';
import {
  badBody,
  expectObject,
  join,
  objectBody,
  onlyKeys,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalNumber,
  requiredString,
} from './control-body.ts';
import { controlRoute } from './control-route.ts';

function parseRate(value: unknown, path: string, current?: BucketRate): BucketRate {
  const record = expectObject(value, path);
  onlyKeys(record, ['ratePerSecond', 'capacity', 'method', 'path'], path);
  const ratePerSecond = optionalNumber(record, 'ratePerSecond', path, 0.001) ?? current?.ratePerSecond;
  if (ratePerSecond === undefined) throw badBody(join(path, 'ratePerSecond'), 'is required');
  const capacity = optionalNumber(record, 'capacity', path, 1) ?? current?.capacity ?? ratePerSecond;
  return { ratePerSecond, capacity };
}

/** The configuration with a partial change applied; every bad key reported with its path. */
export function patchRateLimitConfig(current: RateLimitConfig, body: Record<string, unknown>): RateLimitConfig {
  onlyKeys(body, ['enabled', 'burst', 'perIssue', 'quota', 'resetCounters'], 'body');
  const next: RateLimitConfig = structuredClone(current);
  next.enabled = optionalBoolean(body, 'enabled', 'body') ?? next.enabled;

  if (body['burst'] !== undefined) {
    const burst = expectObject(body['burst'], 'burst');
    onlyKeys(burst, ['enabled', 'scope', 'defaults', 'overrides'], 'burst');
    next.burst.enabled = optionalBoolean(burst, 'enabled', 'burst') ?? next.burst.enabled;
    next.burst.scope = optionalEnum(burst, 'scope', 'burst', ['endpoint', 'user'] as const) ?? next.burst.scope;
    if (burst['defaults'] !== undefined) {
      const defaults = expectObject(burst['defaults'], 'burst.defaults');
      for (const [method, rate] of Object.entries(defaults)) {
        const key = method.toUpperCase();
        next.burst.defaults[key] = parseRate(rate, `burst.defaults.${method}`, next.burst.defaults[key]);
      }
    }
    const overrides = optionalArray(burst, 'overrides', 'burst');
    if (overrides) {
      next.burst.overrides = overrides.map((item, index): BucketOverride => {
        const path = `burst.overrides[${index}]`;
        const record = expectObject(item, path);
        return {
          method: requiredString(record, 'method', path).toUpperCase(),
          path: requiredString(record, 'path', path),
          ...parseRate(record, path),
        };
      });
    }
  }

  if (body['perIssue'] !== undefined) {
    const perIssue = expectObject(body['perIssue'], 'perIssue');
    onlyKeys(perIssue, ['enabled', 'windows'], 'perIssue');
    next.perIssue.enabled = optionalBoolean(perIssue, 'enabled', 'perIssue') ?? next.perIssue.enabled;
    const windows = optionalArray(perIssue, 'windows', 'perIssue');
    if (windows) {
      next.perIssue.windows = windows.map((item, index) => {
        const path = `perIssue.windows[${index}]`;
        const record = expectObject(item, path);
        onlyKeys(record, ['writes', 'seconds'], path);
        const writes = optionalNumber(record, 'writes', path, 1);
        const seconds = optionalNumber(record, 'seconds', path, 0.001);
        if (writes === undefined) throw badBody(join(path, 'writes'), 'is required');
        if (seconds === undefined) throw badBody(join(path, 'seconds'), 'is required');
        return { writes, seconds };
      });
    }
  }

  if (body['quota'] !== undefined) {
    const quota = expectObject(body['quota'], 'quota');
    onlyKeys(quota, ['enabled', 'pointsPerHour', 'pool', 'nearLimitRatio', 'identityObjectPoints'], 'quota');
    next.quota.enabled = optionalBoolean(quota, 'enabled', 'quota') ?? next.quota.enabled;
    next.quota.pointsPerHour = optionalNumber(quota, 'pointsPerHour', 'quota', 1) ?? next.quota.pointsPerHour;
    next.quota.pool = optionalEnum(quota, 'pool', 'quota', ['tenant', 'global'] as const) ?? next.quota.pool;
    next.quota.nearLimitRatio = optionalNumber(quota, 'nearLimitRatio', 'quota', 0, 1) ?? next.quota.nearLimitRatio;
    next.quota.identityObjectPoints =
      optionalNumber(quota, 'identityObjectPoints', 'quota', 0) ?? next.quota.identityObjectPoints;
  }
  return next;
}

export const rateLimitRoutes: RouteDefinition[] = [
  controlRoute('GET', '/rate-limits', ({ rc }) => ok(rc.ctx.traffic.rateLimits.snapshot())),
  controlRoute('PUT', '/rate-limits', ({ rc, body }) => {
    const limiter = rc.ctx.traffic.rateLimits;
    const record = objectBody(body);
    const config = patchRateLimitConfig(limiter.config, record);
    limiter.configure(config);
    if (optionalBoolean(record, 'resetCounters', 'body')) limiter.clearCounters();
    return ok(limiter.snapshot());
  }),
  controlRoute('DELETE', '/rate-limits', ({ rc }) => {
    rc.ctx.traffic.rateLimits.reset();
    return noContent();
  }),
];
