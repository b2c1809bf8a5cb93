/**
 * The worker: leases sync events from the durable queue (one per twin at a time, several twins in parallel), runs
 * each step, and decides what a failure means — retry later (rate limits, 5xx, network: capped backoff, never before
 * Retry-After) or park the twin with the reason (Jira refused the data) so that it blocks only itself.
 */
import { TrackerError, type SyncEvent } from '@tandem/core';
import type { EngineDeps } from './engine-deps.ts';
import type { ReplicaTransport } from './replica-transport.ts';
import { runSyncStep, type StepOutcome } from './sync-step.ts';
import { SyncStepError } from './sync-step-error.ts';

/** Reasons whose events run even when the side's sync method is manual. */
const FORCED_REASONS = new Set(['manual', 'bulk', 'retry', 'adopted-copy', 'connect', 'recover']);

export interface StepReport {
  event: SyncEvent;
  outcome?: StepOutcome;
  error?: { message: string; retryAt?: number; parked: boolean };
}

export class SyncWorker {
  private running = false;
  private readonly inFlight = new Set<Promise<void>>();
  private wakeUp: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private readonly owner: string;

  constructor(
    private readonly deps: EngineDeps,
    private readonly transport: ReplicaTransport,
    private readonly onStep: (report: StepReport) => void = () => {},
  ) {
    this.owner = `worker-${deps.newId()}`;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  /** Stops leasing and waits for the steps in flight. */
  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    await Promise.all(this.inFlight);
  }

  /** Something was queued: look now instead of at the next tick. */
  wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }

  /** Steps running right now. */
  get busy(): number {
    return this.inFlight.size;
  }

  private async loop(): Promise<void> {
    const { deps } = this;
    while (this.running) {
      const free = deps.timings.concurrency - this.inFlight.size;
      let leased: SyncEvent[] = [];
      if (free > 0) {
        try {
          leased = await deps.store.queue.lease(this.owner, free, deps.now(), deps.timings.leaseMs);
        } catch (error) {
          deps.logger.error({ err: error }, 'leasing sync events failed');
        }
      }
      for (const event of leased) {
        const step = this.run(event).finally(() => {
          this.inFlight.delete(step);
          this.wake();
        });
        this.inFlight.add(step);
      }
      if (leased.length > 0 && this.inFlight.size < deps.timings.concurrency) continue;
      const next = await deps.store.queue.nextAvailableAt().catch(() => undefined);
      const wait = next === undefined ? 1000 : Math.max(5, Math.min(1000, next - deps.now()));
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async run(event: SyncEvent): Promise<void> {
    const { deps } = this;
    const status = await deps.store.getConnectionStatus(event.connection);
    if (status?.status === 'paused') {
      // Changes queue up while paused; resume wakes the worker.
      await deps.store.queue.retry(event.id, deps.now() + 60_000);
      return;
    }
    try {
      const outcome = await runSyncStep(
        deps,
        this.transport,
        event.twinId,
        event.sourceSide,
        FORCED_REASONS.has(event.reason),
      );
      await deps.store.queue.complete(event.id);
      this.onStep({ event, outcome });
    } catch (error) {
      const report = await this.fail(event, error);
      this.onStep({ event, error: report });
    }
  }

  /** Backoff for the n-th failed attempt: exponential from 1 s, capped, with jitter so twins do not retry in step. */
  private backoff(attempts: number): number {
    const base = Math.min(this.deps.timings.maxBackoffMs, 1000 * 2 ** Math.min(attempts, 20));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private async fail(
    event: SyncEvent,
    error: unknown,
  ): Promise<{ message: string; retryAt?: number; parked: boolean }> {
    const { deps } = this;
    const now = deps.now();
    let retryAt: number | undefined;
    let details: Record<string, unknown> = {};
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof TrackerError) {
      details = { kind: error.kind, ...error.details, cause: undefined };
      if (error.kind === 'unknown-outcome') retryAt = now + 1000;
      else if (error.retryable) retryAt = now + (error.details.retryAfterMs ?? this.backoff(event.attempts));
    } else if (error instanceof SyncStepError) {
      details = error.details;
      if (error.retryable) retryAt = now + (error.retryAfterMs ?? this.backoff(event.attempts));
    } else {
      details = { unexpected: true, stack: error instanceof Error ? error.stack : undefined };
    }
    const twin = await deps.store.getTwin(event.twinId);
    const previous = await deps.store.getError(event.twinId);
    await deps.store.transaction(async (tx) => {
      if (twin) {
        await tx.putError({
          twinId: event.twinId,
          connection: event.connection,
          message,
          details: { ...details, issue: twin[event.sourceSide].issueKey, retrying: retryAt !== undefined, retryAt },
          firstAt: previous?.firstAt ?? now,
          lastAt: now,
          attempts: (previous?.attempts ?? 0) + 1,
        });
      }
      await tx.audit({
        at: now,
        connection: event.connection,
        twinId: event.twinId,
        kind: 'error',
        detail: { message, ...details, retryAt },
      });
    });
    if (retryAt !== undefined) await deps.store.queue.retry(event.id, retryAt);
    else await deps.store.queue.complete(event.id);
    deps.logger.warn(
      { twin: event.twinId, connection: event.connection, err: message, retryAt },
      retryAt ? 'sync step failed, will retry' : 'sync step failed, twin parked',
    );
    return retryAt === undefined ? { message, parked: true } : { message, retryAt, parked: false };
  }
}
