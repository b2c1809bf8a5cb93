/**
 * Access: `POST/GET/DELETE /api/session` (console login with a cookie), `GET/POST /api/tokens`,
 * `DELETE /api/tokens/:id` (API tokens; a new token's value is answered once), and `GET /api/instances` (the Jira
 * instances with their credentials masked).
 */
import { z } from 'zod';
import type { ApiToken, User } from '@tandem/store';
import { cookieValue, SESSION_COOKIE, sessionCookie } from '../../access/api-access-hook.ts';
import { maskSecret } from '../../access/api-credentials.ts';
import { AuthenticationError, NotFoundError } from '../../operation-errors.ts';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { offsetPage, pageOf, pageQuery } from '../paging.ts';
import {
  instanceSchema,
  loginBody,
  newTokenBody,
  newTokenDocument,
  sessionDocument,
  tokenSchema,
  userSchema,
} from '../schemas/access-schemas.ts';

const tag = 'Access';

function userView(user: User) {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

export function accessRoutes(context: ApiContext): ApiRoute[] {
  const { node } = context;
  const service = node.accessService;
  const cookieOptions = () => ({
    maxAgeSeconds: Math.floor(service.sessionTtlMs / 1000),
    secure: context.secureCookies,
  });
  const tokenView = async (token: ApiToken) => {
    const creator = token.createdBy === null ? undefined : await node.access.getUser(token.createdBy);
    return {
      id: token.id,
      name: token.name,
      masked: `••••${token.lastChars}`,
      createdAt: token.createdAt,
      lastUsedAt: token.lastUsedAt,
      createdBy: creator ? { id: creator.id, email: creator.email } : null,
    };
  };

  return [
    defineRoute({
      method: 'POST',
      path: '/api/session',
      operationId: 'login',
      summary: 'Log in to the console',
      description: 'Checks the e-mail address and password and sets the session cookie (HttpOnly, SameSite=Strict).',
      tag,
      open: true,
      body: loginBody,
      response: z.object({ user: userSchema }),
      errors: [401],
      handler: async ({ body, reply }) => {
        const session = await service.login(body.email, body.password);
        if (!session) throw new AuthenticationError('wrong e-mail address or password');
        void reply.header('set-cookie', sessionCookie(session.sessionValue, cookieOptions()));
        return { user: userView(session.user) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/session',
      operationId: 'getSession',
      summary: 'Who is calling',
      tag,
      response: sessionDocument,
      handler: async ({ principal }) => {
        if (principal?.kind === 'session') return { user: userView(principal.user), auth: 'session' as const };
        if (principal?.kind === 'token')
          return { user: principal.user ? userView(principal.user) : null, auth: 'token' as const };
        return { user: null, auth: 'local' as const };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/session',
      operationId: 'logout',
      summary: 'Log out (ends the session, clears the cookie)',
      tag,
      response: null,
      handler: async ({ request, reply }) => {
        const value = cookieValue(request, SESSION_COOKIE);
        if (value) await service.logout(value);
        void reply.header('set-cookie', sessionCookie(null, cookieOptions()));
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/tokens',
      operationId: 'listTokens',
      summary: 'API tokens (values never shown again, only their last characters)',
      tag,
      query: pageQuery,
      response: pageOf(tokenSchema),
      handler: async ({ query }) => {
        const page = offsetPage(await node.access.listApiTokens(), query.limit, query.cursor);
        return { items: await Promise.all(page.items.map(tokenView)), nextCursor: page.nextCursor };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/tokens',
      operationId: 'createToken',
      summary: 'Create an API token; its value is in this answer only',
      tag,
      body: newTokenBody,
      response: newTokenDocument,
      status: 201,
      handler: async ({ body, principal }) => {
        const createdBy =
          principal?.kind === 'session'
            ? principal.user.id
            : principal?.kind === 'token'
              ? (principal.user?.id ?? null)
              : null;
        const { token, value } = await service.createToken(body.name, createdBy);
        return { token: await tokenView(token), value };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/tokens/:id',
      operationId: 'revokeToken',
      summary: 'Revoke an API token (it stops working at once)',
      tag,
      params: z.object({ id: z.string().min(1).max(200) }),
      response: null,
      errors: [404],
      handler: async ({ params }) => {
        if (!(await node.access.deleteApiToken(params.id)))
          throw new NotFoundError(`no API token with id ${params.id}`, { id: params.id });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/instances',
      operationId: 'listInstances',
      summary: 'The Jira instances of this node, credentials masked',
      tag,
      query: pageQuery,
      response: pageOf(instanceSchema),
      handler: async ({ query }) => {
        const instances = Object.values(node.config.instances).map((instance) => ({
          name: instance.name,
          type: instance.type,
          url: instance.url,
          auth:
            instance.auth.kind === 'bearer'
              ? { kind: 'bearer' as const, user: null, secret: maskSecret(instance.auth.token) }
              : { kind: 'basic' as const, user: instance.auth.username, secret: maskSecret(instance.auth.password) },
        }));
        return offsetPage(instances, query.limit, query.cursor);
      },
    }),
  ];
}
