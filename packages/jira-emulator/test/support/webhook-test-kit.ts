/**
 * What the webhook tests share: an emulator with demo data and a frozen clock, a receiver, Jira calls as the admin
 * (or another user), and webhook registration through Jira's own admin resource.
 */
import { startJiraEmulator, type JiraEmulator } from '../../src/start-jira-emulator.ts';
import type { Flavor } from '../../src/model/types.ts';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver.ts';

/** 2026-04-25T18:35:13.605Z */
export const FROZEN_AT = 1_777_142_113_605;

export interface WebhookKit {
  flavor: Flavor;
  emulator: JiraEmulator;
  receiver: WebhookReceiver;
  /** A Jira REST call; `auth` defaults to the admin. */
  call(method: string, path: string, body?: unknown, auth?: string): Promise<{ status: number; body: unknown }>;
  /** Registers a webhook pointing at the receiver (as the admin unless `auth` is given); returns its id. */
  register(registration: Record<string, unknown>, auth?: string): Promise<number>;
  /** Waits until no delivery attempt is queued or in flight. */
  settle(): Promise<void>;
  /** The main demo project key (BLUE on Cloud, GREEN on Data Center). */
  projectKey: string;
  close(): Promise<void>;
}

/** Basic auth for a login and secret. */
export function basic(login: string, secret: string): string {
  return `Basic ${Buffer.from(`${login}:${secret}`).toString('base64')}`;
}

export function adminAuth(flavor: Flavor): string {
  return flavor === 'cloud' ? basic('admin@example.com', 'emulator-token') : basic('admin', 'admin');
}

export async function startWebhookKit(flavor: Flavor): Promise<WebhookKit> {
  const emulator = await startJiraEmulator({ flavor, port: 0, seed: 'demo', frozenClockAt: FROZEN_AT });
  const receiver = await startWebhookReceiver();
  const call: WebhookKit['call'] = async (method, path, body, auth = adminAuth(flavor)) => {
    const headers: Record<string, string> = { Authorization: auth, Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    flavor,
    emulator,
    receiver,
    call,
    projectKey: flavor === 'cloud' ? 'BLUE' : 'GREEN',
    async register(registration, auth) {
      const response = await call(
        'POST',
        '/rest/webhooks/1.0/webhook',
        { name: 'test hook', url: receiver.url, ...registration },
        auth,
      );
      if (response.status !== 201)
        throw new Error(`registration failed: ${response.status} ${JSON.stringify(response.body)}`);
      const self = String((response.body as { self: string }).self);
      return Number(self.slice(self.lastIndexOf('/') + 1));
    },
    settle: () => emulator.context.webhooks.idle(),
    async close() {
      await emulator.close();
      await receiver.close();
    },
  };
}
