/* Tests read Jira's JSON answers loosely. */
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * The decentralized topology end to end: two emulators, two nodes over real HTTP, each with its own SQLite file, its
 * own config and only its own instance. Pairing through the CLI's functions; then creates, edits, comments and
 * attachments both ways; tampered and replayed messages refused with nothing applied; a reused or expired invitation
 * refused; a peer that is down gets the replica when it returns.
 */
import { after, before, describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { loadConfig } from '@tandem/config';
import {
  HANDSHAKE_PATH,
  HandshakeError,
  decodeInvitationCode,
  signParts,
  PEER_HEADERS,
  REPLICAS_PATH,
} from '@tandem/server';
import { acceptInvitation, initiateConnection } from '../src/peer-pairing.ts';
import { startTwoNodeDemo, TWO_NODE_ENV, type TwoNodeDemo } from '../src/two-node-demo.ts';
import { eventually } from './support/run-tandem.ts';

const AUTH = {
  blue: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
  green: 'Bearer emulator-token',
};

async function jira(demo: TwoNodeDemo, which: 'blue' | 'green', method: string, path: string, body?: unknown) {
  const response = await fetch((which === 'blue' ? demo.blue.url : demo.green.url) + path, {
    method,
    headers: {
      authorization: AUTH[which],
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as any) };
}

async function upload(demo: TwoNodeDemo, which: 'blue' | 'green', key: string, name: string, bytes: Buffer) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/octet-stream' }), name);
  const api = which === 'blue' ? 3 : 2;
  const response = await fetch(
    `${which === 'blue' ? demo.blue.url : demo.green.url}/rest/api/${api}/issue/${key}/attachments`,
    {
      method: 'POST',
      headers: { authorization: AUTH[which], 'X-Atlassian-Token': 'no-check' },
      body: form,
    },
  );
  assert.equal(response.status, 200);
}

async function attachmentBytes(demo: TwoNodeDemo, which: 'blue' | 'green', key: string, name: string) {
  const issue = await jira(demo, which, 'GET', `/rest/api/2/issue/${key}?fields=attachment`);
  const found = (issue.body.fields.attachment as { filename: string; content: string }[]).find(
    (a) => a.filename === name,
  );
  if (!found) return undefined;
  return Buffer.from(await (await fetch(found.content, { headers: { authorization: AUTH[which] } })).arrayBuffer());
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function summaryOf(demo: TwoNodeDemo, which: 'blue' | 'green', key: string): Promise<string> {
  return (await jira(demo, which, 'GET', `/rest/api/2/issue/${key}?fields=summary`)).body.fields.summary as string;
}

async function commentsOf(demo: TwoNodeDemo, which: 'blue' | 'green', key: string): Promise<string[]> {
  const found = await jira(demo, which, 'GET', `/rest/api/2/issue/${key}/comment`);
  return (found.body.comments as { body: string }[]).map((comment) => comment.body);
}

void describe('two nodes, one instance each, paired by invitation code', () => {
  let demo: TwoNodeDemo;
  let blueKey = '';
  let greenKey = '';
  let twinId = '';

  before(async () => {
    demo = await startTwoNodeDemo({
      ports: { blue: 0, green: 0, node1: 0, node2: 0 },
      seed: 'none',
      pair: false,
      pollSeconds: 1,
      timings: { maxBackoffMs: 1000, createSettleMs: 1500 },
    });
  });
  after(async () => {
    await demo.close();
  });

  void test('before pairing both connections are pending; the CLI pairs them and both become active', async () => {
    for (const side of [demo.node1, demo.node2]) {
      const [status] = await side.node.engine.connections();
      assert.equal(status?.status, 'pending');
    }
    const config1 = loadConfig(demo.node1.configFile, TWO_NODE_ENV);
    const config2 = loadConfig(demo.node2.configFile, TWO_NODE_ENV);
    const { code } = await initiateConnection(config1, 'blue_green', 3_600_000);
    const decoded = decodeInvitationCode(code);
    assert.equal(decoded.connection, 'blue_green');
    assert.equal(decoded.url, demo.node1.server.publicUrl);
    const link = await acceptInvitation(config2, code);
    assert.equal(link.peerUrl, decoded.url);
    assert.equal(link.peerNodeId, demo.node1.node.peering.nodeId);
    for (const side of [demo.node1, demo.node2]) {
      const [status] = await side.node.engine.connections();
      assert.equal(status?.status, 'active');
    }
    const link1 = await demo.node1.node.store.getPeerLink('blue_green');
    assert.equal(link1?.peerNodeId, demo.node2.node.peering.nodeId);
    assert.equal(link1?.peerUrl, demo.node2.server.publicUrl);
    // The shared key is at rest only sealed; both nodes derived the same key.
    assert.ok(link1?.sealedKey.startsWith('v1.'));
    const [key1, key2] = await Promise.all([
      demo.node1.node.peering.peerOf('blue_green'),
      demo.node2.node.peering.peerOf('blue_green'),
    ]);
    assert.ok(key1 && key2 && key1.key.equals(key2.key));
    assert.ok(!link1.sealedKey.includes(key1.key.toString('base64url')));

    // The same code again: refused by node 1, and nothing changes.
    await assert.rejects(acceptInvitation(config2, code), (error: unknown) => {
      assert.ok(error instanceof HandshakeError);
      assert.equal(error.status, 401);
      assert.match(error.message, /already used/);
      return true;
    });
  });

  void test('an expired invitation is refused by the initiating node with a clear message', async () => {
    const { code, expiresAt } = await demo.node1.node.peering.initiate('blue_green', 1);
    while (Date.now() <= expiresAt) await new Promise((resolve) => setImmediate(resolve));
    // Sent as accept would, bypassing the accepting side's own expiry check.
    const decoded = decodeInvitationCode(code);
    const body = Buffer.from(
      JSON.stringify({
        v: 1,
        invitation: createHash('sha256').update(decoded.secret).digest('hex'),
        connection: 'blue_green',
        nodeId: demo.node2.node.peering.nodeId,
        url: demo.node2.server.publicUrl,
        sides: [
          { instance: 'blue', remote: true },
          { instance: 'green', remote: false },
        ],
        timestamp: Date.now(),
        nonce: 'abcdefghijklmnopqrstuv',
      }),
    );
    const response = await fetch(decoded.url + HANDSHAKE_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-tandem-invitation-proof': createHmac('sha256', decoded.secret).update(body).digest('hex'),
      },
      body,
    });
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as any).error.message, /expired at .*ask for a new one/);
    // And the accepting side says so without asking.
    await assert.rejects(demo.node2.node.peering.accept(code), /expired/);
  });

  void test('an issue created on Cloud appears on Data Center, and an edit there comes back', async () => {
    const created = await jira(demo, 'blue', 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'BLUE' }, issuetype: { name: 'Task' }, summary: 'Made on blue' },
    });
    assert.equal(created.status, 201);
    blueKey = created.body.key;
    const twin = await eventually(
      async () => (await demo.node1.node.store.listTwins('blue_green')).find((t) => t.b.issueKey !== null),
      30_000,
      'the twin on green',
    );
    twinId = twin.id;
    greenKey = twin.b.issueKey ?? '';
    assert.equal(await summaryOf(demo, 'green', greenKey), 'Made on blue');
    // Node 2 holds the same twin, created from the delivery.
    assert.equal((await demo.node2.node.store.getTwin(twinId))?.a.issueKey, blueKey);

    await jira(demo, 'green', 'PUT', `/rest/api/2/issue/${greenKey}`, { fields: { summary: 'Edited on green' } });
    await eventually(
      async () => ((await summaryOf(demo, 'blue', blueKey)) === 'Edited on green' ? true : undefined),
      30_000,
      'the edit back on blue',
    );
  });

  void test('comments and attachments travel both ways; attachment bytes are equal', async () => {
    await jira(demo, 'blue', 'POST', `/rest/api/2/issue/${blueKey}/comment`, { body: 'Hello from blue' });
    await jira(demo, 'green', 'POST', `/rest/api/2/issue/${greenKey}/comment`, { body: 'Hello from green' });
    await eventually(
      async () =>
        (await commentsOf(demo, 'green', greenKey)).some((body) => body.includes('Hello from blue')) ? true : undefined,
      30_000,
      'blue comment on green',
    );
    await eventually(
      async () =>
        (await commentsOf(demo, 'blue', blueKey)).some((body) => body.includes('Hello from green')) ? true : undefined,
      30_000,
      'green comment on blue',
    );

    const fromBlue = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 31) % 256));
    const fromGreen = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7 + 3) % 256));
    await upload(demo, 'blue', blueKey, 'blue.bin', fromBlue);
    await upload(demo, 'green', greenKey, 'green.bin', fromGreen);
    const onGreen = await eventually(
      () => attachmentBytes(demo, 'green', greenKey, 'blue.bin'),
      30_000,
      'blue.bin on green',
    );
    const onBlue = await eventually(
      () => attachmentBytes(demo, 'blue', blueKey, 'green.bin'),
      30_000,
      'green.bin on blue',
    );
    assert.equal(sha256(onGreen), sha256(fromBlue));
    assert.equal(sha256(onBlue), sha256(fromGreen));
  });

  /** A request to node 2 signed as node 1 would sign it. */
  async function signedToNode2(body: Buffer, tamper?: (body: Buffer) => Buffer, nonce = `n-${Date.now()}-abcdefghijk`) {
    const peer = await demo.node1.node.peering.peerOf('blue_green');
    assert.ok(peer);
    const timestamp = Date.now();
    const senderNodeId = demo.node1.node.peering.nodeId;
    const headers = {
      'content-type': 'application/json',
      [PEER_HEADERS.node]: senderNodeId,
      [PEER_HEADERS.connection]: 'blue_green',
      [PEER_HEADERS.timestamp]: String(timestamp),
      [PEER_HEADERS.nonce]: nonce,
      [PEER_HEADERS.signature]: signParts(peer.key, {
        method: 'POST',
        path: REPLICAS_PATH,
        timestamp,
        nonce,
        body,
        senderNodeId,
      }),
    };
    const send = () =>
      fetch(demo.node2.server.url + REPLICAS_PATH, { method: 'POST', headers, body: tamper ? tamper(body) : body });
    return send;
  }

  async function deliveryOf(summary: string): Promise<Buffer> {
    const state = await demo.node1.node.store.getSideState(twinId, 'a');
    assert.ok(state?.lastSent);
    const replica = { ...state.lastSent, fields: { ...state.lastSent.fields, summary } };
    return Buffer.from(
      JSON.stringify({
        connection: 'blue_green',
        twinId,
        origin: 'a',
        senderSide: 'a',
        replica: { ...replica, updated: Date.now() + 60_000 },
      }),
    );
  }

  void test('a tampered message (one byte of the signed body changed) is refused with 401 and nothing is applied', async () => {
    const body = await deliveryOf('TAMPERED XXXXX');
    const send = await signedToNode2(body, (signed) => {
      const copy = Buffer.from(signed);
      const at = copy.indexOf('XXXXX');
      copy[at] = 'Y'.charCodeAt(0);
      return copy;
    });
    const response = await send();
    assert.equal(response.status, 401);
    assert.match(((await response.json()) as any).error.message, /bad signature/);
    assert.equal(await summaryOf(demo, 'green', greenKey), 'Edited on green');
  });

  void test('a replayed message (the exact same signed request again) is refused with 401', async () => {
    const body = await deliveryOf('Edited on green');
    const send = await signedToNode2(body);
    const first = await send();
    assert.equal(first.status, 200, await first.clone().text());
    const again = await send();
    assert.equal(again.status, 401);
    assert.match(((await again.json()) as any).error.message, /replayed/);
  });

  void test('a message with a forged signature from a node that is not the peer is refused', async () => {
    const body = await deliveryOf('Forged');
    const response = await fetch(demo.node2.server.url + REPLICAS_PATH, {
      method: 'POST',
      headers: {
        [PEER_HEADERS.node]: 'node-intruder',
        [PEER_HEADERS.connection]: 'blue_green',
        [PEER_HEADERS.timestamp]: String(Date.now()),
        [PEER_HEADERS.nonce]: 'abcdefghijklmnopqrstuvwx',
        [PEER_HEADERS.signature]: '0'.repeat(64),
      },
      body,
    });
    assert.equal(response.status, 401);
    assert.equal(await summaryOf(demo, 'green', greenKey), 'Edited on green');
  });

  void test('node 2 down for a while: node 1 retries and delivers once it is back', async () => {
    await demo.node2.stopServer();
    await jira(demo, 'blue', 'PUT', `/rest/api/3/issue/${blueKey}`, {
      fields: { summary: 'Sent while node 2 was down' },
    });
    const error = await eventually(
      async () => {
        const found = await demo.node1.node.store.getError(twinId);
        return found && found.details.retrying === true ? found : undefined;
      },
      30_000,
      'a retrying error on node 1',
    );
    assert.match(error.message, /unreachable/);
    assert.equal(await summaryOf(demo, 'green', greenKey), 'Edited on green');
    await demo.node2.startServer();
    await eventually(
      async () => ((await summaryOf(demo, 'green', greenKey)) === 'Sent while node 2 was down' ? true : undefined),
      30_000,
      'the edit on green after node 2 came back',
    );
    await eventually(
      async () => ((await demo.node1.node.store.getError(twinId)) ? undefined : true),
      10_000,
      'error cleared',
    );
    const [status] = await demo.node1.node.engine.connections();
    assert.equal(status?.status, 'active');
  });
});
