/**
 * Twins by issue key: `GET /api/twins/:key` (status), `POST /api/sync/:key`, `POST /api/unsync/:key`,
 * `POST /api/connect` with `{ connection?, a, b }`.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TandemOperations } from '../tandem-operations.ts';
import { parseInput } from './route-input.ts';

const keyParams = z.object({ key: z.string().min(1) });
const connectBody = z.strictObject({
  connection: z.string().min(1).optional(),
  a: z.string().min(1),
  b: z.string().min(1),
});

export function twinRoutes(operations: TandemOperations) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/twins/:key', (request) => operations.twinStatus(parseInput(keyParams, request.params, 'path').key));
    app.post('/api/sync/:key', (request) => operations.sync(parseInput(keyParams, request.params, 'path').key));
    app.post('/api/unsync/:key', (request) => operations.unsync(parseInput(keyParams, request.params, 'path').key));
    app.post('/api/connect', (request) => {
      const body = parseInput(connectBody, request.body, 'body');
      return operations.connect({
        a: body.a,
        b: body.b,
        ...(body.connection === undefined ? {} : { connection: body.connection }),
      });
    });
  };
}
