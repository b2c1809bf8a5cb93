/**
 * When Jira Cloud sends a failed webhook again. Atlassian's webhook guide (developer.atlassian.com/cloud/jira/
 * platform/webhooks/#retry-policy, announced in "New Jira Cloud webhook retry policy" on the developer community):
 * a delivery is retried when the receiver answers 408, 409, 425, 429 or any 5xx, or when the connection fails or
 * times out; any other answer (2xx, 3xx, other 4xx) ends it. It is retried up to 5 times, each retry 5 to 15
 * minutes (randomised) after the previous attempt, and retried requests carry `X-Atlassian-Webhook-Retry: N`.
 */
import type { SeededRandom } from '../random/seeded-random.ts';

/** Retries after the first attempt. */
export const MAX_WEBHOOK_RETRIES = 5;

const RETRY_MIN_DELAY_MS = 5 * 60_000;
const RETRY_MAX_DELAY_MS = 15 * 60_000;

const RETRYABLE_STATUSES = new Set([408, 409, 425, 429]);

/** Whether an attempt that ended with this HTTP status (or null: no response at all) is retried. */
export function isRetryable(status: number | null): boolean {
  if (status === null) return true;
  return RETRYABLE_STATUSES.has(status) || (status >= 500 && status <= 599);
}

/** Whether an answer counts as delivered. */
export function isDelivered(status: number | null): boolean {
  return status !== null && status >= 200 && status <= 299;
}

/** Delay before the next retry: uniformly 5 to 15 minutes of emulator time. */
export function retryDelayMs(random: SeededRandom): number {
  return random.between(RETRY_MIN_DELAY_MS, RETRY_MAX_DELAY_MS);
}
