/**
 * Two nodes paired through the API, as the console does it: each creates its half of a connection (the other
 * organisation's instance marked remote), the first initiates and hands over the code, the second accepts it; then an
 * issue synced on the first node is created by the second in its own Jira. Both nodes are real HTTP servers.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@tandem/config';
import { ADMIN_EMAIL, DEFAULT_TOKEN, startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import {
  composeNode,
  createNodeLogger,
  createOrResetAdmin,
  startServer,
  type TandemNode,
  type TandemServer,
} from '../src/index.ts';

const ENV = { BLUE_TOKEN: DEFAULT_TOKEN, GREEN_TOKEN: DEFAULT_TOKEN };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

interface Running {
  node: TandemNode;
  server: TandemServer;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function startNode(dir: string, name: string, instance: string): Promise<Running> {
  const folder = join(dir, name);
  mkdirSync(folder);
  const port = await freePort();
  const configFile = join(folder, 'tandem.yaml');
  writeFileSync(
    configFile,
    `store: ./tandem.db\nlisten: 127.0.0.1:${port}\ninstances:\n${instance}\npoll: { intervalSeconds: 3600 }\nwebhooks: { enabled: false }\n`,
  );
  const node = await composeNode(loadConfig(configFile, ENV), {
    configFile,
    env: ENV,
    logger: createNodeLogger({ level: 'silent' }),
  });
  await node.engine.start({ poll: false });
  const server = await startServer(node, {
    listen: node.config.listen,
    publicUrl: node.config.publicUrl,
    consoleDir: null,
  });
  await createOrResetAdmin(
    node.access,
    { email: 'admin@example.com', password: 'pairing password' },
    { now: Date.now, newId: randomUUID },
  );
  const { value } = await node.accessService.createToken('tests', null);
  return {
    node,
    server,
    async call(method, path, body) {
      const response = await fetch(server.url + path, {
        method,
        headers: {
          authorization: `Bearer ${value}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
    },
  };
}

void describe('pairing two nodes through the API', () => {
  let blue: JiraEmulator;
  let green: JiraEmulator;
  let dir: string;
  let first: Running;
  let second: Running;

  before(async () => {
    blue = await startJiraEmulator({ flavor: 'cloud', port: 0, seed: 'demo' });
    green = await startJiraEmulator({ flavor: 'datacenter', port: 0, seed: 'demo' });
    dir = mkdtempSync(join(tmpdir(), 'tandem-pairing-'));
    first = await startNode(
      dir,
      'first',
      `  blue: { type: jira-cloud, url: ${blue.url}, email: ${ADMIN_EMAIL}, token: "\${BLUE_TOKEN}" }`,
    );
    second = await startNode(
      dir,
      'second',
      `  partner: { type: jira-datacenter, url: ${green.url}, token: "\${GREEN_TOKEN}" }`,
    );
  });
  after(async () => {
    for (const running of [first, second]) {
      await running.server.close();
      await running.node.close();
    }
    await Promise.all([blue.close(), green.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  void test('create both halves, initiate, accept, and sync across', async () => {
    const mine = await first.call('POST', '/api/connections', {
      name: 'shared',
      sides: [
        { instance: 'blue', project: 'BLUE' },
        { instance: 'partner', remote: true },
      ],
    });
    assert.equal(mine.status, 201, JSON.stringify(mine.body));
    assert.equal(mine.body.status, 'pending');
    assert.equal(mine.body.sides[1].remote, true);
    const theirs = await second.call('POST', '/api/connections', {
      name: 'shared',
      sides: [
        { instance: 'blue', remote: true },
        { instance: 'partner', project: 'GREEN' },
      ],
    });
    assert.equal(theirs.status, 201, JSON.stringify(theirs.body));

    const badExpiry = await first.call('POST', '/api/connections/shared/initiate', { expiresInMinutes: 0 });
    assert.equal(badExpiry.status, 400);
    assert.deepEqual(badExpiry.body.error.details.issues[0].path, ['expiresInMinutes']);
    assert.equal((await first.call('POST', '/api/connections/nope/initiate', {})).status, 404);
    const invitation = await first.call('POST', '/api/connections/shared/initiate', {});
    assert.equal(invitation.status, 200, JSON.stringify(invitation.body));
    assert.equal(invitation.body.connection, 'shared');
    assert.ok(invitation.body.expiresAt > Date.now());

    const garbled = await second.call('POST', '/api/connections/shared/accept', { code: 'not-a-code' });
    assert.equal(garbled.status, 400);
    assert.deepEqual(garbled.body.error.details.issues[0].path, ['code']);
    const noCode = await second.call('POST', '/api/connections/shared/accept', {});
    assert.equal(noCode.status, 400);
    const accepted = await second.call('POST', '/api/connections/shared/accept', { code: invitation.body.code });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.connection.status, 'active');
    assert.equal(accepted.body.peer.nodeId, first.node.peering.nodeId);
    assert.equal(accepted.body.connection.peer.url, first.server.url);
    const reused = await second.call('POST', '/api/connections/shared/accept', { code: invitation.body.code });
    assert.equal(reused.status, 409, 'a code works once; the peer’s refusal is not a 401 of this API');
    assert.match(reused.body.error.message, /already used/);
    assert.equal((await first.call('GET', '/api/connections/shared')).body.status, 'active');

    const synced = await first.call('POST', '/api/issues/BLUE-1/sync');
    assert.equal(synced.status, 200, JSON.stringify(synced.body));
    await first.node.engine.waitUntilIdle();
    const [twin] = (await first.call('GET', '/api/twins?key=BLUE-1')).body.items;
    assert.match(twin.b.issueKey, /^GREEN-\d+$/);
    assert.equal(twin.b.url, null, "the peer's instance URL is not known here");
    const created = await fetch(`${green.url}/rest/api/2/issue/${twin.b.issueKey}`, {
      headers: { authorization: `Bearer ${DEFAULT_TOKEN}` },
    });
    assert.equal(
      ((await created.json()) as { fields: { summary: string } }).fields.summary,
      'Customers cannot log in with SSO',
    );
  });
});
