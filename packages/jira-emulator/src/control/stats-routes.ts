/**
 * Control API for request counts: `GET /_emulator/stats` gives exact counts by endpoint (route template), method,
 * status and user, with totals per dimension; query filters `method`, `endpoint` (pattern, see templateMatches),
 * `status`, `user`. Control-API calls are left out unless `includeControl=true`, so a benchmark counts only the Jira
 * calls of the client under test. `DELETE /_emulator/stats` zeroes every counter.
 */
import { noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { RequestCount } from '../traffic/request-stats.ts';
import { templateMatches } from '../traffic/route-pattern.ts';
import { badBody } from './control-body.ts';
import { controlRoute } from './control-route.ts';

function text(query: Record<string, unknown>, key: string): string | undefined {
  const value = query[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function tally(counts: RequestCount[], key: (count: RequestCount) => string): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const count of counts) totals[key(count)] = (totals[key(count)] ?? 0) + count.count;
  return totals;
}

export const statsRoutes: RouteDefinition[] = [
  controlRoute('GET', '/stats', ({ rc, query }) => {
    const method = text(query, 'method')?.toUpperCase();
    const endpoint = text(query, 'endpoint');
    const statusText = text(query, 'status');
    const status = statusText === undefined ? undefined : Number(statusText);
    if (status !== undefined && !Number.isInteger(status)) throw badBody('status', 'must be an HTTP status code');
    const user = text(query, 'user');
    const includeControl = text(query, 'includeControl') === 'true';
    const counts = rc.ctx.traffic.stats
      .list()
      .filter(
        (count) =>
          (includeControl || !count.endpoint.startsWith('/_emulator')) &&
          (method === undefined || count.method === method) &&
          (endpoint === undefined || count.endpoint === endpoint || templateMatches(endpoint, count.endpoint)) &&
          (status === undefined || count.status === status) &&
          (user === undefined || count.user === user),
      );
    return ok({
      total: counts.reduce((sum, count) => sum + count.count, 0),
      byEndpoint: tally(counts, (count) => `${count.method} ${count.endpoint}`),
      byMethod: tally(counts, (count) => count.method),
      byStatus: tally(counts, (count) => String(count.status)),
      byUser: tally(counts, (count) => count.user),
      counts,
    });
  }),
  controlRoute('DELETE', '/stats', ({ rc }) => {
    rc.ctx.traffic.stats.reset();
    return noContent();
  }),
];
