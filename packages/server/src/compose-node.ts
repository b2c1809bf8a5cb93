/**
 * The composition root of a node: the only place where the concrete adapters (Jira trackers, the Kysely store) meet
 * the engine. Everything is built from the parsed configuration; nothing is started (see SyncEngine.start).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { InstanceConfig, TandemConfig } from '@tandem/config';
import type { RuleError, Store, TrackerPort } from '@tandem/core';
import {
  LocalReplicaTransport,
  SyncEngine,
  hasRemoteSide,
  type EngineDeps,
  type EngineTimings,
  type ReplicaTransport,
} from '@tandem/engine';
import { createTracker, type JiraCallStats, type JiraTracker, type JiraTrackerConfig } from '@tandem/jira-adapter';
import type { ScriptRules } from '@tandem/rules';
import { openStore, type AccessStore, type AuditTrail } from '@tandem/store';
import type { Logger } from 'pino';
import { AccessService } from './access/access-service.ts';
import { localApiToken } from './access/api-credentials.ts';
import { ConfigFile } from './config-file/config-file.ts';
import { engineConnections, engineTimings, type ScriptRulesFactory } from './engine-connections.ts';
import { LiveConnections } from './live-connections.ts';
import { createNodeLogger } from './node-logger.ts';
import { NodeOperations } from './node-operations.ts';
import { loadNodeSecret } from './node-secret.ts';
import { NodePeering } from './peering/node-peering.ts';
import { PeerClient } from './peering/peer-client.ts';
import { ConnectionRouterTransport, PeerReplicaTransport } from './peering/peer-replica-transport.ts';
import { ScriptRulesRegistry } from './script-rules-registry.ts';

export interface ComposeNodeOptions {
  /** Where TANDEM_NODE_SECRET is read; default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Default: a pino logger on standard output at level info. */
  logger?: Logger;
  /** Overrides of the timings the config gives (tests, the demo). */
  timings?: Partial<EngineTimings>;
  /** Epoch-ms clock; default Date.now. */
  now?: () => number;
  /**
   * The YAML file `config` was read from. With it, the HTTP API can save changes (new connections, rules, triggers)
   * into the file; without it, those changes are refused.
   */
  configFile?: string;
}

export interface TandemNode {
  /** The configuration as the node runs it now (connections the API changed included). */
  readonly config: TandemConfig;
  /** The configuration file the API saves changes to, when the node was given one. */
  readonly configFile: ConfigFile | undefined;
  /** The environment `${NAME}` references in the config file are read from. */
  readonly env: Readonly<Record<string, string | undefined>>;
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
  /** Users, sessions and API tokens of the HTTP API. */
  readonly access: AccessStore;
  /** Login, sessions and tokens: who calls the HTTP API. */
  readonly accessService: AccessService;
  /** The audit log read by page and by time window. */
  readonly auditTrail: AuditTrail;
  /** Connections added or edited while the node runs. */
  readonly liveConnections: LiveConnections;
  /** Script-mode rules, closed with the node. */
  readonly scriptRules: ScriptRulesRegistry;
  /** Jira calls and 429 answers since start, per instance. */
  callStats(): Record<string, JiraCallStats>;
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

/** A Script-mode rule file that does not compile (or cannot be read): each error names the file and line. */
export class ScriptCompileError extends Error {
  override readonly name = 'ScriptCompileError';
  constructor(readonly errors: RuleError[]) {
    const where = (error: RuleError) =>
      [error.details.file, error.details.line, error.details.column].filter((part) => part !== undefined).join(':');
    super(`rule scripts do not compile:\n${errors.map((error) => `  ${where(error)}: ${error.message}`).join('\n')}`);
  }
}

/** Builds a node from its configuration: trackers, store (opened and migrated), node secret, engine. */
export async function composeNode(config: TandemConfig, options: ComposeNodeOptions = {}): Promise<TandemNode> {
  const now = options.now ?? Date.now;
  const env = options.env ?? process.env;
  const logger = options.logger ?? createNodeLogger();
  let current = config;
  const trackers = new Map<string, TrackerPort>();
  const jiraTrackers = new Map<string, JiraTracker>();
  for (const instance of Object.values(config.instances)) {
    const tracker = createTracker(trackerConfigOf(instance), { clock: now });
    trackers.set(instance.name, tracker);
    jiraTrackers.set(instance.name, tracker);
  }
  if (config.store.kind === 'sqlite') mkdirSync(dirname(config.store.path), { recursive: true });
  const nodeSecret = loadNodeSecret(config.store, env);
  const store = await openStore(config.store.kind === 'sqlite' ? config.store.path : config.store.url, { clock: now });
  // Script-mode sides: their files are compiled now, so a syntax error stops the node with the file and line.
  const scriptRules = new ScriptRulesRegistry();
  const scripts: ScriptRules[] = [];
  const scriptFactory: ScriptRulesFactory = (input) => {
    const rules = scriptRules.create({
      connection: input.connection,
      instance: input.instance,
      outgoing: { file: input.outgoing },
      incoming: { file: input.incoming },
    });
    scripts.push(rules);
    return rules;
  };
  const connections = engineConnections(config, scriptFactory);
  const scriptErrors = (await Promise.all(scripts.map((rules) => rules.compile()))).flat();
  if (scriptErrors.length > 0) {
    await scriptRules.closeAll();
    await store.close();
    throw new ScriptCompileError(scriptErrors);
  }
  const deps: EngineDeps = {
    connections,
    trackers,
    store,
    timings: engineTimings(config, options.timings),
    now,
    newId: randomUUID,
    logger,
  };
  // Set below: the initiating node starts syncing as soon as its peer has accepted.
  let onPaired: (connection: string) => void = () => {};
  const peering = new NodePeering({
    store,
    nodeSecret,
    // Read on each use: connections the API adds can be paired too.
    get config() {
      return current;
    },
    now,
    onPaired: (name) => onPaired(name),
  });
  const peerTransport = new PeerReplicaTransport(new PeerClient(peering, now));
  // A live set: a connection with a remote side added later is routed to the peer as well.
  const remote = new Set(deps.connections.filter(hasRemoteSide).map((connection) => connection.name));
  const transport: ReplicaTransport = new ConnectionRouterTransport(
    new LocalReplicaTransport(deps),
    peerTransport,
    remote,
  );
  const engine = new SyncEngine(deps, nodeSecret, transport);
  onPaired = (name) => {
    logger.info({ connection: name }, 'peer node paired');
    engine.pollNow().catch((error: unknown) => logger.error({ err: error }, 'poll after pairing failed'));
  };
  let closed: Promise<void> | undefined;
  const access = store.access;
  return {
    get config() {
      return current;
    },
    configFile: options.configFile === undefined ? undefined : new ConfigFile(resolve(options.configFile), env),
    env,
    engine,
    store,
    trackers,
    operations: new NodeOperations(engine, () => Object.values(current.connections)),
    logger,
    peering,
    peerTransport,
    access,
    accessService: new AccessService({ access, localToken: localApiToken(nodeSecret), now, newId: randomUUID }),
    auditTrail: store.auditTrail,
    liveConnections: new LiveConnections({
      engine,
      store,
      remoteConnections: remote,
      scriptRules: scriptFactory,
      currentConfig: () => current,
      replaceConfig: (next) => {
        current = next;
      },
    }),
    scriptRules,
    callStats: () => Object.fromEntries([...jiraTrackers].map(([instance, tracker]) => [instance, tracker.stats()])),
    close: () => {
      closed ??= engine
        .stop()
        .finally(() => scriptRules.closeAll())
        .finally(() => store.close());
      return closed;
    },
  };
}
