/**
 * Sends webhooks. Listens to the emulator's events; for each enabled registration subscribed to the event whose JQL
 * filter matches, renders the payload at the moment of the change and queues a delivery. Deliveries of one webhook
 * go out one at a time in the order they become due (a delivery waiting for a retry does not hold back later ones,
 * so, as with Jira, a retried delivery can arrive after newer ones); different webhooks are served concurrently.
 * Retries follow Jira Cloud's policy (webhook-retry-policy.ts) on both flavours. Every wait (retry backoff, injected
 * delay, attempt timeout) runs on the emulator clock, so tests advance time instead of sleeping.
 */
import { randomUUID } from 'node:crypto';
import type { EmulatorContext } from '../emulator-context.ts';
import type { JiraEvent } from '../model/jira-events.ts';
import type { WebhookRegistration } from '../model/types.ts';
import { SeededRandom } from '../random/seeded-random.ts';
import { faultHits, mergeFaults, noFaults, type WebhookFaults } from './webhook-faults.ts';
import { postWebhook, type PostOutcome } from './webhook-http-post.ts';
import { webhookMatchesJql } from './webhook-jql-filter.ts';
import { buildWebhookPayload, eventIssues } from './webhook-payload.ts';
import { isDelivered, isRetryable, MAX_WEBHOOK_RETRIES, retryDelayMs } from './webhook-retry-policy.ts';
import { signWebhookBody } from './webhook-signature.ts';

/** Where a delivery stands. */
export type DeliveryState =
  'queued' | 'sending' | 'retry-wait' | 'delayed' | 'held' | 'delivered' | 'failed' | 'dropped' | 'abandoned';

/** One event on its way to one webhook; its id is the `X-Atlassian-Webhook-Identifier` of every attempt. */
interface Delivery {
  id: string;
  webhookId: number;
  event: string;
  body: string | null;
  created: number;
  /** Retries made so far (the `X-Atlassian-Webhook-Retry` of the next retry is this + 1). */
  retries: number;
  /** Extra copies still to send after a success (duplicate fault). */
  duplicates: number;
  state: DeliveryState;
  /** Cancels the clock task the delivery waits on (retry, delay). */
  cancelWait: (() => void) | null;
}

/** One line of the delivery log: an attempt, or what a fault or filter did with a delivery. */
export interface DeliveryLogEntry {
  id: string;
  webhookId: number;
  event: string;
  /** 0 for the first attempt, N for the Nth retry. */
  attempt: number;
  /** delivered, retry-scheduled, failed, dropped, duplicate, delayed, held, abandoned. */
  outcome: string;
  status: number | null;
  error: string | null;
  /** Emulator time of the entry (epoch ms). */
  time: number;
}

interface Lane {
  queue: Delivery[];
  busy: boolean;
}

/** Tunables. */
export interface WebhookDispatcherOptions {
  /** How long one attempt may take before it counts as a timeout (emulator time). */
  attemptTimeoutMs: number;
  /** Seed of the generator behind faults and retry delays. */
  seed: number;
}

const MAX_LOG_ENTRIES = 10_000;
const USER_AGENT = 'Atlassian Webhook HTTP Client';

export class WebhookDispatcher {
  private ctx: EmulatorContext | null = null;
  private unsubscribe: (() => void) | null = null;
  private disposed = false;
  private readonly random: SeededRandom;
  private readonly lanes = new Map<number, Lane>();
  /** Deliveries waiting on the clock (retry, delay) or held for reordering. */
  private readonly waiting = new Set<Delivery>();
  private held: Delivery[] = [];
  private readonly inFlight = new Set<AbortController>();
  private idleWaiters: (() => void)[] = [];
  private log: DeliveryLogEntry[] = [];
  /** Faults in force; change them with setFaults(). */
  faults: WebhookFaults = noFaults();
  readonly options: WebhookDispatcherOptions;

  constructor(options: Partial<WebhookDispatcherOptions> = {}) {
    this.options = { attemptTimeoutMs: 10_000, seed: 1, ...options };
    this.random = new SeededRandom(this.options.seed);
  }

  /** Starts listening to the emulator's events. */
  start(ctx: EmulatorContext): void {
    this.ctx = ctx;
    this.unsubscribe = ctx.events.on((event) => this.onEvent(event));
  }

