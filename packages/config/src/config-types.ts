/** Where Tandem keeps its state: one SQLite file, or a PostgreSQL database shared by several worker processes. */
export type StoreConfig =
  { kind: 'sqlite'; /** absolute path of the database file */ path: string } | { kind: 'postgres'; url: string };

/** The HTTP server's address (webhooks, node-to-node, API). Port 0 lets the system pick a free port. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** How Tandem authenticates to one Jira: basic (Cloud email + API token, or Data Center username + password) or a bearer PAT. */
export type JiraAuth = { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** One Jira instance, named by its key under `instances`. */
export interface InstanceConfig {
  name: string;
  type: 'jira-cloud' | 'jira-datacenter';
  /** base URL, without a trailing slash */
  url: string;
  auth: JiraAuth;
}

/** How changes on one side travel: automatically, only when asked (`tandem sync KEY`), or not at all. */
export type SyncMethod = 'auto' | 'manual' | 'off';

/** One instance's half of a connection. */
export interface ConnectionSideConfig {
  /** the name of an instance under `instances` */
  instance: string;
  /** the Jira project key new twins are created in */
  project: string;
  /** JQL: issues that match start syncing automatically; null: only issues synced by hand */
  trigger: string | null;
  sync: SyncMethod;
  remote?: never;
}

/**
 * The other organisation's half of a connection in the decentralized topology: its instance is served by the peer
 * node, with the peer's own credentials, project and trigger, none of which this node knows.
 */
export interface RemoteSideConfig {
  /** the name both nodes give that instance (not an instance of this node) */
  instance: string;
  remote: true;
}

/** A side served by this node, or by the peer node. */
export type AnySideConfig = ConnectionSideConfig | RemoteSideConfig;

/** Modes a connection may be written in; `visual` and `script` are reserved and refused for now. */
export type ConnectionMode = 'basic';

/** How a field changed on both sides is resolved: the change with the later Jira `updated` time wins. */
export type ConflictPolicy = 'later-wins';

/** A connection between two instances, named by its key under `connections`. */
export interface ConnectionConfig {
  name: string;
  mode: ConnectionMode;
  description: string | null;
  conflict: ConflictPolicy;
  /** exactly two sides, in the order the file lists them; at least one served by this node */
  sides: readonly [AnySideConfig, AnySideConfig];
}

/** Tandem's configuration after parsing: defaults applied, secrets resolved from the environment, paths absolute. */
export interface TandemConfig {
  store: StoreConfig;
  listen: ListenAddress;
  /** where Jira instances and other nodes reach this node, without a trailing slash */
  publicUrl: string;
  instances: Readonly<Record<string, InstanceConfig>>;
  connections: Readonly<Record<string, ConnectionConfig>>;
  poll: {
    /** seconds between two reconciliation polls of one instance */
    intervalSeconds: number;
    /** seconds each poll window reaches back before the previous poll's start */
    overlapSeconds: number;
  };
  webhooks: { enabled: boolean };
  workers: {
    /** twins synced in parallel */
    concurrency: number;
  };
}
