/**
 * Parked and retrying twins: `GET /api/errors`, `POST /api/retry` with `{ twinId? }` (all when absent); and
 * `POST /api/recover/:connection`, which rebuilds lost twins from the markers in Jira.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TandemOperations } from '../tandem-operations.ts';
import { parseInput } from './route-input.ts';

const retryBody = z.strictObject({ twinId: z.string().min(1).optional() });

export function errorRoutes(operations: TandemOperations) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/errors', () => operations.errors());
    app.post('/api/retry', (request) => operations.retry(parseInput(retryBody, request.body, 'body').twinId));
    app.post('/api/recover/:connection', (request) =>
      operations.recover((request.params as { connection: string }).connection),
    );
  };
}
