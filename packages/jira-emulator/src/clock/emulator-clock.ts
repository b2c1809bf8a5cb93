/**
 * The emulator's clock. Everything time-based (dates on issues, rate-limit windows, webhook retries and delays,
 * search-index lag) reads this clock, so tests can freeze it, set it or move it forward through the control API.
 * Scheduled tasks run when the clock reaches their time, whether it gets there by real time passing or by advance().
 */
interface ScheduledTask {
  at: number;
  seq: number;
  run: () => void;
}

export class EmulatorClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;
  private tasks: ScheduledTask[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;

  /** Current emulator time, epoch milliseconds. */
  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }

  /** Stops time at its current value (or at `at`). Scheduled tasks then run only on advance()/set(). */
  freeze(at?: number): void {
    this.frozenAt = at ?? this.now();
    this.arm();
  }

  /** Lets time run again from where it stands. */
  unfreeze(): void {
    if (this.frozenAt === null) return;
    this.offsetMs = this.frozenAt - Date.now();
    this.frozenAt = null;
    this.arm();
  }

  /** Moves time forward by `ms` and runs every task that became due, in time order. */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError('the emulator clock only moves forward');
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
    this.runDue();
  }

  /** Sets the time (forward or back); due tasks run. */
  set(at: number): void {
    if (this.frozenAt !== null) this.frozenAt = at;
    else this.offsetMs = at - Date.now();
    this.runDue();
  }

  /** Runs `run` once the clock reaches `at`. Returns a cancel function. */
  schedule(at: number, run: () => void): () => void {
    const task: ScheduledTask = { at, seq: this.seq++, run };
    this.tasks.push(task);
    this.tasks.sort((a, b) => a.at - b.at || a.seq - b.seq);
    this.arm();
    return () => {
      this.tasks = this.tasks.filter((candidate) => candidate !== task);
      this.arm();
    };
  }

  /** Runs `run` after `ms` of emulator time. */
  after(ms: number, run: () => void): () => void {
    return this.schedule(this.now() + ms, run);
  }

  /** Number of tasks waiting. */
  get pending(): number {
    return this.tasks.length;
  }

  /** Cancels every scheduled task and the timer (on close). */
  dispose(): void {
    this.tasks = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private runDue(): void {
    for (;;) {
      const next = this.tasks[0];
      if (!next || next.at > this.now()) break;
      this.tasks.shift();
      next.run();
    }
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.tasks[0];
    if (!next || this.frozenAt !== null) return;
    // Real time catches up with the task; capped so a clock set() far ahead is noticed promptly.
    const wait = Math.min(Math.max(0, next.at - this.now()), 60_000);
    this.timer = setTimeout(() => this.runDue(), wait);
    this.timer.unref();
  }
}
