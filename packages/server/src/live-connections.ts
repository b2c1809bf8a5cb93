/**
 * Changes of connections applied to a running node, after the API saved them to the config file: a new connection
 * joins the engine (and the peer transport when a side is remote); an edited one gets its new sides (triggers, sync
 * methods, scope) and rules. The node's current configuration follows, connection by connection.
 */
import type { ConnectionConfig, TandemConfig } from '@tandem/config';
import type { SideName, SideRules, Store } from '@tandem/core';
import { hasRemoteSide, type EngineConnection, type SyncEngine } from '@tandem/engine';
import { compileBasicRules } from '@tandem/rules';
import { engineConnectionOf, type ScriptRulesFactory } from './engine-connections.ts';

/** The reason the engine gives a connection whose rules name fields its instances lack (see the engine's worker). */
const RULES_PROBLEM = 'the rules do not fit the instances:';

export interface LiveConnectionsDeps {
  engine: SyncEngine;
  store: Store;
  /** Connections whose replicas go to the peer node (the transport router reads this set). */
  remoteConnections: Set<string>;
  /** Builds Script-mode rules from the config's files (used when a connection is added). */
  scriptRules: ScriptRulesFactory;
  currentConfig(): TandemConfig;
  replaceConfig(config: TandemConfig): void;
}

export class LiveConnections {
  constructor(private readonly deps: LiveConnectionsDeps) {}

  /** The engine's connection of this name, or undefined. */
  engineConnection(name: string): EngineConnection | undefined {
    return this.deps.engine.deps.connections.find((connection) => connection.name === name);
  }

  /** Starts syncing a connection that is new in the configuration. */
  async add(config: ConnectionConfig): Promise<void> {
    if (this.engineConnection(config.name)) throw new Error(`connection ${config.name} is already running`);
    const connection = engineConnectionOf(config, this.deps.scriptRules);
    if (hasRemoteSide(connection)) this.deps.remoteConnections.add(config.name);
    const { store } = this.deps;
    if (!(await store.getConnectionStatus(config.name))) {
      // As the engine does at start: a connection with the peer's side waits for its handshake.
      await store.setConnectionStatus(
        config.name,
        hasRemoteSide(connection) ? 'pending' : 'active',
        hasRemoteSide(connection) ? 'waiting for the peer node: initiate or accept an invitation' : null,
      );
    }
    this.deps.engine.deps.connections.push(connection);
    this.remember(config);
  }

  /**
   * Gives a running connection its edited configuration: its sides, and — unless `keepRules` — the rules of the
   * sides this node serves (Script-mode rules from `scriptRules`, already compiled by the caller).
   */
  async replace(
    config: ConnectionConfig,
    options: { keepRules: boolean; scriptRules?: ScriptRulesFactory },
  ): Promise<void> {
    const live = this.engineConnection(config.name);
    if (!live) throw new Error(`connection ${config.name} is not running`);
    const keep: ScriptRulesFactory = (input) => {
      const side: SideName = live.a.instance === input.instance ? 'a' : 'b';
      const rules = live.rules?.[side];
      if (!rules) throw new Error(`connection ${config.name} has no rules for ${input.instance} to keep`);
      return rules;
    };
    const fresh = engineConnectionOf(config, options.keepRules ? keep : (options.scriptRules ?? this.deps.scriptRules));
    live.a = fresh.a;
    live.b = fresh.b;
    live.mode = fresh.mode;
    if (!options.keepRules) {
      for (const side of ['a', 'b'] as const) {
        if (live[side].remote) continue;
        const other = side === 'a' ? live.b : live.a;
        const rules: SideRules =
          fresh.rules?.[side] ??
          compileBasicRules({
            connection: config.name,
            sideInstance: live[side].instance,
            otherInstance: other.instance,
          });
        this.deps.engine.setRules(config.name, side, rules);
      }
      // Rules that blocked the connection at start were replaced by rules the API checked: it may run again.
      const status = await this.deps.store.getConnectionStatus(config.name);
      if (status?.status === 'error' && status.reason?.startsWith(RULES_PROBLEM)) {
        await this.deps.store.setConnectionStatus(config.name, 'active', null);
        this.deps.engine.worker.wake();
      }
    }
    this.remember(config);
  }

  private remember(config: ConnectionConfig): void {
    const current = this.deps.currentConfig();
    this.deps.replaceConfig({ ...current, connections: { ...current.connections, [config.name]: config } });
  }
}
