/**
 * Bulk runs started through the API: each queues every current match of a connection's triggers (engine.bulk) and is
 * followed until the twins it found have synced — its progress counts sync steps finished, not events queued. A run
 * can be cancelled: nothing more is queued, and what was queued still syncs. Runs are kept in memory (the last 50).
 */
import type { SyncEngine, StepReport } from '@tandem/engine';
import type { z } from 'zod';
import type { bulkRunSchema } from './api/schemas/statistics-schemas.ts';
import { NotFoundError, OperationFailedError } from './operation-errors.ts';

export type BulkRunDocument = z.input<typeof bulkRunSchema>;

const KEPT_RUNS = 50;

interface BulkRun {
  runId: string;
  connection: string;
  scanning: boolean;
  /** Twins counted by the scan so far (final and without duplicates once it ends). */
  found: number;
  /** The twins found, known when the scan ends. */
  twinIds: string[] | null;
  /** Twins whose bulk step finished: synced (or nothing to do), or parked with an error. */
  outcomes: Map<string, 'synced' | 'failed'>;
  cancel: AbortController;
  cancelled: boolean;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
  unsubscribe: () => void;
}

function isBulkStep(report: StepReport, connection: string): boolean {
  return report.event.connection === connection && report.event.reason.split(',').includes('bulk');
}

export class BulkRuns {
  private readonly runs = new Map<string, BulkRun>();

  constructor(
    private readonly engine: SyncEngine,
    private readonly options: { now: () => number; newId: () => string },
  ) {}

  /** Starts a run on a connection; OperationFailedError when one is still going there. */
  start(connection: string): BulkRunDocument {
    for (const run of this.runs.values())
      if (run.connection === connection && !this.isDone(run))
        throw new OperationFailedError(`a bulk run of ${connection} is still going (${run.runId})`, {
          runId: run.runId,
        });
    const run: BulkRun = {
      runId: this.options.newId(),
      connection,
      scanning: true,
      found: 0,
      twinIds: null,
      outcomes: new Map(),
      cancel: new AbortController(),
      cancelled: false,
      startedAt: this.options.now(),
      finishedAt: null,
      error: null,
      unsubscribe: () => {},
    };
    run.unsubscribe = this.engine.onStep((report) => {
      if (!isBulkStep(report, connection)) return;
      const twinId = report.event.twinId;
      if (report.error) {
        // A retrying step is still pending; a parked one has failed.
        if (report.error.parked) run.outcomes.set(twinId, 'failed');
      } else {
        run.outcomes.set(twinId, 'synced');
      }
      this.settle(run);
    });
    this.runs.set(run.runId, run);
    this.forgetOld();
    this.engine
      .bulk(connection, (found) => (run.found = found), run.cancel.signal)
      .then(
        (twinIds) => {
          run.twinIds = twinIds;
          run.found = twinIds.length;
        },
        (error: unknown) => {
          run.twinIds = [];
          run.error = error instanceof Error ? error.message : String(error);
        },
      )
      .finally(() => {
        run.scanning = false;
        this.settle(run);
      });
    return this.document(run);
  }

  /** A run's progress; NotFoundError when unknown (or forgotten). */
  get(runId: string): BulkRunDocument {
    return this.document(this.run(runId));
  }

  /** Runs, newest first, optionally of one connection. */
  list(connection?: string): BulkRunDocument[] {
    return [...this.runs.values()]
      .filter((run) => connection === undefined || run.connection === connection)
      .reverse()
      .map((run) => this.document(run));
  }

  /** The twins a run found (once its scan ended; empty before). */
  twins(runId: string): string[] {
    return [...(this.run(runId).twinIds ?? [])];
  }

  /** Stops queuing more; what was queued still syncs. */
  cancel(runId: string): BulkRunDocument {
    const run = this.run(runId);
    if (run.scanning) {
      run.cancelled = true;
      run.cancel.abort();
    }
    return this.document(run);
  }

  /** Stops following every run (the node is stopping). */
  close(): void {
    for (const run of this.runs.values()) {
      run.cancel.abort();
      run.unsubscribe();
    }
  }

  private run(runId: string): BulkRun {
    const run = this.runs.get(runId);
    if (!run) throw new NotFoundError(`no bulk run ${runId}`, { runId });
    return run;
  }

  private counts(run: BulkRun): { synced: number; failed: number } {
    let synced = 0;
    let failed = 0;
    const ids = run.twinIds ?? [...run.outcomes.keys()];
    for (const id of ids) {
      const outcome = run.outcomes.get(id);
      if (outcome === 'synced') synced += 1;
      else if (outcome === 'failed') failed += 1;
    }
    return { synced, failed };
  }

  private isDone(run: BulkRun): boolean {
    if (run.scanning || run.twinIds === null) return false;
    const { synced, failed } = this.counts(run);
    return synced + failed >= run.twinIds.length;
  }

  private settle(run: BulkRun): void {
    if (run.finishedAt === null && this.isDone(run)) {
      run.finishedAt = this.options.now();
      run.unsubscribe();
    }
  }

  private document(run: BulkRun): BulkRunDocument {
    const { synced, failed } = this.counts(run);
    const done = this.isDone(run);
    return {
      runId: run.runId,
      connection: run.connection,
      state: run.scanning ? 'scanning' : done ? 'done' : 'syncing',
      found: run.found,
      synced,
      pending: Math.max(0, run.found - synced - failed),
      failed,
      done,
      cancelled: run.cancelled,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      error: run.error,
    };
  }

  private forgetOld(): void {
    for (const [runId, run] of this.runs) {
      if (this.runs.size <= KEPT_RUNS) break;
      if (this.isDone(run)) {
        run.unsubscribe();
        this.runs.delete(runId);
      }
    }
  }
}
