/**
 * How the adapter retries a failed Jira call, as data: attempts, capped exponential backoff and jitter. A known
 * `Retry-After` always wins over the backoff (Jira says exactly when the limit reopens).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts: number;
  /** Backoff after the first failure, ms. Default 500. */
  readonly initialDelayMs: number;
  /** Upper bound of any backoff delay, ms. Default 30 000. */
  readonly maxDelayMs: number;
  /** Growth factor per failed attempt. Default 2. */
  readonly backoffCoefficient: number;
  /** Share of the delay drawn at random, 0–1, so that many clients do not retry in step. Default 0.2. */
  readonly jitterRatio: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  backoffCoefficient: 2,
  jitterRatio: 0.2,
};

/**
 * The backoff before attempt `failedAttempts + 1`, ms: `initial × coefficient^(failed−1)`, capped, then spread by
 * ±jitterRatio/2 with `random` (a number in [0, 1), injectable so tests replay).
 */
export function backoffDelayMs(policy: RetryPolicy, failedAttempts: number, random: () => number): number {
  const exponential = policy.initialDelayMs * policy.backoffCoefficient ** Math.max(0, failedAttempts - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const spread = capped * policy.jitterRatio * (random() - 0.5);
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, capped + spread)));
}

/** A small seeded generator (mulberry32) for replayable jitter: `seededRandom(42)` gives the same sequence each run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
