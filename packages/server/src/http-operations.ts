/**
 * The operations port over the JSON API of a node serving elsewhere (what the CLI uses while `tandem serve` runs).
 * Requests carry `Authorization: Bearer <token>` (an API token, or the node-local token). The API's answers are turned
 * back into the operations' documents, and its status codes into the same operation errors `NodeOperations` throws.
 */
import type { Twin, TwinError } from '@tandem/core';
import { InvalidInputError, NotFoundError, OperationFailedError } from './operation-errors.ts';
import type {
  BulkDocument,
  ConnectDocument,
  ConnectionDocument,
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
import type { ConnectionDocument as ApiConnection } from './api/views/connection-view.ts';
import type { ErrorGroupDocument } from './api/views/error-groups.ts';
import type { TwinSummaryDocument } from './api/views/twin-view.ts';
import type { BulkRunDocument } from './bulk-runs.ts';

/** The node could not be reached at all. */
export class NodeUnreachableError extends Error {
  override readonly name = 'NodeUnreachableError';
}

export interface HttpOperationsOptions {
  /** Sent as `Authorization: Bearer <token>`: an API token, or the node-local token (see localApiTokenFor). */
  token?: string;
  /** Per request, default 120 s. */
  timeoutMs?: number;
}

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const pathOf = encodeURIComponent;

/** The operations' Twin from the API's twin (which adds links, pending and error). */
function twinOf(summary: TwinSummaryDocument): Twin {
  const side = (value: TwinSummaryDocument['a']) => ({
    instance: value.instance,
    issueId: value.issueId,
    issueKey: value.issueKey,
  });
  return {
    id: summary.id,
    connection: summary.connection,
    a: side(summary.a),
    b: side(summary.b),
    origin: summary.origin,
    state: summary.state,
    createIntent: summary.createIntent,
    createdAt: summary.createdAt,
    updatedAt: summary.updatedAt,
    lastSyncedAt: summary.lastSyncedAt,
  };
}

function connectionViewOf(connection: ApiConnection): ConnectionView {
  const side = (value: ApiConnection['sides'][number]) =>
    value.remote
      ? { instance: value.instance, project: null, trigger: null, sync: null, remote: true }
      : { instance: value.instance, project: value.project, trigger: value.trigger, sync: value.sync, remote: false };
  const [a, b] = connection.sides;
  if (!a || !b) throw new OperationFailedError(`the node answered connection ${connection.name} without two sides`);
  return {
    name: connection.name,
    status: connection.status,
    reason: connection.reason,
    sides: [side(a), side(b)],
    twins: connection.twins,
    pending: connection.pending,
    errors: connection.errors,
  };
}

export class HttpOperations implements TandemOperations {
  private readonly token: string | undefined;
  private readonly timeoutMs: number;

  /** `baseUrl`: the node's address, e.g. `http://127.0.0.1:7300`. */
  constructor(
    readonly baseUrl: string,
    options: HttpOperationsOptions = {},
  ) {
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 120_000;
  }

  async connections(): Promise<ConnectionsDocument> {
    const all = await this.all<ApiConnection>('/api/connections');
    return { connections: all.map(connectionViewOf) };
  }
  async twinStatus(key: string): Promise<TwinStatusDocument> {
    const twins = await this.all<TwinSummaryDocument>(`/api/twins?key=${pathOf(key)}`);
    if (twins.length === 0) throw new NotFoundError(`${key} has no twin`, { key });
    return {
      key,
      twins: twins.map((summary) => ({
        twin: twinOf(summary),
        pending: summary.pending,
        error:
          summary.error === null
            ? null
            : ({ twinId: summary.id, connection: summary.connection, ...summary.error } satisfies TwinError),
        lastSyncedAt: summary.lastSyncedAt,
      })),
    };
  }
  async errors(): Promise<ErrorsDocument> {
    const groups = await this.all<ErrorGroupDocument>('/api/errors');
    const errors: TwinError[] = groups.flatMap((group) =>
      group.twins.map((twin) => ({
        twinId: twin.twinId,
        connection: group.connection,
        message: twin.message,
        details: twin.details,
        firstAt: twin.firstAt,
        lastAt: twin.lastAt,
        attempts: twin.attempts,
      })),
    );
    // As the store lists them: newest first.
    return { errors: errors.sort((x, y) => y.lastAt - x.lastAt) };
  }
  sync(key: string): Promise<SyncDocument> {
    return this.call('POST', `/api/issues/${pathOf(key)}/sync`);
  }
  /** Starts a bulk run and waits for its scan to end (not for the syncs); answers the twins it queued. */
  async bulk(connection: string): Promise<BulkDocument> {
    let run = await this.call<BulkRunDocument>('POST', `/api/connections/${pathOf(connection)}/bulk`);
    while (run.state === 'scanning') {
      await new Promise((resolve) => setTimeout(resolve, 100));
      run = await this.call<BulkRunDocument>('GET', `/api/bulk/${pathOf(run.runId)}`);
    }
    if (run.error !== null) throw new OperationFailedError(run.error, { runId: run.runId });
    return { connection, queued: await this.all<string>(`/api/bulk/${pathOf(run.runId)}/twins`) };
  }
  async connect(input: ConnectInput): Promise<ConnectDocument> {
    const { twin } = await this.call<{ twin: TwinSummaryDocument }>('POST', '/api/connect', input);
    return { twin: twinOf(twin) };
  }
  async unsync(key: string): Promise<UnsyncDocument> {
    const result = await this.call<{ key: string; twins: TwinSummaryDocument[] }>(
      'POST',
      `/api/issues/${pathOf(key)}/unsync`,
    );
    return { key: result.key, twins: result.twins.map(twinOf) };
  }
  async unsyncTrigger(input: UnsyncTriggerInput): Promise<UnsyncTriggerDocument> {
    const result = await this.call<Omit<UnsyncTriggerDocument, 'twins'> & { twins: TwinSummaryDocument[] }>(
      'POST',
      `/api/connections/${pathOf(input.connection)}/unsync-trigger`,
      { instance: input.instance, trigger: input.trigger },
    );
    return { ...result, twins: result.twins.map(twinOf) };
  }
  dryRun(input: DryRunInput): Promise<DryRunDocument> {
    return this.call('POST', `/api/connections/${pathOf(input.connection)}/dry-run`, { key: input.key });
  }
  recover(connection: string): Promise<RecoverDocument> {
    return this.call('POST', `/api/connections/${pathOf(connection)}/recover`);
  }
  retry(twinId?: string): Promise<QueuedDocument> {
    return twinId === undefined
      ? this.call('POST', '/api/errors/retry', {})
      : this.call('POST', `/api/errors/${pathOf(twinId)}/retry`);
  }
  async pause(connection: string): Promise<ConnectionDocument> {
    return {
      connection: connectionViewOf(
        await this.call<ApiConnection>('POST', `/api/connections/${pathOf(connection)}/pause`),
      ),
    };
  }
  async resume(connection: string): Promise<ConnectionDocument> {
    return {
      connection: connectionViewOf(
        await this.call<ApiConnection>('POST', `/api/connections/${pathOf(connection)}/resume`),
      ),
    };
  }

  /** Every item of a paged list. */
  private async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const separator = path.includes('?') ? '&' : '?';
      const query = `limit=200${cursor === null ? '' : `&cursor=${pathOf(cursor)}`}`;
      const page: Page<T> = await this.call<Page<T>>('GET', `${path}${separator}${query}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    return items;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: {
          accept: 'application/json',
          ...(this.token === undefined ? {} : { authorization: `Bearer ${this.token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new NodeUnreachableError(`cannot reach the Tandem node at ${this.baseUrl}`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? {} : JSON.parse(text);
    } catch {
      parsed = {};
    }
    if (response.ok) return parsed as T;
    const error = (parsed as { error?: { message?: unknown; details?: unknown } }).error;
    const message =
      typeof error?.message === 'string' ? error.message : `${method} ${path} answered ${response.status}`;
    const details =
      typeof error?.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
    if (response.status === 404) throw new NotFoundError(message, details);
    if (response.status === 400) throw new InvalidInputError(message, details);
    if (response.status === 401)
      throw new OperationFailedError(
        `the node at ${this.baseUrl} refused the CLI's credentials (${message}); on the node's own machine the CLI uses the node secret, elsewhere set TANDEM_API_TOKEN to an API token (tandem token create)`,
        { status: 401 },
      );
    throw new OperationFailedError(message, { ...details, status: response.status });
  }
}

/** Whether a Tandem node answers `/health` at `baseUrl` (within `timeoutMs`). */
export async function probeNode(baseUrl: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return false;
    const body = (await response.json()) as { service?: unknown };
    return body.service === 'tandem';
  } catch {
    return false;
  }
}
