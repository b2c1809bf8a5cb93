/**
 * What to do with comments and attachments on the receiving side, from the replica and the id maps: copy new ones,
 * update copies whose origin was edited, delete copies whose origin is gone (deleted, or now restricted). A copy a
 * person deleted on this side is not written again. Comments are copied with their author's name (attribution).
 */
import { createHash } from 'node:crypto';
import type { AdfDoc, AdfNode } from '@tandem/rich-text';
import type { ReplicaAttachment, ReplicaComment, ReplicaUser } from './replica.ts';
import type { ItemMapping, SideName } from './store-port.ts';

/** A stable hash of a comment body (normal form), to tell an edit. */
export function bodyHash(body: AdfDoc): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex');
}

/** The copy's body: a first line naming the author, then the original content. */
export function attributedBody(author: ReplicaUser | null, body: AdfDoc): AdfDoc {
  const name = author?.displayName ?? 'Someone';
  const header: AdfNode = {
    type: 'paragraph',
    content: [
      { type: 'text', text: name, marks: [{ type: 'strong' }] },
      { type: 'text', text: ' wrote:' },
    ],
  };
  return { type: 'doc', version: 1, content: [header, ...body.content] };
}

export interface CommentPlan {
  add: { origin: ReplicaComment; body: AdfDoc }[];
  update: { origin: ReplicaComment; mirrorId: string; body: AdfDoc }[];
  delete: { originId: string; mirrorId: string }[];
}

/**
 * Plans comment copies on `localSide` for a replica from the other side. `existingIds` are the comment ids now on the
 * local issue (a mapped copy missing from it was deleted by a person: left alone).
 */
export function planComments(input: {
  localSide: SideName;
  comments: ReplicaComment[];
  mappings: ItemMapping[];
  existingIds: ReadonlySet<string>;
}): CommentPlan {
  const remoteSide: SideName = input.localSide === 'a' ? 'b' : 'a';
  const mine = input.mappings.filter((mapping) => mapping.originSide === remoteSide);
  const byOrigin = new Map(mine.map((mapping) => [mapping.originId, mapping]));
  const plan: CommentPlan = { add: [], update: [], delete: [] };
  for (const comment of input.comments) {
    const mapping = byOrigin.get(comment.id);
    const body = attributedBody(comment.author, comment.body);
    if (!mapping) plan.add.push({ origin: comment, body });
    else if (mapping.originHash !== bodyHash(comment.body) && input.existingIds.has(mapping.mirrorId)) {
      plan.update.push({ origin: comment, mirrorId: mapping.mirrorId, body });
    }
  }
  const present = new Set(input.comments.map((comment) => comment.id));
  for (const mapping of mine) {
    if (!present.has(mapping.originId)) plan.delete.push({ originId: mapping.originId, mirrorId: mapping.mirrorId });
  }
  return plan;
}

export interface AttachmentPlan {
  add: ReplicaAttachment[];
  delete: { originId: string; mirrorId: string }[];
}

/** Plans attachment copies on `localSide` for a replica from the other side. */
export function planAttachments(input: {
  localSide: SideName;
  attachments: ReplicaAttachment[];
  mappings: ItemMapping[];
}): AttachmentPlan {
  const remoteSide: SideName = input.localSide === 'a' ? 'b' : 'a';
  const mine = input.mappings.filter((mapping) => mapping.originSide === remoteSide);
  const mapped = new Set(mine.map((mapping) => mapping.originId));
  const present = new Set(input.attachments.map((attachment) => attachment.id));
  return {
    add: input.attachments.filter((attachment) => !mapped.has(attachment.id)),
    delete: mine
      .filter((mapping) => !present.has(mapping.originId))
      .map((mapping) => ({ originId: mapping.originId, mirrorId: mapping.mirrorId })),
  };
}

/** Ids on `side` that are Tandem's copies (they never travel back). */
export function mirrorIdsOn(side: SideName, mappings: ItemMapping[]): Set<string> {
  return new Set(mappings.filter((mapping) => mapping.originSide !== side).map((mapping) => mapping.mirrorId));
}
