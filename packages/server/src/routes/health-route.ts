/** `GET /health`: the node is up. `service` lets the CLI tell a Tandem node from anything else on the port. */
import type { FastifyInstance } from 'fastify';

export interface HealthDocument {
  service: 'tandem';
  status: 'ok';
  connections: string[];
}

export function healthRoute(connections: readonly string[]) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/health', async (): Promise<HealthDocument> => ({
      service: 'tandem',
      status: 'ok',
      connections: [...connections],
    }));
  };
}
