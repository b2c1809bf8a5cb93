/**
 * One HTTP API route as data: method, path, the zod schemas of its path parameters, query, body and answer, and the
 * handler. The same definition registers the fastify route (inputs checked before the handler runs, the answer
 * checked against its schema) and becomes the route's entry in the OpenAPI document, so the two cannot drift.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Principal } from '../access/access-service.ts';
import { parseInput } from '../routes/route-input.ts';

type Schema = z.ZodType;
type Parsed<S> = S extends Schema ? z.output<S> : undefined;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler gets: the checked inputs, and who is calling. */
export interface RouteInput<P, Q, B> {
  params: Parsed<P>;
  query: Parsed<Q>;
  body: Parsed<B>;
  /** Null only on open routes called without credentials. */
  principal: Principal | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface ApiRoute<
  P extends Schema | undefined = Schema | undefined,
  Q extends Schema | undefined = Schema | undefined,
  B extends Schema | undefined = Schema | undefined,
  R extends Schema | null = Schema | null,
> {
  method: HttpMethod;
  /** fastify's form: `/api/twins/:id`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** Answers without a session or token (login, the OpenAPI document). */
  open?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** The answer's schema; null for 204 No Content. */
  response: R;
  /** Default 200 (204 when response is null). */
  status?: number;
  /** Error statuses worth listing besides 400 and 401 (404, 409…). */
  errors?: number[];
  handler(input: RouteInput<P, Q, B>): Promise<R extends Schema ? z.input<R> : void>;
}

/** A route definition (an identity function that makes TypeScript infer the handler's types from the schemas). */
export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  R extends Schema | null = null,
>(route: ApiRoute<P, Q, B, R>): ApiRoute {
  return route as unknown as ApiRoute;
}

/** Thrown when a handler's answer does not match its own schema: a bug, answered 500 and logged. */
export class ResponseContractError extends Error {
  override readonly name = 'ResponseContractError';
}

/** Registers each route on `app`. */
export function registerApiRoutes(app: FastifyInstance, routes: readonly ApiRoute[]): void {
  for (const route of routes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) => {
        const params = route.params ? parseInput(route.params, request.params, 'path') : undefined;
        const query = route.query ? parseInput(route.query, request.query, 'query') : undefined;
        const body = route.body ? parseInput(route.body, request.body, 'body') : undefined;
        const result = await route.handler({
          params,
          query,
          body,
          principal: request.principal,
          request,
          reply,
        } as RouteInput<Schema | undefined, Schema | undefined, Schema | undefined>);
        if (route.response === null) return reply.code(route.status ?? 204).send();
        // The answer is parsed by its schema: what the document promises is what is sent, and keys the schema does not
        // name (an internal field, a secret) are dropped rather than leaked.
        const checked = route.response.safeParse(result);
        if (!checked.success) {
          throw new ResponseContractError(
            `${route.method} ${route.path} answered outside its schema: ${checked.error.issues
              .slice(0, 3)
              .map((issue) => `${issue.path.join('.') || '(answer)'}: ${issue.message}`)
              .join('; ')}`,
          );
        }
        return reply.code(route.status ?? 200).send(checked.data);
      },
    });
  }
}
