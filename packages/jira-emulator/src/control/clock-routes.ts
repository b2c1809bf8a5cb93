/**
 * Control API for the emulator clock: `GET /_emulator/clock` → `{now, frozen}` (now as epoch ms and ISO),
 * `POST /_emulator/clock/freeze` (optional `{time}`), `/unfreeze`, `/advance` `{ms}`, `/set` `{time}`.
 * `time` is epoch ms or an ISO 8601 string. Tasks that become due (webhook retries, delays) run on advance and set.
 */
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import type { EmulatorClock } from '../clock/emulator-clock.ts';
import { badBody, join, objectBody, onlyKeys, optionalNumber } from './control-body.ts';
import { controlRoute } from './control-route.ts';

function clockView(clock: EmulatorClock): { now: number; iso: string; frozen: boolean } {
  const now = clock.now();
  return { now, iso: new Date(now).toISOString(), frozen: clock.frozen };
}

function parseTime(record: Record<string, unknown>, required: boolean): number | undefined {
  const value = record['time'];
  if (value === undefined) {
    if (required) throw badBody('time', 'is required (epoch ms or ISO 8601)');
    return undefined;
  }
  const time = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) throw badBody('time', 'must be epoch ms or an ISO 8601 date-time');
  return time;
}

export const clockRoutes: RouteDefinition[] = [
  controlRoute('GET', '/clock', ({ rc }) => ok(clockView(rc.ctx.clock))),
  controlRoute('POST', '/clock/freeze', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['time'], 'body');
    rc.ctx.clock.freeze(parseTime(record, false));
    return ok(clockView(rc.ctx.clock));
  }),
  controlRoute('POST', '/clock/unfreeze', ({ rc }) => {
    rc.ctx.clock.unfreeze();
    return ok(clockView(rc.ctx.clock));
  }),
  controlRoute('POST', '/clock/advance', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['ms'], 'body');
    const ms = optionalNumber(record, 'ms', 'body', 0);
    if (ms === undefined) throw badBody(join('body', 'ms'), 'is required');
    rc.ctx.clock.advance(ms);
    return ok(clockView(rc.ctx.clock));
  }),
  controlRoute('POST', '/clock/set', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['time'], 'body');
    rc.ctx.clock.set(parseTime(record, true) ?? rc.ctx.clock.now());
    return ok(clockView(rc.ctx.clock));
  }),
];
