/**
 * A small seeded pseudo-random generator (mulberry32). Faults, webhook faults and retry delays draw from it, so a run with
 * the same seed and the same sequence of changes drops, duplicates and delays the same deliveries.
 */
export class SeededRandom {
  private state = 0;
  private seedValue = 0;

  constructor(seed = 1) {
    this.reseed(seed);
  }

  /** The seed the sequence started from. */
  get seed(): number {
    return this.seedValue;
  }

  /** Restarts the sequence from `seed`. */
  reseed(seed: number): void {
    this.seedValue = seed >>> 0;
    this.state = this.seedValue;
  }

  /** A number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}
