/**
 * Node-to-node message signatures. Every request and response between two nodes carries
 * `X-Tandem-Node` (the sender's node id), `X-Tandem-Connection` (which shared key), `X-Tandem-Timestamp` (epoch ms),
 * `X-Tandem-Nonce` and `X-Tandem-Signature` = hex HMAC-SHA256(shared key, canonical string), where the canonical
 * string is `METHOD \n PATH \n TIMESTAMP \n NONCE \n hex SHA-256(body) \n SENDER-NODE-ID`. A response signs
 * `RESPONSE <status>` as its method, the request's path, and echoes the request's nonce, which binds it to that request.
 * The sender's node id is signed so a message cannot be reflected back to the node that sent it.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const PEER_HEADERS = {
  node: 'x-tandem-node',
  connection: 'x-tandem-connection',
  timestamp: 'x-tandem-timestamp',
  nonce: 'x-tandem-nonce',
  signature: 'x-tandem-signature',
} as const;

/** How far a message's timestamp may be from the receiver's clock, ms. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedParts {
  method: string;
  /** Path and query as sent, e.g. `/node/v1/replicas`. */
  path: string;
  timestamp: number;
  nonce: string;
  body: Buffer;
  senderNodeId: string;
}

/** The string both ends sign. */
export function canonicalString(parts: SignedParts): string {
  const bodyHash = createHash('sha256').update(parts.body).digest('hex');
  return [
    parts.method.toUpperCase(),
    parts.path,
    String(parts.timestamp),
    parts.nonce,
    bodyHash,
    parts.senderNodeId,
  ].join('\n');
}

/** Hex HMAC-SHA256 of the canonical string. */
export function signParts(key: Buffer, parts: SignedParts): string {
  return createHmac('sha256', key).update(canonicalString(parts)).digest('hex');
}

/** A fresh nonce: 16 random bytes, base64url. */
export function newNonce(): string {
  return randomBytes(16).toString('base64url');
}

/** The five headers of a signed message. */
export function signatureHeaders(key: Buffer, connection: string, parts: SignedParts): Record<string, string> {
  return {
    [PEER_HEADERS.node]: parts.senderNodeId,
    [PEER_HEADERS.connection]: connection,
    [PEER_HEADERS.timestamp]: String(parts.timestamp),
    [PEER_HEADERS.nonce]: parts.nonce,
    [PEER_HEADERS.signature]: signParts(key, parts),
  };
}

export type HeaderLookup = (name: string) => string | undefined;

/** The signed headers of a message, or why they are missing or malformed. */
export function readSignedHeaders(
  header: HeaderLookup,
):
  | { ok: true; node: string; connection: string; timestamp: number; nonce: string; signature: string }
  | { ok: false; reason: string } {
  const node = header(PEER_HEADERS.node);
  const connection = header(PEER_HEADERS.connection);
  const timestamp = header(PEER_HEADERS.timestamp);
  const nonce = header(PEER_HEADERS.nonce);
  const signature = header(PEER_HEADERS.signature);
  if (!node || !connection || !timestamp || !nonce || !signature) {
    return { ok: false, reason: 'not a signed node-to-node message (X-Tandem-* headers missing)' };
  }
  if (!/^[0-9]{1,16}$/.test(timestamp)) return { ok: false, reason: 'X-Tandem-Timestamp is not epoch milliseconds' };
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return { ok: false, reason: 'X-Tandem-Nonce is malformed' };
  return { ok: true, node, connection, timestamp: Number(timestamp), nonce, signature };
}

/** Whether `signature` is the signature of `parts` (constant time) and the timestamp is within the allowed skew. */
export function checkSignature(
  key: Buffer,
  parts: SignedParts,
  signature: string,
  now: number,
): { ok: true } | { ok: false; reason: string } {
  const expected = Buffer.from(signParts(key, parts), 'hex');
  const given = /^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad signature (method, path, body or key do not match)' };
  }
  if (Math.abs(now - parts.timestamp) > MAX_CLOCK_SKEW_MS) {
    return {
      ok: false,
      reason: `timestamp is ${Math.round((now - parts.timestamp) / 1000)} s off this node's clock (at most ${MAX_CLOCK_SKEW_MS / 1000} s allowed)`,
    };
  }
  return { ok: true };
}
