/**
 * The operations port on a node composed in this process: checks the input, turns "not there" into NotFoundError
 * before the engine is asked (the engine's own failures are plain errors), and shapes the answers as documents.
 */
import type { ConnectionConfig } from '@tandem/config';
import type { Twin } from '@tandem/core';
import type { SyncEngine } from '@tandem/engine';
import { InvalidInputError, NotFoundError, OperationFailedError } from './operation-errors.ts';
import type {
  BulkDocument,
  ConnectDocument,
  ConnectionDocument,
  ConnectionSideView,
  ConnectionView,
  ConnectionsDocument,
  ErrorsDocument,
  QueuedDocument,
  SyncDocument,
  TwinStatusDocument,
  UnsyncDocument,
} from './operation-views.ts';
import type {
  ConnectInput,
  DryRunDocument,
  DryRunInput,
  RecoverDocument,
  TandemOperations,
  UnsyncTriggerDocument,
  UnsyncTriggerInput,
} from './tandem-operations.ts';

const ISSUE_KEY = /^[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*$/;

/** Whether `key` looks like a Jira issue key (PROJECT-123). */
export function isIssueKey(key: string): boolean {
  return ISSUE_KEY.test(key);
}

function projectOf(key: string): string {
  return key.slice(0, key.lastIndexOf('-')).toUpperCase();
}

export class NodeOperations implements TandemOperations {
  constructor(
    private readonly engine: SyncEngine,
    /** The connections as configured now (the API may add some while the node runs). */
    private readonly configuredNow: () => readonly ConnectionConfig[],
  ) {}

  private get configured(): readonly ConnectionConfig[] {
    return this.configuredNow();
  }

  async connections(): Promise<ConnectionsDocument> {
    const statuses = await this.engine.connections();
    return {
      connections: this.configured.map((config) => {
        const status = statuses.find((candidate) => candidate.name === config.name);
        return this.view(config, status);
      }),
    };
  }

  async twinStatus(key: string): Promise<TwinStatusDocument> {
    await this.issue(key);
    const statuses = await this.engine.status(key);
    if (statuses.length === 0) throw new NotFoundError(`${key} has no twin`, { key });
    return {
      key,
      twins: statuses.map((status) => ({
        twin: status.twin,
        pending: status.pending,
        error: status.error ?? null,
        lastSyncedAt: status.lastSyncedAt,
      })),
    };
  }

  async errors(): Promise<ErrorsDocument> {
    return { errors: await this.engine.errors() };
  }

  async sync(key: string): Promise<SyncDocument> {
    await this.issue(key);
    return { key, queued: await this.attempt(() => this.engine.syncNow(key)) };
  }

  async bulk(connection: string): Promise<BulkDocument> {
    this.connection(connection);
    return { connection, queued: await this.attempt(() => this.engine.bulk(connection)) };
  }

  async connect(input: ConnectInput): Promise<ConnectDocument> {
    for (const key of [input.a, input.b])
      if (!isIssueKey(key)) throw new InvalidInputError(`'${key}' is not an issue key`, { key });
    const { connection, a, b } = this.connectionFor(input);
    await this.issue(a);
    await this.issue(b);
    const twin: Twin = await this.attempt(() => this.engine.connect(connection.name, a, b));
    return { twin };
  }

  async unsync(key: string): Promise<UnsyncDocument> {
    await this.issue(key);
    const twins = await this.attempt(() => this.engine.unsync(key));
    if (twins.length === 0) throw new NotFoundError(`${key} has no twin`, { key });
    return { key, twins };
  }

  async unsyncTrigger(input: UnsyncTriggerInput): Promise<UnsyncTriggerDocument> {
    this.connection(input.connection);
    if (!Number.isInteger(input.trigger) || input.trigger < 1)
      throw new InvalidInputError('trigger is a number from 1', { trigger: input.trigger });
    const twins = await this.attempt(() => this.engine.unsyncTrigger(input.connection, input.instance, input.trigger));
    return { ...input, twins };
  }

  async dryRun(input: DryRunInput): Promise<DryRunDocument> {
    this.connection(input.connection);
    if (!isIssueKey(input.key))
      throw new InvalidInputError(`'${input.key}' is not an issue key, e.g. BLUE-1`, { key: input.key });
    return this.attempt(() => this.engine.dryRun(input.connection, input.key));
  }

  async retry(twinId?: string): Promise<QueuedDocument> {
    if (twinId !== undefined && !(await this.engine.deps.store.getTwin(twinId))) {
      throw new NotFoundError(`no twin with id ${twinId}`, { twinId });
    }
    return { queued: await this.attempt(() => this.engine.retry(twinId)) };
  }

  async recover(connection: string): Promise<RecoverDocument> {
    this.connection(connection);
    return this.attempt(() => this.engine.recover(connection));
  }

  async pause(connection: string): Promise<ConnectionDocument> {
    this.connection(connection);
    await this.attempt(() => this.engine.pause(connection));
    return { connection: await this.connectionView(connection) };
  }

  async resume(connection: string): Promise<ConnectionDocument> {
    this.connection(connection);
    await this.attempt(() => this.engine.resume(connection));
    return { connection: await this.connectionView(connection) };
  }

  private async connectionView(name: string): Promise<ConnectionView> {
    const found = (await this.connections()).connections.find((view) => view.name === name);
    if (!found) throw new NotFoundError(`no connection named ${name}`, { connection: name });
    return found;
  }

  private view(
    config: ConnectionConfig,
    status: Awaited<ReturnType<SyncEngine['connections']>>[number] | undefined,
  ): ConnectionView {
    const [first, second] = config.sides;
    const side = (s: typeof first): ConnectionSideView =>
      s.remote === true
        ? { instance: s.instance, project: null, trigger: null, sync: null, remote: true }
        : { instance: s.instance, project: s.project, trigger: s.trigger, sync: s.sync, remote: false };
    return {
      name: config.name,
      status: status?.status ?? 'pending',
      reason: status?.reason ?? null,
      sides: [side(first), side(second)],
      twins: status?.twins ?? 0,
      pending: status?.pending ?? 0,
      errors: status?.errors ?? 0,
    };
  }

  private connection(name: string): ConnectionConfig {
    const found = this.configured.find((config) => config.name === name);
    if (!found) {
      const names = this.configured.map((config) => config.name).join(', ') || 'none';
      throw new NotFoundError(`no connection named ${name} (configured: ${names})`, { connection: name });
    }
    return found;
  }

  /** The connection two keys belong to, and the keys in its side order. */
  private connectionFor(input: ConnectInput): { connection: ConnectionConfig; a: string; b: string } {
    const [pa, pb] = [projectOf(input.a), projectOf(input.b)];
    const candidates = input.connection === undefined ? this.configured : [this.connection(input.connection)];
    for (const connection of candidates) {
      const [first, second] = connection.sides;
      if (first.remote === true || second.remote === true) continue;
      if (first.project === pa && second.project === pb) return { connection, a: input.a, b: input.b };
      if (first.project === pb && second.project === pa) return { connection, a: input.b, b: input.a };
    }
    const where = input.connection === undefined ? 'no configured connection' : `connection ${input.connection}`;
    throw new InvalidInputError(`${where} joins the projects of ${input.a} and ${input.b}`, { a: input.a, b: input.b });
  }

  private async issue(key: string): Promise<void> {
    if (!isIssueKey(key)) throw new InvalidInputError(`'${key}' is not an issue key`, { key });
    const found = await this.engine.findIssue(key);
    if (!found) throw new NotFoundError(`issue ${key} was not found on any configured instance`, { key });
  }

  /** Runs an engine operation; its refusals (plain errors) become OperationFailedError. */
  private async attempt<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof NotFoundError || error instanceof InvalidInputError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      throw new OperationFailedError(message, {}, { cause: error });
    }
  }
}
