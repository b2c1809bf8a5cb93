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

/** One JQL trigger of a side: issues that match start syncing automatically while it is active. */
export interface TriggerConfig {
  jql: string;
  /** an inactive trigger is kept in the file but starts nothing */
  active: boolean;
  /** free text for people (why the trigger exists) */
  note: string | null;
}

/** One instance's half of a connection. */
export interface ConnectionSideConfig {
  /** the name of an instance under `instances` */
  instance: string;
  /** the Jira project key new twins are created in */
  project: string;
  /**
   * The side's active triggers as one JQL: one trigger's JQL as written, several joined as `(a) OR (b)`; null: no
   * active trigger, only issues synced by hand
   */
  trigger: string | null;
  /** every trigger in file order, active or not (`trigger: <jql>` in the file is one active trigger) */
  triggers: readonly TriggerConfig[];
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

/** How a connection's rules are written: fixed (basic), field mappings in the file (visual), or script files. */
export type ConnectionMode = 'basic' | 'visual' | 'script';

/** What a mapping does with a value its value map (or the receiving project) has no match for. */
export type UnmatchedPolicy = 'ignore' | 'error' | 'default';

/**
 * One field mapping of Visual mode. Sides are named by instance. Values and people are matched through lists of
 * pairs, read in the direction the value travels: the first pair whose sending side matches gives the value.
 */
export interface VisualFieldMapping {
  /** the name the value travels under in the replica; both sides derive the same one */
  key: string;
  /** the local field on each side, by instance: a field id (`priority`, `customfield_10010`) or a field name */
  fields: Readonly<Record<string, string>>;
  /** the sides whose changes travel: both sides, or one */
  from: readonly string[];
  /** value pairs, one value per side (`{ blue: Highest, green: Critical }`); empty: values travel as they are */
  values: readonly Readonly<Record<string, string>>[];
  /** person pairs, an e-mail address or a display name per side; checked before matching by e-mail */
  users: readonly Readonly<Record<string, string>>[];
  unmatched: UnmatchedPolicy;
  /** with unmatched `default`: the value written on each receiving side, by instance (a person: e-mail or name) */
  default: Readonly<Record<string, string>>;
  /** the only side that may change the field (the other side's changes are overwritten), or null */
  owner: string | null;
}

/** A constant a side's issues always hold: a value set, or list items added and removed (labels, components). */
export type VisualConstant =
  string | number | null | readonly string[] | { add: readonly string[]; remove: readonly string[] };

/** Which of a side's issues are sent: every filter given must match (any one value of a list matches). */
export interface VisualScope {
  labels: readonly string[] | null;
  issueTypes: readonly string[] | null;
  statuses: readonly string[] | null;
  priorities: readonly string[] | null;
  /** e-mail addresses or display names */
  assignees: readonly string[] | null;
  reporters: readonly string[] | null;
  /** JQL the issue must also match (checked by the engine against Jira) */
  jql: string | null;
}

/** A Visual-mode connection's rules. Every record keyed by instance has an entry for both sides. */
export interface VisualConfig {
  fields: readonly VisualFieldMapping[];
  /** the sides whose comments, attachments, worklogs and issue links travel (both, one, or none) */
  comments: readonly string[];
  attachments: readonly string[];
  worklogs: readonly string[];
  links: readonly string[];
  /** per side: constants by field id or name, applied to that side's issues when they receive a replica */
  constants: Readonly<Record<string, Readonly<Record<string, VisualConstant>>>>;
  scope: Readonly<Record<string, VisualScope>>;
}

/** A Script-mode side's rule files, absolute paths. */
export interface ScriptFiles {
  outgoing: string;
  incoming: string;
}

/** A Script-mode connection's files, by instance: one pair per side this node serves. */
export type ScriptConfig = Readonly<Record<string, ScriptFiles>>;

/** How a field changed on both sides is resolved: the change with the later Jira `updated` time wins. */
export type ConflictPolicy = 'later-wins';

interface ConnectionConfigBase {
  name: string;
  description: string | null;
  conflict: ConflictPolicy;
  /** exactly two sides, in the order the file lists them; at least one served by this node */
  sides: readonly [AnySideConfig, AnySideConfig];
}

/** A connection between two instances, named by its key under `connections`, with the rules of its mode. */
export type ConnectionConfig =
  | (ConnectionConfigBase & { mode: 'basic' })
  | (ConnectionConfigBase & { mode: 'visual'; visual: VisualConfig })
  | (ConnectionConfigBase & { mode: 'script'; script: ScriptConfig });

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
