import { describe, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { checkSignature, signParts, type SignedParts } from '../src/peering/message-signature.ts';
import { deriveSharedKey, sidesMismatch } from '../src/peering/node-peering.ts';
import { seal, unseal, SealedSecretError } from '../src/peering/sealed-secret.ts';
import { decodeInvitationCode, encodeInvitationCode, InvitationCodeError } from '../src/peering/invitation-code.ts';

const key = randomBytes(32);
const now = 1_800_000_000_000;
const parts: SignedParts = {
  method: 'POST',
  path: '/node/v1/replicas',
  timestamp: now,
  nonce: 'abcdefghijklmnopqrstuv',
  body: Buffer.from('{"replica":1}'),
  senderNodeId: 'node-1',
};

void describe('node-to-node signatures', () => {
  void test('a signature verifies; any change of method, path, body, nonce, sender or key fails it', () => {
    const signature = signParts(key, parts);
    assert.deepEqual(checkSignature(key, parts, signature, now), { ok: true });
    for (const changed of [
      { ...parts, method: 'GET' },
      { ...parts, path: '/node/v1/handshake' },
      { ...parts, body: Buffer.from('{"replica":2}') },
      { ...parts, nonce: 'abcdefghijklmnopqrstuw' },
      { ...parts, senderNodeId: 'node-2' },
      { ...parts, timestamp: now + 1 },
    ]) {
      assert.equal(checkSignature(key, changed, signature, now).ok, false, JSON.stringify(changed));
    }
    assert.equal(checkSignature(randomBytes(32), parts, signature, now).ok, false);
    assert.equal(checkSignature(key, parts, 'not-hex', now).ok, false);
  });

  void test('a timestamp more than 5 minutes away is refused, either way', () => {
    const signature = signParts(key, parts);
    assert.equal(checkSignature(key, parts, signature, now + 5 * 60_000).ok, true);
    assert.equal(checkSignature(key, parts, signature, now + 5 * 60_000 + 1).ok, false);
    assert.equal(checkSignature(key, parts, signature, now - 5 * 60_000 - 1).ok, false);
  });

  void test('both nodes derive one shared key; it depends on the secret, both node ids and the connection', () => {
    const secret = randomBytes(32);
    const k = deriveSharedKey(secret, 'node-1', 'node-2', 'c');
    assert.ok(k.equals(deriveSharedKey(secret, 'node-1', 'node-2', 'c')));
    assert.equal(k.length, 32);
    for (const other of [
      deriveSharedKey(randomBytes(32), 'node-1', 'node-2', 'c'),
      deriveSharedKey(secret, 'node-2', 'node-1', 'c'),
      deriveSharedKey(secret, 'node-1', 'node-2', 'd'),
    ])
      assert.ok(!k.equals(other));
  });

  void test('sealed secrets open only with the same key and context', () => {
    const sealingKey = randomBytes(32);
    const sealed = seal(sealingKey, key, 'peer c');
    assert.ok(unseal(sealingKey, sealed, 'peer c').equals(key));
    assert.throws(() => unseal(randomBytes(32), sealed, 'peer c'), SealedSecretError);
    assert.throws(() => unseal(sealingKey, sealed, 'peer d'), SealedSecretError);
  });

  void test('invitation codes round-trip; garbage is an InvitationCodeError', () => {
    const code = {
      v: 1 as const,
      url: 'https://a.example.com',
      connection: 'c',
      nodeId: 'node-1',
      secret: key,
      expiresAt: now,
    };
    const decoded = decodeInvitationCode(encodeInvitationCode(code));
    assert.deepEqual({ ...decoded, secret: decoded.secret.toString('hex') }, { ...code, secret: key.toString('hex') });
    assert.throws(() => decodeInvitationCode('not a code'), InvitationCodeError);
    assert.throws(() => decodeInvitationCode(Buffer.from('{"v":2}').toString('base64url')), InvitationCodeError);
  });

  void test('the two nodes must list the same instances in the same order, each serving a different one', () => {
    const mine = [
      { instance: 'blue', remote: false },
      { instance: 'green', remote: true },
    ];
    assert.equal(
      sidesMismatch('c', mine, [
        { instance: 'blue', remote: true },
        { instance: 'green', remote: false },
      ]),
      undefined,
    );
    assert.match(
      sidesMismatch('c', mine, [
        { instance: 'green', remote: false },
        { instance: 'blue', remote: true },
      ]) ?? '',
      /same two instances in the same order/,
    );
    assert.match(
      sidesMismatch('c', mine, [
        { instance: 'blue', remote: false },
        { instance: 'green', remote: true },
      ]) ?? '',
      /both nodes serve instance blue/,
    );
  });
});
