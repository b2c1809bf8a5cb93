/**
 * How a route is declared: method, path and handler, and which API versions and flavours serve it.
 * Paths are relative to `/rest/api/{version}` unless `absolute` is set. Route files export a list of these;
 * the server mounts them, and the contract tests read the same list to check every route against Jira's documents.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiVersion, Flavor } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteCall {
  rc: RenderContext;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface JiraResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw bytes (attachment content); sent as-is with the given headers. */
  raw?: Buffer;
}

export interface RouteDefinition {
  method: HttpMethod;
  path: string;
  /** API versions served; default: 2 and 3 on Cloud, 2 on Data Center. */
  versions?: ApiVersion[];
  /** Flavours that have this route; default both. */
  flavors?: Flavor[];
  /** The path is complete (not under /rest/api/{version}), e.g. webhook registration or the control API. */
  absolute?: boolean;
  /** Whether Jira's authentication applies (false for the control API). Default true. */
  authenticated?: boolean;
  /** Whether the call counts as a write for rate limiting (default: every non-GET). */
  write?: boolean;
  handler: (call: RouteCall) => JiraResponse | Promise<JiraResponse>;
}

export const ok = (body: unknown, headers?: Record<string, string>): JiraResponse =>
  headers ? { status: 200, body, headers } : { status: 200, body };
export const created = (body: unknown): JiraResponse => ({ status: 201, body });
export const noContent = (): JiraResponse => ({ status: 204 });

/** The concrete URL templates a definition is mounted at for a flavour (fastify `:param` syntax). */
export function mountedPaths(definition: RouteDefinition, flavor: Flavor): { url: string; apiVersion: ApiVersion }[] {
  if (definition.flavors && !definition.flavors.includes(flavor)) return [];
  if (definition.absolute) return [{ url: definition.path, apiVersion: 2 }];
  const versions = definition.versions ?? (flavor === 'cloud' ? [2, 3] : [2]);
  return versions
    .filter((version) => flavor === 'cloud' || version === 2)
    .map((version) => ({ url: `/rest/api/${version}${definition.path}`, apiVersion: version }));
}
