/**
 * Puts an emulator back to a fresh instance without restarting it: Jira's defaults (optionally the demo seed), no
 * issues, extra users, webhooks or attachment bytes, zeroed request counts, no faults (webhook faults included),
 * rate limits back to off.
 * The clock is left as it is: tests that froze it keep control of time.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { createDefaultData } from '../model/defaults.ts';
import { seedDemoData } from '../model/demo-seed.ts';

export function resetEmulator(ctx: EmulatorContext, seed: 'demo' | 'none'): void {
  ctx.state.data = createDefaultData(ctx.flavor);
  ctx.state.reindex();
  ctx.state.touch();
  ctx.blobs.clear();
  ctx.traffic.stats.reset();
  ctx.traffic.faults.clear();
  ctx.traffic.rateLimits.reset();
  ctx.webhooks.clearFaults();
  ctx.webhooks.clearLog();
  if (seed === 'demo') seedDemoData(ctx);
  ctx.lifecycle.notifyReset();
}
