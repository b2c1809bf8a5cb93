/**
 * The operations port over the JSON API of a node serving elsewhere (what the CLI uses while `tandem serve` runs).
 * The API's status codes become the same operation errors `NodeOperations` throws.
 */
import { InvalidInputError, NotFoundError, OperationFailedError } from './operation-errors.ts';
import type {
  BulkDocument,
  ConnectDocument,
  ConnectionDocument,
  ConnectionsDocument,
  ErrorsDocument,
  QueuedDocument,
  SyncDocument,
  TwinStatusDocument,
  UnsyncDocument,
} from './operation-views.ts';
import type { ConnectInput, TandemOperations, RecoverDocument } from './tandem-operations.ts';

/** The node could not be reached at all. */
export class NodeUnreachableError extends Error {
  override readonly name = 'NodeUnreachableError';
}

export class HttpOperations implements TandemOperations {
  /** `baseUrl`: the node's address, e.g. `http://127.0.0.1:7300`. */
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 120_000,
  ) {}

  connections(): Promise<ConnectionsDocument> {
    return this.call('GET', '/api/connections');
  }
  twinStatus(key: string): Promise<TwinStatusDocument> {
    return this.call('GET', `/api/twins/${encodeURIComponent(key)}`);
  }
  errors(): Promise<ErrorsDocument> {
    return this.call('GET', '/api/errors');
  }
  sync(key: string): Promise<SyncDocument> {
    return this.call('POST', `/api/sync/${encodeURIComponent(key)}`);
  }
  bulk(connection: string): Promise<BulkDocument> {
    return this.call('POST', `/api/bulk/${encodeURIComponent(connection)}`);
  }
  connect(input: ConnectInput): Promise<ConnectDocument> {
    return this.call('POST', '/api/connect', input);
  }
  unsync(key: string): Promise<UnsyncDocument> {
    return this.call('POST', `/api/unsync/${encodeURIComponent(key)}`);
  }
  recover(connection: string): Promise<RecoverDocument> {
    return this.call('POST', `/api/recover/${encodeURIComponent(connection)}`, {});
  }

  retry(twinId?: string): Promise<QueuedDocument> {
    return this.call('POST', '/api/retry', twinId === undefined ? {} : { twinId });
  }
  pause(connection: string): Promise<ConnectionDocument> {
    return this.call('POST', `/api/connections/${encodeURIComponent(connection)}/pause`);
  }
  resume(connection: string): Promise<ConnectionDocument> {
    return this.call('POST', `/api/connections/${encodeURIComponent(connection)}/resume`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
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
