/**
 * The HTTP server of one emulated Jira: mounts every route definition for the flavour, authenticates, turns
 * JiraErrors into Jira's error body and counts every request.
 */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import type { EmulatorContext } from '../emulator-context.ts';
import type { ApiVersion, User } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';
import type { RequestStats } from '../traffic/request-stats.ts';
import { authenticate } from './authenticate.ts';
import { JiraError } from './jira-error.ts';
import { mountedPaths, type JiraResponse, type RouteDefinition } from './route-definition.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated Jira user (undefined on unauthenticated routes). */
    jiraUser?: User;
    /** The route template counted in request statistics. */
    jiraEndpoint?: string;
  }
}

export interface MountedRoute {
  method: string;
  url: string;
}

export interface BuiltServer {
  app: FastifyInstance;
  /** Every route mounted, for the contract tests. */
  routes: MountedRoute[];
}

/** Hooks other parts install around every Jira request (faults, rate limits). */
export interface RequestGate {
  /** Runs after authentication and before the handler; may throw a JiraError (429, 5xx) or delay. */
  beforeHandle(request: FastifyRequest, definition: RouteDefinition, user: User | undefined): Promise<void> | void;
  /** Runs on the response (e.g. to drop it: a lost response). */
  afterHandle?(
    request: FastifyRequest,
    reply: FastifyReply,
    response: JiraResponse,
  ): Promise<JiraResponse | 'drop'> | JiraResponse | 'drop';
}

export function buildServer(
  ctx: EmulatorContext,
  definitions: RouteDefinition[],
  stats: RequestStats,
  gates: RequestGate[],
): BuiltServer {
  const app = Fastify({
    logger: false,
    bodyLimit: 50 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    // close() and restart() cut every open connection at once, as a real server going down does; without this a
    // client's keep-alive connection or a request held by an injected latency keeps close() waiting.
    forceCloseConnections: true,
  });

  // Jira accepts an empty body with a JSON content type (e.g. DELETE from some clients); parse errors are Jira 400s.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, text, done) => {
    const source = String(text);
    if (source.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(source));
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      done(new JiraError(400, [`Unexpected character in JSON body: ${detail}`]), undefined);
    }
  });

  // Attachment uploads (multipart/form-data). Files over the attachment limit are refused by the upload route with
  // Jira's 413; bytes are kept as Buffers, never re-encoded.
  void app.register(fastifyMultipart, { limits: { fileSize: ctx.settings.attachmentMaxBytes, files: 60 } });

  app.addHook('onResponse', (request, reply, done) => {
    const endpoint = request.jiraEndpoint ?? request.routeOptions.url ?? 'unmatched';
    stats.record(request.method, endpoint, reply.statusCode, request.jiraUser?.name ?? 'anonymous');
    done();
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof JiraError) {
      void reply.code(error.status).headers(error.headers).send(error.body);
      return;
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      void reply
        .code(status)
        .send({ errorMessages: [error instanceof Error ? error.message : String(error)], errors: {} });
      return;
    }
    console.error('jira-emulator: unexpected error', error);
    void reply.code(500).send({ errorMessages: ['Internal server error'], errors: {} });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ errorMessages: [`null for uri: ${ctx.baseUrl()}${request.url}`], errors: {} });
  });

  const routes: MountedRoute[] = [];
  for (const definition of definitions) {
    for (const { url, apiVersion } of mountedPaths(definition, ctx.flavor)) {
      routes.push({ method: definition.method, url });
      app.route({
        method: definition.method,
        url,
        handler: (request, reply) => handle(ctx, definition, apiVersion, url, gates, request, reply),
      });
    }
  }
  return { app, routes };
}

async function handle(
  ctx: EmulatorContext,
  definition: RouteDefinition,
  apiVersion: ApiVersion,
  url: string,
  gates: RequestGate[],
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<unknown> {
  request.jiraEndpoint = url;
  const authenticated = definition.authenticated ?? true;
  const user = authenticated ? authenticate(ctx.state, ctx.flavor, request.headers.authorization) : undefined;
  if (user) request.jiraUser = user;
  for (const gate of gates) await gate.beforeHandle(request, definition, user);
  const viewer = user ?? ctx.state.data.users[0];
  if (!viewer) throw new Error('the emulator has no users');
  const rc: RenderContext = { ctx, apiVersion, viewer };
  let response = await definition.handler({
    rc,
    params: request.params as Record<string, string>,
    query: request.query as Record<string, unknown>,
    body: request.body,
    request,
    reply,
  });
  for (const gate of gates) {
    if (!gate.afterHandle) continue;
    const outcome = await gate.afterHandle(request, reply, response);
    if (outcome === 'drop') {
      // The work is done but the client never hears back: close the connection without a response.
      request.raw.socket.destroy();
      return reply;
    }
    response = outcome;
  }
  void reply.code(response.status);
  if (response.headers) void reply.headers(response.headers);
  if (response.raw) return reply.send(response.raw);
  if (response.status === 204 || response.body === undefined) return reply.send();
  return reply.send(response.body);
}
