/** What the engine needs to know about its connections (built from the config file by the composition root). */
import type { SideName, SideRules } from '@tandem/core';

export type SyncMethod = 'auto' | 'manual' | 'off';

export interface EngineSide {
  side: SideName;
  instance: string;
  project: string;
  /** JQL: issues that match start syncing automatically (the active triggers joined with OR; '' when none). */
  trigger: string;
  /** Every trigger of this side, active or not, as configured (for operations and the console). */
  triggers?: { jql: string; active: boolean; note?: string }[];
  sync: SyncMethod;
  /** Visual mode's scope JQL: an issue must also match it to be sent (checked on every step that would send). */
  scopeJql?: string;
  /**
   * The peer node serves this side (decentralized topology): this node has no tracker for it and never reads it;
   * its project, trigger and sync method are the peer's (here: empty placeholders).
   */
  remote?: true;
}

export interface EngineConnection {
  name: string;
  mode: 'basic' | 'visual' | 'script';
  a: EngineSide;
  b: EngineSide;
  /** The rules of this node's sides (Visual or Script mode); Basic mode's fixed rules when left out. */
  rules?: Partial<Record<SideName, SideRules>>;
}

export interface EngineTimings {
  /** How often the reconciliation poll runs, ms. */
  pollIntervalMs: number;
  /** How far back each poll looks beyond the previous one, ms (webhooks and search index lag). */
  pollOverlapMs: number;
  /** Sync events handled in parallel (different twins). */
  concurrency: number;
  /** How long a worker owns an event before another may take it (crash recovery), ms. */
  leaseMs: number;
  /**
   * After a create whose outcome is unknown, how long to keep looking for the created issue by its marker before
   * creating again (must exceed the tracker's search index lag), ms.
   */
  createSettleMs: number;
  /** Cap of the retry backoff for 5xx and network errors, ms. */
  maxBackoffMs: number;
  /** How long a project's issue type names are remembered, ms (0: ask every time). */
  issueTypesTtlMs: number;
}

export const DEFAULT_TIMINGS: EngineTimings = {
  pollIntervalMs: 30_000,
  pollOverlapMs: 120_000,
  concurrency: 4,
  leaseMs: 120_000,
  createSettleMs: 60_000,
  maxBackoffMs: 300_000,
  issueTypesTtlMs: 60_000,
};

/** Whether a side of the connection is served by the peer node. */
export function hasRemoteSide(connection: EngineConnection): boolean {
  return connection.a.remote === true || connection.b.remote === true;
}

/** The other side's name. */
export function otherSide(side: SideName): SideName {
  return side === 'a' ? 'b' : 'a';
}

/** The side of a connection by name. */
export function sideOf(connection: EngineConnection, side: SideName): EngineSide {
  return side === 'a' ? connection.a : connection.b;
}
