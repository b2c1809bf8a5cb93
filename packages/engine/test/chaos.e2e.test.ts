/**
 * The chaos suite's bounded run inside `npm test`: a few seeds of the model-based chaos runs (see test/chaos/), each
 * a test of its own. `npm run chaos` runs many more; `SEED=… npm run chaos` replays one.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { chaosProperty, type ChaosRunReport } from './chaos/chaos-run.ts';
import { ChaosEmulators } from './chaos/chaos-world.ts';

/** Seeds that cover both engine modes and several fault kinds (each passes; see bench/results/chaos.md). */
const CI_SEEDS = [3, 4, 7, 8, 19];

void describe('chaos (bounded)', () => {
  let emulators: ChaosEmulators;
  before(async () => {
    emulators = await ChaosEmulators.start();
  });
  after(() => emulators.close());

  for (const seed of CI_SEEDS) {
    void test(`seed ${seed}: converged, no duplicates, nothing lost, no echo, in order, live`, async () => {
      let report: ChaosRunReport | undefined;
      const result = await fc.check(
        chaosProperty(emulators, seed, { maxCommands: 20, restore: false, onReport: (r) => (report = r) }),
        { seed, numRuns: 1, endOnFailure: true },
      );
      const fired = Object.entries(report?.fired ?? {})
        .map(([name, count]) => `${name}×${count}`)
        .join(', ');
      console.log(
        `seed ${seed} (${report?.mode ?? '?'}): fired ${fired || 'none'}; never fired: ${report?.unfired.join(', ') || '-'}`,
      );
      assert.ok(
        !result.failed,
        `${fc.defaultReportMessage(result) ?? ''}\n${String((result.errorInstance as Error | undefined)?.message ?? '')}\nreplay: SEED=${seed} npm run chaos`,
      );
    });
  }
});
