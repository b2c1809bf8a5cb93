/**
 * Control API for the search index lag: `GET /_emulator/search/lag` → `{ "lagMs": N }`, and
 * `PUT /_emulator/search/lag` with `{ "lagMs": N }` (0 = consistent search).
 */
import { badBody, objectBody, onlyKeys } from '../control/control-body.ts';
import { controlRoute } from '../control/control-route.ts';
import { ok, type RouteDefinition } from '../http/route-definition.ts';

export const searchControlRoutes: RouteDefinition[] = [
  controlRoute('GET', '/search/lag', ({ rc }) =>
    ok({ lagMs: rc.ctx.searchIndex.lagMs, pending: rc.ctx.searchIndex.pendingCount }),
  ),
  controlRoute('PUT', '/search/lag', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['lagMs'], 'body');
    const lagMs = record['lagMs'];
    if (typeof lagMs !== 'number' || !Number.isFinite(lagMs) || lagMs < 0)
      throw badBody('lagMs', 'must be a non-negative number of milliseconds');
    rc.ctx.searchIndex.setLag(lagMs);
    return ok({ lagMs: rc.ctx.searchIndex.lagMs, pending: 0 });
  }),
];
