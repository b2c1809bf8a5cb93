/**
 * The one HTTP layer both flavours share: Node's fetch (undici) with authentication, a timeout, "not before" gates
 * for known rate limits, retries by the {@link RetryPolicy}, call counts, and every failure as a {@link TrackerError}.
 *
 * A request that creates something (`idempotent: false`) is never retried once it may have reached Jira: a lost
 * connection after sending, a timeout, or a gateway's 502/504 become `unknown-outcome`, and the caller looks for what
 * it tried to create. It is retried only when Jira certainly did nothing: a 429, a 503, or a connection that never
 * opened.
 */
import { TrackerError, type RateLimitScope } from '@tandem/core';
import type { z } from 'zod';
import { errorFromResponse, rateLimitScopeOf, retryAfterMs } from './jira-error-response.ts';
import { RateLimitGates } from './rate-limit-gates.ts';
import { backoffDelayMs, type RetryPolicy } from './retry-policy.ts';
import { SendLog, type JiraSendEvent } from './send-log.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JiraRequest {
  readonly method: HttpMethod;
  /** Route template for gates, counts and messages, e.g. `/issue/{id}/comment`. */
  readonly route: string;
  /** Path below the instance URL (`/rest/api/3/myself`), or an absolute URL on the instance. */
  readonly path: string;
  readonly query?: Record<string, string | number | undefined>;
  readonly json?: unknown;
  readonly form?: FormData;
  readonly headers?: Record<string, string>;
  /** The issue concerned: the per-issue gate for writes and the subject of error messages. */
  readonly issue?: string | undefined;
  /** The subject of error messages when no issue is concerned (default `METHOD route`). */
  readonly subject?: string;
  /** False for requests that create something: see the module comment. Default: every method but POST. */
  readonly idempotent?: boolean;
}

export interface JiraResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Buffer;
}

/** Call counts, for benchmarks: HTTP requests sent (redirects and retries included), retries and 429 answers. */
export interface JiraCallStats {
  requests: number;
  byMethod: Record<string, number>;
  retries: number;
  rateLimited: number;
  /** 429 answers by their `RateLimit-Reason` header (`jira-burst-based`…); `none` when the answer named none. */
  rateLimitedByReason: Record<string, number>;
}

export interface JiraHttpClientOptions {
  readonly baseUrl: string;
  readonly authorization: string;
  readonly fetch: typeof fetch;
  readonly clock: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  /** Scope of a 429 without `RateLimit-Reason` (a flavour capability). */
  readonly rateLimitScopeWithoutReason: RateLimitScope;
}

