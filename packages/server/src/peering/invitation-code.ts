/**
 * The invitation code `tandem connection initiate` prints: base64url of JSON
 * `{ v: 1, url, connection, nodeId, secret, expiresAt }` — the initiating node's public URL, the connection's name,
 * its node id, a one-time 32-byte secret (base64url) and the expiry (epoch ms). Whoever holds it can pair once.
 */
import { z } from 'zod';

export interface InvitationCode {
  v: 1;
  url: string;
  connection: string;
  nodeId: string;
  secret: Buffer;
  expiresAt: number;
}

const codeSchema = z.object({
  v: z.literal(1),
  url: z.url({ protocol: /^https?$/ }),
  connection: z.string().min(1),
  nodeId: z.string().min(1),
  secret: z.base64url().refine((value) => Buffer.from(value, 'base64url').length === 32, 'must be 32 bytes'),
  expiresAt: z.number().int(),
});

/** The text is not an invitation code (truncated, mistyped, another format). */
export class InvitationCodeError extends Error {
  override readonly name = 'InvitationCodeError';
}

/** The opaque text of a code. */
export function encodeInvitationCode(code: InvitationCode): string {
  const json = { ...code, secret: code.secret.toString('base64url') };
  return Buffer.from(JSON.stringify(json)).toString('base64url');
}

/** Reads a code; throws InvitationCodeError naming what is wrong. */
export function decodeInvitationCode(text: string): InvitationCode {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text.trim(), 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvitationCodeError(
      'this is not a Tandem invitation code (copy the whole code printed by tandem connection initiate)',
      {
        cause: error,
      },
    );
  }
  const parsed = codeSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new InvitationCodeError(`this invitation code is not valid (${problems})`);
  }
  return {
    ...parsed.data,
    url: parsed.data.url.replace(/\/+$/, ''),
    secret: Buffer.from(parsed.data.secret, 'base64url'),
  };
}
