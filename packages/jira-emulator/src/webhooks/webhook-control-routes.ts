/**
 * Control API for webhook delivery, under `/_emulator/webhooks` (a path Jira does not use; no authentication):
 * - `GET|PUT|DELETE /_emulator/webhooks/faults`: read, merge (`{drop, duplicate, delay, reorder, seed}`) or clear
 *   the faults. drop/duplicate/delay take `{probability, next}` (delay also `ms`), reorder takes `{batch, mode}`.
 * - `GET|DELETE /_emulator/webhooks/deliveries`: the delivery log (every attempt and fault decision), or clear it.
 * - `POST /_emulator/webhooks/flush`: send everything pending now (held, delayed, waiting for a retry) and answer
 *   once those attempts are done.
 */
import { badBody, objectBody } from '../control/control-body.ts';
import { noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { WebhookDispatcher } from './webhook-dispatcher.ts';

const BASE = '/_emulator/webhooks';

function faultsView(dispatcher: WebhookDispatcher): Record<string, unknown> {
  return { ...structuredClone(dispatcher.faults), seed: dispatcher.seed };
}

export const webhookControlRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: `${BASE}/faults`,
    absolute: true,
    authenticated: false,
    handler: ({ rc }) => ok(faultsView(rc.ctx.webhooks)),
  },
  {
    method: 'PUT',
    path: `${BASE}/faults`,
    absolute: true,
    authenticated: false,
    handler: ({ rc, body }) => {
      const input = objectBody(body);
      const dispatcher = rc.ctx.webhooks;
      for (const key of Object.keys(input)) {
        if (!['drop', 'duplicate', 'delay', 'reorder', 'seed'].includes(key))
          throw badBody(key, 'unknown key (allowed: drop, duplicate, delay, reorder, seed)');
      }
      const seed = input['seed'];
      if (seed !== undefined) {
        if (typeof seed !== 'number' || !Number.isInteger(seed) || seed < 0)
          throw badBody('seed', 'must be a non-negative integer');
      }
      try {
        dispatcher.setFaults(input);
      } catch (error) {
        if (error instanceof RangeError) throw badBody('faults', error.message);
        throw error;
      }
      if (typeof seed === 'number') dispatcher.reseed(seed);
      return ok(faultsView(dispatcher));
    },
  },
  {
    method: 'DELETE',
    path: `${BASE}/faults`,
    absolute: true,
    authenticated: false,
    handler: ({ rc }) => {
      rc.ctx.webhooks.clearFaults();
      return noContent();
    },
  },
  {
    method: 'GET',
    path: `${BASE}/deliveries`,
    absolute: true,
    authenticated: false,
    handler: ({ rc }) => ok({ pending: rc.ctx.webhooks.pending, deliveries: rc.ctx.webhooks.deliveries() }),
  },
  {
    method: 'DELETE',
    path: `${BASE}/deliveries`,
    absolute: true,
    authenticated: false,
    handler: ({ rc }) => {
      rc.ctx.webhooks.clearLog();
      return noContent();
    },
  },
  {
    method: 'POST',
    path: `${BASE}/flush`,
    absolute: true,
    authenticated: false,
    handler: async ({ rc }) => {
      await rc.ctx.webhooks.flush();
      return ok({ pending: rc.ctx.webhooks.pending });
    },
  },
];
