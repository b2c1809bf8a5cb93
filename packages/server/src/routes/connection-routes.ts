/**
 * Connections: `GET /api/connections`, `POST /api/connections/:name/pause`, `POST /api/connections/:name/resume`,
 * `POST /api/bulk/:connection` (queues every current match; watch `pending` in GET /api/connections).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TandemOperations } from '../tandem-operations.ts';
import { parseInput } from './route-input.ts';

const nameParams = z.object({ name: z.string().min(1) });
const bulkParams = z.object({ connection: z.string().min(1) });

export function connectionRoutes(operations: TandemOperations) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/connections', () => operations.connections());
    app.post('/api/connections/:name/pause', (request) =>
      operations.pause(parseInput(nameParams, request.params, 'path').name),
    );
    app.post('/api/connections/:name/resume', (request) =>
      operations.resume(parseInput(nameParams, request.params, 'path').name),
    );
    app.post('/api/bulk/:connection', (request) =>
      operations.bulk(parseInput(bulkParams, request.params, 'path').connection),
    );
  };
}
