/**
 * The OpenAPI 3.1 document of the node's API, generated from the routes' own zod schemas (`z.toJSONSchema`, JSON
 * Schema 2020-12, which OpenAPI 3.1 uses as is): what a route checks is what the document says.
 */
import { z } from 'zod';
import type { ApiRoute } from './api-route.ts';
import { errorEnvelope } from './schemas/common-schemas.ts';

type JsonSchema = Record<string, unknown>;

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Invalid input: details.issues names each bad value by its path; nothing was changed',
  401: 'No valid session cookie or API token',
  404: 'Not found',
  409: 'Refused: understood, but the current state does not allow it',
};

/** JSON Schema of a zod schema, without the `$schema` key (the OpenAPI document sets the dialect once). */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12' }) as JsonSchema;
  return rest;
}

function shapeOf(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  if (schema === undefined) return {};
  if (!(schema instanceof z.ZodObject)) throw new Error('path and query schemas must be zod objects');
  return schema.shape as Record<string, z.ZodType>;
}

/** fastify's `/api/twins/:id` as OpenAPI's `/api/twins/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function parameters(route: ApiRoute): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [name, schema] of Object.entries(shapeOf(route.params))) {
    list.push({ name, in: 'path', required: true, schema: jsonSchema(schema, 'input') });
  }
  for (const [name, schema] of Object.entries(shapeOf(route.query))) {
    const generated = jsonSchema(schema, 'input');
    const { description, ...rest } = generated;
    list.push({
      name,
      in: 'query',
      required: !schema.safeParse(undefined).success,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    });
  }
  return list;
}

function operation(route: ApiRoute): JsonSchema {
  const errorRef = { $ref: '#/components/schemas/ErrorEnvelope' };
  const responses: Record<string, JsonSchema> = {};
  const status = route.status ?? (route.response === null ? 204 : 200);
  responses[String(status)] =
    route.response === null
      ? { description: STATUS_TEXT[status] ?? 'OK' }
      : {
          description: STATUS_TEXT[status] ?? 'OK',
          content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
        };
  const errors = new Set(route.errors ?? []);
  if (route.params || route.query || route.body) errors.add(400);
  if (!route.open) errors.add(401);
  for (const code of [...errors].sort())
    responses[String(code)] = {
      description: STATUS_TEXT[code] ?? 'Error',
      content: { 'application/json': { schema: errorRef } },
    };
  const params = parameters(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description === undefined ? {} : { description: route.description }),
    tags: [route.tag],
    ...(params.length === 0 ? {} : { parameters: params }),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: !route.body.safeParse({}).success,
            content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
          },
        }),
    responses,
    ...(route.open ? { security: [] } : {}),
  };
}

/** The document for `routes`. */
export function openApiDocument(routes: readonly ApiRoute[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Tandem node API',
      version: info.version,
      description:
        'The HTTP API of a Tandem node: connections, rules, triggers, bulk runs, twins, errors, statistics and the audit log. ' +
        'Authenticate with the session cookie (POST /api/session) or `Authorization: Bearer <API token>`. ' +
        'Every failure answers { error: { message, details } }; lists answer { items, nextCursor }. ' +
        "Jira's webhooks (/webhooks/jira/{instance}) and node-to-node messages (/node/v1/…) are signed and not part of this API.",
    },
    servers: [{ url: '/' }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    security: [{ sessionCookie: [] }, { bearerToken: [] }],
    paths,
    components: {
      schemas: { ErrorEnvelope: jsonSchema(errorEnvelope, 'output') },
      securitySchemes: {
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'tandem_session' },
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token (tdn_…)' },
      },
    },
  };
}
