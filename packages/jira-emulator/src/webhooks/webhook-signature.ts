/**
 * Signature of a webhook registered with a secret: Jira sends `X-Hub-Signature: sha256=<hex>`, the HMAC-SHA256 of
 * the raw request body keyed with the secret (the WebSub `method=signature` format; Atlassian's guide, "Secure
 * admin webhooks").
 */
import { createHmac } from 'node:crypto';

/** The `X-Hub-Signature` value for a body. */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
