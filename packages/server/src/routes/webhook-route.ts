/**
 * `POST /webhooks/jira/:instance`: Jira's webhook deliveries. The body stays the exact bytes received (a Buffer) because
 * the signature is an HMAC of those bytes; the parser is replaced for this route's scope only. Answers what the engine
 * decides: 204 queued, 202 ignored (an event without an issue), 401 bad signature, 404 unknown instance.
 */
import type { FastifyInstance } from 'fastify';
import type { SyncEngine } from '@tandem/engine';

/** Jira sends whole issues with their comments: allow large bodies. */
const WEBHOOK_BODY_LIMIT = 10 * 1024 * 1024;

export function webhookRoute(engine: SyncEngine) {
  return async (app: FastifyInstance): Promise<void> => {
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT }, (_request, body, done) => {
      done(null, body);
    });
    app.post<{ Params: { instance: string } }>('/webhooks/jira/:instance', async (request, reply) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const header = request.headers['x-hub-signature'];
      const signature = Array.isArray(header) ? header[0] : header;
      const verdict = await engine.handleWebhook(request.params.instance, body, signature);
      if (verdict.ok) return reply.code(204).send();
      if (verdict.status === 202) return reply.code(202).send({ ignored: verdict.reason });
      return reply.code(verdict.status).send({ error: { message: verdict.reason, details: {} } });
    });
  };
}
