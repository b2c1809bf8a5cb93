/**
 * The decentralized topology's trust: invitations, the handshake (both ends), and the shared key of each paired
 * connection. One object per node, built by composeNode; the HTTP routes and the peer transport use it.
 *
 * Handshake: node 1 `initiate`s (stores the invitation: the secret's hash, the secret sealed); node 2 `accept`s the
 * code by POSTing `/node/v1/handshake` with an HMAC of the body keyed by the secret (the secret itself never travels)
 * and its view of the connection's sides. Node 1 checks the proof, the expiry, single use and that the two nodes
 * describe the same connection, consumes the invitation, and answers signed with the new shared key, which both derive
 * with HKDF from the secret and both node ids. Neither node sends Jira credentials, projects or triggers.
 */
import { createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { TandemConfig } from '@tandem/config';
import type { PeerLink, Store } from '@tandem/core';
import { z } from 'zod';
import { decodeInvitationCode, encodeInvitationCode } from './invitation-code.ts';
import {
  MAX_CLOCK_SKEW_MS,
  checkSignature,
  newNonce,
  readSignedHeaders,
  signatureHeaders,
  type HeaderLookup,
} from './message-signature.ts';
import { nodeIdOf, sealingKeyOf } from './node-identity.ts';
import { seal, unseal } from './sealed-secret.ts';

export const HANDSHAKE_PATH = '/node/v1/handshake';
/** The header carrying the acceptor's proof: hex HMAC-SHA256(invitation secret, raw body). */
export const HANDSHAKE_PROOF_HEADER = 'x-tandem-invitation-proof';

/** The handshake failed; `status` is what the initiating node answered (or would answer). */
export class HandshakeError extends Error {
  override readonly name = 'HandshakeError';
  constructor(
    message: string,
    readonly status: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface SideDescription {
  instance: string;
  /** Whether the describing node leaves this side to its peer. */
  remote: boolean;
}

const handshakeBody = z.object({
  v: z.literal(1),
  invitation: z.string().regex(/^[0-9a-f]{64}$/),
  connection: z.string().min(1),
  nodeId: z.string().min(1),
  url: z.url({ protocol: /^https?$/ }),
  sides: z.array(z.object({ instance: z.string(), remote: z.boolean() })).length(2),
  timestamp: z.number().int(),
  nonce: z.string().min(16),
});

export type HandshakeRequest = z.infer<typeof handshakeBody>;

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** An incoming signed message, verified: from the peer of `connection`, never seen before. */
export type VerifiedMessage =
  { ok: true; connection: string; link: PeerLink; key: Buffer; nonce: string } | { ok: false; reason: string };

function sha256Hex(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The shared key of a connection: HKDF-SHA256 of the invitation secret, salted with both node ids in order. */
export function deriveSharedKey(secret: Buffer, initiatorId: string, acceptorId: string, connection: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', secret, `${initiatorId}\n${acceptorId}`, `tandem node-to-node v1 ${connection}`, 32),
  );
}

function json(status: number, document: unknown): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(document)),
  };
}

function refusal(status: number, message: string): HttpAnswer {
  return json(status, { error: { message, details: {} } });
}

export interface NodePeeringOptions {
  store: Store;
  nodeSecret: string;
  config: TandemConfig;
  now: () => number;
  /** Called after this node completed a handshake as the initiator (start syncing now). */
  onPaired?: (connection: string) => void;
}

export class NodePeering {
  readonly nodeId: string;
  private readonly sealingKey: Buffer;
  private lastPrune = 0;

  constructor(private readonly options: NodePeeringOptions) {
    this.nodeId = nodeIdOf(options.nodeSecret);
    this.sealingKey = sealingKeyOf(options.nodeSecret);
  }

