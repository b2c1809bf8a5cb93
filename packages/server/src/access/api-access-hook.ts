/**
 * The gate in front of `/api/*`: every request there carries a session cookie or `Authorization: Bearer <token>`, or
 * gets 401 before any route runs. Routes marked open (login, the OpenAPI document) pass without. Webhooks, node-to-node
 * messages and `/health` are outside `/api` and keep their own checks.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccessService, Principal } from './access-service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who called (set for `/api/*` requests); null on open routes called without credentials. */
    principal: Principal | null;
  }
}

/** The session cookie's name. */
export const SESSION_COOKIE = 'tandem_session';

/** A cookie's value from the request's Cookie header, or undefined. */
export function cookieValue(request: FastifyRequest, name: string): string | undefined {
  const header = request.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    if (part.slice(0, index).trim() === name) {
      const raw = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(raw.replace(/^"(.*)"$/, '$1'));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The `Set-Cookie` value for a session (or, with value null, one that removes it). */
export function sessionCookie(value: string | null, options: { maxAgeSeconds: number; secure: boolean }): string {
  const parts = [
    `${SESSION_COOKIE}=${value ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${value === null ? 0 : options.maxAgeSeconds}`,
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

/** Who the request's credentials name, or undefined when it has none or they are not valid. */
export async function principalOf(request: FastifyRequest, service: AccessService): Promise<Principal | undefined> {
  const bearer = bearerOf(request);
  if (bearer !== undefined) return service.fromBearer(bearer);
  const session = cookieValue(request, SESSION_COOKIE);
  return session === undefined || session === '' ? undefined : service.fromSession(session);
}

/** Installs the gate. `openRoutes` holds `METHOD /path` of the routes that answer without credentials. */
export function registerApiAccess(app: FastifyInstance, service: AccessService, openRoutes: ReadonlySet<string>): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/') && request.url !== '/api') return;
    const principal = await principalOf(request, service);
    if (principal) {
      request.principal = principal;
      return;
    }
    if (openRoutes.has(`${request.method} ${request.routeOptions.url ?? ''}`)) return;
    const hasCredentials = request.headers.authorization !== undefined || cookieValue(request, SESSION_COOKIE);
    return reply.code(401).send({
      error: {
        message: hasCredentials
          ? 'the session or API token is not valid (expired, revoked or unknown): log in again or use another token'
          : 'authentication required: log in (POST /api/session) or send Authorization: Bearer <API token>',
        details: {},
      },
    });
  });
}
