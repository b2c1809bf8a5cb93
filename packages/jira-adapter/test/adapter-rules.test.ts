/** The adapter's pure rules: backoff, jitter, JQL literals, Jira error bodies and headers, configuration checks. */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  DEFAULT_RETRY_POLICY,
  JiraTrackerConfigError,
  backoffDelayMs,
  createTracker,
  jqlString,
  propertyEqualsJql,
  seededRandom,
} from '../src/index.ts';
import { errorFromResponse, rateLimitScopeOf, retryAfterMs } from '../src/jira-error-response.ts';

void describe('retry policy', () => {
  void test('capped exponential backoff, jitter within ±jitterRatio/2', () => {
    const mid = () => 0.5;
    assert.deepEqual(
      [1, 2, 3, 4, 10].map((attempt) => backoffDelayMs(DEFAULT_RETRY_POLICY, attempt, mid)),
      [500, 1000, 2000, 4000, 30_000],
    );
    assert.equal(
      backoffDelayMs(DEFAULT_RETRY_POLICY, 2, () => 0),
      900,
    );
    assert.equal(
      backoffDelayMs(DEFAULT_RETRY_POLICY, 2, () => 0.999_999),
      1100,
    );
    assert.ok(backoffDelayMs(DEFAULT_RETRY_POLICY, 20, () => 0.999_999) <= DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  void test('seeded jitter replays', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, seededRandom(seed));
    assert.deepEqual(draw(7), draw(7));
    assert.notDeepEqual(draw(7), draw(8));
    assert.ok(draw(7).every((value) => value >= 0 && value < 1));
  });
});

void describe('JQL literals', () => {
  void test('strings are quoted with backslashes and quotes escaped', () => {
    assert.equal(jqlString('a "b" \\ c'), '"a \\"b\\" \\\\ c"');
    assert.equal(
      propertyEqualsJql('tandem.twin', 'connection', 'x" OR 1=1'),
      'issue.property[tandem.twin].connection = "x\\" OR 1=1"',
    );
  });

  void test('keys and paths outside plain identifiers are refused', () => {
    assert.throws(() => propertyEqualsJql('a]b', 'c', 'v'), RangeError);
    assert.throws(() => propertyEqualsJql('k', 'c = 1 OR d', 'v'), RangeError);
    assert.throws(() => propertyEqualsJql('k', '', 'v'), RangeError);
  });
});

void describe('Jira error answers', () => {
  const context = { subject: 'BLUE-12', issue: 'BLUE-12', now: 0, scopeWithoutReason: 'endpoint' as const };

  void test("400 names the issue, each field and Jira's messages", () => {
    const error = errorFromResponse(
      400,
      new Headers(),
      JSON.stringify({
        errorMessages: ['Something else.'],
        errors: { summary: 'You must specify a summary of the issue.' },
      }),
      context,
    );
    assert.equal(error.kind, 'bad-request');
    assert.equal(error.message, "BLUE-12: field 'summary': You must specify a summary of the issue.; Something else.");
    assert.deepEqual(error.details.jiraMessages, ['Something else.']);
  });

  void test('status kinds; a body that is not JSON is kept as the message', () => {
    const kinds = [401, 403, 404, 409, 429, 500, 503].map(
      (status) => errorFromResponse(status, new Headers(), '', context).kind,
    );
    assert.deepEqual(kinds, ['auth', 'forbidden', 'not-found', 'conflict', 'rate-limited', 'server', 'server']);
    assert.equal(
      errorFromResponse(403, new Headers(), 'XSRF check failed', context).message,
      'BLUE-12: XSRF check failed',
    );
  });

  void test('Retry-After in seconds or as an HTTP date; RateLimit-Reason to scope', () => {
    assert.equal(retryAfterMs('7', 0), 7000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
    assert.equal(retryAfterMs(null, 0), undefined);
    assert.equal(rateLimitScopeOf('jira-quota-global-based', 'endpoint'), 'global');
    assert.equal(rateLimitScopeOf(null, 'tenant'), 'tenant');
    const error = errorFromResponse(
      429,
      new Headers({ 'Retry-After': '3', 'RateLimit-Reason': 'jira-per-issue-on-write' }),
      '',
      context,
    );
    assert.deepEqual([error.details.retryAfterMs, error.details.rateLimitScope], [3000, 'issue']);
  });
});

void describe('configuration', () => {
  void test('every bad key is reported at once', () => {
    assert.throws(
      () => createTracker({ instance: '', type: 'jira-cloud', url: 'ftp://x' }),
      (error: unknown) => {
        assert.ok(error instanceof JiraTrackerConfigError);
        assert.deepEqual(error.problems.map((problem) => problem.split(':')[0]).sort(), [
          'email',
          'instance',
          'token',
          'url',
        ]);
        return true;
      },
    );
    assert.throws(
      () => createTracker({ instance: 'dc', type: 'jira-datacenter', url: 'https://jira', username: 'u' }),
      /Data Center needs a token, or username and password/,
    );
  });

  void test('flavour by type; trailing slashes dropped from the browse URL', () => {
    const dc = createTracker({
      instance: 'dc',
      type: 'jira-datacenter',
      url: 'https://jira/x/',
      username: 'u',
      password: 'p',
    });
    assert.equal(dc.flavor, 'datacenter');
    assert.equal(dc.browseUrl('ENG-1'), 'https://jira/x/browse/ENG-1');
    const cloud = createTracker({
      instance: 'c',
      type: 'jira-cloud',
      url: 'https://a.atlassian.net',
      email: 'e',
      token: 't',
    });
    assert.equal(cloud.flavor, 'cloud');
  });
});
