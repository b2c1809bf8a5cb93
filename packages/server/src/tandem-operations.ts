/**
 * The operations people run on a node (the CLI's commands, the JSON API's routes), as a port with two
 * implementations: `NodeOperations` on a node composed in this process, `HttpOperations` on a node serving elsewhere.
 * Both answer the same documents and throw the same operation errors.
 */
import type {
  BulkDocument,
  ConnectDocument,
  ConnectionDocument,
  ConnectionsDocument,
  ErrorsDocument,
  QueuedDocument,
  SyncDocument,
  TwinStatusDocument,
  UnsyncDocument,
} from './operation-views.ts';
import type { Twin } from '@tandem/core';
import type { DryRunReport } from '@tandem/engine';

export interface ConnectInput {
  /** Default: the only connection, or the one whose two projects hold the two keys. */
  connection?: string;
  a: string;
  b: string;
}

export interface TandemOperations {
  connections(): Promise<ConnectionsDocument>;
  /** Throws NotFoundError when the issue does not exist or has no twin. */
  twinStatus(key: string): Promise<TwinStatusDocument>;
  errors(): Promise<ErrorsDocument>;
  /** Queues the issue now, whatever its side's sync method. */
  sync(key: string): Promise<SyncDocument>;
  /** Queues every current match of both sides' triggers. */
  bulk(connection: string): Promise<BulkDocument>;
  /** Makes two existing issues twins (no issue created); the keys may be given in either order. */
  connect(input: ConnectInput): Promise<ConnectDocument>;
  unsync(key: string): Promise<UnsyncDocument>;
  /** Stops syncing every current match of one trigger (numbered from 1) of one side. */
  unsyncTrigger(input: UnsyncTriggerInput): Promise<UnsyncTriggerDocument>;
  /** What the rules would do with one issue: the replica and the exact changes on the other side; writes nothing. */
  dryRun(input: DryRunInput): Promise<DryRunDocument>;
  /** Queues parked twins again: one, or all when no id is given. */
  retry(twinId?: string): Promise<QueuedDocument>;
  pause(connection: string): Promise<ConnectionDocument>;
  resume(connection: string): Promise<ConnectionDocument>;
  /** Rebuilds lost twins of a connection from the markers in Jira and queues them (after the store was lost). */
  recover(connection: string): Promise<RecoverDocument>;
}

export interface UnsyncTriggerInput {
  connection: string;
  /** The side's instance. */
  instance: string;
  trigger: number;
}

export interface UnsyncTriggerDocument {
  connection: string;
  instance: string;
  trigger: number;
  twins: Twin[];
}

export interface DryRunInput {
  connection: string;
  key: string;
}

export type DryRunDocument = DryRunReport;

export interface RecoverDocument {
  connection: string;
  /** Issues carrying a marker of this connection, per instance. */
  marked: Record<string, number>;
  recovered: number;
  alreadyKnown: number;
  incomplete: number;
}
