/**
 * The chaos suite's Retry-After invariant (chaos/chaos-invariants.ts checkRetryAfter) against Tandem's real tracker
 * and the chaos emulators: it passes a client that waits, passes a request that was already on its way when the 429
 * was answered (it reaches Jira late on a loaded machine), and fails a client whose gate does not wait and a request
 * the send logs do not account for.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { TrackerPort } from '@tandem/core';
import { checkRetryAfter } from './chaos/chaos-invariants.ts';
import { tandemTrackers } from './chaos/chaos-engine-config.ts';
import { ChaosEmulators, type Side } from './chaos/chaos-world.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

void describe('chaos invariant 6: no request sent before a Retry-After expired', () => {
  let emulators: ChaosEmulators;
  let key: Record<Side, string>;
  before(async () => {
    emulators = await ChaosEmulators.start();
  });
  after(() => emulators.close());
  beforeEach(async () => {
    await emulators.reset();
    key = { blue: '', green: '' };
    for (const [side, project] of [
      ['blue', 'BLUE'],
      ['green', 'GREEN'],
    ] as const) {
      const created = await emulators.asAlice(side, 'POST', '/rest/api/2/issue', {
        fields: { project: { key: project }, issuetype: { name: 'Task' }, summary: 'limited' },
      });
      assert.equal(created.status, 201);
      key[side] = created.body.key as string;
    }
  });

  /** Tandem's trackers, watched by the check, with an optional fetch in front of Jira. */
  function watchedTrackers(fetchThrough?: typeof fetch): Map<string, TrackerPort> {
    const trackers = tandemTrackers(
      { blueUrl: emulators.jira.blue.url, greenUrl: emulators.jira.green.url },
      fetchThrough === undefined ? {} : { fetch: fetchThrough },
    );
    emulators.watchSends(trackers);
    return trackers;
  }

  /** Switches a tracker's rate-limit gates off: it sends again as soon as it reads a 429. Broken on purpose. */
  function breakGates(tracker: TrackerPort): void {
    const internals = tracker as unknown as {
      http: { gates: { waitFor: () => Promise<void>; isOpen: () => boolean } };
    };
    internals.http.gates.waitFor = () => Promise.resolve();
    internals.http.gates.isOpen = () => true;
  }

  async function limitOnce(side: Side, reason: string | null, retryAfterSeconds: number): Promise<void> {
    await emulators.control(side, 'POST', '/_emulator/faults', {
      type: 'rateLimit',
      ...(reason === null ? {} : { reason }),
      retryAfterSeconds,
      count: 1,
      scope: { user: 'admin', method: 'GET', path: 'issue/{issueIdOrKey}' },
    });
  }

  void test('a client that waits passes', async () => {
    const blue = watchedTrackers().get('blue') as TrackerPort;
    await limitOnce('blue', 'jira-burst-based', 1);
    const started = Date.now();
    assert.equal((await blue.getIssue(key.blue))?.key, key.blue);
    assert.ok(Date.now() - started >= 1000, 'the retry waited for the Retry-After');
    assert.deepEqual(checkRetryAfter(emulators), []);
  });

  void test('a request on its way when the 429 was answered passes, however late it reaches Jira', async () => {
    // GET /myself leaves the tracker before the read's 429 is read, and reaches Jira 300 ms after that answer: what
    // a loaded machine does. Judged by arrival times it would look early; it was not.
    const slowMyself: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/myself')) await sleep(300);
      return fetch(input, init);
    };
    const blue = watchedTrackers(slowMyself).get('blue') as TrackerPort;
    await blue.fieldCatalog();
    await limitOnce('blue', 'jira-quota-tenant-based', 1);
    const me = blue.myself();
    await Promise.all([blue.getIssue(key.blue), me]);
    const limited = emulators.log.blue.find((entry) => entry.status === 429);
    const late = emulators.log.blue.find((entry) => entry.endpoint.endsWith('/myself'));
    assert.ok(limited && late && late.at - limited.at > 200, 'the in-flight request reached Jira well after the 429');
    assert.deepEqual(checkRetryAfter(emulators), []);
  });

  void test('a client whose gate does not wait fails, per endpoint (Cloud) and per user (Data Center)', async () => {
    const trackers = watchedTrackers();
    for (const tracker of trackers.values()) breakGates(tracker);
    await limitOnce('blue', 'jira-burst-based', 2);
    await limitOnce('green', null, 2);
    await (trackers.get('blue') as TrackerPort).getIssue(key.blue);
    await (trackers.get('green') as TrackerPort).getIssue(key.green);
    const violations = checkRetryAfter(emulators);
    assert.equal(violations.length, 2, violations.join('\n'));
    assert.match(
      violations[0] ?? '',
      /^blue: GET \/rest\/api\/3\/issue\/.* ms after a 429 was read \(jira-burst-based/,
    );
    assert.match(violations[1] ?? '', /^green: GET \/rest\/api\/2\/issue\/.* ms after a 429 was read \(no reason/);
  });

  void test('a request outside the 429 scope may go at once; a client that broke only that does not fail', async () => {
    const blue = watchedTrackers().get('blue') as TrackerPort;
    breakGates(blue);
    // A per-issue write limit: reads of the issue are not limited.
    await emulators.control('blue', 'POST', '/_emulator/faults', {
      type: 'rateLimit',
      reason: 'jira-per-issue-on-write',
      retryAfterSeconds: 2,
      count: 1,
      scope: { user: 'admin', method: 'PUT' },
    });
    await blue.updateFields(key.blue, { summary: 'once' });
    const violations = checkRetryAfter(emulators);
    // The broken gate retried the PUT at once: that is a violation; the GETs around it are not.
    assert.equal(violations.length, 1, violations.join('\n'));
    assert.match(violations[0] ?? '', /^blue: PUT .* after a 429 was read \(jira-per-issue-on-write/);
    await blue.getIssue(key.blue);
    assert.equal(checkRetryAfter(emulators).length, 1);
  });

  void test('a request the send logs do not account for fails the check', async () => {
    watchedTrackers();
    const unwatched = tandemTrackers({ blueUrl: emulators.jira.blue.url, greenUrl: emulators.jira.green.url });
    await (unwatched.get('green') as TrackerPort).getIssue(key.green);
    // Two requests: the field catalog, then the issue.
    assert.deepEqual(checkRetryAfter(emulators), [
      'green: the send logs hold 0 requests but Jira received 2 from Tandem: the Retry-After check cannot see them all',
    ]);
  });
});
