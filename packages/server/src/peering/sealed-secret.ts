/** Secrets at rest: AES-256-GCM with a random 12-byte IV; the text form is `v1.<base64url(iv | tag | ciphertext)>`. */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** A sealed secret could not be opened: another node secret sealed it, or the store was tampered with. */
export class SealedSecretError extends Error {
  override readonly name = 'SealedSecretError';
}

/** Seals `secret` with the 32-byte `key`; `context` (e.g. the connection) is authenticated with it. */
export function seal(key: Buffer, secret: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const encrypted = Buffer.concat([cipher.update(secret), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), encrypted]).toString('base64url')}`;
}

/** Opens what `seal` produced with the same key and context. */
export function unseal(key: Buffer, sealed: string, context: string): Buffer {
  if (!sealed.startsWith('v1.')) throw new SealedSecretError('unknown sealed secret format');
  const raw = Buffer.from(sealed.slice(3), 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  } catch (error) {
    throw new SealedSecretError(
      'a secret in the store cannot be opened with this node secret (was TANDEM_NODE_SECRET or the node-secret file changed?)',
      { cause: error },
    );
  }
}
