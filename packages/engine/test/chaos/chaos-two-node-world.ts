/**
 * The decentralized topology of a chaos run: two nodes, each with its own config, SQLite store and node secret,
 * serving one Jira only (node 1 blue, node 2 green), paired with an invitation code, exchanging signed replicas over
 * HTTP. Each node is composed as `tandem serve` composes it (composeNode + startServer), in this process (stopped and
 * started again) or in a child process (killed with SIGKILL). Node-to-node traffic goes through a TcpFaultProxy in
 * front of each node — a node's public URL, hence its peer's link, is its proxy — so a partition cuts exactly that
 * traffic, in both directions or one, while Jira's webhooks and the nodes' Jira calls are left alone.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type TandemConfig } from '@tandem/config';
import { composeNode, createNodeLogger, startServer, type TandemNode, type TandemServer } from '@tandem/server';
import { openStore } from '@tandem/store';
import type { Store, TrackerPort } from '@tandem/core';
import { CHAOS_CONNECTION, CHAOS_TIMINGS } from './chaos-engine-config.ts';
import {
  PROJECT,
  childReady,
  freePort,
  keepStoreCopy,
  killChild,
  restoreStoreCopy,
  type ChaosEmulators,
  type ChaosHost,
  type EngineMode,
  type NodeName,
  type Side,
} from './chaos-world.ts';
import { TcpFaultProxy } from './tcp-fault-proxy.ts';

export const NODES: readonly NodeName[] = ['node1', 'node2'];
/** The Jira each node serves. */
export const NODE_SIDE: Record<NodeName, Side> = { node1: 'blue', node2: 'green' };
const NODE_ENV = { BLUE_TOKEN: 'emulator-token', GREEN_TOKEN: 'emulator-token' };

/** Which node-to-node connections a partition breaks: those to node 1 (made by node 2), to node 2, or both. */
export type PartitionDirection = 'both' | 'to-node1' | 'to-node2';
/** refuse: connections reset (open ones cut); hold: a black hole, each connection cut after holdMs or let through late. */
export type PartitionKind = 'refuse' | 'hold';

/** The counter a partition is reported under. */
export function partitionCounter(kind: PartitionKind, direction: PartitionDirection): string {
  const where = { both: 'both ways', 'to-node1': 'node2 → node1 only', 'to-node2': 'node1 → node2 only' }[direction];
  return `partition ${kind} ${where}`;
}

function nodeConfigText(name: NodeName, jiraUrl: string, port: number, publicUrl: string): string {
  const side = NODE_SIDE[name];
  const instance =
    side === 'blue'
      ? `  blue: { type: jira-cloud, url: ${jiraUrl}, email: admin@example.com, token: "\${BLUE_TOKEN}" }`
      : `  green: { type: jira-datacenter, url: ${jiraUrl}, token: "\${GREEN_TOKEN}" }`;
  const sideLine = (which: Side) =>
    which === side ? `{ project: ${PROJECT[which]}, trigger: "project = ${PROJECT[which]}" }` : '{ remote: true }';
  return `# A two-node chaos run's ${name}, serving only ${side}.
store: ./tandem.db
listen: 127.0.0.1:${port}
publicUrl: ${publicUrl}
instances:
${instance}
connections:
  ${CHAOS_CONNECTION.name}:
    mode: basic
    sides:
      blue: ${sideLine('blue')}
      green: ${sideLine('green')}
`;
}

/** A running node: composed, serving, engine started. */
export interface RunningNode {
  node: TandemNode;
  server: TandemServer;
  close(): Promise<void>;
}

/**
 * Composes a node from its config file with the chaos timings, serves it and starts its engine (which registers its
 * webhook on its own Jira; a Jira fault can fail that, and the caller tries again).
 */
