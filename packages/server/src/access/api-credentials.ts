/**
 * The random values handed out for API access — session cookies and API tokens — and the node-local token the CLI
 * uses. Only SHA-256 hashes of them are stored: the values are 256 random bits, so a fast hash is enough (unlike
 * passwords, nothing can be guessed).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** API tokens start with this, so they are easy to spot (and to scan for in leaked text). */
export const API_TOKEN_PREFIX = 'tdn_';
/** The node-local token (see localApiToken). */
export const LOCAL_TOKEN_PREFIX = 'tdl_';

/** A new random value: `prefix` + 43 base64url characters (256 bits). */
export function newCredentialValue(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** SHA-256 of a value, hex: the form stored and looked up. */
export function credentialHash(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** `••••abcd`: the last four characters of a secret long enough to spare them, else only dots. */
export function maskSecret(value: string): string {
  return value.length >= 16 ? `••••${value.slice(-4)}` : '••••';
}

/**
 * The node-local API token: derived from the node secret, so the CLI on the node's own machine (which can read that
 * secret: the `node-secret` file beside the SQLite store, or TANDEM_NODE_SECRET) can call the serving node's API
 * without anyone creating a token first. Whoever holds the node secret can already forge webhooks and open the store's
 * sealed keys, so this grants nothing more. It changes only with the node secret.
 */
export function localApiToken(nodeSecret: string): string {
  return LOCAL_TOKEN_PREFIX + createHmac('sha256', nodeSecret).update('tandem local API token v1').digest('base64url');
}

/** Constant-time equality of two strings. */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
