/**
 * A small pool of sandbox worker threads. Each worker runs one rule at a time; runs beyond the pool's size wait in
 * order. A run that overshoots its CPU limit by a wide margin (QuickJS stuck where the interrupt handler is not
 * consulted) is ended from outside with worker.terminate(), and the worker replaced. Idle workers do not keep the
 * process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RuleError } from '@tandem/core';
import { preludeSource } from './prelude-source.ts';
import type { SandboxAnswer, SandboxJob, SandboxRequest, SandboxWorkerMessage } from './sandbox-messages.ts';

export interface SandboxPoolOptions {
  /** How many rules may run at once (default: the cores available, from 2 to 4). */
  size?: number;
  /**
   * How long past its CPU limit a run may go before its worker is terminated, in milliseconds
   * (default: three times the limit, at least one second).
   */
  backstopMs?: (cpuTimeMs: number) => number;
}

interface PendingRun {
  job: SandboxJob;
  resolve: (answer: SandboxAnswer) => void;
  reject: (error: unknown) => void;
}

interface PoolWorker {
  /** Null until the prelude is built and the thread started. */
  worker: Worker | null;
  ready: boolean;
  running: { id: number; run: PendingRun; timer: NodeJS.Timeout } | null;
}

const WORKER_URL = new URL('./sandbox-worker-entry.mjs', import.meta.url);

export class SandboxPool {
  readonly size: number;
  private readonly backstopMs: (cpuTimeMs: number) => number;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: PendingRun[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: SandboxPoolOptions = {}) {
    this.size = options.size ?? Math.min(4, Math.max(2, availableParallelism()));
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError('A sandbox pool needs at least one worker');
    this.backstopMs = options.backstopMs ?? ((cpuTimeMs) => Math.max(1000, 3 * cpuTimeMs));
  }

  /** Runs a job on the next free worker. Rejects (with a RuleError) only when the worker itself was lost. */
  run(job: SandboxJob): Promise<SandboxAnswer> {
    if (this.closed) return Promise.reject(new Error('The sandbox pool is closed'));
    return new Promise<SandboxAnswer>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Terminates every worker; runs still waiting or running are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    const lost = new Error('The sandbox pool was closed');
    for (const run of this.queue.splice(0)) run.reject(lost);
    const stopping = [...this.workers].map((entry) => {
      if (entry.running) {
        clearTimeout(entry.running.timer);
        entry.running.run.reject(lost);
        entry.running = null;
      }
      return entry.worker?.terminate();
    });
    this.workers.clear();
    await Promise.all(stopping);
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.closed) {
      const idle = [...this.workers].find((entry) => entry.ready && entry.running === null);
      if (idle) {
        const run = this.queue.shift();
        if (run) this.dispatch(idle, run);
        continue;
      }
      if (this.workers.size < this.size) this.spawn();
      return;
    }
  }

  private spawn(): void {
    const entry: PoolWorker = { worker: null, ready: false, running: null };
    this.workers.add(entry);
    void preludeSource().then(
      (prelude) => {
        if (this.closed || !this.workers.has(entry)) return;
        this.start(entry, prelude);
      },
      (error: unknown) => this.lose(entry, error),
    );
  }

  private start(entry: PoolWorker, prelude: string): void {
    // No environment (nothing secret to find even past the sandbox) and none of the main thread's flags.
    const worker = new Worker(WORKER_URL, {
      workerData: { prelude },
      env: {},
      execArgv: [],
      resourceLimits: { stackSizeMb: 8 },
    });
    entry.worker = worker;
    worker.on('message', (message: SandboxWorkerMessage) => {
      if (message.type === 'ready') {
        entry.ready = true;
        this.pump();
        // Referenced while starting (a run is waiting for it), not while idle.
        if (entry.running === null) worker.unref();
        return;
      }
      const running = entry.running;
      if (running === null || running.id !== message.id) return;
      clearTimeout(running.timer);
      entry.running = null;
      worker.unref();
      if (message.retire) this.drop(entry);
      running.run.resolve(message.answer);
      this.pump();
    });
    worker.on('error', (error) => this.lose(entry, error));
    worker.on('exit', (code) => this.lose(entry, new Error(`The sandbox worker stopped (exit code ${code})`)));
  }

  private dispatch(entry: PoolWorker, run: PendingRun): void {
    const id = this.nextId++;
    const limit = run.job.limits.cpuTimeMs;
    const timer = setTimeout(
      () => {
        if (entry.running?.id !== id) return;
        entry.running = null;
        this.drop(entry);
        run.reject(notStopped(run.job));
        this.pump();
      },
      limit + this.backstopMs(limit),
    );
    entry.running = { id, run, timer };
    const request: SandboxRequest = { id, job: run.job };
    entry.worker?.ref();
    entry.worker?.postMessage(request);
  }

  /** A worker failed or exited on its own: its run (or, before it was ever ready, the waiting runs) fail with it. */
  private lose(entry: PoolWorker, error: unknown): void {
    if (!this.workers.has(entry)) return;
    this.drop(entry);
    const outOfMemory = (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
    const failure = new RuleError(
      outOfMemory ? 'The sandbox worker ran out of memory' : `The sandbox worker failed: ${String(error)}`,
      { reason: outOfMemory ? 'memory-limit' : 'error', cause: error },
    );
    if (entry.running) {
      clearTimeout(entry.running.timer);
      entry.running.run.reject(failure);
      entry.running = null;
    } else if (!entry.ready) {
      // A worker that cannot even start will not start next time either: do not keep the queue waiting on it.
      for (const run of this.queue.splice(0)) run.reject(failure);
    }
    this.pump();
  }

  private drop(entry: PoolWorker): void {
    this.workers.delete(entry);
    if (entry.worker !== null) void entry.worker.terminate();
  }
}

function notStopped(job: SandboxJob): RuleError {
  const message = `The ${job.kind} rule did not stop at its CPU time limit (${job.limits.cpuTimeMs} ms): its sandbox was ended`;
  return new RuleError(message, { reason: 'cpu-limit' });
}

let shared: { pool: SandboxPool; users: number } | undefined;

/** The pool every Script-mode side of the process shares by default; give it back with releaseSharedSandboxPool. */
export function acquireSharedSandboxPool(): SandboxPool {
  shared ??= { pool: new SandboxPool(), users: 0 };
  shared.users++;
  return shared.pool;
}

/** Gives back the shared pool; the last user's release terminates its workers. */
export async function releaseSharedSandboxPool(pool: SandboxPool): Promise<void> {
  if (shared === undefined || shared.pool !== pool) return;
  shared.users--;
  if (shared.users > 0) return;
  shared = undefined;
  await pool.close();
}
