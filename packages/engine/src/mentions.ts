/**
 * Mentions in rich text name a person by their id on one instance (an accountId on Cloud, a username on Data Center).
 * The sending side lists who its replica mentions (`replica.people`); the receiving side points each mention at the
 * same person on its own instance — by e-mail, else by display name — or, when nobody matches, writes the name as
 * plain text (never a mention of a stranger).
 */
import type { AdfDoc, AdfNode } from '@tandem/rich-text';
import {
  isAdfDoc,
  type FieldValue,
  type Replica,
  type ReplicaUser,
  type TrackerPort,
  type TrackerUser,
} from '@tandem/core';
import { TrackerCache } from './tracker-cache.ts';

const peopleById = new TrackerCache<TrackerUser | null>(10 * 60_000);

function visit(nodes: readonly AdfNode[] | undefined, found: Set<string>): void {
  for (const node of nodes ?? []) {
    const id = node.type === 'mention' ? node.attrs?.['id'] : undefined;
    if (typeof id === 'string' && id !== '') found.add(id);
    visit(node.content, found);
  }
}

/** Every mention id in a document. */
export function mentionIds(doc: AdfDoc): Set<string> {
  const found = new Set<string>();
  visit(doc.content, found);
  return found;
}

/** The document with each mention rewritten by `map`: a new id, or plain text when it gives text. */
export function mapMentions(doc: AdfDoc, map: (id: string) => { id: string } | { text: string }): AdfDoc {
  const rewrite = (nodes: readonly AdfNode[]): AdfNode[] =>
    nodes.map((node) => {
      const id = node.type === 'mention' ? node.attrs?.['id'] : undefined;
      if (typeof id === 'string') {
        const target = map(id);
        return 'id' in target
          ? { ...node, attrs: { ...node.attrs, id: target.id } }
          : { type: 'text', text: target.text };
      }
      return node.content ? { ...node, content: rewrite(node.content) } : node;
    });
  return { ...doc, content: rewrite(doc.content) };
}

/** The rich text a replica carries: ADF field values, comment bodies, worklog comments. */
function documentsOf(replica: Pick<Replica, 'fields' | 'comments' | 'worklogs'>): AdfDoc[] {
  return [
    ...Object.values(replica.fields).filter(isAdfDoc),
    ...replica.comments.map((comment) => comment.body),
    ...replica.worklogs.flatMap((worklog) => (worklog.comment ? [worklog.comment] : [])),
  ];
}

/** Who the replica's rich text mentions, by their id on the sending instance (people not found are left out). */
export async function mentionedPeople(
  tracker: TrackerPort,
  replica: Pick<Replica, 'fields' | 'comments' | 'worklogs'>,
  now: number,
): Promise<Record<string, ReplicaUser>> {
  const ids = new Set<string>();
  for (const doc of documentsOf(replica)) for (const id of mentionIds(doc)) ids.add(id);
  const people: Record<string, ReplicaUser> = {};
  for (const id of ids) {
    const user = await peopleById.get(tracker, id, now, () => tracker.userById(id));
    if (user) people[id] = { displayName: user.displayName, email: user.email };
  }
  return people;
}

/**
 * Points the mentions of rich-text values at this instance's people. `find` looks a person up here (by e-mail, else
 * display name); a mention of someone the replica does not describe, or who has no account here, becomes `@Name` text.
 */
export async function localizeMentions<T extends FieldValue | AdfDoc>(
  value: T,
  people: Record<string, ReplicaUser>,
  find: (person: ReplicaUser) => Promise<string | null>,
): Promise<T> {
  if (!isAdfDoc(value)) return value;
  const ids = mentionIds(value);
  if (ids.size === 0) return value;
  const local = new Map<string, { id: string } | { text: string }>();
  for (const id of ids) {
    const person = people[id];
    const found = person ? await find(person) : null;
    local.set(id, found ? { id: found } : { text: `@${person?.displayName ?? id}` });
  }
  return mapMentions(value, (id) => local.get(id) ?? { text: `@${id}` }) as T;
}
