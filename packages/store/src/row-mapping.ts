/** Rows to the port's shapes and back. Enumerated columns are checked on read: a bad value is corruption, not data. */
import { CONNECTION_STATUSES, TWIN_STATES } from '@tandem/core';
import type {
  AuditEntry,
  AuditKind,
  ConnectionStatus,
  ItemMapping,
  SideName,
  SyncEvent,
  Twin,
  TwinError,
  TwinState,
} from '@tandem/core';
import type { Selectable } from 'kysely';
import type {
  AuditLogTable,
  ItemMappingsTable,
  SyncEventsTable,
  TwinErrorsTable,
  TwinsTable,
} from './database-schema.ts';
import { StoreCorruptionError } from './store-errors.ts';

const SIDES = ['a', 'b'] as const;
const AUDIT_KINDS: readonly AuditKind[] = [
  'detected',
  'sent',
  'received',
  'applied',
  'created',
  'conflict',
  'error',
  'skipped',
];

function oneOf<T extends string>(values: readonly T[], value: string, column: string): T {
  if ((values as readonly string[]).includes(value)) return value as T;
  throw new StoreCorruptionError(`unexpected ${column} ${JSON.stringify(value)}`);
}

export const asSide = (value: string, column: string): SideName => oneOf(SIDES, value, column);
export const asConnectionStatus = (value: string): ConnectionStatus =>
  oneOf(CONNECTION_STATUSES, value, 'connections.status');
const asTwinState = (value: string): TwinState => oneOf(TWIN_STATES, value, 'twins.state');

export function twinToRow(twin: Twin): Selectable<TwinsTable> {
  return {
    id: twin.id,
    connection: twin.connection,
    a_instance: twin.a.instance,
    a_issue_id: twin.a.issueId,
    a_issue_key: twin.a.issueKey,
    b_instance: twin.b.instance,
    b_issue_id: twin.b.issueId,
    b_issue_key: twin.b.issueKey,
    origin: twin.origin,
    state: twin.state,
    create_intent: twin.createIntent,
    created_at: twin.createdAt,
    updated_at: twin.updatedAt,
    last_synced_at: twin.lastSyncedAt,
  };
}

export function rowToTwin(row: Selectable<TwinsTable>): Twin {
  return {
    id: row.id,
    connection: row.connection,
    a: { instance: row.a_instance, issueId: row.a_issue_id, issueKey: row.a_issue_key },
    b: { instance: row.b_instance, issueId: row.b_issue_id, issueKey: row.b_issue_key },
    origin: asSide(row.origin, 'twins.origin'),
    state: asTwinState(row.state),
    createIntent: row.create_intent,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastSyncedAt: row.last_synced_at,
  };
}

export function rowToMapping(row: Selectable<ItemMappingsTable>): ItemMapping {
  return {
    twinId: row.twin_id,
    originSide: asSide(row.origin_side, 'origin_side'),
    originId: row.origin_id,
    mirrorId: row.mirror_id,
    originHash: row.origin_hash,
  };
}

export function rowToError(row: Selectable<TwinErrorsTable>): TwinError {
  return {
    twinId: row.twin_id,
    connection: row.connection,
    message: row.message,
    details: parseJsonObject(row.details, 'twin_errors.details'),
    firstAt: row.first_at,
    lastAt: row.last_at,
    attempts: row.attempts,
  };
}

export function rowToAudit(row: Selectable<AuditLogTable>): AuditEntry & { id: number } {
  return {
    id: row.id,
    at: row.at,
    connection: row.connection,
    twinId: row.twin_id,
    kind: oneOf(AUDIT_KINDS, row.kind, 'audit_log.kind'),
    detail: parseJsonObject(row.detail, 'audit_log.detail'),
  };
}

export function rowToEvent(row: Selectable<SyncEventsTable>): SyncEvent {
  return {
    id: String(row.id),
    connection: row.connection,
    twinId: row.twin_id,
    sourceSide: asSide(row.source_side, 'sync_events.source_side'),
    reason: row.reason,
    availableAt: row.available_at,
    attempts: row.attempts,
    createdAt: row.created_at,
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until,
  };
}

/** The numeric row id of an event id handed out by the store; undefined for a string the store never made. */
export function eventRowId(eventId: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(eventId)) return undefined;
  const id = Number(eventId);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** JSON documents are stored as text; see database-schema.ts for why. */
export function toJson(value: unknown): string {
  return JSON.stringify(value);
}

export function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

function parseJsonObject(text: string, column: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StoreCorruptionError(`${column} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}
