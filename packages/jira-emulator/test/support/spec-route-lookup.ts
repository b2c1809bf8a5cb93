/**
 * Finding the documented operation behind a request path or an emulator route template, in either flavour's
 * OpenAPI document. Concrete paths (`/rest/api/3/issue/ABC-1`) and templates in OpenAPI (`{issueIdOrKey}`) or
 * fastify (`:issueIdOrKey`) style are accepted; when several templates match, literal segments win over parameters
 * from left to right (`/issue/createmeta` over `/issue/{issueIdOrKey}`), as JAX-RS does in Jira itself.
 */
import type { JiraFlavor } from './jira-flavor.ts';
import { HTTP_METHODS, loadJiraSpec, operationOf, specPathPrefix, type SpecOperation } from './jira-spec-document.ts';
import { PATH_ALIASES, UNDOCUMENTED_ROUTES } from './spec-defects.ts';

/** A documented operation matched to a request. */
export interface FoundOperation {
  /** The document's own path key, e.g. `/api/2/issue/{issueIdOrKey}` (DC) or `/rest/api/3/issue/{issueIdOrKey}`. */
  readonly template: string;
  /** The template as requested over HTTP, with the server prefix: `/rest/api/2/issue/{issueIdOrKey}`. */
  readonly requestTemplate: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly operation: SpecOperation;
  /** Parameter values taken from a concrete path (`{ issueIdOrKey: 'ABC-1' }`); for a template, the names used there. */
  readonly params: Readonly<Record<string, string>>;
}

type Segment = { readonly literal: string } | { readonly param: string };

interface RouteEntry {
  readonly template: string;
  readonly segments: readonly Segment[];
  readonly pathItem: Readonly<Record<string, unknown>>;
}

const routeIndexes = new Map<JiraFlavor, readonly RouteEntry[]>();

function parseSegments(pathTemplate: string): Segment[] {
  return pathTemplate
    .split('/')
    .filter((part) => part !== '')
    .map((part): Segment => {
      const braces = /^\{([^}]+)\}$/.exec(part);
      if (braces?.[1] !== undefined) return { param: braces[1] };
      if (part.startsWith(':') && part.length > 1) return { param: part.slice(1) };
      return { literal: part };
    });
}

function routeIndex(flavor: JiraFlavor): readonly RouteEntry[] {
  const cached = routeIndexes.get(flavor);
  if (cached) return cached;
  const index = Object.entries(loadJiraSpec(flavor).paths).map(([template, pathItem]) => ({
    template,
    segments: parseSegments(template),
    pathItem,
  }));
  routeIndexes.set(flavor, index);
  return index;
}

/** Strips query, fragment and trailing slash. */
function cleanPath(requestPath: string): string {
  const withoutQuery = requestPath.replace(/[?#].*$/, '');
  const trimmed = withoutQuery.length > 1 ? withoutQuery.replace(/\/+$/, '') : withoutQuery;
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** Turns a request path into the document's path space: drops the server prefix, applies PATH_ALIASES. */
function toSpecPath(flavor: JiraFlavor, requestPath: string): string {
  const prefix = specPathPrefix(flavor);
  let specPath = cleanPath(requestPath);
  if (prefix !== '' && (specPath === prefix || specPath.startsWith(`${prefix}/`)))
    specPath = specPath.slice(prefix.length);
  for (const alias of PATH_ALIASES) {
    if (alias.flavor === flavor && specPath.startsWith(alias.from))
      specPath = alias.to + specPath.slice(alias.from.length);
  }
  return specPath;
}

/**
 * Scores how `input` fits `route`: undefined when it does not, else one digit per segment (1 literal, 0 parameter)
 * so that a plain string comparison ranks literal-first templates higher.
 * `strictLiterals`: a literal input segment must meet the same literal (used for templates, where `createmeta`
 * is not an issue key).
 */
function score(route: readonly Segment[], input: readonly Segment[], strictLiterals: boolean): string | undefined {
  if (route.length !== input.length) return undefined;
  let digits = '';
  for (let i = 0; i < route.length; i += 1) {
    const want = route[i];
    const got = input[i];
    if (want === undefined || got === undefined) return undefined;
    if ('literal' in want) {
      if (!('literal' in got) || got.literal !== want.literal) return undefined;
      digits += '1';
    } else {
      if ('literal' in got && strictLiterals) return undefined;
      digits += '0';
    }
  }
  return digits;
}

function bestRoute(
  routes: readonly RouteEntry[],
  input: readonly Segment[],
  strictLiterals: boolean,
): RouteEntry | undefined {
  let best: { entry: RouteEntry; rank: string } | undefined;
  for (const entry of routes) {
    const rank = score(entry.segments, input, strictLiterals);
    if (rank !== undefined && (best === undefined || rank > best.rank)) best = { entry, rank };
  }
  return best?.entry;
}

function lookup(
  flavor: JiraFlavor,
  method: string,
  pathOrTemplate: string,
  strictLiterals: boolean,
): FoundOperation | undefined {
  const input = parseSegments(toSpecPath(flavor, pathOrTemplate));
  const entry = bestRoute(routeIndex(flavor), input, strictLiterals);
  if (!entry) return undefined;
  const operation = operationOf(entry.pathItem, method);
  if (!operation) return undefined;
  const params: Record<string, string> = {};
  entry.segments.forEach((segment, i) => {
    const given = input[i];
    if ('param' in segment && given !== undefined) {
      params[segment.param] = 'literal' in given ? decodeURIComponent(given.literal) : `{${given.param}}`;
    }
  });
  return {
    template: entry.template,
    requestTemplate: specPathPrefix(flavor) + entry.template,
    method: method.toUpperCase(),
    operation,
    params,
  };
}

/**
 * The documented operation for a request, or undefined. `pathOrTemplate` is a request path (query ignored) or a
 * route template (`{id}` or `:id` parameters); DC paths may be given with or without `/rest`.
 */
export function findOperation(flavor: JiraFlavor, method: string, pathOrTemplate: string): FoundOperation | undefined {
  const isTemplate = parseSegments(cleanPath(pathOrTemplate)).some((segment) => 'param' in segment);
  return lookup(flavor, method, pathOrTemplate, isTemplate);
}

/** Whether an emulator route is allowed although undocumented (UNDOCUMENTED_ROUTES, e.g. webhook registration). */
export function isKnownUndocumentedRoute(flavor: JiraFlavor, method: string, template: string): boolean {
  const input = parseSegments(cleanPath(template));
  return UNDOCUMENTED_ROUTES.some(
    (route) =>
      route.flavors.includes(flavor) &&
      (route.method === '*' || route.method.toUpperCase() === method.toUpperCase()) &&
      score(parseSegments(route.template), input, true) !== undefined,
  );
}

/**
 * Whether the flavour's document (or the UNDOCUMENTED_ROUTES allow-list) has `method` on `template`; literal
 * segments of the template must be literal in the document too. Use it to fail on routes Jira does not have.
 */
export function specHasRoute(flavor: JiraFlavor, method: string, template: string): boolean {
  return lookup(flavor, method, template, true) !== undefined || isKnownUndocumentedRoute(flavor, method, template);
}

/** Every documented `METHOD template` of a flavour, request-style (with the server prefix); for listing coverage. */
export function listSpecRoutes(flavor: JiraFlavor): string[] {
  const prefix = specPathPrefix(flavor);
  return routeIndex(flavor).flatMap((entry) =>
    HTTP_METHODS.filter((method) => operationOf(entry.pathItem, method) !== undefined).map(
      (method) => `${method.toUpperCase()} ${prefix}${entry.template}`,
    ),
  );
}
