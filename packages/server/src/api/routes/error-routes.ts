/** Errors: grouped by connection and cause with their blast radius; retry one twin, all of them, or skip one. */
import { z } from 'zod';
import { NotFoundError } from '../../operation-errors.ts';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { offsetPage, pageOf, pageQuery } from '../paging.ts';
import { connectionName } from '../schemas/common-schemas.ts';
import { errorGroupSchema } from '../schemas/statistics-schemas.ts';
import { configuredConnection } from '../views/connection-view.ts';
import { errorGroups } from '../views/error-groups.ts';

const tag = 'Errors';
const twinIdParams = z.object({ twinId: z.string().min(1).max(200) });
const queued = z.object({ queued: z.array(z.string()).meta({ description: 'The twins queued again' }) });

export function errorRoutes(context: ApiContext): ApiRoute[] {
  const { node } = context;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/errors',
      operationId: 'listErrors',
      summary: "Errors grouped by connection and cause: a connection's own first, then by number of twins",
      tag,
      query: pageQuery.extend({ connection: connectionName.optional() }),
      response: pageOf(errorGroupSchema),
      errors: [404],
      handler: async ({ query }) => {
        if (query.connection !== undefined) configuredConnection(node, query.connection);
        return offsetPage(await errorGroups(node, query.connection), query.limit, query.cursor);
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/errors/retry',
      operationId: 'retryAll',
      summary: 'Queue every twin with an error again (of one connection, or all)',
      tag,
      body: z.strictObject({ connection: connectionName.optional() }),
      response: queued,
      errors: [404],
      handler: async ({ body }) => {
        if (body.connection === undefined) return node.operations.retry();
        configuredConnection(node, body.connection);
        const ids: string[] = [];
        for (const error of await node.engine.errors(body.connection))
          ids.push(...(await node.engine.retry(error.twinId)));
        return { queued: ids };
      },
    }),
    defineRoute({
      method: 'POST',
      path: '/api/errors/:twinId/retry',
      operationId: 'retryTwin',
      summary: 'Queue a twin with an error again (after fixing the cause)',
      tag,
      params: twinIdParams,
      response: queued,
      errors: [404],
      handler: async ({ params }) => node.operations.retry(params.twinId),
    }),
    defineRoute({
      method: 'POST',
      path: '/api/errors/:twinId/skip',
      operationId: 'skipError',
      summary: "Clear a twin's error without syncing; the twin syncs again on its next change",
      tag,
      params: twinIdParams,
      response: z.object({ twinId: z.string(), skipped: z.literal(true) }),
      errors: [404],
      handler: async ({ params }) => {
        const error = await node.store.getError(params.twinId);
        if (!error) {
          if (!(await node.store.getTwin(params.twinId)))
            throw new NotFoundError(`no twin with id ${params.twinId}`, { twinId: params.twinId });
          throw new NotFoundError(`twin ${params.twinId} has no error`, { twinId: params.twinId });
        }
        await node.store.transaction(async (tx) => {
          await tx.clearError(params.twinId);
          await tx.audit({
            at: node.engine.deps.now(),
            connection: error.connection,
            twinId: params.twinId,
            kind: 'skipped',
            detail: { skippedError: error.message, by: 'api' },
          });
        });
        return { twinId: params.twinId, skipped: true as const };
      },
    }),
  ];
}
