/**
 * A small HTTP client for integration tests: calls a running emulator the way a Jira client would (JSON bodies,
 * Jira's credentials per flavour, multipart uploads) and hands back status, headers and the parsed body.
 */
import type { JiraFlavor } from './jira-flavor.ts';

/** What a test needs to know about a response. */
export interface JiraHttpResponse {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, the raw text when it is not JSON, or undefined for an empty body. */
  readonly body: unknown;
  /** The raw body bytes (attachment content). */
  readonly bytes: Buffer;
}

/** Options of one call. */
export interface JiraHttpOptions {
  /** JSON request body. */
  readonly body?: unknown;
  /** Multipart body (attachments); sent instead of `body`. */
  readonly form?: FormData;
  readonly headers?: Readonly<Record<string, string>>;
  /** `Authorization` header value; default: the flavour's admin credentials; null sends none. */
  readonly auth?: string | null;
}

/** `Basic base64(login:secret)`. */
export function basicAuth(login: string, secret: string): string {
  return `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}`;
}

/** The out-of-the-box admin credentials: Cloud e-mail + API token, DC username + password. */
export function adminAuth(flavor: JiraFlavor): string {
  return flavor === 'cloud' ? basicAuth('admin@example.com', 'emulator-token') : basicAuth('admin', 'admin');
}

/** Calls `baseUrl + path` and reads the whole answer. */
export async function jiraCall(
  flavor: JiraFlavor,
  baseUrl: string,
  method: string,
  path: string,
  options: JiraHttpOptions = {},
): Promise<JiraHttpResponse> {
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  const auth = options.auth === undefined ? adminAuth(flavor) : options.auth;
  if (auth !== null) headers['Authorization'] = auth;
  let body: string | FormData | undefined;
  if (options.form) body = options.form;
  else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await fetch(baseUrl + path, { method, headers, ...(body === undefined ? {} : { body }) });
  const bytes = Buffer.from(await response.arrayBuffer());
  const text = bytes.toString('utf8');
  let parsed: unknown = undefined;
  if (text !== '') {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = text;
    }
  }
  return { status: response.status, headers: response.headers, body: parsed, bytes };
}

/** A client bound to one emulator, for tests that make many calls. */
export class JiraHttp {
  constructor(
    readonly flavor: JiraFlavor,
    readonly baseUrl: string,
  ) {}

  /** Any call; the caller checks the status. */
  call(method: string, path: string, options: JiraHttpOptions = {}): Promise<JiraHttpResponse> {
    return jiraCall(this.flavor, this.baseUrl, method, path, options);
  }

  /** A call that must answer `status` (default: any 2xx); throws with the body otherwise; returns the body. */
  async expect(method: string, path: string, options: JiraHttpOptions & { status?: number } = {}): Promise<unknown> {
    const response = await this.call(method, path, options);
    const fine =
      options.status === undefined
        ? response.status >= 200 && response.status < 300
        : response.status === options.status;
    if (!fine) {
      throw new Error(
        `${method} ${path} answered ${response.status} (wanted ${options.status ?? '2xx'}): ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  /** Like expect, for bodies that are JSON objects. */
  async object(
    method: string,
    path: string,
    options: JiraHttpOptions & { status?: number } = {},
  ): Promise<Record<string, unknown>> {
    const body = await this.expect(method, path, options);
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error(`${method} ${path}: expected a JSON object, got ${JSON.stringify(body)}`);
    }
    return body as Record<string, unknown>;
  }
}
