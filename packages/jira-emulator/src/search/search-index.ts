/**
 * Jira's search index, which lags behind writes. With `lagMs` 0 (the default) search reads the live issues and
 * this costs nothing. With a lag, every change to an issue reaches the index `lagMs` of emulator-clock time later:
 * until then JQL search does not see a new issue, sees a changed issue as it was (matching and rendering the old
 * snapshot), and still finds a deleted one. Issues named in Cloud's `reconcileIssues` are read live, as Jira's
 * read-after-write consistency promises.
 */
import type { EmulatorClock } from '../clock/emulator-clock.ts';
import type { EmulatorLifecycle } from '../control/emulator-lifecycle.ts';
import type { JiraEvent, JiraEventBus } from '../model/jira-events.ts';
import type { JiraState } from '../model/jira-state.ts';
import type { Issue } from '../model/types.ts';

interface PendingUpdate {
  /** Emulator time at which the index catches up with this change. */
  at: number;
  issueId: string;
  /** The issue as it was right after the change; null for a deletion. */
  snapshot: Issue | null;
}

export interface SearchIndexDeps {
  state: JiraState;
  clock: EmulatorClock;
  events: JiraEventBus;
  lifecycle?: EmulatorLifecycle;
}

export class SearchIndex {
  private lag = 0;
  /** What the index holds, by issue id; only kept while a lag is set. */
  private indexed: Map<string, Issue> | null = null;
  private pending: PendingUpdate[] = [];

  constructor(private readonly deps: SearchIndexDeps) {
    deps.events.on((event) => this.onEvent(event));
    // A reset clears injected faults, the lag among them.
    deps.lifecycle?.onReset(() => this.setLag(0));
  }

  /** Current lag in ms of emulator-clock time (0 = consistent). */
  get lagMs(): number {
    return this.lag;
  }

  /** Sets the lag; the index starts from the live state (changes made before are already indexed). */
  setLag(lagMs: number): void {
    if (!Number.isFinite(lagMs) || lagMs < 0) throw new RangeError(`lagMs must be a non-negative number, got ${lagMs}`);
    this.lag = lagMs;
    this.resync();
  }

  /** Drops everything pending and indexes the live state as it is now. */
  resync(): void {
    this.pending = [];
    this.indexed =
      this.lag > 0 ? new Map(this.deps.state.data.issues.map((issue) => [issue.id, structuredClone(issue)])) : null;
  }

  /**
   * The issues as JQL search sees them now: the index's snapshots, with the issues whose ids are in `reconcile`
   * read live (present if they exist, absent if deleted).
   */
  searchableIssues(reconcile: ReadonlySet<string> = new Set()): Issue[] {
    const live = this.deps.state;
    if (this.indexed === null) return live.data.issues;
    this.catchUp();
    const out: Issue[] = [];
    for (const [id, snapshot] of this.indexed) {
      if (reconcile.has(id)) continue;
      out.push(snapshot);
    }
    for (const id of reconcile) {
      const issue = live.issueById(id);
      if (issue) out.push(issue);
    }
    return out;
  }

  /** Number of changes the index has not caught up with yet. */
  get pendingCount(): number {
    this.catchUp();
    return this.pending.length;
  }

  private catchUp(): void {
    if (this.indexed === null || this.pending.length === 0) return;
    const now = this.deps.clock.now();
    let applied = 0;
    for (const update of this.pending) {
      if (update.at > now) break;
      if (update.snapshot) this.indexed.set(update.issueId, update.snapshot);
      else this.indexed.delete(update.issueId);
      applied++;
    }
    if (applied > 0) this.pending.splice(0, applied);
  }

  private onEvent(event: JiraEvent): void {
    if (this.indexed === null || !('issue' in event)) return;
    const issue = event.issue;
    const deleted = event.webhookEvent === 'jira:issue_deleted' || !this.deps.state.issueById(issue.id);
    // Pending updates stay in time order because the clock never goes back between two events.
    this.pending.push({
      at: this.deps.clock.now() + this.lag,
      issueId: issue.id,
      snapshot: deleted ? null : structuredClone(issue),
    });
  }
}
