/**
 * What a node derives from its secret for the decentralized topology: its node id (stable across restarts, shown to
 * peers) and the key that seals peer secrets at rest in the store. Nothing here is stored: the node secret is enough.
 */
import { createHmac, hkdfSync } from 'node:crypto';

/** This node's id, e.g. `node-3f9a…` (24 hex digits derived from the node secret). */
export function nodeIdOf(nodeSecret: string): string {
  return `node-${createHmac('sha256', nodeSecret).update('tandem node id').digest('hex').slice(0, 24)}`;
}

/** The 32-byte AES-256-GCM key sealing invitation secrets and peer keys in the store. */
export function sealingKeyOf(nodeSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', nodeSecret, 'tandem', 'tandem store sealing key v1', 32));
}
