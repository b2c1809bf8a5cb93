/**
 * The API's pure parts: paging cursors, error causes, sync latencies and percentiles, password hashes, masks and the
 * node-local token, the session cookie, and config problems told at request-body paths.
 */
import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { FastifyRequest } from 'fastify';
import { ConfigError } from '@tandem/config';
import type { AuditMark } from '@tandem/store';
import { cookieValue, sessionCookie } from '../src/access/api-access-hook.ts';
import { hashPassword, localApiToken, maskSecret, verifyPassword, InvalidInputError } from '../src/index.ts';
import { cursorBeforeId, idCursor, offsetPage } from '../src/api/paging.ts';
import { causeOf, messageShape } from '../src/api/views/error-groups.ts';
import { percentile, syncLatencies } from '../src/api/views/statistics.ts';
import { configEditError, rulesBodyPath } from '../src/config-file/config-issue-paths.ts';

const issuesOf = (error: unknown) =>
  (error as InvalidInputError).details.issues as { in: string; path: (string | number)[]; message: string }[];

void describe('paging', () => {
  void test('offset pages walk a list to its end; a foreign cursor is a 400 naming cursor', () => {
    const all = ['a', 'b', 'c', 'd', 'e'];
    const first = offsetPage(all, 2, undefined);
    assert.deepEqual(first.items, ['a', 'b']);
    const second = offsetPage(all, 2, first.nextCursor ?? undefined);
    assert.deepEqual(second.items, ['c', 'd']);
    const last = offsetPage(all, 2, second.nextCursor ?? undefined);
    assert.deepEqual(last, { items: ['e'], nextCursor: null });
    assert.deepEqual(offsetPage(all, 5, undefined).nextCursor, null);
    for (const bad of ['!!', Buffer.from('[1]').toString('base64url'), Buffer.from('{"o":-1}').toString('base64url')]) {
      assert.throws(
        () => offsetPage(all, 2, bad),
        (error) => error instanceof InvalidInputError && issuesOf(error)?.[0]?.path?.[0] === 'cursor',
      );
    }
    assert.equal(cursorBeforeId(idCursor(42)), 42);
    assert.equal(cursorBeforeId(undefined), undefined);
    assert.throws(() => cursorBeforeId(first.nextCursor ?? ''), InvalidInputError);
  });
});

void describe('error causes', () => {
  const error = (message: string, details: Record<string, unknown>) => ({
    twinId: 't',
    connection: 'c',
    message,
    details,
    firstAt: 1,
    lastAt: 2,
    attempts: 1,
  });

  void test('the same failure of two issues is one cause; keys, quoted values and numbers are set aside', () => {
    assert.equal(
      messageShape(`BLUE-12: no value pair for 'Blocker' (fields.2)`),
      `KEY: no value pair for … (fields.N)`,
    );
    assert.equal(
      causeOf(error("BLUE-1: field 'priority': 'Blocker' is not valid", { kind: 'bad-request', status: 400 })),
      causeOf(error("GREEN-7: field 'priority': 'Minor' is not valid", { kind: 'bad-request', status: 400 })),
    );
    assert.equal(
      causeOf(error('rules/a.ts:3:1: boom', { rule: 'error', file: 'rules/a.ts', line: 3, column: 1 })),
      'script rules/a.ts:3: rules/a.ts:N:N: boom',
    );
    assert.notEqual(
      causeOf(error('x', { rule: 'error', file: 'rules/a.ts', line: 3 })),
      causeOf(error('x', { rule: 'error', file: 'rules/a.ts', line: 4 })),
      'another line is another cause',
    );
  });
});

void describe('statistics', () => {
  const mark = (at: number, twinId: string, kind: AuditMark['kind']): AuditMark => ({
    id: at,
    at,
    connection: 'c',
    twinId,
    kind,
  });

  void test('latency runs from the first detection since the last sync of a twin to its sync', () => {
    const marks = [
      mark(100, 'a', 'detected'),
      mark(150, 'a', 'detected'),
      mark(300, 'a', 'applied'),
      mark(310, 'b', 'created'),
      mark(400, 'b', 'detected'),
      mark(450, 'b', 'applied'),
      mark(500, 'a', 'detected'),
    ];
    assert.deepEqual(syncLatencies(marks, 0), [200, 50]);
    assert.deepEqual(syncLatencies(marks, 320), [50], 'syncs before the window are not counted');
  });

  void test('nearest-rank percentiles', () => {
    const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 90), 90);
    assert.equal(percentile(sorted, 99), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([], 50), null);
  });
});

void describe('credentials', () => {
  void test('password hashes: salted, checked in constant time, wrong passwords refused', async () => {
    const one = await hashPassword('correct horse battery staple');
    const two = await hashPassword('correct horse battery staple');
    assert.notEqual(one, two, 'a new salt each time');
    assert.equal(await verifyPassword('correct horse battery staple', one), true);
    assert.equal(await verifyPassword('correct horse battery stapler', one), false);
    assert.equal(await verifyPassword('x', 'not a hash'), false);
    assert.equal(await verifyPassword('x', 'scrypt$1$1$1$$'), false);
  });

  void test('masks show the last four characters of long secrets only; the local token follows the node secret', () => {
    assert.equal(maskSecret('ATATT3xFfGF0abcdefghijklmnopWXYZ'), '••••WXYZ');
    assert.equal(maskSecret('admin'), '••••');
    assert.equal(localApiToken('secret-1'), localApiToken('secret-1'));
    assert.notEqual(localApiToken('secret-1'), localApiToken('secret-2'));
    assert.match(localApiToken('secret-1'), /^tdl_[A-Za-z0-9_-]{43}$/);
  });

  void test('the session cookie is read among others and written HttpOnly, SameSite=Strict, Secure on https', () => {
    const request = (cookie: string | undefined) => ({ headers: { cookie } }) as unknown as FastifyRequest;
    assert.equal(cookieValue(request('a=1; tandem_session=abc; b=2'), 'tandem_session'), 'abc');
    assert.equal(cookieValue(request('tandem_sessionx=abc'), 'tandem_session'), undefined);
    assert.equal(cookieValue(request(undefined), 'tandem_session'), undefined);
    assert.equal(
      sessionCookie('v', { maxAgeSeconds: 60, secure: true }),
      'tandem_session=v; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure',
    );
    assert.equal(
      sessionCookie(null, { maxAgeSeconds: 60, secure: false }),
      'tandem_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
  });
});

void describe('config problems at body paths', () => {
  void test("a Visual mapping's side is under fields in the body; other connections' problems keep the config path", () => {
    const error = new ConfigError('tandem.yaml', [
      { path: 'connections.c.visual.fields.2.blue', message: 'no field' },
      { path: 'connections.c.visual.fields.0.from', message: 'unknown side' },
      { path: 'connections.d.sides', message: 'other connection' },
    ]);
    const issues = issuesOf(configEditError(error, 'c', rulesBodyPath(['blue', 'green'])));
    assert.deepEqual(issues, [
      { in: 'body', path: ['visual', 'fields', 2, 'fields', 'blue'], message: 'no field' },
      { in: 'body', path: ['visual', 'fields', 0, 'from'], message: 'unknown side' },
      { in: 'config', path: ['connections', 'd', 'sides'], message: 'other connection' },
    ]);
  });
});
