/**
 * Jira's webhooks, received: verify the signature (`X-Hub-Signature: sha256=<HMAC of the body>`), read which issue
 * changed, queue it. Webhooks are at-least-once, unordered and can be lost; they only make sync fast — the poll and
 * the state-based steps make it correct, so duplicates and reordering are harmless here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type WebhookVerdict =
  | {
      ok: true;
      issueId: string;
      issueKey: string;
      event: string;
      /** Who made the change, as the tracker names users (Cloud accountId, Data Center name), when the body says. */
      actorId?: string;
    }
  | { ok: false; status: number; reason: string };

interface UserRef {
  accountId?: unknown;
  name?: unknown;
}

function userIdOf(user: UserRef | undefined): string | undefined {
  const id = user?.accountId ?? user?.name;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Who made the change a delivery reports: its `user`, or for a comment created or edited (Cloud sends no `user`
 * then) the comment's author or last editor. Never a deleted comment's author: someone else may have deleted it.
 */
function actorOf(event: string, body: { user?: UserRef; comment?: { author?: UserRef; updateAuthor?: UserRef } }) {
  if (body.user) return userIdOf(body.user);
  if (event === 'comment_created') return userIdOf(body.comment?.author);
  if (event === 'comment_updated') return userIdOf(body.comment?.updateAuthor);
  return undefined;
}

/** Events Tandem registers for. */
export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'attachment_created',
  'attachment_deleted',
];

/** Whether the signature header matches the body for this secret. */
export function verifySignature(secret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (!header?.startsWith('sha256=')) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header.slice('sha256='.length), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Verifies and reads one delivery. Events without an issue (Data Center comment events) are answered and ignored. */
export function readWebhook(secret: string, rawBody: Buffer, signature: string | undefined): WebhookVerdict {
  if (!verifySignature(secret, rawBody, signature))
    return { ok: false, status: 401, reason: 'bad or missing webhook signature' };
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return { ok: false, status: 400, reason: 'body is not JSON' };
  }
  const body = payload as {
    webhookEvent?: unknown;
    issue?: { id?: unknown; key?: unknown };
    user?: UserRef;
    comment?: { author?: UserRef; updateAuthor?: UserRef };
  };
  const event = typeof body.webhookEvent === 'string' ? body.webhookEvent : 'unknown';
  const id = body.issue?.id;
  const key = body.issue?.key;
  if ((typeof id !== 'string' && typeof id !== 'number') || typeof key !== 'string') {
    return { ok: false, status: 202, reason: `${event} carries no issue` };
  }
  if (event === 'jira:issue_deleted')
    return { ok: false, status: 202, reason: 'issue deletions are not synced in Basic mode' };
  const actorId = actorOf(event, body);
  return { ok: true, issueId: String(id), issueKey: key, event, ...(actorId === undefined ? {} : { actorId }) };
}

/** The secret of an instance's webhook, derived from the node's secret (so restarts keep verifying old deliveries). */
export function webhookSecret(nodeSecret: string, instance: string): string {
  return createHmac('sha256', nodeSecret).update(`webhook:${instance}`).digest('hex');
}
