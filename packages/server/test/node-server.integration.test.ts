/**
 * A composed node over real HTTP: a Cloud and a Data Center emulator with the demo data, a SQLite file in a temporary
 * folder, the fastify server. Webhooks are checked byte for byte (signature), and the JSON API is driven through
 * HttpOperations, the client the CLI uses.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@tandem/config';
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import {
  composeNode,
  createNodeLogger,
  HttpOperations,
  InvalidInputError,
  loadNodeSecret,
  localApiTokenFor,
  NotFoundError,
  OperationFailedError,
  startServer,
  type TandemNode,
  type TandemServer,
} from '../src/index.ts';

const sign = (secret: string, body: Buffer) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

void describe('a node serving webhooks and the JSON API', () => {
  let blue: JiraEmulator;
  let green: JiraEmulator;
  let dir: string;
  let node: TandemNode;
  let server: TandemServer;
  let api: HttpOperations;
  let token: string;

  before(async () => {
    blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-server-'));
    const config = parseConfig(
      `store: ./state/tandem.db
listen: 127.0.0.1:0
instances:
  blue:  { type: jira-cloud, url: ${blue.url}, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }
connections:
  blue_green:
    sides:
      blue:  { project: BLUE, trigger: "project = BLUE AND summary ~ \\"webhook\\"" }
      green: { project: GREEN, trigger: "project = GREEN AND summary ~ \\"webhook\\"" }
`,
      { env: { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' }, sourceName: 'tandem.yaml', baseDir: dir },
    );
    node = await composeNode(config, { logger: createNodeLogger({ level: 'silent' }), env: {} });
    server = await startServer(node, { listen: config.listen, publicUrl: config.publicUrl });
    // No poll: whatever syncs here was detected by a webhook or asked for through the API.
    await node.engine.start({ poll: false, registerWebhooksAt: server.publicUrl });
    // The CLI's credential on the node's own machine: the token derived from the node secret.
    token = localApiTokenFor(config, {});
    api = new HttpOperations(server.url, { token });
  });

  after(async () => {
    await server.close();
    await node.close();
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: Buffer, headers: Record<string, string>) =>
    fetch(server.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  void test('the node secret is created once beside the store, readable by its owner only', () => {
    const file = join(dir, 'state', 'node-secret');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const store = { kind: 'sqlite' as const, path: join(dir, 'state', 'tandem.db') };
    assert.equal(loadNodeSecret(store, {}), loadNodeSecret(store, {}));
    assert.equal(loadNodeSecret(store, { TANDEM_NODE_SECRET: 'from-env' }), 'from-env');
  });

  void test('a webhook signed over the exact bytes is accepted; a wrong or missing signature is 401', async () => {
    const secret = node.engine.webhookSecret('blue');
    // Spacing that a re-serialised JSON object would lose: the signature covers these bytes.
    const body = Buffer.from('{ "webhookEvent": "jira:issue_updated",  "issue": { "id": "10000", "key": "BLUE-1" } }');
    const ok = await post('/webhooks/jira/blue', body, { 'x-hub-signature': sign(secret, body) });
    assert.equal(ok.status, 204);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(body.toString())));
    const tampered = await post('/webhooks/jira/blue', body, { 'x-hub-signature': sign(secret, reserialised) });
    assert.equal(tampered.status, 401);
    assert.match(((await tampered.json()) as { error: { message: string } }).error.message, /signature/);
    assert.equal((await post('/webhooks/jira/blue', body, {})).status, 401);
    const otherInstance = await post('/webhooks/jira/green', body, { 'x-hub-signature': sign(secret, body) });
    assert.equal(otherInstance.status, 401, "blue's secret does not sign green's webhooks");
    assert.equal((await post('/webhooks/jira/nowhere', body, { 'x-hub-signature': sign(secret, body) })).status, 404);
    const noIssue = Buffer.from('{"webhookEvent":"comment_created"}');
    assert.equal(
      (await post('/webhooks/jira/blue', noIssue, { 'x-hub-signature': sign(secret, noIssue) })).status,
      202,
    );
  });

  void test("Jira's own delivery passes the check: an issue created on blue reaches green by webhook alone", async () => {
    const created = await fetch(`${blue.url}/rest/api/2/issue`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('alice@example.com:emulator-token').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Created for the webhook test' },
      }),
    });
    assert.equal(created.status, 201);
    const { key } = (await created.json()) as { key: string };
    const deadline = Date.now() + 20_000;
    let greenKey: string | null = null;
    while (greenKey === null && Date.now() < deadline) {
      greenKey = await api.twinStatus(key).then(
        (status) => status.twins[0]?.twin.b.issueKey ?? null,
        () => null,
      );
      if (greenKey === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.ok(greenKey, `${key} got a twin through the webhook`);
    await node.engine.waitUntilIdle();
    const twin = await fetch(`${green.url}/rest/api/2/issue/${greenKey}`, {
      headers: { authorization: 'Bearer emulator-token' },
    });
    assert.equal(
      ((await twin.json()) as { fields: { summary: string } }).fields.summary,
      'Created for the webhook test',
    );
  });

  void test('API round trip: sync, status, connection list, pause and resume, errors, retry', async () => {
    const queued = await api.sync('BLUE-2');
    assert.equal(queued.key, 'BLUE-2');
    assert.equal(queued.queued.length, 1);
    await node.engine.waitUntilIdle();
    const status = await api.twinStatus('BLUE-2');
    assert.equal(status.twins.length, 1);
    const [entry] = status.twins;
    assert.equal(entry?.twin.a.issueKey, 'BLUE-2');
    assert.match(entry?.twin.b.issueKey ?? '', /^GREEN-\d+$/);
    assert.equal(entry?.pending, false);
    assert.equal(entry?.error, null);
    assert.equal(typeof entry?.lastSyncedAt, 'number');

    const [connection] = (await api.connections()).connections;
    assert.equal(connection?.name, 'blue_green');
    assert.equal(connection?.status, 'active');
    assert.deepEqual(
      connection?.sides.map((side) => side.instance),
      ['blue', 'green'],
    );
    assert.ok((connection?.twins ?? 0) >= 1);
    assert.equal((await api.pause('blue_green')).connection.status, 'paused');
    assert.equal((await api.resume('blue_green')).connection.status, 'active');
    assert.deepEqual(await api.errors(), { errors: [] });
    assert.deepEqual(await api.retry(), { queued: [] });
  });

  void test('connect, unsync; bad input is 400, what does not exist is 404, refusals are 409', async () => {
    const { twin } = await api.connect({ a: 'GREEN-3', b: 'BLUE-3' });
    assert.equal(twin.a.issueKey, 'BLUE-3', 'keys are put in the connection side order');
    assert.equal(twin.b.issueKey, 'GREEN-3');
    await node.engine.waitUntilIdle();
    await assert.rejects(api.connect({ a: 'BLUE-3', b: 'GREEN-4' }), OperationFailedError);
    const unsynced = await api.unsync('GREEN-3');
    assert.equal(unsynced.twins[0]?.id, twin.id);

    await assert.rejects(api.twinStatus('BLUE-999'), NotFoundError);
    await assert.rejects(
      api.twinStatus('BLUE-4'),
      (error: unknown) => error instanceof NotFoundError && /has no twin/.test(error.message),
    );
    await assert.rejects(api.twinStatus('not a key'), InvalidInputError);
    await assert.rejects(api.bulk('nope'), NotFoundError);
    await assert.rejects(api.pause('nope'), NotFoundError);
    await assert.rejects(api.retry('no-such-twin'), NotFoundError);

    const authorization = `Bearer ${token}`;
    const badBody = await fetch(`${server.url}/api/connect`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: '{"a":"BLUE-1","extra":1}',
    });
    assert.equal(badBody.status, 400);
    const envelope = (await badBody.json()) as {
      error: { message: string; details: { issues: { in: string; path: (string | number)[] }[] } };
    };
    assert.deepEqual(envelope.error.details.issues.map((issue) => [issue.in, issue.path.join('.')]).sort(), [
      ['body', ''],
      ['body', 'b'],
    ]);
    const notJson = await fetch(`${server.url}/api/errors/retry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: '{',
    });
    assert.equal(notJson.status, 400);
    assert.ok(((await notJson.json()) as { error?: unknown }).error);
    const noRoute = await fetch(`${server.url}/api/nothing`, { headers: { authorization } });
    assert.equal(noRoute.status, 404);
    assert.deepEqual(Object.keys((await noRoute.json()) as object), ['error']);
    const health = await fetch(`${server.url}/health`);
    assert.deepEqual(await health.json(), { service: 'tandem', status: 'ok', connections: ['blue_green'] });
  });
});
