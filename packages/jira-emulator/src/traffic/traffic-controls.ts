/** The traffic parts of one emulator that the control API drives: request counts, faults and rate limits. */
import type { FaultInjector } from './fault-injector.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { RequestStats } from './request-stats.ts';

export interface TrafficControls {
  readonly stats: RequestStats;
  readonly faults: FaultInjector;
  readonly rateLimits: RateLimiter;
}
