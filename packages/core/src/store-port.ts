/**
 * The store port: the durable state of a node. One implementation per database (packages/store: SQLite through
 * better-sqlite3, PostgreSQL through pg, both with Kysely), one contract suite for all. Everything a sync step changes
 * is written in one transaction, including the sync events it enqueues (outbox).
 */
import type { FieldBase } from './field-merge.ts';
import type { Replica } from './replica.ts';

export const CONNECTION_STATUSES = ['pending', 'active', 'paused', 'error'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];

/** Which side of a connection: `a` and `b` in the order the connection lists its sides. */
export type SideName = 'a' | 'b';

export const TWIN_STATES = ['active', 'creating', 'unsynced'] as const;
/**
 * - active: both issues known, syncing;
 * - creating: the origin issue is known, its twin is being created (see createIntent);
 * - unsynced: the user stopped syncing it; events for it are ignored.
 */
export type TwinState = (typeof TWIN_STATES)[number];

export interface TwinSide {
  instance: string;
  /** Null until the twin issue exists on this side. */
  issueId: string | null;
  issueKey: string | null;
}

export interface Twin {
  id: string;
  connection: string;
  a: TwinSide;
  b: TwinSide;
  /** The side the issue was first created on. */
  origin: SideName;
  state: TwinState;
  /**
   * Set before a create is sent and written into the created issue as its marker: when the outcome of a create is
   * unknown, the engine finds the issue by this intent instead of creating a second one.
   */
  createIntent: string | null;
  createdAt: number;
  updatedAt: number;
  lastSyncedAt: number | null;
}

/**
 * The base of the three-way merge on one side: what both sides last agreed on, in both forms. `remote` is the value
 * as the other side sent it; `applied` is how that value reads back on this side (after wiki conversion, type
 * fallback…). A local value equal to `applied` has not been changed by a person since.
 */
/** What one side's merge starts from (see field-merge.ts), plus what its items need remembered. */
export interface SyncBase extends FieldBase {
  /** The replica last received from the other side: the incoming rule's `previous`. */
  received?: Replica | null;
  /** Issue links Tandem made on this side (`type|direction|issueId`): only these are ever removed by Tandem. */
  links?: string[];
}

/** What one side of a twin remembers. */
export interface TwinSideState {
  twinId: string;
  side: SideName;
  /** The last replica this side sent (nothing is sent when the next one equals it). */
  lastSent: Replica | null;
  /** Field values last known equal on both sides: the base of the three-way merge on this side. */
  base: SyncBase | null;
}

/** A comment (or attachment) copied from one side to the other. */
export interface ItemMapping {
  twinId: string;
  /** The side the item was written on by a person. */
  originSide: SideName;
  originId: string;
  /** The copy Tandem wrote on the other side. */
  mirrorId: string;
  /** Hash of the origin content last copied (comment body), to tell an edit; empty for attachments. */
  originHash: string;
}

export interface TwinError {
  twinId: string;
  connection: string;
  /** Short, for lists. */
  message: string;
  /** Jira's status, field errors and messages, the issue, retry information. */
  details: Record<string, unknown>;
  firstAt: number;
  lastAt: number;
  attempts: number;
}

export type AuditKind = 'detected' | 'sent' | 'received' | 'applied' | 'created' | 'conflict' | 'error' | 'skipped';

export interface AuditEntry {
  at: number;
  connection: string;
  twinId: string | null;
  kind: AuditKind;
  /** What changed, where and why (field-level diffs for `applied`). */
  detail: Record<string, unknown>;
}

export interface NewSyncEvent {
  connection: string;
  twinId: string;
  /** The side whose issue changed and should be brought over. */
  sourceSide: SideName;
  /** What detected it: webhook, poll, bulk, manual, retry. */
  reason: string;
  /** Epoch ms before which it must not run. */
  availableAt: number;
}

export interface SyncEvent extends NewSyncEvent {
  id: string;
  attempts: number;
  createdAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
}

/**
 * An invitation to pair this node with a peer node for one connection (decentralized topology). The code handed to
 * the other organisation carries the secret; the store keeps its hash (how the accepting node names the invitation)
 * and the secret sealed with a key derived from the node secret (the handshake derives the shared key from it).
 */
export interface PeerInvitation {
  /** SHA-256 of the one-time secret, hex. */
  secretHash: string;
  connection: string;
  /** The one-time secret, sealed (AES-256-GCM) with a key derived from the node secret: opaque here. */
  sealedSecret: string;
  createdAt: number;
  expiresAt: number;
  /** Set once, by the handshake that used it; a consumed invitation never works again. */
  consumedAt: number | null;
}

export const PEER_LINK_STATUSES = ['active', 'error'] as const;
export type PeerLinkStatus = (typeof PEER_LINK_STATUSES)[number];

