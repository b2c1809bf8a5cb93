/** What happened: statistics over a window of hours, the audit log, and bulk runs' progress. */
import { z } from 'zod';
import type { ApiContext } from '../api-context.ts';
import { defineRoute, type ApiRoute } from '../api-route.ts';
import { cursorBeforeId, idCursor, offsetPage, pageOf, pageQuery } from '../paging.ts';
import { connectionName } from '../schemas/common-schemas.ts';
import { bulkRunSchema, statisticsDocument } from '../schemas/statistics-schemas.ts';
import { auditEntrySchema } from '../schemas/twin-schemas.ts';
import { configuredConnection } from '../views/connection-view.ts';
import { statistics } from '../views/statistics.ts';
import { kindQuery } from './twin-routes.ts';

const runParams = z.object({ runId: z.string().min(1).max(200) });

export function activityRoutes(context: ApiContext): ApiRoute[] {
  const { node, bulkRuns } = context;
  return [
    defineRoute({
      method: 'GET',
      path: '/api/statistics',
      operationId: 'getStatistics',
      summary: 'Syncs and errors per hour, latency percentiles, Jira calls and 429s by reason, queue depth',
      tag: 'Statistics',
      query: z.object({
        connection: connectionName.optional(),
        hours: z.coerce.number().int().min(1).max(168).default(24).meta({ description: 'The window, 1–168 hours' }),
      }),
      response: statisticsDocument,
      errors: [404],
      handler: async ({ query }) => {
        if (query.connection !== undefined) configuredConnection(node, query.connection);
        return statistics(node, { hours: query.hours, connection: query.connection });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/audit',
      operationId: 'listAudit',
      summary: 'The audit log, newest first',
      tag: 'Audit',
      query: pageQuery.extend({
        connection: connectionName.optional(),
        twin: z.string().min(1).optional().meta({ description: 'A twin id' }),
        kind: kindQuery,
      }),
      response: pageOf(auditEntrySchema),
      handler: async ({ query }) => {
        const beforeId = cursorBeforeId(query.cursor);
        const entries = await node.auditTrail.page({
          ...(query.connection === undefined ? {} : { connection: query.connection }),
          ...(query.twin === undefined ? {} : { twinId: query.twin }),
          ...(query.kind === undefined ? {} : { kinds: query.kind }),
          ...(beforeId === undefined ? {} : { beforeId }),
          limit: query.limit + 1,
        });
        const items = entries.slice(0, query.limit);
        const last = items[items.length - 1];
        return { items, nextCursor: entries.length > query.limit && last ? idCursor(last.id) : null };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/api/bulk',
      operationId: 'listBulkRuns',
      summary: 'Bulk runs since the node started (the last 50), newest first',
      tag: 'Bulk runs',
      query: pageQuery.extend({ connection: connectionName.optional() }),
      response: pageOf(bulkRunSchema),
      handler: async ({ query }) => offsetPage(bulkRuns.list(query.connection), query.limit, query.cursor),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/bulk/:runId',
      operationId: 'getBulkRun',
      summary: "A bulk run's progress: found, synced (steps finished), pending, failed",
      tag: 'Bulk runs',
      params: runParams,
      response: bulkRunSchema,
      errors: [404],
      handler: async ({ params }) => bulkRuns.get(params.runId),
    }),
    defineRoute({
      method: 'GET',
      path: '/api/bulk/:runId/twins',
      operationId: 'listBulkRunTwins',
      summary: 'The ids of the twins a bulk run found (once its scan ended)',
      tag: 'Bulk runs',
      params: runParams,
      query: pageQuery,
      response: pageOf(z.string()),
      errors: [404],
      handler: async ({ params, query }) => offsetPage(bulkRuns.twins(params.runId), query.limit, query.cursor),
    }),
    defineRoute({
      method: 'DELETE',
      path: '/api/bulk/:runId',
      operationId: 'cancelBulkRun',
      summary: 'Cancel a bulk run: nothing more is queued; what was queued still syncs',
      tag: 'Bulk runs',
      params: runParams,
      response: bulkRunSchema,
      errors: [404],
      handler: async ({ params }) => bulkRuns.cancel(params.runId),
    }),
  ];
}