  /** This node's description of a connection's sides, or an error naming what is wrong for pairing. */
  describeSides(connection: string): SideDescription[] {
    const config = this.options.config.connections[connection];
    if (!config) {
      const names = Object.keys(this.options.config.connections).join(', ') || 'none';
      throw new HandshakeError(`no connection named ${connection} on this node (configured: ${names})`, 404);
    }
    const sides = config.sides.map((side) => ({ instance: side.instance, remote: side.remote === true }));
    if (!sides.some((side) => side.remote)) {
      throw new HandshakeError(
        `connection ${connection} has no remote side on this node: mark the peer's side with remote: true to pair it`,
        409,
      );
    }
    return sides;
  }

  /** `tandem connection initiate`: stores a one-time invitation valid for `ttlMs` and returns its code. */
  async initiate(connection: string, ttlMs: number): Promise<{ code: string; expiresAt: number }> {
    this.describeSides(connection);
    const now = this.options.now();
    const secret = randomBytes(32);
    const expiresAt = now + ttlMs;
    await this.options.store.insertInvitation({
      secretHash: sha256Hex(secret),
      connection,
      sealedSecret: seal(this.sealingKey, secret, `invitation ${connection}`),
      createdAt: now,
      expiresAt,
      consumedAt: null,
    });
    if (!(await this.options.store.getPeerLink(connection)))
      await this.options.store.setConnectionStatus(
        connection,
        'pending',
        'waiting for the peer to accept the invitation',
      );
    const code = encodeInvitationCode({
      v: 1,
      url: this.options.config.publicUrl,
      connection,
      nodeId: this.nodeId,
      secret,
      expiresAt,
    });
    return { code, expiresAt };
  }

