/**
 * The replica: the neutral document one side of a connection sends the other — the fields its outgoing rules chose
 * to share, in Tandem's own shape (not Jira's). Rich text is ADF, normalised (see @tandem/rich-text normalizeAdf) so
 * that a conversion difference never reads as a change.
 */
import type { AdfDoc } from '@tandem/rich-text';

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

/** Field values a replica carries in Basic mode. */
export interface ReplicaFields {
  summary: string;
  description: AdfDoc | null;
  /** Issue type by name: mirrored by name, with the project's default type when the name is missing. */
  issueType: string;
}

export interface Replica {
  /** Format version of the replica document, for nodes of different versions. */
  version: 1;
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
}
