/** `GET /health` (open: the CLI tells a Tandem node by it) and `GET /api/openapi.json` (open: this API's document). */
import { z } from 'zod';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { openApiDocument } from '../openapi-document.ts';

export const API_VERSION = '0.1.0';

/** What `/health` answers. */
export type HealthDocument = z.infer<typeof healthDocument>;

export const healthDocument = z.object({
  service: z.literal('tandem'),
  status: z.literal('ok'),
  connections: z.array(z.string()),
});

/** The routes; `all` gives every route of the API (this one included) for the document. */
export function nodeInfoRoutes(context: ApiContext, all: () => readonly ApiRoute[]): ApiRoute[] {
  let document: Record<string, unknown> | undefined;
  return [
    defineRoute({
      method: 'GET',
      path: '/health',
      operationId: 'health',
      summary: 'The node is up',
      tag: 'Node',
      open: true,
      response: healthDocument,
      handler: async () => ({
        service: 'tandem' as const,
        status: 'ok' as const,
        connections: Object.keys(context.node.config.connections),
      }),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/openapi.json',
      operationId: 'openApiDocument',
      summary: 'This OpenAPI document',
      tag: 'Node',
      open: true,
      response: z.record(z.string(), z.unknown()),
      handler: async () => (document ??= openApiDocument(all(), { version: API_VERSION })),
    }),
  ];
}
