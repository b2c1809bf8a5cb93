/** A connection as the API shows it: configuration, status, counts, last sync and syncs per hour, the peer link. */
import type { AnySideConfig, ConnectionConfig, TandemConfig } from '@tandem/config';
import type { z } from 'zod';
import type { TandemNode } from '../../compose-node.ts';
import { NotFoundError } from '../../operation-errors.ts';
import type { connectionSchema, sideSchema } from '../schemas/connection-schemas.ts';

export type ConnectionDocument = z.input<typeof connectionSchema>;
type SideDocument = z.input<typeof sideSchema>;

export const HOUR_MS = 3_600_000;

function sideView(config: TandemConfig, side: 'a' | 'b', value: AnySideConfig): SideDocument {
  if (value.remote === true)
    return {
      side,
      instance: value.instance,
      remote: true,
      project: null,
      trigger: null,
      triggers: [],
      sync: null,
      url: null,
    };
  return {
    side,
    instance: value.instance,
    remote: false,
    project: value.project,
    trigger: value.trigger,
    triggers: value.triggers.map((trigger) => ({ ...trigger })),
    sync: value.sync,
    url: config.instances[value.instance]?.url ?? null,
  };
}

/** The configured connection of this name, or NotFoundError. */
export function configuredConnection(node: TandemNode, name: string): ConnectionConfig {
  const found = node.config.connections[name];
  if (!found) {
    const names = Object.keys(node.config.connections).join(', ') || 'none';
    throw new NotFoundError(`no connection named ${name} (configured: ${names})`, { connection: name });
  }
  return found;
}

/** The documents of these connections (default: every configured one, in the file's order). */
export async function connectionDocuments(node: TandemNode, names?: readonly string[]): Promise<ConnectionDocument[]> {
  const { config } = node;
  const configs = (names ?? Object.keys(config.connections)).map((name) => configuredConnection(node, name));
  const statuses = await node.engine.connections();
  const lastSync = await node.auditTrail.latestByConnection(['applied', 'created']);
  const now = Date.now();
  const firstHour = Math.floor(now / HOUR_MS) * HOUR_MS - 23 * HOUR_MS;
  const marks = await node.auditTrail.marksSince(firstHour, { kinds: ['applied', 'created'] });
  return Promise.all(
    configs.map(async (connection) => {
      const status = statuses.find((candidate) => candidate.name === connection.name);
      const perHour = new Array<number>(24).fill(0);
      for (const mark of marks) {
        if (mark.connection !== connection.name) continue;
        const index = Math.floor((mark.at - firstHour) / HOUR_MS);
        if (index >= 0 && index < 24) perHour[index] = (perHour[index] ?? 0) + 1;
      }
      const [first, second] = connection.sides;
      const remote = first.remote === true || second.remote === true;
      const link = remote ? await node.store.getPeerLink(connection.name) : undefined;
      return {
        name: connection.name,
        description: connection.description,
        mode: connection.mode,
        status: status?.status ?? 'pending',
        reason: status?.reason ?? null,
        sides: [sideView(config, 'a', first), sideView(config, 'b', second)],
        twins: status?.twins ?? 0,
        pending: status?.pending ?? 0,
        errors: status?.errors ?? 0,
        lastSyncAt: lastSync[connection.name] ?? null,
        syncsPerHour: perHour,
        peer: link ? { nodeId: link.peerNodeId, url: link.peerUrl, status: link.status, reason: link.reason } : null,
      };
    }),
  );
}

/** One connection's document, or NotFoundError. */
export async function connectionDocument(node: TandemNode, name: string): Promise<ConnectionDocument> {
  const [document] = await connectionDocuments(node, [name]);
  if (!document) throw new NotFoundError(`no connection named ${name}`, { connection: name });
  return document;
}