/** The node at the other end of a connection, after a handshake. */
export interface PeerLink {
  connection: string;
  peerNodeId: string;
  /** Where the peer node answers node-to-node requests, without a trailing slash. */
  peerUrl: string;
  /** The key both nodes sign their messages with, sealed with a key derived from the node secret: opaque here. */
  sealedKey: string;
  status: PeerLinkStatus;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** Reads and writes inside one transaction. */
export interface StoreTransaction {
  getConnectionStatus(connection: string): Promise<{ status: ConnectionStatus; reason: string | null } | undefined>;
  setConnectionStatus(connection: string, status: ConnectionStatus, reason: string | null): Promise<void>;

  getTwin(id: string): Promise<Twin | undefined>;
  /** The twin holding this issue on this instance in this connection. */
  findTwinByIssue(connection: string, instance: string, issueId: string): Promise<Twin | undefined>;
  findTwinByIntent(createIntent: string): Promise<Twin | undefined>;
  insertTwin(twin: Twin): Promise<void>;
  updateTwin(twin: Twin): Promise<void>;
  deleteTwin(id: string): Promise<void>;
  listTwins(connection: string, options?: { limit?: number; afterId?: string }): Promise<Twin[]>;
  countTwins(connection: string): Promise<number>;

  getSideState(twinId: string, side: SideName): Promise<TwinSideState | undefined>;
  putSideState(state: TwinSideState): Promise<void>;

  listCommentMappings(twinId: string): Promise<ItemMapping[]>;
  putCommentMapping(mapping: ItemMapping): Promise<void>;
  deleteCommentMapping(twinId: string, originSide: SideName, originId: string): Promise<void>;
  listAttachmentMappings(twinId: string): Promise<ItemMapping[]>;
  putAttachmentMapping(mapping: ItemMapping): Promise<void>;
  deleteAttachmentMapping(twinId: string, originSide: SideName, originId: string): Promise<void>;
  listWorklogMappings(twinId: string): Promise<ItemMapping[]>;
  putWorklogMapping(mapping: ItemMapping): Promise<void>;
  deleteWorklogMapping(twinId: string, originSide: SideName, originId: string): Promise<void>;

  /** Queues a sync event; an event already queued (not leased) for the same twin and side absorbs it (coalescing). */
  enqueue(event: NewSyncEvent): Promise<void>;

  putError(error: TwinError): Promise<void>;
  getError(twinId: string): Promise<TwinError | undefined>;
  clearError(twinId: string): Promise<void>;
  listErrors(connection?: string): Promise<TwinError[]>;

  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter: { twinId?: string; connection?: string; limit?: number }): Promise<(AuditEntry & { id: number })[]>;

  /** The reconciliation poll's cursor per connection side (epoch ms of the last poll's start). */
  getPollCursor(connection: string, instance: string): Promise<number | undefined>;
  setPollCursor(connection: string, instance: string, at: number): Promise<void>;

  insertInvitation(invitation: PeerInvitation): Promise<void>;
  getInvitation(secretHash: string): Promise<PeerInvitation | undefined>;
  /** Marks it consumed at `at` unless it already is; true when this call consumed it (single use under races). */
  consumeInvitation(secretHash: string, at: number): Promise<boolean>;

  getPeerLink(connection: string): Promise<PeerLink | undefined>;
  /** Inserts or replaces the connection's peer link (a new handshake replaces the old one). */
  putPeerLink(link: PeerLink): Promise<void>;
  listPeerLinks(): Promise<PeerLink[]>;

  /**
   * Records a message nonce of a peer until `expiresAt` (epoch ms); false when it was already recorded — a replay.
   */
  rememberNonce(peerNodeId: string, nonce: string, expiresAt: number): Promise<boolean>;
  /** Forgets nonces whose expiry is before `now`; returns how many. */
  pruneNonces(now: number): Promise<number>;
}

/**
 * The durable queue of sync events, in the same database as the store so events are written in the caller's
 * transaction. Events of one twin run one at a time, in order; different twins in parallel; a lease that expires
 * (crashed worker) makes its event available again.
 */
export interface SyncQueue {
  /**
   * Leases up to `max` events that are available at `now`, at most one per twin, skipping twins that already have a
   * leased event. Each lease lasts `leaseMs`.
   */
  lease(owner: string, max: number, now: number, leaseMs: number): Promise<SyncEvent[]>;
  /** Done: removes the event. */
  complete(eventId: string): Promise<void>;
  /** Not done: makes it available again at `availableAt` with attempts + 1. */
  retry(eventId: string, availableAt: number): Promise<void>;
  /** Events waiting (queued or leased), optionally for one connection. */
  depth(connection?: string): Promise<number>;
  /** Events waiting (queued or leased) for one twin. */
  pendingFor(twinId: string): Promise<number>;
  /** The earliest availableAt of a queued event, for the worker's next wake-up. */
  nextAvailableAt(): Promise<number | undefined>;
}

export interface Store extends StoreTransaction {
  /** Runs `work` in one transaction: all of its writes land, or none. */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  readonly queue: SyncQueue;
  close(): Promise<void>;
}