export async function startChaosNode(
  configFile: string,
  leaseMs?: number,
  /** Called with the node's trackers before it makes any Jira call (the Retry-After check's send logs). */
  watchSends?: (trackers: ReadonlyMap<string, TrackerPort>) => void,
): Promise<RunningNode> {
  const config = loadConfig(configFile, NODE_ENV);
  const node = await composeNode(config, {
    logger: createNodeLogger({ level: 'silent' }),
    env: {},
    timings: { ...CHAOS_TIMINGS, ...(leaseMs === undefined ? {} : { leaseMs }) },
  });
  watchSends?.(node.trackers);
  let server: TandemServer | undefined;
  // The server closes before the node: no request reaches a closed store.
  const close = async () => {
    await server?.close();
    await node.close();
  };
  try {
    server = await startServer(node, { listen: config.listen, publicUrl: config.publicUrl });
    await node.engine.start({ registerWebhooksAt: server.url });
    return { node, server, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** One node of the run and its files, which outlive its restarts. */
class ChaosNode {
  private running: RunningNode | undefined;
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'tandem-chaos-node-'));
  readonly configFile = join(this.dir, 'tandem.yaml');
  readonly storeFile = join(this.dir, 'tandem.db');
  private readonly snapshot = join(this.dir, 'snapshot.db');
  readonly config: TandemConfig;

  constructor(
    readonly name: NodeName,
    private readonly mode: EngineMode,
    private readonly emulators: ChaosEmulators,
    port: number,
    publicUrl: string,
  ) {
    writeFileSync(this.configFile, nodeConfigText(name, emulators.jira[NODE_SIDE[name]].url, port, publicUrl));
    this.config = loadConfig(this.configFile, NODE_ENV);
  }

  get runningInProcess(): RunningNode | undefined {
    return this.running;
  }

  /** Starts the node like a supervisor would, trying again while starting fails (webhook registration under faults). */
  async up(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.upOnce();
        return;
      } catch (error) {
        await this.down();
        if (attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async upOnce(): Promise<void> {
    this.emulators.generation[NODE_SIDE[this.name]]++;
    if (this.mode === 'in-process') {
      this.running = await startChaosNode(this.configFile, undefined, (trackers) =>
        this.emulators.watchSends(trackers),
      );
      return;
    }
    // One send log per process: a new process remembers no Retry-After.
    const sendLog = join(this.dir, `sends-${this.emulators.generation[NODE_SIDE[this.name]]}.jsonl`);
    this.emulators.watchSendFile(sendLog);
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(import.meta.dirname, 'chaos-node-child.ts'),
        JSON.stringify({ configFile: this.configFile, sendLog }),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.child = child;
    await childReady(child, `chaos ${this.name} child`);
  }

  /** Stops the node: SIGKILL for a child, stop in process. */
  async down(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    await running?.close();
    const child = this.child;
    this.child = undefined;
    await killChild(child);
  }

  /** Between a down and an up: the store back to the copy kept at an earlier restart, or a new copy kept. */
  restoreOrKeep(restore: boolean): boolean {
    if (restore && restoreStoreCopy(this.storeFile, this.snapshot)) return true;
    keepStoreCopy(this.storeFile, this.snapshot);
    return false;
  }

  /** A store handle for the checks (the node's own in process; a second connection to the child's file). */
  async withStore<T>(use: (store: Store) => Promise<T>): Promise<T> {
    if (this.running) return use(this.running.node.store);
    const store = await openStore(this.storeFile);
    try {
      return await use(store);
    } finally {
      await store.close();
    }
  }

  /** Works on this node's store through a node of its own, whether or not the node runs (as the CLI does). */
  async withComposedNode<T>(work: (node: TandemNode) => Promise<T>): Promise<T> {
    const node = await composeNode(this.config, { logger: createNodeLogger({ level: 'silent' }), env: {} });
    try {
      return await work(node);
    } finally {
      await node.close();
    }
  }

  async close(): Promise<void> {
    await this.down();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** The two nodes of a run, their proxies, and the partition fault on them. */
export class TwoNodeHost implements ChaosHost {
  readonly topology = 'two-node';
  restarts = 0;
  restores = 0;
  private readonly healTimers = new Set<NodeJS.Timeout>();

  private constructor(
    readonly mode: EngineMode,
    private readonly nodes: Record<NodeName, ChaosNode>,
    /** The proxy in front of each node: the connections to that node. */
    private readonly proxies: Record<NodeName, TcpFaultProxy>,
  ) {}

  /** Starts both nodes (each behind its proxy) and pairs them: node 1 initiates, node 2 accepts. */
  static async start(mode: EngineMode, emulators: ChaosEmulators): Promise<TwoNodeHost> {
    const proxies: Partial<Record<NodeName, TcpFaultProxy>> = {};
    const nodes: Partial<Record<NodeName, ChaosNode>> = {};
    try {
      for (const name of NODES) {
        const port = await freePort();
        const proxy = await TcpFaultProxy.start(port);
        proxies[name] = proxy;
        nodes[name] = new ChaosNode(name, mode, emulators, port, proxy.url);
      }
      const host = new TwoNodeHost(
        mode,
        nodes as Record<NodeName, ChaosNode>,
        proxies as Record<NodeName, TcpFaultProxy>,
      );
      for (const name of NODES) await host.nodes[name].up();
      await host.pair();
      return host;
    } catch (error) {
      for (const node of Object.values(nodes)) await node.close();
      for (const proxy of Object.values(proxies)) await proxy.close();
      throw error;
    }
  }

  /** `tandem connection initiate` on node 1 and `accept` on node 2, as the CLI runs them next to a serving node. */
  private async pair(): Promise<void> {
    const { code } = await this.nodes.node1.withComposedNode((node) =>
      node.peering.initiate(CHAOS_CONNECTION.name, 3_600_000),
    );
    await this.nodes.node2.withComposedNode((node) => node.peering.accept(code));
  }

  async restart(restore: boolean, which: NodeName | 'both' = 'both'): Promise<void> {
    const names = which === 'both' ? NODES : [which];
    for (const name of names) await this.nodes[name].down();
    for (const name of names) {
      this.restarts++;
      if (this.nodes[name].restoreOrKeep(restore)) this.restores++;
    }
    for (const name of names) await this.nodes[name].up();
  }

  /** Breaks the connections of `direction` (see PartitionKind) until healed, or for `forMs` when given. */
  partition(direction: PartitionDirection, kind: PartitionKind, holdMs: number, forMs: number | null): string {
    const label = partitionCounter(kind, direction);
    const targets: readonly NodeName[] = direction === 'both' ? NODES : [direction === 'to-node1' ? 'node1' : 'node2'];
    const fault = kind === 'refuse' ? { kind, label } : { kind, holdMs, label };
    for (const name of targets) this.proxies[name].set(fault);
    if (forMs !== null) {
      const timer = setTimeout(() => {
        this.healTimers.delete(timer);
        // Only if no later partition replaced this one.
        for (const name of targets) {
          const proxy = this.proxies[name];
          if (proxy.current === fault) proxy.set({ kind: 'open' });
        }
      }, forMs);
      this.healTimers.add(timer);
    }
    return label;
  }

  /** Every connection open again; held ones go on. */
  healNetwork(): void {
    for (const timer of this.healTimers) clearTimeout(timer);
    this.healTimers.clear();
    for (const name of NODES) this.proxies[name].set({ kind: 'open' });
  }

  /** Connections refused, cut or held, by partition counter. */
  partitionsFired(): Record<string, number> {
    const fired: Record<string, number> = {};
    for (const name of NODES)
      for (const [label, count] of Object.entries(this.proxies[name].fired)) fired[label] = (fired[label] ?? 0) + count;
    return fired;
  }

  async pollNow(): Promise<void> {
    await Promise.all(NODES.map((name) => this.nodes[name].runningInProcess?.node.engine.pollNow()));
  }

  async eachStore<T>(use: (name: string, store: Store) => Promise<T>): Promise<T[]> {
    const results: T[] = [];
    for (const name of NODES) results.push(await this.nodes[name].withStore((store) => use(name, store)));
    return results;
  }

  async close(): Promise<void> {
    this.healNetwork();
    for (const name of NODES) await this.nodes[name].close();
    for (const name of NODES) await this.proxies[name].close();
  }
}
