/**
 * The worker: leases sync events from the durable queue (one per twin at a time, several twins in parallel), runs
 * each step, and decides what a failure means — retry later (rate limits, 5xx, network: capped backoff, never before
 * Retry-After) or park the twin with the reason (Jira refused the data) so that it blocks only itself.
 */
import { RuleError, TrackerError, type SyncEvent } from '@tandem/core';
import type { EngineDeps } from './engine-deps.ts';
import type { ReplicaTransport } from './replica-transport.ts';
import { runSyncStep, type StepOutcome } from './sync-step.ts';
import { SyncStepError } from './sync-step-error.ts';
import { tryHoldTwin } from './twin-locks.ts';

/** Reasons whose events run even when the side's sync method is manual. */
const FORCED_REASONS = new Set(['manual', 'bulk', 'retry', 'adopted-copy', 'connect', 'recover', 'parent']);
/** How a connection's error reason starts when its rules failed the start-up check. */
export const RULES_PROBLEM = 'the rules do not fit the instances:';

/** Whether a connection waits because its rules name fields its instances lack (fixed by a config change). */
export function rulesBlocked(status: { status: string; reason: string | null } | undefined): boolean {
  return status?.status === 'error' && status.reason?.startsWith(RULES_PROBLEM) === true;
}

/** How many times a child waits for its parent's twin (2 s apart) before it is parked. */
const MAX_WAITS_FOR_PARENT = 30;

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
    if (status?.status === 'paused' || rulesBlocked(status)) {
      // Changes queue up while paused; resume wakes the worker.
      await deps.store.queue.retry(event.id, deps.now() + 60_000);
      return;
    }
    // A replica from the peer node is being applied to this twin right now: this event waits its turn.
    const release = tryHoldTwin(deps, event.twinId);
    if (!release) {
      await deps.store.queue.retry(event.id, deps.now() + 100 + Math.round(Math.random() * 200));
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
    } finally {
      release();
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
    let message = error instanceof Error ? error.message : String(error);
    if (error instanceof RuleError && error.details.file && !message.includes(error.details.file)) {
      // The person fixing it needs the rule's own file and line first.
      const at = [error.details.file, error.details.line, error.details.column].filter((part) => part !== undefined);
      message = `${at.join(':')}: ${message}`;
    }
    if (error instanceof TrackerError) {
      details = { kind: error.kind, ...error.details, cause: undefined };
      if (error.kind === 'unknown-outcome') retryAt = now + 1000;
      else if (error.retryable) retryAt = now + (error.details.retryAfterMs ?? this.backoff(event.attempts));
    } else if (error instanceof SyncStepError) {
      details = error.details;
      // Waiting for a parent's twin is retried for a while (about a minute), then parked with the reason.
      const gaveUp = details['waitingFor'] !== undefined && event.attempts >= MAX_WAITS_FOR_PARENT;
      if (error.retryable && !gaveUp) retryAt = now + (error.retryAfterMs ?? this.backoff(event.attempts));
    } else if (error instanceof RuleError) {
      // A rule's own failure (a script error or limit, a bad result) does not heal by retrying: parked until fixed.
      details = {
        rule: error.details.reason,
        file: error.details.file,
        line: error.details.line,
        column: error.details.column,
      };
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