/** Connection failures before anything was sent: safe to retry any request. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'EHOSTUNREACH']);
const MAX_REDIRECTS = 5;

type Attempt =
  | { readonly kind: 'answered'; readonly response: JiraResponse }
  | { readonly kind: 'not-sent' | 'lost' | 'timeout'; readonly cause: unknown };

function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export class JiraHttpClient {
  private readonly gates: RateLimitGates;
  private readonly counts: JiraCallStats = {
    requests: 0,
    byMethod: {},
    retries: 0,
    rateLimited: 0,
    rateLimitedByReason: {},
  };
  private readonly origin: string;
  private readonly log = new SendLog();

  constructor(private readonly options: JiraHttpClientOptions) {
    this.gates = new RateLimitGates(options.clock, options.sleep);
    this.origin = new URL(options.baseUrl).origin;
  }

  /** A copy of the call counts so far. */
  stats(): JiraCallStats {
    return {
      ...this.counts,
      byMethod: { ...this.counts.byMethod },
      rateLimitedByReason: { ...this.counts.rateLimitedByReason },
    };
  }

  /** The send log so far (see send-log.ts): the last requests sent and 429s read, oldest first. */
  sendLog(): JiraSendEvent[] {
    return this.log.entries();
  }

  /** Calls `watcher` with every later send-log event as it happens; returns the call that stops it. */
  watchSends(watcher: (event: JiraSendEvent) => void): () => void {
    return this.log.watch(watcher);
  }

  /** Sends a request, retrying as the policy allows; resolves with a 2xx/3xx answer, throws TrackerError otherwise. */
  async send(request: JiraRequest): Promise<JiraResponse> {
    const { retryPolicy, clock } = this.options;
    const idempotent = request.idempotent ?? request.method !== 'POST';
    for (let attempt = 1; ; attempt++) {
      // Checked again in the turn that sends (attempt's first synchronous part): see RateLimitGates.isOpen.
      do await this.gates.waitFor(request);
      while (!this.gates.isOpen(request));
      const outcome = await this.attempt(request);
      if (outcome.kind === 'answered' && outcome.response.status < 400) return outcome.response;
      const backoff = backoffDelayMs(retryPolicy, attempt, this.options.random);
      const error = this.failure(request, outcome, idempotent, backoff);
      if (!this.mayRetry(outcome, error, idempotent) || attempt >= retryPolicy.maxAttempts) throw error;
      this.counts.retries++;
      const delay = error.details.retryAfterMs ?? backoff;
      if (error.kind === 'rate-limited') {
        // The gate, not a private sleep: every request in the limit's scope waits, not just this one.
        this.gates.block(request, error.details.rateLimitScope ?? 'endpoint', clock() + delay);
      } else {
        await this.options.sleep(delay);
      }
    }
  }

  /** Sends a request and validates its JSON answer with `schema`; a mismatch is a TrackerError naming the paths. */
  async json<T>(request: JiraRequest, schema: z.ZodType<T>): Promise<T> {
    const response = await this.send(request);
    return this.parse(request, response, schema);
  }

  /** Validates a JSON body already received. */
  parse<T>(request: JiraRequest, response: JiraResponse, schema: z.ZodType<T>): T {
    let json: unknown;
    try {
      json = JSON.parse(response.body.toString('utf8'));
    } catch (cause) {
      throw new TrackerError('server', `${this.subjectOf(request)}: Jira answered ${response.status} without JSON`, {
        status: response.status,
        cause,
      });
    }
    const parsed = schema.safeParse(json);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`)
      .join('; ');
    throw new TrackerError(
      'server',
      `${this.subjectOf(request)}: unexpected answer from Jira (${request.method} ${request.route}): ${problems}`,
      { status: response.status, cause: parsed.error },
    );
  }

  private subjectOf(request: JiraRequest): string {
    return request.issue ?? request.subject ?? `${request.method} ${request.route}`;
  }

  private mayRetry(outcome: Attempt, error: TrackerError, idempotent: boolean): boolean {
    if (error.kind === 'unknown-outcome' || !error.retryable || error.kind === 'conflict') return false;
    if (idempotent) return true;
    // Jira certainly did nothing with these, so even a create may go again.
    if (outcome.kind === 'not-sent') return true;
    return outcome.kind === 'answered' && (outcome.response.status === 429 || outcome.response.status === 503);
  }

  private failure(request: JiraRequest, outcome: Attempt, idempotent: boolean, backoff: number): TrackerError {
    const subject = this.subjectOf(request);
    if (outcome.kind === 'answered') {
      const { status, headers, body } = outcome.response;
      if (status === 429) {
        this.counts.rateLimited++;
        const reason = headers.get('ratelimit-reason')?.trim() || 'none';
        this.counts.rateLimitedByReason[reason] = (this.counts.rateLimitedByReason[reason] ?? 0) + 1;
      }
      if (!idempotent && (status === 502 || status === 504)) {
        return new TrackerError(
          'unknown-outcome',
          `${subject}: a gateway answered ${status}; Jira may have done the ${request.method} ${request.route}`,
          { status, ...(request.issue === undefined ? {} : { issue: request.issue }) },
        );
      }
      return errorFromResponse(
        status,
        headers,
        body.toString('utf8'),
        {
          subject,
          issue: request.issue,
          now: this.options.clock(),
          scopeWithoutReason: this.options.rateLimitScopeWithoutReason,
        },
        backoff,
      );
    }
    const what = outcome.kind === 'timeout' ? `no answer within ${this.options.timeoutMs} ms` : 'connection failed';
    if (!idempotent && outcome.kind !== 'not-sent') {
      return new TrackerError(
        'unknown-outcome',
        `${subject}: ${what} after sending ${request.method} ${request.route}; it may have taken effect`,
        { cause: outcome.cause, ...(request.issue === undefined ? {} : { issue: request.issue }) },
      );
    }
    return new TrackerError('network', `${subject}: ${what} (${request.method} ${request.route})`, {
      cause: outcome.cause,
      retryAfterMs: backoff,
      ...(request.issue === undefined ? {} : { issue: request.issue }),
    });
  }

  /** One attempt: the request and any same-instance redirects it leads to. */
  private async attempt(request: JiraRequest): Promise<Attempt> {
    let url = this.urlOf(request);
    const body = request.form ?? (request.json === undefined ? undefined : JSON.stringify(request.json));
    let method: HttpMethod = request.method;
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      for (let hop = 0; ; hop++) {
        const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
        // Credentials go to the instance only: a redirect elsewhere (Cloud's media service) carries its own token.
        if (new URL(url).origin === this.origin) headers['Authorization'] = this.options.authorization;
        if (request.json !== undefined && method !== 'GET') headers['Content-Type'] = 'application/json';
        this.counts.requests++;
        this.counts.byMethod[method] = (this.counts.byMethod[method] ?? 0) + 1;
        this.log.record({ kind: 'sent', at: this.options.clock(), ...this.logged(request, method, url) });
        const response = await this.options.fetch(url, {
          method,
          headers,
          ...(method === 'GET' || body === undefined ? {} : { body }),
          redirect: 'manual',
          signal,
        });
        if (response.status === 429) this.rateLimitedNow(request, method, url, response.headers);
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location !== null && hop < MAX_REDIRECTS) {
          await response.body?.cancel();
          url = new URL(location, url).toString();
          if (response.status === 303) method = 'GET';
          continue;
        }
        const bytes = Buffer.from(await response.arrayBuffer());
        return { kind: 'answered', response: { status: response.status, headers: response.headers, body: bytes } };
      }
    } catch (cause) {
      if (signal.aborted) return { kind: 'timeout', cause };
      const code = causeCode(cause);
      return { kind: code !== undefined && NOT_SENT_CODES.has(code) ? 'not-sent' : 'lost', cause };
    }
  }

  private logged(request: JiraRequest, method: HttpMethod, url: string) {
    return { method, route: request.route, url, ...(request.issue === undefined ? {} : { issue: request.issue }) };
  }

  /**
   * A 429's headers have arrived: the gate of its scope closes now, before the body is read, so that no request
   * passes it in between (the retry loop closes it again with the same or a later time).
   */
  private rateLimitedNow(request: JiraRequest, method: HttpMethod, url: string, headers: Headers): void {
    const now = this.options.clock();
    const retryAfter = headers.get('retry-after');
    const reason = headers.get('ratelimit-reason');
    const scope = rateLimitScopeOf(reason, this.options.rateLimitScopeWithoutReason);
    const wait = retryAfterMs(retryAfter, now);
    const until = wait === undefined ? null : now + wait;
    if (until !== null) this.gates.block(request, scope, until);
    this.log.record({
      kind: 'rate-limited',
      at: now,
      ...this.logged(request, method, url),
      retryAfter,
      reason,
      scope,
      until,
    });
  }

  private urlOf(request: JiraRequest): string {
    const url = new URL(/^https?:\/\//.test(request.path) ? request.path : `${this.options.baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    return url.toString();
  }
}
