/** Comment copies: their attributed body (a first line naming the author) and the hash that tells an edit. */
import { createHash } from 'node:crypto';
import type { AdfDoc, AdfNode } from '@tandem/rich-text';
import type { ReplicaUser } from './replica.ts';

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
