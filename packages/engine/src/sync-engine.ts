/**
 * The sync engine of one node: detection (webhooks and the reconciliation poll), the queue worker, and the operations
 * people run (sync now, bulk, connect, unsync, status, errors, retry, pause, resume). It talks to trackers and the
 * store only through their ports; the composition root (server, CLI) wires concrete adapters in.
 */
import {
  canTransition,
  type ConnectionStatus,
  type SideName,
  type SideRules,
  type Twin,
  type TwinError,
} from '@tandem/core';
import { hasRemoteSide, otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { detectChange, sidesOfInstance } from './detection.ts';
import { dryRun, type DryRunReport } from './dry-run.ts';
import { pollSide, type PollResult } from './reconciliation-poll.ts';
import { ownAccountId } from './own-account.ts';
import { recoverTwins, type RecoveryReport } from './recover-twins.ts';
import { LocalReplicaTransport, type ReplicaTransport } from './replica-transport.ts';
import { RULES_PROBLEM, SyncWorker, rulesBlocked, type StepReport } from './sync-worker.ts';
import { WEBHOOK_EVENTS, readWebhook, webhookSecret, type WebhookVerdict } from './webhook-intake.ts';

export interface EngineStartOptions {
  /** Run the queue worker (default true). */
  worker?: boolean;
  /** Run the reconciliation poll on its interval (default true). */
  poll?: boolean;
  /** Register webhooks pointing at `publicUrl` on every instance (default false: needs a reachable server). */
  registerWebhooksAt?: string;
}

export interface TwinStatus {
  twin: Twin;
  pending: boolean;
  error: TwinError | undefined;
  lastSyncedAt: number | null;
}

export class SyncEngine {
  readonly worker: SyncWorker;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<PollResult[]> | null = null;
  private readonly stepListeners = new Set<(report: StepReport) => void>();

  constructor(
    readonly deps: EngineDeps,
    /** Secret webhooks are signed with (derived per instance). */
    private readonly nodeSecret: string,
    /** How replicas reach the receiving side: in-process by default; a peer transport for two nodes. */
    transport: ReplicaTransport = new LocalReplicaTransport(deps),
  ) {
    this.worker = new SyncWorker(deps, transport, (report) => {
      for (const listener of this.stepListeners) listener(report);
    });
  }

  /** Called after every sync step (for the live log and tests). Returns an unsubscribe function. */
  onStep(listener: (report: StepReport) => void): () => void {
    this.stepListeners.add(listener);
    return () => this.stepListeners.delete(listener);
  }

  async start(options: EngineStartOptions = {}): Promise<void> {
    for (const connection of this.deps.connections) {
      const status = await this.deps.store.getConnectionStatus(connection.name);
      // A connection with the peer's side waits for its handshake (tandem connection initiate / accept).
      if (!status)
        await this.deps.store.setConnectionStatus(
          connection.name,
          hasRemoteSide(connection) ? 'pending' : 'active',
          hasRemoteSide(connection) ? 'waiting for the peer node: tandem connection initiate / accept' : null,
        );
    }
    await this.checkRules();
    if (options.registerWebhooksAt) await this.registerWebhooks(options.registerWebhooksAt);
    if (options.worker ?? true) this.worker.start();
    if (options.poll ?? true) {
      const tick = () => {
        this.pollNow()
          .catch((error: unknown) => this.deps.logger.error({ err: error }, 'reconciliation poll failed'))
          .finally(() => {
            if (this.pollTimer) this.pollTimer = setTimeout(tick, this.deps.timings.pollIntervalMs);
          });
      };
      this.pollTimer = setTimeout(tick, 0);
    }
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    await this.polling?.catch(() => undefined);
    await this.worker.stop();
  }

  /** Runs the reconciliation poll for every connection side now (one run at a time). */
  pollNow(): Promise<PollResult[]> {
    this.polling ??= (async () => {
      const results: PollResult[] = [];
      try {
        for (const connection of this.deps.connections) {
          const status = await this.deps.store.getConnectionStatus(connection.name);
          // Pending: a peer connection before its handshake has nowhere to send replicas yet.
          if (status?.status === 'paused' || status?.status === 'pending' || rulesBlocked(status)) continue;
          for (const side of ['a', 'b'] as const) {
            // The peer node polls its own side.
            if (sideOf(connection, side).remote || sideOf(connection, side).sync === 'off') continue;
            results.push(await pollSide(this.deps, connection, side));
          }
        }
      } finally {
        this.polling = null;
        this.worker.wake();
      }
      return results;
    })();
    return this.polling;
  }

  /** The secret this node's webhooks on `instance` are signed with. */
  webhookSecret(instance: string): string {
    return webhookSecret(this.nodeSecret, instance);
  }

  /** Registers (or re-registers) this node's webhook on every instance, filtered to the connected projects. */
  async registerWebhooks(publicUrl: string): Promise<void> {
    for (const [instance, tracker] of this.deps.trackers) {
      const sides = sidesOfInstance(this.deps.connections, instance);
      if (sides.length === 0) continue;
      const name = `tandem:${instance}`;
      const url = `${publicUrl.replace(/\/$/, '')}/webhooks/jira/${encodeURIComponent(instance)}`;
      for (const existing of await tracker.listWebhooks()) {
        if (existing.name === name) await tracker.deleteWebhook(existing.id);
      }
      const projects = [...new Set(sides.map(({ connection, side }) => sideOf(connection, side).project))];
      await tracker.registerWebhook({
        name,
        url,
        events: WEBHOOK_EVENTS,
        jql: `project in (${projects.map((project) => `"${project}"`).join(', ')})`,
        secret: this.webhookSecret(instance),
      });
    }
  }

  /** Handles one webhook delivery for `instance`; answers with the HTTP status to send. */
  async handleWebhook(instance: string, rawBody: Buffer, signature: string | undefined): Promise<WebhookVerdict> {
    if (!this.deps.trackers.has(instance)) return { ok: false, status: 404, reason: `unknown instance ${instance}` };
    const verdict = readWebhook(this.webhookSecret(instance), rawBody, signature);
    if (!verdict.ok) return verdict;
    if (await this.byTandem(instance, verdict.actorId)) return verdict;
    await detectChange(this.deps, {
      instance,
      issueId: verdict.issueId,
      issueKey: verdict.issueKey,
      reason: 'webhook',
    });
    this.worker.wake();
    return verdict;
  }

  /**
   * Whether a change was made by Tandem's own account: its write, comment, attachment, link or marker. Its step would
   * only read the issue to find what Tandem itself wrote (the echo that the receiving step already recorded), so it
   * is not queued. A person's change comes with its own delivery; if that one is lost, the poll still finds it, since
   * Jira's `updated` is then newer than the one recorded with the twin's last step. (An account shared with people
   * would make their changes wait for the poll.)
   */
  private async byTandem(instance: string, actorId: string | undefined): Promise<boolean> {
    const tracker = this.deps.trackers.get(instance);
    if (actorId === undefined || !tracker) return false;
    const own = await ownAccountId(tracker).catch(() => undefined);
    return own === actorId;
  }

  /** Finds an issue by key on the instances whose connection sides hold its project. */
  async findIssue(key: string): Promise<{ instance: string; id: string; key: string } | undefined> {
    const project = key.split('-')[0]?.toUpperCase();
    const instances = new Set<string>();
    for (const connection of this.deps.connections) {
      for (const side of [connection.a, connection.b])
        if (!side.remote && side.project.toUpperCase() === project) instances.add(side.instance);
    }
    for (const instance of instances.size > 0 ? instances : this.deps.trackers.keys()) {
      const issue = await this.deps.trackers.get(instance)?.getIssue(key);
      if (issue) return { instance, id: issue.id, key: issue.key };
    }
    return undefined;
  }

  /** `tandem sync KEY`: queues the issue now, whatever its side's sync method, and returns the twins queued. */
  async syncNow(key: string): Promise<string[]> {
    const issue = await this.findIssue(key);
    if (!issue) throw new Error(`issue ${key} was not found on any configured instance`);
    const twins = await detectChange(
      this.deps,
      { instance: issue.instance, issueId: issue.id, issueKey: issue.key, reason: 'manual' },
      false,
      true,
    );
    this.worker.wake();
    return twins;
  }

  /** `tandem bulk CONNECTION`: queues every current match of both sides' triggers. Returns the twins queued. */
  async bulk(connectionName: string, onProgress?: (found: number) => void, signal?: AbortSignal): Promise<string[]> {
    const connection = this.connection(connectionName);
    const twins: string[] = [];
    for (const side of ['a', 'b'] as const) {
      const { instance, trigger } = sideOf(connection, side);
      const tracker = this.deps.trackers.get(instance);
      if (!tracker || trigger.trim() === '') continue;
      for await (const ref of tracker.search(trigger)) {
        // Cancelled: what was queued so far still syncs; nothing more is queued.
        if (signal?.aborted) break;
        twins.push(
          ...(await detectChange(
            this.deps,
            { instance, issueId: ref.id, issueKey: ref.key, reason: 'bulk' },
            true,
            false,
            connection.name,
          )),
        );
        onProgress?.(twins.length);
      }
    }
    this.worker.wake();
    return [...new Set(twins)];
  }

  /** `tandem connect A B`: makes two existing issues twins (no issue created) and merges them once. */
  async connect(connectionName: string, keyA: string, keyB: string): Promise<Twin> {
    const connection = this.connection(connectionName);
    const [issueA, issueB] = await Promise.all([
      this.deps.trackers.get(connection.a.instance)?.getIssue(keyA),
      this.deps.trackers.get(connection.b.instance)?.getIssue(keyB),
    ]);
    if (!issueA) throw new Error(`${keyA} was not found on ${connection.a.instance}`);
    if (!issueB) throw new Error(`${keyB} was not found on ${connection.b.instance}`);
    for (const [instance, issue] of [
      [connection.a.instance, issueA],
      [connection.b.instance, issueB],
    ] as const) {
      const existing = await this.deps.store.findTwinByIssue(connection.name, instance, issue.id);
      if (existing) throw new Error(`${issue.key} is already twinned in ${connection.name}`);
    }
    const now = this.deps.now();
    const twin: Twin = {
      id: this.deps.newId(),
      connection: connection.name,
      a: { instance: connection.a.instance, issueId: issueA.id, issueKey: issueA.key },
      b: { instance: connection.b.instance, issueId: issueB.id, issueKey: issueB.key },
      origin: issueA.created <= issueB.created ? 'a' : 'b',
      state: 'active',
      createIntent: null,
      createdAt: now,
      updatedAt: now,
      lastSyncedAt: null,
    };
    // The later-updated issue goes first: first contact keeps the newer values on both sides.
    const first: SideName = issueA.updated >= issueB.updated ? 'a' : 'b';
    await this.deps.store.transaction(async (tx) => {
      await tx.insertTwin(twin);
      await tx.enqueue({
        connection: connection.name,
        twinId: twin.id,
        sourceSide: first,
        reason: 'connect',
        availableAt: now,
      });
      await tx.enqueue({
        connection: connection.name,
        twinId: twin.id,
        sourceSide: otherSide(first),
        reason: 'connect',
        availableAt: now + 1,
      });
      await tx.audit({
        at: now,
        connection: connection.name,
        twinId: twin.id,
        kind: 'detected',
        detail: { connect: [issueA.key, issueB.key] },
      });
    });
    this.worker.wake();
    return twin;
  }

  /** `tandem unsync KEY`: stops syncing the twin holding this issue (both issues stay as they are). */
  async unsync(key: string): Promise<Twin[]> {
    const twins = await this.twinsOf(key);
    for (const twin of twins) {
      await this.deps.store.updateTwin({ ...twin, state: 'unsynced', updatedAt: this.deps.now() });
      await this.deps.store.audit({
        at: this.deps.now(),
        connection: twin.connection,
        twinId: twin.id,
        kind: 'skipped',
        detail: { unsynced: key },
      });
    }
    return twins;
  }

  /**
   * `tandem unsync --connection C --trigger N [--side INSTANCE]`: stops syncing every current match of one trigger
   * (numbered from 1 in the order the config lists them). Returns the twins stopped.
   */
  async unsyncTrigger(connectionName: string, instance: string, triggerNumber: number): Promise<Twin[]> {
    const connection = this.connection(connectionName);
    const side = [connection.a, connection.b].find((candidate) => candidate.instance === instance && !candidate.remote);
    if (!side) throw new Error(`${instance} is not a side of ${connectionName} served by this node`);
    const trigger = side.triggers?.[triggerNumber - 1];
    if (!trigger) {
      throw new Error(
        `${connectionName} has no trigger ${triggerNumber} on ${instance} (it has ${side.triggers?.length ?? 0})`,
      );
    }
    const tracker = this.deps.trackers.get(instance);
    if (!tracker) throw new Error(`no tracker for ${instance}`);
    const stopped: Twin[] = [];
    for await (const ref of tracker.search(trigger.jql)) {
      const twin = await this.deps.store.findTwinByIssue(connectionName, instance, ref.id);
      if (!twin || twin.state === 'unsynced') continue;
      await this.deps.store.updateTwin({ ...twin, state: 'unsynced', updatedAt: this.deps.now() });
      await this.deps.store.audit({
        at: this.deps.now(),
        connection: connectionName,
        twinId: twin.id,
        kind: 'skipped',
        detail: { unsynced: ref.key, trigger: triggerNumber },
      });
      stopped.push(twin);
    }
    return stopped;
  }

  /**
   * Replaces the rules of one side of a connection (the console saved a new mapping or script): steps from now on use
   * them; a step already running finishes with the old ones.
   */
  setRules(connectionName: string, side: SideName, rules: SideRules): void {
    const connection = this.connection(connectionName);
    connection.rules = { ...connection.rules, [side]: rules };
  }

  /** `tandem rules test --connection C --issue KEY`: what the rules would do, writing nothing. */
  dryRun(connectionName: string, key: string): Promise<DryRunReport> {
    return dryRun(this.deps, this.connection(connectionName), key);
  }

  /** `tandem status KEY`. */
  async status(key: string): Promise<TwinStatus[]> {
    const twins = await this.twinsOf(key);
    return Promise.all(
      twins.map(async (twin) => ({
        twin,
        pending: (await this.deps.store.queue.pendingFor(twin.id)) > 0,
        error: await this.deps.store.getError(twin.id),
        lastSyncedAt: twin.lastSyncedAt,
      })),
    );
  }

  /** Parked and retrying twins. */
  errors(connection?: string): Promise<TwinError[]> {
    return this.deps.store.listErrors(connection);
  }

  /** `tandem retry [TWIN]`: queues parked twins again (all when no id is given). Returns the twins queued. */
  async retry(twinId?: string): Promise<string[]> {
    const errors = twinId
      ? [await this.deps.store.getError(twinId)].filter((error) => error !== undefined)
      : await this.deps.store.listErrors();
    const queued: string[] = [];
    for (const error of errors) {
      const twin = await this.deps.store.getTwin(error.twinId);
      if (!twin) continue;
      await this.deps.store.transaction(async (tx) => {
        await tx.clearError(twin.id);
        for (const side of ['a', 'b'] as const) {
          if (twin[side].issueId)
            await tx.enqueue({
              connection: twin.connection,
              twinId: twin.id,
              sourceSide: side,
              reason: 'retry',
              availableAt: this.deps.now(),
            });
        }
      });
      queued.push(twin.id);
    }
    this.worker.wake();
    return queued;
  }

  /** Connection statuses. */
  async connections(): Promise<
    { name: string; status: ConnectionStatus; reason: string | null; twins: number; pending: number; errors: number }[]
  > {
    return Promise.all(
      this.deps.connections.map(async (connection) => {
        const status = await this.deps.store.getConnectionStatus(connection.name);
        return {
          name: connection.name,
          status: status?.status ?? 'pending',
          reason: status?.reason ?? null,
          twins: await this.deps.store.countTwins(connection.name),
          pending: await this.deps.store.queue.depth(connection.name),
          errors: (await this.deps.store.listErrors(connection.name)).length,
        };
      }),
    );
  }

  async pause(connectionName: string): Promise<void> {
    await this.setStatus(connectionName, 'paused');
  }

  /** Resumes a paused connection: what queued up while paused runs now. */
  async resume(connectionName: string): Promise<void> {
    await this.setStatus(connectionName, 'active');
    await this.retryQueuedNow(connectionName);
    this.worker.wake();
  }

  /** `tandem recover CONNECTION`: rebuilds lost twins from the markers Tandem left in Jira, then syncs them. */
  async recover(connectionName: string): Promise<RecoveryReport> {
    const report = await recoverTwins(this.deps, connectionName);
    this.worker.wake();
    return report;
  }

  /**
   * Checks each side's rules against its instance's fields. A connection whose rules name fields that do not exist is
   * put in error with every problem and its config path (its events wait); once fixed, a restart makes it active.
   */
  private async checkRules(): Promise<void> {
    for (const connection of this.deps.connections) {
      const problems: string[] = [];
      for (const side of ['a', 'b'] as const) {
        const config = sideOf(connection, side);
        const rules = connection.rules?.[side];
        const tracker = this.deps.trackers.get(config.instance);
        if (config.remote || !rules?.check || !tracker) continue;
        try {
          const catalog = await tracker.fieldCatalog();
          problems.push(...rules.check(catalog).map((problem) => `${problem.field}: ${problem.message}`));
        } catch (error) {
          // An unreachable instance is not a rules problem: the sync steps will report it.
          this.deps.logger.warn({ err: error, instance: config.instance }, 'cannot read the field list to check rules');
        }
      }
      const current = await this.deps.store.getConnectionStatus(connection.name);
      if (problems.length > 0) {
        const reason = `${RULES_PROBLEM} ${problems.join('; ')}`;
        await this.deps.store.setConnectionStatus(connection.name, 'error', reason);
        this.deps.logger.error({ connection: connection.name, problems }, 'the rules name fields that do not exist');
      } else if (current?.status === 'error' && current.reason?.startsWith(RULES_PROBLEM)) {
        await this.deps.store.setConnectionStatus(connection.name, 'active', null);
      }
    }
  }

  /** Resolves once nothing is queued or running (tests, bulk progress). */
  async waitUntilIdle(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const depth = await this.deps.store.queue.depth();
      if (depth === 0 && this.worker.busy === 0 && !this.polling) return;
      if (Date.now() > deadline)
        throw new Error(
          `sync did not go idle within ${timeoutMs} ms (queue depth ${depth}, steps running ${this.worker.busy})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private async retryQueuedNow(connectionName: string): Promise<void> {
    // Events postponed while paused become available again now.
    const twins = await this.deps.store.listTwins(connectionName);
    await this.deps.store.transaction(async (tx) => {
      for (const twin of twins) {
        for (const side of ['a', 'b'] as const) {
          if (twin[side].issueId && twin.state !== 'unsynced') {
            await tx.enqueue({
              connection: connectionName,
              twinId: twin.id,
              sourceSide: side,
              reason: 'resume',
              availableAt: this.deps.now(),
            });
          }
        }
      }
    });
  }

  private async setStatus(connectionName: string, status: ConnectionStatus): Promise<void> {
    this.connection(connectionName);
    const current = (await this.deps.store.getConnectionStatus(connectionName))?.status ?? 'pending';
    if (!canTransition(current, status))
      throw new Error(`connection ${connectionName} cannot go from ${current} to ${status}`);
    await this.deps.store.setConnectionStatus(connectionName, status, null);
  }

  private connection(name: string): EngineConnection {
    const connection = this.deps.connections.find((candidate) => candidate.name === name);
    if (!connection)
      throw new Error(
        `no connection named ${name} (configured: ${this.deps.connections.map((c) => c.name).join(', ')})`,
      );
    return connection;
  }

  private async twinsOf(key: string): Promise<Twin[]> {
    const issue = await this.findIssue(key);
    if (!issue) throw new Error(`issue ${key} was not found on any configured instance`);
    const twins: Twin[] = [];
    for (const connection of this.deps.connections) {
      const twin = await this.deps.store.findTwinByIssue(connection.name, issue.instance, issue.id);
      if (twin) twins.push(twin);
    }
    return twins;
  }
}
