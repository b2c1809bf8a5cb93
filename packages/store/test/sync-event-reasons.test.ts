import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeReasons } from '../src/sync-event-reasons.ts';

void test('reasons join as a set in first-seen order', () => {
  assert.equal(mergeReasons('webhook', 'poll'), 'webhook,poll');
  assert.equal(mergeReasons('webhook,poll', 'webhook'), 'webhook,poll');
  assert.equal(mergeReasons('webhook', 'poll,manual,webhook'), 'webhook,poll,manual');
  assert.equal(mergeReasons('', 'poll'), 'poll');
});

void test('merging never repeats a reason, however often events coalesce', () => {
  const reason = fc.constantFrom('webhook', 'poll', 'manual', 'bulk', 'retry');
  fc.assert(
    fc.property(fc.array(reason, { minLength: 1 }), (reasons) => {
      const merged = reasons.reduce<string>((kept, added) => mergeReasons(kept, added), '');
      assert.deepEqual(merged.split(','), [...new Set(reasons)]);
    }),
  );
});
