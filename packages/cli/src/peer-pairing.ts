/**
 * `tandem connection initiate` and `accept`: they work on the node's store directly (a serving node shares it), so
 * they run whether or not the node is serving. The initiating node must be serving for `accept` to reach it.
 */
import type { TandemConfig } from '@tandem/config';
import type { PeerLink } from '@tandem/core';
import { composeNode, createNodeLogger, HandshakeError, InvitationCodeError, type TandemNode } from '@tandem/server';
import { UsageError } from './exit-codes.ts';

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30m`, `24h`, `7d`, `90s` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^([1-9][0-9]*)([smhd])$/.exec(text.trim());
  const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
  if (!match || unit === undefined)
    throw new UsageError(`--expires: '${text}' is not a duration such as 30m, 24h or 7d`);
  return Number(match[1]) * unit;
}

async function withNode<T>(config: TandemConfig, work: (node: TandemNode) => Promise<T>): Promise<T> {
  const node = await composeNode(config, { logger: createNodeLogger({ level: 'warn', destination: 'stderr' }) });
  try {
    return await work(node);
  } finally {
    await node.close();
  }
}

/** Stores a one-time invitation for `connection` and returns its code. */
export function initiateConnection(
  config: TandemConfig,
  connection: string,
  ttlMs: number,
): Promise<{ code: string; expiresAt: number }> {
  return withNode(config, (node) => node.peering.initiate(connection, ttlMs));
}

/** Completes the handshake with the node that printed `code`; the connection is active on both nodes after it. */
export function acceptInvitation(config: TandemConfig, code: string): Promise<PeerLink> {
  return withNode(config, async (node) => {
    try {
      return await node.peering.accept(code);
    } catch (error) {
      if (error instanceof InvitationCodeError) throw new UsageError(error.message, { cause: error });
      if (error instanceof HandshakeError)
        throw new HandshakeError(`handshake refused: ${error.message}`, error.status);
      throw error;
    }
  });
}
