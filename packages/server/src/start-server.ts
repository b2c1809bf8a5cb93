/**
 * The node's HTTP server (fastify): Jira's webhooks, `/health`, and the JSON API the CLI uses while a node is serving.
 * Every failure answers one envelope, `{ error: { message, details } }`, mapped here and nowhere else.
 */
import { fastify, type FastifyError, type FastifyInstance } from 'fastify';
import type { ListenAddress } from '@tandem/config';
import type { TandemNode } from './compose-node.ts';
import { httpStatusOf, InvalidInputError, NotFoundError, OperationFailedError } from './operation-errors.ts';
import { connectionRoutes } from './routes/connection-routes.ts';
import { errorRoutes } from './routes/error-routes.ts';
import { healthRoute } from './routes/health-route.ts';
import { nodeRoutes } from './routes/node-routes.ts';
import { twinRoutes } from './routes/twin-routes.ts';
import { webhookRoute } from './routes/webhook-route.ts';

export interface ServerOptions {
  listen: ListenAddress;
  /** Where Jira reaches this node; a port 0 in it is replaced by the port actually bound. */
  publicUrl: string;
}

export interface TandemServer {
  /** The address bound, e.g. `http://127.0.0.1:7300`. */
  readonly url: string;
  /** `publicUrl` with the bound port when it asked for port 0; register webhooks here. */
  readonly publicUrl: string;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

export interface ErrorEnvelope {
  error: { message: string; details: Record<string, unknown> };
}

function envelope(message: string, details: Record<string, unknown> = {}): ErrorEnvelope {
  return { error: { message, details } };
}

/** Builds the fastify app for a node without listening (tests can use `inject`). */
export function buildApp(node: TandemNode): FastifyInstance {
  const app = fastify({ logger: false });
  app.setErrorHandler((error: FastifyError | Error, _request, reply) => {
    if (error instanceof NotFoundError || error instanceof InvalidInputError || error instanceof OperationFailedError) {
      return reply.code(httpStatusOf(error)).send(envelope(error.message, error.details));
    }
    // fastify's own 4xx: malformed JSON, unsupported media type, body too large.
    const statusCode = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (statusCode >= 400 && statusCode < 500) return reply.code(statusCode).send(envelope(error.message));
    node.logger.error({ err: error }, 'request failed');
    return reply.code(500).send(envelope('internal error; see the node log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(envelope(`no route ${request.method} ${request.url}`)),
  );
  void app.register(webhookRoute(node.engine));
  void app.register(healthRoute(Object.keys(node.config.connections)));
  void app.register(connectionRoutes(node.operations));
  void app.register(twinRoutes(node.operations));
  void app.register(errorRoutes(node.operations));
  void app.register(
    nodeRoutes({
      peering: node.peering,
      engineDeps: node.engine.deps,
      peerTransport: node.peerTransport,
      log: (fields, message) => node.logger.info(fields, message),
    }),
  );
  return app;
}

/** Starts the HTTP server of a node on `listen`. */
export async function startServer(node: TandemNode, options: ServerOptions): Promise<TandemServer> {
  const app = buildApp(node);
  await app.listen({ host: options.listen.host, port: options.listen.port });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the HTTP server has no address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  const publicUrl = new URL(options.publicUrl);
  if (publicUrl.port === '0') publicUrl.port = String(address.port);
  return { url, publicUrl: publicUrl.toString().replace(/\/$/, ''), app, close: () => app.close() };
}
