/**
 * The replica: the neutral document one side of a connection sends the other — the fields its outgoing rules chose
 * to share, in Tandem's own shape (not Jira's). Rich text is ADF, normalised (see @tandem/rich-text normalizeAdf) so
 * that a conversion difference never reads as a change.
 */
import type { AdfDoc } from '@tandem/rich-text';
import type { FieldValue, IssueRef } from './issue-fields.ts';

export interface ReplicaUser {
  displayName: string;
  email: string | null;
}

export interface ReplicaComment {
  /** The comment's id on the sending side. */
  id: string;
  author: ReplicaUser | null;
  body: AdfDoc;
  created: number;
  updated: number;
}

export interface ReplicaAttachment {
  /** The attachment's id on the sending side. */
  id: string;
  filename: string;
  mimeType: string;
  size: number;
}

export interface ReplicaWorklog {
  /** The worklog's id on the sending side. */
  id: string;
  author: ReplicaUser | null;
  started: number;
  timeSpentSeconds: number;
  comment: AdfDoc | null;
}

/** A link between two issues of the sending instance; `issue` is the other end, on the sending instance. */
export interface ReplicaLink {
  type: string;
  direction: 'outward' | 'inward';
  issue: IssueRef;
}

/**
 * Field values a replica carries, under the names the two sides' rules agree on (Basic mode: `summary`,
 * `description`, `issueType`). Values are neutral (see issue-fields.ts); an issue reference (a parent) names an issue
 * of the sending instance.
 */
export type ReplicaFields = Record<string, FieldValue>;

export interface Replica {
  /** Format version of the replica document, for nodes of different versions (1: Basic fields only). */
  version: 2;
  connection: string;
  /** Instance name of the sending side. */
  instance: string;
  issueId: string;
  issueKey: string;
  /** Where a person opens the issue (for the remote link on the twin). */
  issueUrl: string;
  /** Jira's `updated` of the sending issue, epoch ms: the conflict policy's clock. */
  updated: number;
  fields: ReplicaFields;
  /** Comments that originated on the sending side and may leave it (no restricted or internal ones, no mirrors). */
  comments: ReplicaComment[];
  /** Attachments that originated on the sending side (no mirrors). */
  attachments: ReplicaAttachment[];
  /** Worklogs that originated on the sending side (no mirrors). */
  worklogs: ReplicaWorklog[];
  /** Links between issues of the sending instance. */
  links: ReplicaLink[];
  /**
   * The people its rich text mentions, by their id on the sending instance: the receiver maps each mention to the same
   * person on its own instance (by e-mail, else by display name). Filled by the engine, not by rules.
   */
  people?: Record<string, ReplicaUser>;
}
