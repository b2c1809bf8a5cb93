/**
 * Time for a tracker under test: its clock is the emulator's (frozen) clock and its sleep moves that clock forward,
 * so a Retry-After of seconds passes at once and the emulator's own rate limiter judges whether the adapter waited
 * long enough. Sleeps can be held to look at what else happens while one call waits.
 */
import type { JiraEmulator } from '@tandem/jira-emulator';

export interface EmulatedTime {
  /** Every sleep asked for, ms, in order. */
  readonly sleeps: number[];
  readonly sleep: (ms: number) => Promise<void>;
  /** From now on sleeps wait until release(). */
  hold(): void;
  /** Ends every held sleep, moving the clock to the latest end asked for. */
  release(): void;
  /** Sleeps currently held. */
  readonly held: number;
}

export function emulatedTime(emulator: JiraEmulator): EmulatedTime {
  const { clock } = emulator.context;
  const sleeps: number[] = [];
  const waiting: (() => void)[] = [];
  let holding = false;
  const advanceTo = (target: number) => clock.advance(Math.max(0, target - clock.now()));
  return {
    sleeps,
    async sleep(ms) {
      sleeps.push(ms);
      const target = clock.now() + ms;
      if (holding) await new Promise<void>((resolve) => waiting.push(resolve));
      advanceTo(target);
    },
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      for (const resolve of waiting.splice(0)) resolve();
    },
    get held() {
      return waiting.length;
    },
  };
}

/** Resolves once `condition` holds, letting I/O run between checks; fails after `maxTurns` event-loop turns. */
export async function until(condition: () => boolean, maxTurns = 10_000): Promise<void> {
  for (let turn = 0; turn < maxTurns; turn++) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error('condition not reached');
}
