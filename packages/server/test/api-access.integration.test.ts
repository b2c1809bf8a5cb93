/**
 * Access to the API: every `/api` route but login and the OpenAPI document answers 401 without a valid session or
 * token; login sets an HttpOnly, SameSite=Strict cookie; API tokens are answered once and work until revoked; the
 * node-local token is what the CLI uses; no secret (Jira tokens, passwords, hashes, token values) is ever answered.
 * One test goes over real HTTP with a cookie, and serves the console's files.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@tandem/store';
import {
  apiRoutes,
  BulkRuns,
  firstAdminFromEnv,
  localApiTokenFor,
  startServer,
  type ApiRoute,
  type TandemServer,
} from '../src/index.ts';
import { ADMIN, BASIC_CONNECTION, startApiNode, type ApiNode } from './support/api-node.ts';

/** A concrete URL for a route's path (parameters filled with values that exist nowhere). */
function sampleUrl(route: ApiRoute): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => (name === 'key' ? 'BLUE-1' : `sample-${name}`));
}

void describe('API access', () => {
  let api: ApiNode;
  let routes: ApiRoute[];
  /** Every answer of this suite, to look for secrets in. */
  const answers: string[] = [];
  const call = async (...args: Parameters<ApiNode['call']>) => {
    const answer = await api.call(...args);
    answers.push(answer.text, JSON.stringify(answer.headers));
    return answer;
  };

  before(async () => {
    api = await startApiNode(BASIC_CONNECTION);
    routes = apiRoutes({
      node: api.node,
      bulkRuns: new BulkRuns(api.node.engine, { now: Date.now, newId: randomUUID }),
      publicUrl: undefined,
      webhooks: false,
      secureCookies: false,
    });
  });
  after(async () => {
    await api.close();
  });

  void test('every route but login, the OpenAPI document and /health answers 401 without credentials', async () => {
    const open = routes.filter((route) => route.open).map((route) => `${route.method} ${route.path}`);
    assert.deepEqual(open.sort(), ['GET /api/openapi.json', 'GET /health', 'POST /api/session']);
    for (const route of routes.filter((each) => !each.open)) {
      for (const auth of [
        'none',
        { authorization: 'Bearer tdn_not-a-token' },
        { authorization: 'Bearer tdl_not-the-local-token' },
        { authorization: 'Basic YWRtaW46YWRtaW4=' },
        { cookie: 'tandem_session=not-a-session' },
      ] as const) {
        const answer = await call(route.method, sampleUrl(route), {
          auth,
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { body: {} }),
        });
        assert.equal(answer.status, 401, `${route.method} ${route.path} with ${JSON.stringify(auth)}`);
        assert.deepEqual(Object.keys(answer.body), ['error']);
        assert.equal(typeof answer.body.error.message, 'string');
      }
    }
    // Nothing behind /api is reachable unauthenticated, not even a path that does not exist.
    assert.equal((await call('GET', '/api/nothing-here', { auth: 'none' })).status, 401);
    assert.equal((await call('GET', '/api/openapi.json', { auth: 'none' })).status, 200);
    assert.equal((await call('GET', '/health', { auth: 'none' })).status, 200);
  });

  void test('login: a wrong password or unknown address is 401 alike; bad input is 400 with the field path', async () => {
    const wrong = await call('POST', '/api/session', { auth: 'none', body: { ...ADMIN, password: 'wrong password!' } });
    const unknown = await call('POST', '/api/session', {
      auth: 'none',
      body: { email: 'nobody@example.com', password: 'wrong password!' },
    });
    assert.equal(wrong.status, 401);
    assert.equal(unknown.status, 401);
    assert.equal(
      wrong.body.error.message,
      unknown.body.error.message,
      'the answer does not tell which addresses exist',
    );
    assert.equal(wrong.headers['set-cookie'], undefined);
    const bad = await call('POST', '/api/session', { auth: 'none', body: { password: 'x', extra: true } });
    assert.equal(bad.status, 400);
    assert.deepEqual(
      bad.body.error.details.issues
        .map((issue: { in: string; path: string[] }) => `${issue.in}:${issue.path.join('.')}`)
        .sort(),
      ['body:', 'body:email'],
    );
  });

  void test('login sets an HttpOnly, SameSite=Strict session cookie; the session names the user; logout ends it', async () => {
    const login = await call('POST', '/api/session', { auth: 'none', body: { ...ADMIN, email: 'ADMIN@example.com' } });
    assert.equal(login.status, 200);
    assert.deepEqual(Object.keys(login.body.user).sort(), ['email', 'id', 'name', 'role']);
    assert.equal(login.body.user.email, ADMIN.email);
    const setCookie = String(login.headers['set-cookie']);
    assert.match(setCookie, /^tandem_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    const cookie = setCookie.split(';')[0] ?? '';
    const session = await call('GET', '/api/session', { auth: { cookie } });
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { user: login.body.user, auth: 'session' });
    assert.equal((await call('GET', '/api/connections', { auth: { cookie } })).status, 200);
    const logout = await call('DELETE', '/api/session', { auth: { cookie } });
    assert.equal(logout.status, 204);
    assert.match(String(logout.headers['set-cookie']), /^tandem_session=; .*Max-Age=0/);
    assert.equal((await call('GET', '/api/session', { auth: { cookie } })).status, 401);
    assert.equal((await call('GET', '/api/connections', { auth: { cookie } })).status, 401);
  });

  void test('API tokens: the value is answered once, lists show it masked, a revoked token stops at once', async () => {
    const before = (await call('GET', '/api/tokens', { auth: 'cookie' })).body.items.length;
    const bad = await call('POST', '/api/tokens', { auth: 'cookie', body: { name: '  ' } });
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.error.details.issues[0].path, ['name']);
    assert.equal((await call('GET', '/api/tokens', { auth: 'cookie' })).body.items.length, before, 'nothing created');

    const created = await call('POST', '/api/tokens', { auth: 'cookie', body: { name: 'backup script' } });
    assert.equal(created.status, 201);
    const value: string = created.body.value;
    assert.match(value, /^tdn_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.body.token.masked, `••••${value.slice(-4)}`);
    assert.equal(created.body.token.createdBy.email, ADMIN.email);
    const list = await call('GET', '/api/tokens', { auth: 'cookie' });
    assert.equal(list.body.items.length, before + 1);
    assert.ok(!list.text.includes(value), 'the list never shows a value');
    assert.ok(!list.text.includes(value.slice(0, 12)));

    const session = await call('GET', '/api/session', { auth: { authorization: `Bearer ${value}` } });
    assert.equal(session.body.auth, 'token');
    assert.equal(session.body.user.email, ADMIN.email, 'a token acts for the user who created it');
    const used = (await call('GET', '/api/tokens', { auth: 'cookie' })).body.items.find(
      (token: { id: string }) => token.id === created.body.token.id,
    );
    assert.equal(typeof used.lastUsedAt, 'number');

    assert.equal((await call('DELETE', `/api/tokens/${created.body.token.id}`, { auth: 'cookie' })).status, 204);
    assert.equal((await call('GET', '/api/connections', { auth: { authorization: `Bearer ${value}` } })).status, 401);
    assert.equal((await call('DELETE', `/api/tokens/${created.body.token.id}`, { auth: 'cookie' })).status, 404);
  });

  void test("the node-local token (the CLI's, derived from the node secret) is accepted; TANDEM_API_TOKEN overrides it", async () => {
    const local = localApiTokenFor(api.node.config, {});
    assert.match(local, /^tdl_/);
    assert.equal(localApiTokenFor(api.node.config, {}), local, 'stable while the node secret is');
    const session = await call('GET', '/api/session', { auth: { authorization: `Bearer ${local}` } });
    assert.deepEqual(session.body, { user: null, auth: 'local' });
    assert.equal(localApiTokenFor(api.node.config, { TANDEM_API_TOKEN: ' tdn_given ' }), 'tdn_given');
  });

  void test('instances show their credentials masked; lists refuse a bad page size', async () => {
    for (const url of ['/api/instances?limit=0', '/api/tokens?limit=201', '/api/errors?limit=x']) {
      const bad = await call('GET', url);
      assert.equal(bad.status, 400, url);
      assert.deepEqual(bad.body.error.details.issues[0], {
        in: 'query',
        path: ['limit'],
        message: bad.body.error.details.issues[0].message,
      });
    }
    const answer = await call('GET', '/api/instances');
    assert.equal(answer.status, 200);
    assert.deepEqual(
      answer.body.items.map((instance: { name: string; auth: unknown }) => [instance.name, instance.auth]),
      [
        ['blue', { kind: 'basic', user: 'admin@example.com', secret: '••••' }],
        ['green', { kind: 'bearer', user: null, secret: '••••' }],
      ],
    );
  });

  void test('the first admin comes from TANDEM_ADMIN_EMAIL and TANDEM_ADMIN_PASSWORD only while there is no user', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-first-admin-'));
    const store = await openStore(join(dir, 'tandem.db'));
    try {
      const context = { now: Date.now, newId: randomUUID };
      const env = { TANDEM_ADMIN_EMAIL: 'Boss@Example.com', TANDEM_ADMIN_PASSWORD: 'a long enough password' };
      assert.equal(await firstAdminFromEnv(store.access, {}, context), undefined);
      await assert.rejects(
        firstAdminFromEnv(store.access, { ...env, TANDEM_ADMIN_PASSWORD: 'short' }, context),
        /at least 10 characters/,
      );
      const created = await firstAdminFromEnv(store.access, env, context);
      assert.equal(created?.email, 'boss@example.com');
      assert.equal(created?.role, 'admin');
      const stored = await store.access.findUserByEmail('boss@example.com');
      assert.match(stored?.passwordHash ?? '', /^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{86}$/);
      assert.equal(
        await firstAdminFromEnv(store.access, { ...env, TANDEM_ADMIN_EMAIL: 'other@example.com' }, context),
        undefined,
      );
      assert.equal(await store.access.countUsers(), 1);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  void test('no answer of this suite holds a Jira token, a password, a hash or the test token', () => {
    const all = answers.join('\n');
    for (const secret of ['emulator-token', ADMIN.password, 'scrypt$', api.bearer.slice('Bearer '.length)])
      assert.ok(!all.includes(secret), `an answer contained ${secret.slice(0, 6)}…`);
  });

  void describe('over real HTTP', () => {
    let server: TandemServer;
    let consoleDir: string;
    before(async () => {
      consoleDir = join(api.dir, 'console');
      mkdirSync(join(consoleDir, 'assets'), { recursive: true });
      writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>Tandem</title><div id="root"></div>');
      writeFileSync(join(consoleDir, 'assets', 'app-1234.js'), 'console.log("tandem");');
      server = await startServer(api.node, {
        listen: { host: '127.0.0.1', port: 0 },
        publicUrl: 'http://127.0.0.1:0',
        consoleDir,
      });
    });
    after(async () => {
      await server.close();
    });

    void test('a browser logs in, keeps the cookie, reads the API, logs out; the console is served at /', async () => {
      assert.equal((await fetch(`${server.url}/api/connections`)).status, 401);
      const login = await fetch(`${server.url}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      assert.equal(login.status, 200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      assert.match(cookie, /^tandem_session=/);
      const connections = await fetch(`${server.url}/api/connections`, { headers: { cookie } });
      assert.equal(connections.status, 200);
      assert.equal(((await connections.json()) as { items: { name: string }[] }).items[0]?.name, 'blue_green');
      assert.equal((await fetch(`${server.url}/api/session`, { method: 'DELETE', headers: { cookie } })).status, 204);
      assert.equal((await fetch(`${server.url}/api/connections`, { headers: { cookie } })).status, 401);

      const index = await fetch(`${server.url}/`);
      assert.equal(index.status, 200);
      assert.match(index.headers.get('content-type') ?? '', /^text\/html/);
      assert.equal(index.headers.get('cache-control'), 'no-cache');
      assert.match(await index.text(), /<div id="root">/);
      const route = await fetch(`${server.url}/connections/blue_green`);
      assert.equal(route.status, 200, "the console's own routes get index.html");
      assert.match(await route.text(), /<div id="root">/);
      const asset = await fetch(`${server.url}/assets/app-1234.js`);
      assert.match(asset.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.match(asset.headers.get('cache-control') ?? '', /immutable/);
      assert.equal(await asset.text(), 'console.log("tandem");');
      const missing = await fetch(`${server.url}/assets/missing.js`);
      assert.equal(missing.status, 404);
      assert.deepEqual(Object.keys((await missing.json()) as object), ['error']);
      const escape = await fetch(`${server.url}/..%2ftandem.yaml`);
      assert.equal(escape.status, 404, 'no file outside the console folder');
      assert.ok(!(await escape.text()).includes('instances:'));
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });
});
