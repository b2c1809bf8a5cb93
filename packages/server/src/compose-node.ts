/**
 * The composition root of a node: the only place where the concrete adapters (Jira trackers, the Kysely store) meet
 * the engine. Everything is built from the parsed configuration; nothing is started (see SyncEngine.start).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { InstanceConfig, TandemConfig } from '@tandem/config';
import type { Store, TrackerPort } from '@tandem/core';
import {
  LocalReplicaTransport,
  SyncEngine,
  hasRemoteSide,
  type EngineDeps,
  type EngineTimings,
  type ReplicaTransport,
} from '@tandem/engine';
import { createTracker, type JiraTrackerConfig } from '@tandem/jira-adapter';
import { openStore } from '@tandem/store';
import type { Logger } from 'pino';
import { engineConnections, engineTimings } from './engine-connections.ts';
import { createNodeLogger } from './node-logger.ts';
import { NodeOperations } from './node-operations.ts';
import { loadNodeSecret } from './node-secret.ts';
import { NodePeering } from './peering/node-peering.ts';
import { PeerClient } from './peering/peer-client.ts';
import { ConnectionRouterTransport, PeerReplicaTransport } from './peering/peer-replica-transport.ts';

export interface ComposeNodeOptions {
  /** Where TANDEM_NODE_SECRET is read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: a pino logger on standard output at level info. */
  logger?: Logger;
  /** Overrides of the timings the config gives (tests, the demo). */
  timings?: Partial<EngineTimings>;
  /** Epoch-ms clock; default Date.now. */
  now?: () => number;
}

export interface TandemNode {
  readonly config: TandemConfig;
  readonly engine: SyncEngine;
  readonly store: Store;
  /** One tracker per configured instance, by instance name. */
  readonly trackers: ReadonlyMap<string, TrackerPort>;
  readonly operations: NodeOperations;
  readonly logger: Logger;
  /** Invitations, handshakes and node-to-node message checks (decentralized topology). */
  readonly peering: NodePeering;
  /** Replicas to and attachments from peer nodes. */
  readonly peerTransport: PeerReplicaTransport;
  /** Stops the engine (waits for steps in flight) and closes the store. */
  close(): Promise<void>;
}

/** The tracker configuration of one instance. */
export function trackerConfigOf(instance: InstanceConfig): JiraTrackerConfig {
  const base = { instance: instance.name, type: instance.type, url: instance.url };
  const { auth } = instance;
  if (auth.kind === 'bearer') return { ...base, token: auth.token };
  return instance.type === 'jira-cloud'
    ? { ...base, email: auth.username, token: auth.password }
    : { ...base, username: auth.username, password: auth.password };
}

/** Builds a node from its configuration: trackers, store (opened and migrated), node secret, engine. */
export async function composeNode(config: TandemConfig, options: ComposeNodeOptions = {}): Promise<TandemNode> {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? createNodeLogger();
  const trackers = new Map<string, TrackerPort>();
  for (const instance of Object.values(config.instances)) {
    trackers.set(instance.name, createTracker(trackerConfigOf(instance), { clock: now }));
  }
  if (config.store.kind === 'sqlite') mkdirSync(dirname(config.store.path), { recursive: true });
  const nodeSecret = loadNodeSecret(config.store, options.env ?? process.env);
  const store = await openStore(config.store.kind === 'sqlite' ? config.store.path : config.store.url, { clock: now });
  const deps: EngineDeps = {
    connections: engineConnections(config),
    trackers,
    store,
    timings: engineTimings(config, options.timings),
    now,
    newId: randomUUID,
    logger,
  };
  // Set below: the initiating node starts syncing as soon as its peer has accepted.
  let onPaired: (connection: string) => void = () => {};
  const peering = new NodePeering({ store, nodeSecret, config, now, onPaired: (name) => onPaired(name) });
  const peerTransport = new PeerReplicaTransport(new PeerClient(peering, now));
  const remote = new Set(deps.connections.filter(hasRemoteSide).map((connection) => connection.name));
  const transport: ReplicaTransport =
    remote.size === 0
      ? new LocalReplicaTransport(deps)
      : new ConnectionRouterTransport(new LocalReplicaTransport(deps), peerTransport, remote);
  const engine = new SyncEngine(deps, nodeSecret, transport);
  onPaired = (name) => {
    logger.info({ connection: name }, 'peer node paired');
    engine.pollNow().catch((error: unknown) => logger.error({ err: error }, 'poll after pairing failed'));
  };
  let closed: Promise<void> | undefined;
  return {
    config,
    engine,
    store,
    trackers,
    operations: new NodeOperations(engine, Object.values(config.connections)),
    logger,
    peering,
    peerTransport,
    close: () => {
      closed ??= engine.stop().finally(() => store.close());
      return closed;
    },
  };
}
