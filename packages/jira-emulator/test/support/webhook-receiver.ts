/**
 * A webhook receiver for tests: a node:http server on a free port that records every request (headers and raw
 * body) and answers with the status `respond` picks (200 unless told otherwise).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  /** The parsed body, or undefined for an empty body. */
  body: Record<string, unknown> | undefined;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Decides the status of each request (index = how many were received before it); null never answers. */
  respond: (request: ReceivedWebhook, index: number) => number | null;
  /** Received bodies with this webhookEvent. */
  events(name: string): Record<string, unknown>[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received,
    respond: () => 200,
    events: (name) =>
      received
        .map((request) => request.body)
        .filter((body): body is Record<string, unknown> => body?.['webhookEvent'] === name),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const entry: ReceivedWebhook = {
        path: request.url ?? '/',
        headers: request.headers,
        raw,
        body: raw === '' ? undefined : (JSON.parse(raw) as Record<string, unknown>),
      };
      const index = received.length;
      received.push(entry);
      const status = receiver.respond(entry, index);
      if (status === null) return;
      response.statusCode = status;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
