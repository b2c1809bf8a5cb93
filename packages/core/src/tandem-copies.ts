/**
 * Recognising what Tandem itself wrote, so it never travels back: its attributed comment copies, and replicas that
 * carry nothing new.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Replica } from './replica.ts';
import type { TrackerComment } from './tracker-port.ts';

/** Whether a comment is one of Tandem's attributed copies: written by Tandem's account, opening with "Name wrote:". */
export function looksLikeTandemCopy(comment: TrackerComment, tandemAccountId: string | undefined): boolean {
  if (!tandemAccountId || comment.author?.id !== tandemAccountId) return false;
  const first = comment.body.content[0];
  const [name, wrote] = first?.type === 'paragraph' ? (first.content ?? []) : [];
  return name?.marks?.some((mark) => mark.type === 'strong') === true && wrote?.text === ' wrote:';
}

/**
 * Whether a replica carries anything the other side has not been sent yet. `updated` and the key alone are not
 * news: Jira moves `updated` for things the rules do not carry.
 */
export function replicaChanged(lastSent: Replica | null, next: Replica): boolean {
  if (!lastSent) return true;
  // Deep equality, not JSON text: a store may give object keys back in another order (PostgreSQL jsonb does).
  const strip = (replica: Replica) => ({
    fields: replica.fields,
    comments: replica.comments,
    attachments: replica.attachments,
    worklogs: replica.worklogs ?? [],
    links: replica.links ?? [],
  });
  return !isDeepStrictEqual(strip(lastSent), strip(next));
}
