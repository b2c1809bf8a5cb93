/**
 * The tables as Kysely sees them. Times are epoch ms (bigint on PostgreSQL, read back as numbers); JSON documents are
 * text on both databases, so that any string survives exactly (PostgreSQL's jsonb rejects `\u0000` and lone
 * surrogates) and no port query looks inside them.
 */
import type { Generated } from 'kysely';

export interface ConnectionsTable {
  id: string;
  status: string;
  reason: string | null;
  updated_at: number;
}

export interface TwinsTable {
  id: string;
  connection: string;
  a_instance: string;
  a_issue_id: string | null;
  a_issue_key: string | null;
  b_instance: string;
  b_issue_id: string | null;
  b_issue_key: string | null;
  origin: string;
  state: string;
  create_intent: string | null;
  created_at: number;
  updated_at: number;
  last_synced_at: number | null;
}

export interface TwinSideStateTable {
  twin_id: string;
  side: string;
  /** JSON Replica. */
  last_sent: string | null;
  /** JSON SyncBase. */
  base: string | null;
}

export interface ItemMappingsTable {
  twin_id: string;
  origin_side: string;
  origin_id: string;
  mirror_id: string;
  origin_hash: string;
}

export interface SyncEventsTable {
  id: Generated<number>;
  connection: string;
  twin_id: string;
  source_side: string;
  /** Comma-separated set of what detected it (webhook,poll…), grown when events coalesce. */
  reason: string;
  available_at: number;
  attempts: number;
  created_at: number;
  /** Set while leased (also after the lease expired, until leased again, retried or completed). */
  lease_owner: string | null;
  lease_until: number | null;
}

export interface TwinErrorsTable {
  twin_id: string;
  connection: string;
  message: string;
  /** JSON object. */
  details: string;
  first_at: number;
  last_at: number;
  attempts: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  connection: string;
  twin_id: string | null;
  kind: string;
  /** JSON object. */
  detail: string;
}

export interface PollCursorsTable {
  connection: string;
  instance: string;
  at: number;
}

export interface PeerInvitationsTable {
  secret_hash: string;
  connection: string;
  sealed_secret: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
}

export interface PeerLinksTable {
  connection: string;
  peer_node_id: string;
  peer_url: string;
  sealed_key: string;
  status: string;
  reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface SeenNoncesTable {
  peer_node_id: string;
  nonce: string;
  expires_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  created_at: number;
  updated_at: number;
}

export interface UserSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  last_chars: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
}

export interface Database {
  connections: ConnectionsTable;
  twins: TwinsTable;
  twin_side_state: TwinSideStateTable;
  comment_mappings: ItemMappingsTable;
  attachment_mappings: ItemMappingsTable;
  worklog_mappings: ItemMappingsTable;
  sync_events: SyncEventsTable;
  twin_errors: TwinErrorsTable;
  audit_log: AuditLogTable;
  poll_cursors: PollCursorsTable;
  peer_invitations: PeerInvitationsTable;
  peer_links: PeerLinksTable;
  seen_nonces: SeenNoncesTable;
  users: UsersTable;
  user_sessions: UserSessionsTable;
  api_tokens: ApiTokensTable;
}