  /** Stops everything: no new deliveries, pending retries and delays cancelled, attempts in flight aborted. */
  dispose(): void {
    this.disposed = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const delivery of this.waiting) delivery.cancelWait?.();
    this.waiting.clear();
    this.held = [];
    for (const lane of this.lanes.values()) lane.queue = [];
    for (const controller of this.inFlight) controller.abort(new Error('emulator closed'));
    this.resolveIdle();
  }

  /** The seed of the fault and backoff generator. */
  get seed(): number {
    return this.random.seed;
  }

  /** Restarts the generator (replayable runs). */
  reseed(seed: number): void {
    this.random.reseed(seed);
  }

  /** Merges a control-API fault request; throws RangeError on bad input. Releases held deliveries if reorder ends. */
  setFaults(input: Record<string, unknown>): void {
    // Validate the whole request before applying any of it.
    const next = structuredClone(this.faults);
    mergeFaults(next, input);
    this.faults = next;
    if (this.faults.reorder.batch === 0) this.releaseHeld();
    else if (this.held.length >= this.faults.reorder.batch) this.releaseHeld();
  }

  /** Clears every fault (held deliveries go out, in the order they were held). */
  clearFaults(): void {
    this.faults = noFaults();
    this.releaseHeld();
  }

  /** The delivery log, oldest first. */
  deliveries(): DeliveryLogEntry[] {
    return [...this.log];
  }

  clearLog(): void {
    this.log = [];
  }

  /** Deliveries not finished yet (queued, sending, waiting for a retry or delay, held). */
  get pending(): number {
    let count = this.waiting.size + this.held.length;
    for (const lane of this.lanes.values()) count += lane.queue.length + (lane.busy ? 1 : 0);
    return count;
  }

  /** Abandons the deliveries of a removed webhook. */
  forget(webhookId: number): void {
    for (const delivery of [...this.waiting]) {
      if (delivery.webhookId !== webhookId) continue;
      delivery.cancelWait?.();
      this.waiting.delete(delivery);
      this.finish(delivery, 'abandoned', 'abandoned', null, 'webhook deleted');
    }
    this.held = this.held.filter((delivery) => delivery.webhookId !== webhookId);
    const lane = this.lanes.get(webhookId);
    if (lane) lane.queue = [];
  }

  /**
   * Sends everything pending now: held deliveries, delayed ones and those waiting for a retry; resolves once no
   * attempt is queued or in flight. Retries that fail again are scheduled as usual.
   */
  async flush(): Promise<void> {
    this.releaseHeld();
    for (const delivery of [...this.waiting]) {
      delivery.cancelWait?.();
      this.waiting.delete(delivery);
      this.enqueue(delivery);
    }
    await this.idle();
  }

  /** Resolves when no attempt is queued or in flight (deliveries waiting on the clock do not count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    if (this.disposed) return true;
    for (const lane of this.lanes.values()) if (lane.busy || lane.queue.length > 0) return false;
    return true;
  }

  private resolveIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private onEvent(event: JiraEvent): void {
    const ctx = this.ctx;
    if (!ctx || this.disposed) return;
    for (const registration of ctx.state.data.webhooks) {
      if (!registration.enabled || !registration.events.includes(event.webhookEvent)) continue;
      const delivery = this.render(ctx, registration, event);
      if (delivery) this.admit(delivery);
    }
  }

  /** Renders the payload for one webhook now, or null when the filter or the owner's permissions exclude it. */
  private render(ctx: EmulatorContext, registration: WebhookRegistration, event: JiraEvent): Delivery | null {
    const owner = ctx.state.userById(registration.ownerId);
    if (!owner || !owner.active) return null;
    const jql = registration.jqlFilter.trim();
    if (jql !== '') {
      const issues = eventIssues(ctx, event);
      let matches = false;
      try {
        matches = issues.some((issue) => webhookMatchesJql(ctx, owner, jql, issue));
      } catch (error) {
        this.record({
          id: '',
          webhookId: registration.id,
          event: event.webhookEvent,
          attempt: 0,
          outcome: 'filter-error',
          status: null,
          error: String(error),
          time: ctx.clock.now(),
        });
      }
      if (!matches) return null;
    }
    const payload = buildWebhookPayload(ctx, owner, event);
    if (!payload) return null;
    return {
      id: randomUUID(),
      webhookId: registration.id,
      event: event.webhookEvent,
      body: registration.excludeBody ? null : JSON.stringify(payload),
      created: ctx.clock.now(),
      retries: 0,
      duplicates: 0,
      state: 'queued',
      cancelWait: null,
    };
  }

  /** Applies the faults in force to a new delivery, then queues it (or not). */
  private admit(delivery: Delivery): void {
    const { faults } = this;
    if (faultHits(faults.drop, this.random)) {
      this.finish(delivery, 'dropped', 'dropped', null, 'dropped by fault injection');
      return;
    }
    if (faultHits(faults.duplicate, this.random)) delivery.duplicates = 1;
    if (faultHits(faults.delay, this.random) && faults.delay.ms > 0) {
      this.note(delivery, 'delayed', `delayed ${faults.delay.ms} ms`);
      this.wait(delivery, 'delayed', faults.delay.ms);
      return;
    }
    if (faults.reorder.batch > 0) {
      delivery.state = 'held';
      this.held.push(delivery);
      this.note(delivery, 'held', null);
      if (this.held.length >= faults.reorder.batch) this.releaseHeld();
      return;
    }
    this.enqueue(delivery);
  }

  private releaseHeld(): void {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    const order = this.faults.reorder.mode === 'shuffle' ? this.random.shuffle(held) : [...held].reverse();
    for (const delivery of order) this.enqueue(delivery);
  }

  /** Parks a delivery on the emulator clock; it is queued when the clock passes `ms` from now. */
  private wait(delivery: Delivery, state: 'delayed' | 'retry-wait', ms: number): void {
    const ctx = this.ctx;
    if (!ctx || this.disposed) return;
    delivery.state = state;
    this.waiting.add(delivery);
    delivery.cancelWait = ctx.clock.after(ms, () => {
      delivery.cancelWait = null;
      if (!this.waiting.delete(delivery)) return;
      this.enqueue(delivery);
    });
  }

  private lane(webhookId: number): Lane {
    let lane = this.lanes.get(webhookId);
    if (!lane) {
      lane = { queue: [], busy: false };
      this.lanes.set(webhookId, lane);
    }
    return lane;
  }

  private enqueue(delivery: Delivery, front = false): void {
    if (this.disposed) return;
    delivery.state = 'queued';
    const lane = this.lane(delivery.webhookId);
    if (front) lane.queue.unshift(delivery);
    else lane.queue.push(delivery);
    this.pump(lane);
  }

  private pump(lane: Lane): void {
    if (lane.busy || this.disposed) return;
    const delivery = lane.queue.shift();
    if (!delivery) {
      this.resolveIdle();
      return;
    }
    lane.busy = true;
    void this.attempt(delivery).finally(() => {
      lane.busy = false;
      this.pump(lane);
      this.resolveIdle();
    });
  }

  /** One HTTP attempt and what follows from its outcome. */
  private async attempt(delivery: Delivery): Promise<void> {
    const ctx = this.ctx;
    const registration = ctx?.state.data.webhooks.find((candidate) => candidate.id === delivery.webhookId);
    if (!ctx || !registration) {
      this.finish(delivery, 'abandoned', 'abandoned', null, 'webhook deleted');
      return;
    }
    delivery.state = 'sending';
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=UTF-8',
      'User-Agent': USER_AGENT,
      'X-Atlassian-Webhook-Identifier': delivery.id,
      'X-Atlassian-Webhook-Flow': 'Primary',
    };
    if (delivery.retries > 0) headers['X-Atlassian-Webhook-Retry'] = String(delivery.retries);
    if (registration.secret && delivery.body !== null)
      headers['X-Hub-Signature'] = signWebhookBody(registration.secret, delivery.body);

    const controller = new AbortController();
    this.inFlight.add(controller);
    const cancelTimeout = ctx.clock.after(this.options.attemptTimeoutMs, () =>
      controller.abort(new Error(`timed out after ${this.options.attemptTimeoutMs} ms`)),
    );
    let outcome: PostOutcome;
    try {
      outcome = await postWebhook(registration.url, headers, delivery.body, controller.signal);
    } finally {
      cancelTimeout();
      this.inFlight.delete(controller);
    }
    if (this.disposed) return;
    const attempt = delivery.retries;
    if (isDelivered(outcome.status)) {
      this.record(this.entry(delivery, attempt, 'delivered', outcome));
      if (delivery.duplicates > 0) {
        delivery.duplicates -= 1;
        this.note(delivery, 'duplicate', 'sending again by fault injection');
        this.enqueue(delivery, true);
        return;
      }
      delivery.state = 'delivered';
      return;
    }
    if (isRetryable(outcome.status) && delivery.retries < MAX_WEBHOOK_RETRIES) {
      this.record(this.entry(delivery, attempt, 'retry-scheduled', outcome));
      delivery.retries += 1;
      this.wait(delivery, 'retry-wait', retryDelayMs(this.random));
      return;
    }
    this.record(this.entry(delivery, attempt, 'failed', outcome));
    delivery.state = 'failed';
  }

  private entry(delivery: Delivery, attempt: number, outcome: string, result: PostOutcome): DeliveryLogEntry {
    return {
      id: delivery.id,
      webhookId: delivery.webhookId,
      event: delivery.event,
      attempt,
      outcome,
      status: result.status,
      error: result.error,
      time: this.ctx?.clock.now() ?? 0,
    };
  }

  private note(delivery: Delivery, outcome: string, error: string | null): void {
    this.record({
      id: delivery.id,
      webhookId: delivery.webhookId,
      event: delivery.event,
      attempt: delivery.retries,
      outcome,
      status: null,
      error,
      time: this.ctx?.clock.now() ?? 0,
    });
  }

  private finish(
    delivery: Delivery,
    state: DeliveryState,
    outcome: string,
    status: number | null,
    error: string | null,
  ): void {
    delivery.state = state;
    this.record({
      id: delivery.id,
      webhookId: delivery.webhookId,
      event: delivery.event,
      attempt: delivery.retries,
      outcome,
      status,
      error,
      time: this.ctx?.clock.now() ?? 0,
    });
  }

  private record(entry: DeliveryLogEntry): void {
    this.log.push(entry);
    if (this.log.length > MAX_LOG_ENTRIES) this.log.splice(0, this.log.length - MAX_LOG_ENTRIES);
  }
}
