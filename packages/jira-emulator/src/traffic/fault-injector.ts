/**
 * Runs the injected faults as a request gate: latency, 5xx, 429 of each reason, 409 on edits before the handler;
 * lost responses and restarts after it. Decisions use a seeded generator, drawn only for faults with a probability
 * below 1, so the same seed and request sequence fire the same faults.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestGate } from '../http/build-server.ts';
import { JiraError } from '../http/jira-error.ts';
import type { JiraResponse, RouteDefinition } from '../http/route-definition.ts';
import type { Flavor, User } from '../model/types.ts';
import type { Fault, FaultErrorStatus, FaultInput, FaultScope } from './fault.ts';
import type { RateLimitReason } from './rate-limit-config.ts';
import { rateLimitError } from './rate-limit-response.ts';
import { isControlRoute } from './rate-limiter.ts';
import { templateMatches } from './route-pattern.ts';
import { SeededRandom } from '../random/seeded-random.ts';

/** What the injector needs from the emulator. */
export interface FaultInjectorHost {
  readonly flavor: Flavor;
  readonly clock: { now(): number };
  /** Restarts the emulator (state kept). */
  restart(): Promise<void>;
}

const DEFAULT_SCOPES: Partial<Record<Fault['type'], FaultScope>> = {
  conflict: { method: 'PUT', path: 'issue/{issueIdOrKey}' },
  lostResponse: { method: 'POST', path: 'issue' },
};

const ERROR_MESSAGES: Record<FaultErrorStatus, string> = {
  500: 'Internal server error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const QUOTA_LIMIT = 65_000;
const LIMIT_BY_REASON: Record<RateLimitReason, number> = {
  'jira-burst-based': 100,
  'jira-per-issue-on-write': 20,
  'jira-quota-tenant-based': QUOTA_LIMIT,
  'jira-quota-global-based': QUOTA_LIMIT,
};

/** Jira's answer to an edit that lost a race (the OpenAPI document's 409 for `PUT /issue/{issueIdOrKey}`). */
export const CONFLICT_MESSAGE = 'The issue could not be updated due to a conflicting update.';

export class FaultInjector implements RequestGate {
  private faults: Fault[] = [];
  private random: SeededRandom;
  private lastId = 0;

  constructor(
    private readonly host: FaultInjectorHost,
    seed = 1,
  ) {
    this.random = new SeededRandom(seed);
  }

  /** The seed of the generator in use. */
  get seed(): number {
    return this.random.seed;
  }

  list(): Fault[] {
    return this.faults.map((fault) => ({ ...fault, scope: { ...fault.scope } }));
  }

  /** Adds one fault; returns it with its id. */
  add(input: FaultInput): Fault {
    const scope = Object.keys(input.scope).length > 0 ? input.scope : (DEFAULT_SCOPES[input.type] ?? {});
    const fault: Fault = { ...input, scope, id: String(++this.lastId), fired: 0 };
    this.faults.push(fault);
    return fault;
  }

  /** Replaces every fault, restarting the generator from `seed` (default: the current seed) for replay. */
  replace(inputs: FaultInput[], seed?: number): Fault[] {
    this.faults = [];
    this.random = new SeededRandom(seed ?? this.random.seed);
    return inputs.map((input) => this.add(input));
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length !== before;
  }

  clear(): void {
    this.faults = [];
  }

  async beforeHandle(request: FastifyRequest, definition: RouteDefinition, user: User | undefined): Promise<void> {
    if (this.faults.length === 0 || isControlRoute(definition)) return;
    let latency = 0;
    let failure: JiraError | undefined;
    for (const fault of this.faults) {
      if (fault.type === 'lostResponse' || fault.type === 'restart') continue;
      if (failure && fault.type !== 'latency') continue;
      if (!this.fires(fault, request, user)) continue;
      if (fault.type === 'latency') latency += fault.latencyMs ?? 0;
      else failure = this.failureOf(fault);
    }
    // Latency is wall time on purpose: clients time out on real time, not on the emulator clock.
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    if (failure) throw failure;
  }

  afterHandle(request: FastifyRequest, reply: FastifyReply, response: JiraResponse): JiraResponse | 'drop' {
    if (this.faults.length === 0 || response.status >= 400) return response;
    const user = request.jiraUser;
    for (const fault of this.faults) {
      if (fault.type === 'lostResponse' && this.fires(fault, request, user)) return 'drop';
      if (fault.type === 'restart' && this.fires(fault, request, user)) {
        reply.raw.once('finish', () => {
          this.host.restart().catch((error: unknown) => console.error('jira-emulator: restart failed', error));
        });
      }
    }
    return response;
  }

  private fires(fault: Fault, request: FastifyRequest, user: User | undefined): boolean {
    if (fault.count !== null && fault.count <= 0) return false;
    if (!this.inScope(fault.scope, request, user)) return false;
    if (fault.probability < 1 && this.random.next() >= fault.probability) return false;
    if (fault.count !== null) fault.count--;
    fault.fired++;
    return true;
  }

  private inScope(scope: FaultScope, request: FastifyRequest, user: User | undefined): boolean {
    if (scope.method && scope.method.toUpperCase() !== request.method.toUpperCase()) return false;
    if (scope.path && !templateMatches(scope.path, request.jiraEndpoint ?? request.url)) return false;
    if (scope.user) {
      const wanted = scope.user.toLowerCase();
      if (!user) return false;
      if (![user.name, user.accountId, user.emailAddress, user.key].some((id) => id.toLowerCase() === wanted))
        return false;
    }
    return true;
  }

  private failureOf(fault: Fault): JiraError {
    const now = this.host.clock.now();
    const retryAfter = fault.retryAfterSeconds ?? null;
    switch (fault.type) {
      case 'error': {
        const status = fault.status ?? 500;
        const headers: Record<string, string> = retryAfter === null ? {} : { 'Retry-After': String(retryAfter) };
        return new JiraError(status, [ERROR_MESSAGES[status]], {}, headers);
      }
      case 'rateLimit': {
        const reason = fault.reason ?? 'jira-burst-based';
        return rateLimitError(this.host.flavor, {
          reason,
          retryAfterSeconds: retryAfter,
          limit: LIMIT_BY_REASON[reason],
          remaining: 0,
          resetAt: now + (retryAfter ?? 1) * 1000,
        });
      }
      case 'conflict':
        return new JiraError(409, [CONFLICT_MESSAGE]);
      default:
        throw new Error(`fault ${fault.type} does not fail a request`);
    }
  }
}
