/**
 * The documents the console reads from the node's API, as the OpenAPI document at /api/openapi.json describes them.
 * Only what the console uses is typed; absent values are null.
 */

export interface User {
  id: string;
  email: string;
  name: string | null;
  role: string;
}

export interface SessionDocument {
  user: User | null;
  auth?: 'session' | 'token' | 'local';
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type SyncMethod = 'auto' | 'manual' | 'off';
export type ConnectionStatus = 'pending' | 'active' | 'paused' | 'error';
export type RulesMode = 'basic' | 'visual' | 'script';

export interface TriggerView {
  jql: string;
  active: boolean;
  note: string | null;
}

export interface ConnectionSide {
  side: 'a' | 'b';
  instance: string;
  remote: boolean;
  project: string | null;
  trigger: string | null;
  triggers: TriggerView[];
  sync: SyncMethod | null;
  url: string | null;
}

export interface PeerView {
  nodeId: string;
  url: string;
  status: string;
  reason: string | null;
}

export interface ConnectionView {
  name: string;
  description: string | null;
  mode: RulesMode;
  status: ConnectionStatus;
  reason: string | null;
  sides: [ConnectionSide, ConnectionSide];
  twins: number;
  pending: number;
  errors: number;
  lastSyncAt: number | null;
  /** Completed syncs per hour over 24 h, oldest first (the overview's sparkline). */
  syncsPerHour: number[];
  peer: PeerView | null;
}

export interface InstanceView {
  name: string;
  type: 'jira-cloud' | 'jira-datacenter';
  url: string;
}

export interface InvitationDocument {
  connection: string;
  code: string;
  expiresAt: number;
}

/** One field mapping of a Visual connection, resolved: sides by instance name. */
export interface VisualMapping {
  key?: string;
  fields: Record<string, string>;
  /** The instances whose changes travel: both = both ways. */
  from: string[];
  values: Record<string, string | number>[];
  users: Record<string, string | number>[];
  unmatched: 'ignore' | 'error' | 'default';
  default: Record<string, string | number>;
  owner: string | null;
}

/** A Visual connection's rules, resolved (every key present). */
export interface VisualRules {
  fields: VisualMapping[];
  /** The instances whose comments travel; [] = off. Same for attachments, worklogs and links. */
  comments: string[];
  attachments: string[];
  worklogs: string[];
  links: string[];
  constants: Record<string, Record<string, unknown>>;
  scope: Record<string, Record<string, unknown>>;
}

export interface ScriptFile {
  file: string;
  source: string;
}

export interface RulesDocument {
  connection: string;
  mode: RulesMode;
  sides: { side: 'a' | 'b'; instance: string; remote: boolean }[];
  visual: VisualRules | null;
  script: Record<string, { outgoing: ScriptFile; incoming: ScriptFile }> | null;
}

/** What PUT .../rules takes (and dry-run's `rules`). */
export type RulesInput =
  | { mode: 'basic' }
  | { mode: 'visual'; visual: VisualRules }
  | { mode: 'script'; script: Record<string, { outgoing: string; incoming: string }> };

export interface DryRunFieldChange {
  field: string;
  name: string;
  before?: unknown;
  after: unknown;
}

export interface RuleProblem {
  message: string;
  field?: string;
  details?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface DryRunTargetServed {
  served: true;
  instance: string;
  issueKey: string | null;
  create: boolean;
  fields: DryRunFieldChange[];
  comments: { add: string[]; update: string[]; delete: string[] };
  attachments: { add: string[]; delete: string[] };
  worklogs: { add: string[]; update: string[]; delete: string[] };
  links: { add: string[]; remove: string[] };
  keptHere: string[];
  decisions: unknown[];
  problems: RuleProblem[];
  waitingFor: string[];
  unmatchedPeople: string[];
  log: string[];
}

export interface DryRunReport {
  connection: string;
  source: { side: 'a' | 'b'; instance: string; issueKey: string };
  replica: { fields: Record<string, unknown>; [key: string]: unknown } | null;
  target: { served: false; instance: string; note: string } | DryRunTargetServed | null;
}

export interface BulkRun {
  runId: string;
  connection: string;
  state: 'scanning' | 'syncing' | 'done';
  found: number;
  synced: number;
  pending: number;
  failed: number;
  done: boolean;
  cancelled: boolean;
  startedAt: number;
  finishedAt: number | null;
  error: string | null;
}

export interface TwinErrorView {
  message: string;
  details: Record<string, unknown>;
  firstAt: number;
  lastAt: number;
  attempts: number;
}

export interface IssueSnapshot {
  summary: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  issueType: string;
  /** Epoch ms. */
  updated: number;
}

export interface TwinSideView {
  instance: string;
  issueId: string | null;
  issueKey: string | null;
  url: string | null;
  issue?: IssueSnapshot | null;
}

export interface TwinSummary {
  id: string;
  connection: string;
  state: 'active' | 'creating' | 'unsynced';
  origin: 'a' | 'b';
  a: TwinSideView;
  b: TwinSideView;
  createdAt: number;
  updatedAt: number;
  lastSyncedAt: number | null;
  pending: boolean;
  error: TwinErrorView | null;
}

export interface FieldDiff {
  field: string;
  name?: string;
  before?: unknown;
  after?: unknown;
}

export type AuditKind = 'detected' | 'sent' | 'received' | 'applied' | 'created' | 'conflict' | 'error' | 'skipped';

export interface AuditEntryView {
  id: string | number;
  at: number;
  connection: string;
  twinId: string | null;
  kind: AuditKind;
  detail: Record<string, unknown>;
}

export interface ErrorGroupTwin {
  twinId: string;
  keys: string[];
  message: string;
  details: Record<string, unknown>;
  firstAt: number;
  lastAt: number;
  attempts: number;
  retrying: boolean;
}

export interface ErrorGroup {
  id: string;
  connection: string;
  cause: string;
  message: string;
  blastRadius: 'twin' | 'connection';
  count: number;
  script: { file: string; line: number | null; column: number | null } | null;
  jira: { status: number | null; messages: string[] } | null;
  twins: ErrorGroupTwin[];
}

export interface ApiCallStats {
  instance: string;
  requests: number;
  retries: number;
  rateLimited: number;
  rateLimitedByReason: Record<string, number>;
  byMethod?: Record<string, number>;
}

export interface StatisticsDocument {
  from: number;
  to: number;
  hours: number;
  connection?: string | null;
  syncsPerHour: { hour: number; syncs: number; errors: number }[];
  latency: { count: number; p50: number | null; p90: number | null; p99: number | null; max: number | null };
  apiCalls: ApiCallStats[];
  queue: { depth: number; byConnection: Record<string, number> };
}

export interface ApiTokenView {
  id: string;
  name: string;
  /** The last characters only: ••••abcd. */
  masked: string;
  createdAt: number;
  lastUsedAt: number | null;
  createdBy: { id: string; email: string } | null;
}

export interface CreatedToken {
  token: ApiTokenView;
  /** The token itself, shown once. */
  value: string;
}
