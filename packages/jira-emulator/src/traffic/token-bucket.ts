/**
 * A token bucket on the emulator clock: `capacity` tokens, refilled continuously at `ratePerSecond`.
 * Refill is computed lazily from the clock on each look, so a frozen clock freezes the bucket and advance() refills it.
 */
import type { BucketRate } from './rate-limit-config.ts';

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private rate: BucketRate,
    now: number,
  ) {
    this.tokens = rate.capacity;
    this.updatedAt = now;
  }

  /** Tokens available at `now` (fractional). */
  available(now: number): number {
    this.refill(now);
    return this.tokens;
  }

  get limit(): BucketRate {
    return this.rate;
  }

  /** Takes one token if there is one. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until one token is available (0 when one is). */
  msUntilToken(now: number): number {
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.ceil(((1 - this.tokens) / this.rate.ratePerSecond) * 1000);
  }

  /** Applies a new rate (after a configuration change), keeping the tokens it has up to the new capacity. */
  reconfigure(rate: BucketRate, now: number): void {
    this.refill(now);
    this.rate = rate;
    this.tokens = Math.min(this.tokens, rate.capacity);
  }

  private refill(now: number): void {
    // A clock set backwards refills nothing rather than draining the bucket.
    const elapsed = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.rate.capacity, this.tokens + (elapsed / 1000) * this.rate.ratePerSecond);
    this.updatedAt = now;
  }
}
