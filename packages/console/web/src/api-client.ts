/**
 * The console's only way to the node: JSON over fetch with the session cookie. Failures arrive as the node's one
 * envelope, `{ error: { message, details } }`, and become an ApiError; a 401 also tells the app to show the login.
 */

/** A failed API call: the HTTP status, the node's message and its details (e.g. `issues[].path` on a 400). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => {};

/** Registers what happens when the node answers 401 (the session ended): the app shows the login page. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler;
}

/** Calls the node's API; resolves with the JSON body (undefined for 204), rejects with an ApiError. */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    init.headers = { ...init.headers, 'content-type': 'application/json' };
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    throw new ApiError(0, `the node does not answer (${error instanceof Error ? error.message : String(error)})`);
  }
  const text = await response.text();
  let json: unknown = undefined;
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  if (!response.ok) {
    const envelope = isEnvelope(json)
      ? json.error
      : { message: `${response.status} ${response.statusText}`, details: {} };
    if (response.status === 401 && path !== '/api/session') onUnauthorized();
    throw new ApiError(response.status, envelope.message, envelope.details ?? {});
  }
  return json as T;
}

function isEnvelope(value: unknown): value is { error: { message: string; details?: Record<string, unknown> } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/** The message to show for any failure, with the field paths of a 400 when the node named them. */
export function describeError(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const issues = error.details['issues'];
  if (!Array.isArray(issues) || issues.length === 0) return error.message;
  const lines = issues.map((issue: unknown) => {
    const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown };
    const where = Array.isArray(path) ? path.join('.') : '';
    return where === '' ? String(message) : `${where}: ${String(message)}`;
  });
  return `${error.message}\n${lines.join('\n')}`;
}

/** Encodes one path segment. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
