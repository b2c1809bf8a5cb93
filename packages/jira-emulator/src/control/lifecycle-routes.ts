/**
 * Control API for the emulator's life: `POST /_emulator/reset` (optional `{seed: 'demo'}`) and
 * `POST /_emulator/restart`, which answers 202 and then restarts the HTTP server on the same port, state kept
 * (connections open at that moment are cut, as in a real restart).
 */
import type { RouteDefinition } from '../http/route-definition.ts';
import { objectBody, onlyKeys, optionalEnum } from './control-body.ts';
import { controlRoute } from './control-route.ts';
import { resetEmulator } from './reset-emulator.ts';

export const lifecycleRoutes: RouteDefinition[] = [
  controlRoute('POST', '/reset', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['seed'], 'body');
    const seed = optionalEnum(record, 'seed', 'body', ['demo', 'none'] as const) ?? 'none';
    resetEmulator(rc.ctx, seed);
    return { status: 200, body: { reset: true, seed } };
  }),
  controlRoute('POST', '/restart', ({ rc, reply }) => {
    // Restart only once the answer has left, so the caller learns the restart was accepted.
    reply.raw.once('finish', () => {
      rc.ctx.lifecycle.restart().catch((error: unknown) => console.error('jira-emulator: restart failed', error));
    });
    return { status: 202, body: { restarting: true } };
  }),
];
