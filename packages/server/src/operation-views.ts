/**
 * What operations answer, as JSON documents: the HTTP API's response bodies and the CLI's `--json` output are the same
 * documents. Absent values are `null`, never missing, so a document reads the same after a JSON round trip.
 */
import type { ConnectionStatus, Twin, TwinError } from '@tandem/core';

export interface ConnectionView {
  name: string;
  status: ConnectionStatus;
  reason: string | null;
  /** Instances of side a and side b, in the order the config lists them. */
  sides: [ConnectionSideView, ConnectionSideView];
  twins: number;
  /** Sync events waiting (queued or leased). */
  pending: number;
  /** Twins parked or retrying after an error. */
  errors: number;
}

export interface ConnectionSideView {
  instance: string;
  /** Null for a side the peer node serves (its project is the peer's). */
  project: string | null;
  trigger: string | null;
  /** Null for a side the peer node serves. */
  sync: 'auto' | 'manual' | 'off' | null;
  /** The peer node serves this side (decentralized topology). */
  remote: boolean;
}

export interface TwinStatusView {
  twin: Twin;
  /** Whether a sync event is waiting for this twin. */
  pending: boolean;
  error: TwinError | null;
  /** Epoch ms of the last completed sync step, null before the first. */
  lastSyncedAt: number | null;
}

export interface ConnectionsDocument {
  connections: ConnectionView[];
}
export interface TwinStatusDocument {
  key: string;
  twins: TwinStatusView[];
}
export interface ErrorsDocument {
  errors: TwinError[];
}
export interface QueuedDocument {
  /** Ids of the twins queued. */
  queued: string[];
}
export interface SyncDocument extends QueuedDocument {
  key: string;
}
export interface BulkDocument extends QueuedDocument {
  connection: string;
}
export interface ConnectDocument {
  twin: Twin;
}
export interface UnsyncDocument {
  key: string;
  twins: Twin[];
}
export interface ConnectionDocument {
  connection: ConnectionView;
}
