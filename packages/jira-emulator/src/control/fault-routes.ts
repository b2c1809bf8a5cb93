/**
 * Control API for faults: `GET /_emulator/faults`, `PUT` (replace all, optional replay `seed`), `POST` (add one),
 * `DELETE` (all, or one by id).
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { ERROR_STATUSES, FAULT_TYPES, type Fault, type FaultInput, type FaultScope } from '../traffic/fault.ts';
import { RATE_LIMIT_REASONS } from '../traffic/rate-limit-config.ts';
import {
  badBody,
  expectObject,
  join,
  objectBody,
  onlyKeys,
  optionalArray,
  optionalEnum,
  optionalNumber,
  optionalString,
} from './control-body.ts';
import { controlRoute } from './control-route.ts';

const FAULT_KEYS = [
  'type',
  'scope',
  'count',
  'probability',
  'latencyMs',
  'status',
  'reason',
  'retryAfterSeconds',
] as const;

/** A fault from a request body, every bad key reported with its path. */
export function parseFault(value: unknown, path: string): FaultInput {
  const record = expectObject(value, path);
  onlyKeys(record, FAULT_KEYS, path);
  const type = optionalEnum(record, 'type', path, FAULT_TYPES);
  if (!type) throw badBody(join(path, 'type'), `is required (one of ${FAULT_TYPES.join(', ')})`);
  const scopeRecord = record['scope'] === undefined ? {} : expectObject(record['scope'], join(path, 'scope'));
  const scopePath = join(path, 'scope');
  onlyKeys(scopeRecord, ['method', 'path', 'user'], scopePath);
  const scope: FaultScope = {};
  const method = optionalString(scopeRecord, 'method', scopePath);
  const routePath = optionalString(scopeRecord, 'path', scopePath);
  const user = optionalString(scopeRecord, 'user', scopePath);
  if (method) scope.method = method.toUpperCase();
  if (routePath) scope.path = routePath;
  if (user) scope.user = user;
  const count = record['count'] === null ? null : (optionalNumber(record, 'count', path, 0) ?? null);
  if (count !== null && !Number.isInteger(count)) throw badBody(join(path, 'count'), 'must be a whole number');
  const fault: FaultInput = { type, scope, count, probability: optionalNumber(record, 'probability', path, 0, 1) ?? 1 };
  if (type === 'latency') {
    const latencyMs = optionalNumber(record, 'latencyMs', path, 0, 600_000);
    if (latencyMs === undefined) throw badBody(join(path, 'latencyMs'), 'is required for latency');
    fault.latencyMs = latencyMs;
  }
  if (type === 'error') fault.status = optionalEnum(record, 'status', path, ERROR_STATUSES) ?? 500;
  if (type === 'rateLimit')
    fault.reason = optionalEnum(record, 'reason', path, RATE_LIMIT_REASONS) ?? 'jira-burst-based';
  if (type === 'rateLimit' || type === 'error') {
    // Absent: 429s carry Retry-After 1 by default, 5xx none; null asks for no header at all.
    const retry = record['retryAfterSeconds'] === null ? null : optionalNumber(record, 'retryAfterSeconds', path, 0);
    fault.retryAfterSeconds = retry === undefined ? (type === 'rateLimit' ? 1 : null) : retry;
  }
  return fault;
}

function listing(faults: Fault[], seed: number): { seed: number; faults: Fault[] } {
  return { seed, faults };
}

export const faultRoutes: RouteDefinition[] = [
  controlRoute('GET', '/faults', ({ rc }) => {
    const { faults } = rc.ctx.traffic;
    return ok(listing(faults.list(), faults.seed));
  }),
  controlRoute('PUT', '/faults', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['faults', 'seed'], 'body');
    const inputs = (optionalArray(record, 'faults', 'body') ?? []).map((item, index) =>
      parseFault(item, `faults[${index}]`),
    );
    const seed = optionalNumber(record, 'seed', 'body', 0, 2 ** 32 - 1);
    const { faults } = rc.ctx.traffic;
    faults.replace(inputs, seed);
    return ok(listing(faults.list(), faults.seed));
  }),
  controlRoute('POST', '/faults', ({ rc, body }) => created(rc.ctx.traffic.faults.add(parseFault(body, 'body')))),
  controlRoute('DELETE', '/faults', ({ rc }) => {
    rc.ctx.traffic.faults.clear();
    return noContent();
  }),
  controlRoute('DELETE', '/faults/:id', ({ rc, params }) => {
    if (!rc.ctx.traffic.faults.remove(params['id'] ?? ''))
      throw new JiraError(404, [`No fault with id ${params['id'] ?? ''}`]);
    return noContent();
  }),
];
