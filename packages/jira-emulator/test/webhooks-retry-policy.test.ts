/** Jira Cloud's webhook retry policy: which answers are retried and how long the emulator waits before a retry. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeededRandom } from '../src/random/seeded-random.ts';
import { isDelivered, isRetryable, MAX_WEBHOOK_RETRIES, retryDelayMs } from '../src/webhooks/webhook-retry-policy.ts';

void test('408, 409, 425, 429, 5xx and no response are retried; other answers are not', () => {
  for (const status of [408, 409, 425, 429, 500, 502, 503, 504, 599, null])
    assert.equal(isRetryable(status), true, String(status));
  for (const status of [200, 204, 301, 400, 401, 403, 404, 410, 422])
    assert.equal(isRetryable(status), false, String(status));
  assert.equal(isDelivered(204), true);
  assert.equal(isDelivered(302), false);
  assert.equal(MAX_WEBHOOK_RETRIES, 5);
});

void test('each retry waits 5 to 15 minutes, spread over the whole range, replayable from the seed', () => {
  const random = new SeededRandom(7);
  const delays = Array.from({ length: 500 }, () => retryDelayMs(random));
  assert.ok(delays.every((delay) => delay >= 5 * 60_000 && delay <= 15 * 60_000));
  assert.ok(Math.min(...delays) < 6 * 60_000 && Math.max(...delays) > 14 * 60_000, 'uses the whole window');
  const again = new SeededRandom(7);
  assert.deepEqual(
    Array.from({ length: 500 }, () => retryDelayMs(again)),
    delays,
  );
});
