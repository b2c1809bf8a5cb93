/**
 * Basic mode's outgoing rule: issue → replica. Summary, description and issue type; comments and attachments that
 * people wrote on this side. What never leaves: comments restricted to a group or role, Jira Service Management
 * internal comments, and Tandem's own copies of the other side's comments and attachments (they would echo back).
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf } from '@tandem/rich-text';
import { sameValue, BASIC_FIELDS, normalRichText } from './field-values.ts';
import type { Replica, ReplicaFields } from './replica.ts';
import type { SyncBase } from './store-port.ts';
import type { TrackerComment, TrackerIssue } from './tracker-port.ts';

export interface OutgoingInput {
  connection: string;
  instance: string;
  issue: TrackerIssue;
  issueUrl: string;
  /** Ids of comments and attachments on this issue that Tandem wrote as copies of the other side's. */
  mirrorCommentIds: ReadonlySet<string>;
  mirrorAttachmentIds: ReadonlySet<string>;
  /** This side's merge base, when the twin has synced before. */
  base: SyncBase | null;
  /**
   * The account Tandem writes with on this side. Its comments that carry Tandem's attribution line are copies even
   * when no mapping says so (after `tandem recover` rebuilt a lost store): they never travel back.
   */
  tandemAccountId?: string;
}

/** Whether a comment is one of Tandem's attributed copies: written by Tandem's account, opening with "Name wrote:". */
export function looksLikeTandemCopy(comment: TrackerComment, tandemAccountId: string | undefined): boolean {
  if (!tandemAccountId || comment.author?.id !== tandemAccountId) return false;
  const first = comment.body.content[0];
  const [name, wrote] = first?.type === 'paragraph' ? (first.content ?? []) : [];
  return name?.marks?.some((mark) => mark.type === 'strong') === true && wrote?.text === ' wrote:';
}

/** The issue's Basic-mode field values as Tandem compares them. */
export function basicFieldsOf(issue: TrackerIssue): ReplicaFields {
  return { summary: issue.summary, description: normalRichText(issue.description), issueType: issue.issueType.name };
}

/**
 * Builds the replica. A field that still reads as Tandem last wrote it (equal to `base.applied`) is reported with the
 * other side's own value (`base.remote`): a lossy conversion or a type fallback on this side is never sent back as
 * a change.
 */
export function buildBasicReplica(input: OutgoingInput): Replica {
  const local = basicFieldsOf(input.issue);
  const fields: ReplicaFields = { ...local };
  if (input.base) {
    for (const field of BASIC_FIELDS) {
      if (sameValue(field, local[field], input.base.applied[field])) {
        (fields as unknown as Record<string, unknown>)[field] = input.base.remote[field];
      }
    }
  }
  return {
    version: 1,
    connection: input.connection,
    instance: input.instance,
    issueId: input.issue.id,
    issueKey: input.issue.key,
    issueUrl: input.issueUrl,
    updated: input.issue.updated,
    fields,
    comments: input.issue.comments
      .filter(
        (comment) =>
          !comment.restricted &&
          !comment.internal &&
          !input.mirrorCommentIds.has(comment.id) &&
          !looksLikeTandemCopy(comment, input.tandemAccountId),
      )
      .map((comment) => ({
        id: comment.id,
        author: comment.author ? { displayName: comment.author.displayName, email: comment.author.email } : null,
        body: normalizeAdf(comment.body),
        created: comment.created,
        updated: comment.updated,
      })),
    attachments: input.issue.attachments
      .filter((attachment) => !input.mirrorAttachmentIds.has(attachment.id))
      .map((attachment) => ({
        id: attachment.id,
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        size: attachment.size,
      })),
  };
}

/**
 * Whether a replica carries anything the other side has not been sent yet. `updated` and the key alone are not
 * news: Jira moves `updated` for things Basic mode does not carry.
 */
export function replicaChanged(lastSent: Replica | null, next: Replica): boolean {
  if (!lastSent) return true;
  // Deep equality, not JSON text: a store may give object keys back in another order (PostgreSQL jsonb does).
  const strip = (replica: Replica) => ({
    fields: replica.fields,
    comments: replica.comments,
    attachments: replica.attachments,
  });
  return !isDeepStrictEqual(strip(lastSent), strip(next));
}
