/**
 * The node's HTTP server (fastify): Jira's webhooks, node-to-node messages, `/health`, the documented JSON API behind
 * login or an API token (`/api/*`, OpenAPI at `/api/openapi.json`), and the web console's files at `/`. Every failure
 * answers one envelope, `{ error: { message, details } }`, mapped here and nowhere else.
 */
import { randomUUID } from 'node:crypto';
import { fastify, type FastifyError, type FastifyInstance } from 'fastify';
import type { ListenAddress } from '@tandem/config';
import { registerApiAccess } from './access/api-access-hook.ts';
import { ADMIN_EMAIL_VARIABLE, firstAdminFromEnv } from './access/user-accounts.ts';
import type { ApiContext } from './api/api-context.ts';
import { registerApiRoutes, type ApiRoute } from './api/api-route.ts';
import { accessRoutes } from './api/routes/access-routes.ts';
import { activityRoutes } from './api/routes/activity-routes.ts';
import { connectionRoutes } from './api/routes/connection-routes.ts';
import { errorRoutes } from './api/routes/error-routes.ts';
import { nodeInfoRoutes } from './api/routes/node-info-routes.ts';
import { rulesRoutes } from './api/routes/rules-routes.ts';
import { twinRoutes } from './api/routes/twin-routes.ts';
import { BulkRuns } from './bulk-runs.ts';
import type { TandemNode } from './compose-node.ts';
import { CONSOLE_DIST, serveConsoleFile } from './console-files.ts';
import {
  AuthenticationError,
  httpStatusOf,
  InvalidInputError,
  NotFoundError,
  OperationFailedError,
} from './operation-errors.ts';
import { nodeRoutes } from './routes/node-routes.ts';
import { webhookRoute } from './routes/webhook-route.ts';

export interface ServerOptions {
  listen: ListenAddress;
  /** Where Jira reaches this node; a port 0 in it is replaced by the port actually bound. */
  publicUrl: string;
  /** The console's build folder (default packages/console/dist; null: no console). */
  consoleDir?: string | null;
}

export interface AppOptions {
  /** Where Jira reaches this node (webhooks of connections created through the API are registered there). */
  publicUrl?: string;
  /** Default packages/console/dist; null: no console. */
  consoleDir?: string | null;
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

/** Script sources travel in rule saves: allow bodies larger than fastify's 1 MiB default. */
const API_BODY_LIMIT = 4 * 1024 * 1024;

/** Every route of the node's API, built for `context`. */
export function apiRoutes(context: ApiContext): ApiRoute[] {
  const routes: ApiRoute[] = [];
  routes.push(
    ...nodeInfoRoutes(context, () => routes),
    ...accessRoutes(context),
    ...connectionRoutes(context),
    ...rulesRoutes(context),
    ...twinRoutes(context),
    ...errorRoutes(context),
    ...activityRoutes(context),
  );
  return routes;
}

/** Builds the fastify app for a node without listening (tests can use `inject`). */
export function buildApp(node: TandemNode, options: AppOptions = {}): FastifyInstance {
  const app = fastify({ logger: false, bodyLimit: API_BODY_LIMIT });
  const bulkRuns = new BulkRuns(node.engine, { now: node.engine.deps.now, newId: randomUUID });
  // Read when used: startServer knows the public URL only once the port is bound.
  const context: ApiContext = {
    node,
    bulkRuns,
    get publicUrl() {
      return options.publicUrl;
    },
    get webhooks() {
      return node.config.webhooks.enabled;
    },
    get secureCookies() {
      return options.publicUrl?.startsWith('https:') === true;
    },
  };
  const consoleDir = options.consoleDir === undefined ? CONSOLE_DIST : options.consoleDir;
  app.setErrorHandler((error: FastifyError | Error, _request, reply) => {
    if (
      error instanceof NotFoundError ||
      error instanceof InvalidInputError ||
      error instanceof OperationFailedError ||
      error instanceof AuthenticationError
    ) {
      return reply.code(httpStatusOf(error)).send(envelope(error.message, error.details));
    }
    // fastify's own 4xx: malformed JSON, unsupported media type, body too large.
    const statusCode = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (statusCode >= 400 && statusCode < 500) return reply.code(statusCode).send(envelope(error.message));
    node.logger.error({ err: error }, 'request failed');
    return reply.code(500).send(envelope('internal error; see the node log'));
  });
  app.setNotFoundHandler(async (request, reply) => {
    if (consoleDir !== null && (await serveConsoleFile(consoleDir, request, reply))) return reply;
    return reply.code(404).send(envelope(`no route ${request.method} ${request.url}`));
  });
  const routes = apiRoutes(context);
  registerApiAccess(
    app,
    node.accessService,
    new Set(routes.filter((route) => route.open).map((route) => `${route.method} ${route.path}`)),
  );
  registerApiRoutes(app, routes);
  app.addHook('onClose', async () => bulkRuns.close());
  void app.register(webhookRoute(node.engine));
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

/**
 * Starts the HTTP server of a node on `listen`. When the node has no user yet and TANDEM_ADMIN_EMAIL and
 * TANDEM_ADMIN_PASSWORD are set (in the node's environment), that admin is created first.
 */
export async function startServer(node: TandemNode, options: ServerOptions): Promise<TandemServer> {
  const context = { now: node.engine.deps.now, newId: randomUUID };
  const admin = await firstAdminFromEnv(node.access, node.env, context);
  if (admin) node.logger.info({ email: admin.email }, 'console admin created from the environment');
  else if ((await node.access.countUsers()) === 0)
    node.logger.warn(
      { hint: `tandem init --email you@example.com, or set ${ADMIN_EMAIL_VARIABLE} and TANDEM_ADMIN_PASSWORD` },
      'no console user yet: nobody can log in to the console',
    );
  const requested = new URL(options.publicUrl);
  // The public URL is only known once bound when it names port 0; the app reads it when a connection is created.
  let publicUrl = options.publicUrl.replace(/\/$/, '');
  const app = buildApp(node, {
    get publicUrl() {
      return publicUrl;
    },
    ...(options.consoleDir === undefined ? {} : { consoleDir: options.consoleDir }),
  });
  await app.listen({ host: options.listen.host, port: options.listen.port });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the HTTP server has no address');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  if (requested.port === '0') requested.port = String(address.port);
  publicUrl = requested.toString().replace(/\/$/, '');
  return { url, publicUrl, app, close: () => app.close() };
}
