/**
 * What a chaos run's model knows: every value, comment and attachment a person wrote, where and when, and every fault
 * switched on. The model does not predict the engine's intermediate states (real HTTP and real concurrency decide
 * those); it is the record the invariants are judged against once the run has healed.
 */
import type { Side } from './chaos-world.ts';

export type BasicFieldName = 'summary' | 'description' | 'issueType';

/** A value a person wrote into a field (or the value an issue was created with). */
export interface PersonWrite {
  /** Global order of the writes in the run. */
  seq: number;
  side: Side;
  value: string;
  /** Wall ms when the write was answered. */
  at: number;
}

export interface ModelIssue {
  n: number;
  origin: Side;
  originId: string;
  originKey: string;
  /** Where a person deleted the issue (Basic mode does not sync deletions: its twin stays). */
  deletedOn: Side[];
  writes: Record<BasicFieldName, PersonWrite[]>;
}

export type CommentKind = 'public' | 'restricted' | 'internal';

export interface ModelComment {
  n: number;
  issue: number;
  side: Side;
  issueId: string;
  id: string;
  kind: CommentKind;
  /** The token of each version written; the last is current. */
  versions: string[];
  deleted: boolean;
}

export interface ModelAttachment {
  n: number;
  issue: number;
  side: Side;
  issueId: string;
  id: string;
  filename: string;
  deleted: boolean;
}

export interface ChaosModel {
  tag: string;
  seq: number;
  issues: ModelIssue[];
  comments: ModelComment[];
  attachments: ModelAttachment[];
  /** Person edits of an issue's fields (one PUT each), per side. */
  fieldEdits: Record<Side, number>;
  commentEdits: Record<Side, number>;
  commentDeletes: Record<Side, number>;
  attachmentDeletes: Record<Side, number>;
  /** User actions that ran, by kind. */
  actions: Record<string, number>;
  /** Faults switched on, by counter name (the fired counts come from the emulators). */
  configured: Set<string>;
  /** Search lag switched on: from when, per side. */
  lagSince: Partial<Record<Side, number>>;
}

export function emptyModel(tag: string): ChaosModel {
  return {
    tag,
    seq: 0,
    issues: [],
    comments: [],
    attachments: [],
    fieldEdits: { blue: 0, green: 0 },
    commentEdits: { blue: 0, green: 0 },
    commentDeletes: { blue: 0, green: 0 },
    attachmentDeletes: { blue: 0, green: 0 },
    actions: {},
    configured: new Set(),
    lagSince: {},
  };
}

export function countAction(model: ChaosModel, kind: string): void {
  model.actions[kind] = (model.actions[kind] ?? 0) + 1;
}

/** A fresh token for a value: unique in the run, so every written value names exactly one person write. */
export function nextToken(model: ChaosModel, prefix: string): string {
  model.seq++;
  return `${prefix}${model.tag}x${String(model.seq).padStart(4, '0')}`;
}