  /** `tandem connection accept CODE`: completes the handshake with the initiating node and stores the peer link. */
  async accept(text: string, fetchTimeoutMs = 30_000): Promise<PeerLink> {
    const code = decodeInvitationCode(text);
    const now = this.options.now();
    if (code.expiresAt < now) {
      throw new HandshakeError(
        `this invitation code expired at ${new Date(code.expiresAt).toISOString()}; ask for a new one (tandem connection initiate)`,
        401,
      );
    }
    const sides = this.describeSides(code.connection);
    const request: HandshakeRequest = {
      v: 1,
      invitation: sha256Hex(code.secret),
      connection: code.connection,
      nodeId: this.nodeId,
      url: this.options.config.publicUrl,
      sides,
      timestamp: now,
      nonce: newNonce(),
    };
    const body = Buffer.from(JSON.stringify(request));
    let response: Response;
    try {
      response = await fetch(code.url + HANDSHAKE_PATH, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [HANDSHAKE_PROOF_HEADER]: createHmac('sha256', code.secret).update(body).digest('hex'),
        },
        body,
        signal: AbortSignal.timeout(fetchTimeoutMs),
      });
    } catch (error) {
      throw new HandshakeError(`cannot reach the initiating node at ${code.url}`, 503, { cause: error });
    }
    const answer = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      let message = `the initiating node answered ${response.status}`;
      try {
        const parsed = JSON.parse(answer.toString('utf8')) as { error?: { message?: unknown } };
        if (typeof parsed.error?.message === 'string') message = parsed.error.message;
      } catch {
        // not the error envelope: keep the status
      }
      throw new HandshakeError(message, response.status);
    }
    const key = deriveSharedKey(code.secret, code.nodeId, this.nodeId, code.connection);
    const headers = readSignedHeaders((name) => response.headers.get(name) ?? undefined);
    const verdict = headers.ok
      ? checkSignature(
          key,
          {
            method: `RESPONSE ${response.status}`,
            path: HANDSHAKE_PATH,
            timestamp: headers.timestamp,
            nonce: headers.nonce,
            body: answer,
            senderNodeId: headers.node,
          },
          headers.signature,
          this.options.now(),
        )
      : headers;
    if (!verdict.ok || !headers.ok || headers.node !== code.nodeId || headers.nonce !== request.nonce) {
      throw new HandshakeError(
        `the initiating node's answer is not signed with the key of this invitation${verdict.ok ? '' : `: ${verdict.reason}`}`,
        401,
      );
    }
    const link = await this.storeLink(code.connection, code.nodeId, code.url, key);
    return link;
  }

  /** `POST /node/v1/handshake` on the initiating node. */
  async handleHandshake(raw: Buffer, header: HeaderLookup): Promise<HttpAnswer> {
    let request: HandshakeRequest;
    try {
      const parsed = handshakeBody.safeParse(JSON.parse(raw.toString('utf8')));
      if (!parsed.success) return refusal(400, 'not a handshake request');
      request = parsed.data;
    } catch {
      return refusal(400, 'the handshake body is not JSON');
    }
    const { store, now } = this.options;
    const invitation = await store.getInvitation(request.invitation);
    if (!invitation) return refusal(401, 'unknown invitation code: it was not issued by this node');
    const secret = unseal(this.sealingKey, invitation.sealedSecret, `invitation ${invitation.connection}`);
    const proof = header(HANDSHAKE_PROOF_HEADER) ?? '';
    const expected = createHmac('sha256', secret).update(raw).digest();
    const given = /^[0-9a-f]{64}$/i.test(proof) ? Buffer.from(proof, 'hex') : Buffer.alloc(0);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return refusal(401, "the handshake is not signed with the invitation's secret");
    const at = now();
    if (Math.abs(at - request.timestamp) > MAX_CLOCK_SKEW_MS)
      return refusal(401, 'the handshake timestamp is more than 5 minutes off this node’s clock');
    if (invitation.consumedAt !== null)
      return refusal(401, 'this invitation code was already used; ask for a new one (tandem connection initiate)');
    if (invitation.expiresAt < at) {
      return refusal(
        401,
        `this invitation code expired at ${new Date(invitation.expiresAt).toISOString()}; ask for a new one (tandem connection initiate)`,
      );
    }
    if (request.connection !== invitation.connection)
      return refusal(401, `this invitation is for connection ${invitation.connection}, not ${request.connection}`);
    let mine: SideDescription[];
    try {
      mine = this.describeSides(invitation.connection);
    } catch (error) {
      return refusal(409, error instanceof Error ? error.message : String(error));
    }
    const mismatch = sidesMismatch(invitation.connection, mine, request.sides);
    if (mismatch) return refusal(409, mismatch);
    // Checked last, so that a misconfigured acceptor does not burn the code; atomic, so two racing accepts get one link.
    if (!(await store.consumeInvitation(invitation.secretHash, at)))
      return refusal(401, 'this invitation code was already used; ask for a new one (tandem connection initiate)');
    const key = deriveSharedKey(secret, this.nodeId, request.nodeId, invitation.connection);
    await this.storeLink(invitation.connection, request.nodeId, request.url.replace(/\/+$/, ''), key);
    this.options.onPaired?.(invitation.connection);
    const answer = Buffer.from(JSON.stringify({ v: 1, nodeId: this.nodeId, connection: invitation.connection }));
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        ...signatureHeaders(key, invitation.connection, {
          method: 'RESPONSE 200',
          path: HANDSHAKE_PATH,
          timestamp: now(),
          nonce: request.nonce,
          body: answer,
          senderNodeId: this.nodeId,
        }),
      },
      body: answer,
    };
  }

  /** The peer link and shared key of a connection, or undefined before its handshake. */
  async peerOf(connection: string): Promise<{ link: PeerLink; key: Buffer } | undefined> {
    const link = await this.options.store.getPeerLink(connection);
    if (!link) return undefined;
    return { link, key: unseal(this.sealingKey, link.sealedKey, `peer ${connection}`) };
  }

  /**
   * Checks an incoming signed request: a paired connection, its peer's node id, the signature over method, path and
   * body, the timestamp, and a nonce never seen (replay). Nothing may be applied unless this says ok.
   */
  async verifyRequest(method: string, path: string, body: Buffer, header: HeaderLookup): Promise<VerifiedMessage> {
    const headers = readSignedHeaders(header);
    if (!headers.ok) return headers;
    const peer = await this.peerOf(headers.connection);
    if (!peer) return { ok: false, reason: `connection ${headers.connection} is not paired with a peer on this node` };
    if (peer.link.peerNodeId !== headers.node)
      return { ok: false, reason: `node ${headers.node} is not the peer of connection ${headers.connection}` };
    const now = this.options.now();
    const verdict = checkSignature(
      peer.key,
      { method, path, timestamp: headers.timestamp, nonce: headers.nonce, body, senderNodeId: headers.node },
      headers.signature,
      now,
    );
    if (!verdict.ok) return verdict;
    // Kept twice the skew: any later replay of this nonce already fails the timestamp check.
    const fresh = await this.options.store.rememberNonce(headers.node, headers.nonce, now + 2 * MAX_CLOCK_SKEW_MS);
    if (!fresh) return { ok: false, reason: 'replayed message: this nonce was already used' };
    if (now - this.lastPrune > 60_000) {
      this.lastPrune = now;
      await this.options.store.pruneNonces(now);
    }
    return { ok: true, connection: headers.connection, link: peer.link, key: peer.key, nonce: headers.nonce };
  }

  /** Signs a response to a verified request (same scheme; the request's nonce binds it). */
  signResponse(
    message: { connection: string; key: Buffer; nonce: string },
    path: string,
    answer: { status: number; contentType: string; body: Buffer },
  ): HttpAnswer {
    return {
      status: answer.status,
      headers: {
        'content-type': answer.contentType,
        ...signatureHeaders(message.key, message.connection, {
          method: `RESPONSE ${answer.status}`,
          path,
          timestamp: this.options.now(),
          nonce: message.nonce,
          body: answer.body,
          senderNodeId: this.nodeId,
        }),
      },
      body: answer.body,
    };
  }

  /** Marks a connection's peer link failed (the peer refused our messages) with the reason. */
  async markFailed(connection: string, reason: string): Promise<void> {
    const { store, now } = this.options;
    const link = await store.getPeerLink(connection);
    if (link) await store.putPeerLink({ ...link, status: 'error', reason, updatedAt: now() });
    await store.setConnectionStatus(connection, 'error', reason);
  }

  /** After a message went through: a link marked failed is healthy again. */
  async markHealthy(connection: string): Promise<void> {
    const { store, now } = this.options;
    const link = await store.getPeerLink(connection);
    if (link?.status !== 'error') return;
    await store.putPeerLink({ ...link, status: 'active', reason: null, updatedAt: now() });
    if ((await store.getConnectionStatus(connection))?.status === 'error')
      await store.setConnectionStatus(connection, 'active', null);
  }

  private async storeLink(connection: string, peerNodeId: string, peerUrl: string, key: Buffer): Promise<PeerLink> {
    const { store, now } = this.options;
    const at = now();
    const previous = await store.getPeerLink(connection);
    const link: PeerLink = {
      connection,
      peerNodeId,
      peerUrl,
      sealedKey: seal(this.sealingKey, key, `peer ${connection}`),
      status: 'active',
      reason: null,
      createdAt: previous?.createdAt ?? at,
      updatedAt: at,
    };
    await store.transaction(async (tx) => {
      await tx.putPeerLink(link);
      const status = (await tx.getConnectionStatus(connection))?.status;
      // A paused connection stays paused: pairing again does not resume it.
      if (status !== 'paused') await tx.setConnectionStatus(connection, 'active', null);
    });
    return link;
  }
}

/** Why two nodes' descriptions of one connection do not fit together, or undefined when they do. */
export function sidesMismatch(
  connection: string,
  mine: SideDescription[],
  theirs: SideDescription[],
): string | undefined {
  const names = (sides: SideDescription[]) => sides.map((side) => side.instance).join(', ');
  if (names(mine) !== names(theirs)) {
    return `the two nodes disagree on connection ${connection}: this node lists its sides as ${names(mine)}, the accepting node as ${names(theirs)}; both must name the same two instances in the same order (side a first)`;
  }
  for (const [index, side] of mine.entries()) {
    const other = theirs[index];
    if (other && side.remote === other.remote) {
      return side.remote
        ? `neither node serves instance ${side.instance} of connection ${connection}: one of them must list it without remote: true`
        : `both nodes serve instance ${side.instance} of connection ${connection}: on one of them it must be remote: true`;
    }
  }
  return undefined;
}
