/**
 * Issue search. Cloud: the enhanced search `GET/POST /rest/api/{2,3}/search/jql` (token paging, `isLast`, no total,
 * fields default `id`, bounded JQL only, `reconcileIssues` for read-after-write) and `POST /search/approximate-count`;
 * the removed `/rest/api/{2,3}/search` answers 410 Gone with Jira's message. Data Center: `GET/POST /rest/api/2/search`
 * with `startAt`/`maxResults`/`total`. Every search reads the search index, which may lag behind writes.
 */
import { compileJql } from '../jql/compile-jql.ts';
import { JiraError } from '../http/jira-error.ts';
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import { allFields } from '../model/field-catalog.ts';
import type { Issue } from '../model/types.ts';
import { parseExpand, parseFieldSelection, type FieldSelection } from '../render/field-selection.ts';
import { renderIssue } from '../render/issue-view.ts';
import type { RenderContext } from '../render/render-context.ts';

/** Cloud's answer on the removed search endpoints (CHANGE-2046). */
export const REMOVED_SEARCH_MESSAGE =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

const UNBOUNDED_MESSAGE = 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

/** Cloud enhanced search: page size when only ids/keys are asked for, and otherwise. */
const CLOUD_MAX_RESULTS_IDS = 5000;
const CLOUD_MAX_RESULTS_FIELDS = 100;
/** Data Center's `jira.search.views.default.max`. */
const DC_MAX_RESULTS = 1000;
const DEFAULT_MAX_RESULTS = 50;
const MAX_RECONCILE_ISSUES = 50;

/** Request parameters from the query string (GET) or the JSON body (POST), in one form. */
interface SearchParams {
  jql: string;
  maxResults: number | undefined;
  startAt: number | undefined;
  nextPageToken: string | undefined;
  fields: unknown;
  expand: unknown;
  properties: string[];
  reconcileIssues: string[];
}

function listOf(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return values
    .flatMap((item) => String(item).split(','))
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

function firstString(value: unknown): string | undefined {
  const first: unknown = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === null ? undefined : String(first);
}

function integerParam(value: unknown, name: string): number | undefined {
  const text = firstString(value);
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text.trim()))
    throw new JiraError(400, [`The value '${text}' is not a valid integer for the parameter '${name}'.`]);
  return Number(text);
}

function searchParams(source: Record<string, unknown>): SearchParams {
  return {
    jql: firstString(source['jql']) ?? '',
    maxResults: integerParam(source['maxResults'], 'maxResults'),
    startAt: integerParam(source['startAt'], 'startAt'),
    nextPageToken: firstString(source['nextPageToken']),
    fields: source['fields'],
    expand: source['expand'],
    properties: listOf(source['properties']),
    reconcileIssues: listOf(source['reconcileIssues']),
  };
}

function bodyRecord(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body))
    throw new JiraError(400, ['Request body must be a JSON object.']);
  return body as Record<string, unknown>;
}

/** The matching issues in result order, as the (possibly lagging) search index sees them. */
function runSearch(
  rc: RenderContext,
  jql: string,
  reconcile: ReadonlySet<string> = new Set(),
): { issues: Issue[]; bounded: boolean } {
  const compiled = compileJql(rc.ctx, rc.viewer, jql);
  const now = rc.ctx.clock.now();
  const issues = rc.ctx.searchIndex.searchableIssues(reconcile).filter((issue) => compiled.matches(issue, now));
  issues.sort(compiled.compare);
  return { issues, bounded: compiled.bounded };
}

interface RenderedPage {
  issues: Record<string, unknown>[];
  names?: Record<string, string>;
  schema?: Record<string, unknown>;
}

/** Renders a page of issues; `names` and `schema` go to the top level of a search response, as Jira puts them. */
function renderPage(
  rc: RenderContext,
  issues: Issue[],
  selection: FieldSelection,
  params: SearchParams,
  idsOnly: boolean,
): RenderedPage {
  const expand = parseExpand(params.expand);
  const perIssueExpand = new Set([...expand].filter((name) => name !== 'names' && name !== 'schema'));
  const rendered = issues.map((issue) => {
    if (idsOnly) return { id: issue.id };
    return renderIssue(rc, issue, { fields: selection, expand: perIssueExpand, properties: params.properties });
  });
  const page: RenderedPage = { issues: rendered };
  if (expand.has('names') || expand.has('schema')) {
    const catalog = allFields(rc.ctx.state.data.customFields).filter((info) => selection(info.id));
    if (expand.has('names')) page.names = Object.fromEntries(catalog.map((info) => [info.id, info.name]));
    if (expand.has('schema'))
      page.schema = Object.fromEntries(catalog.flatMap((info) => (info.schema ? [[info.id, info.schema]] : [])));
  }
  return page;
}

function encodePageToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: jql }), 'utf8').toString('base64url');
}

function decodePageToken(token: string, jql: string): number {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof decoded.o === 'number' && Number.isInteger(decoded.o) && decoded.o >= 0 && decoded.q === jql)
      return decoded.o;
  } catch {
    // fall through to Jira's answer
  }
  throw new JiraError(400, ['The provided nextPageToken is invalid or does not belong to this query.']);
}

/** Cloud enhanced search (`/search/jql`). */
function enhancedSearch(rc: RenderContext, params: SearchParams): Record<string, unknown> {
  if (params.jql.trim() === '') throw new JiraError(400, [UNBOUNDED_MESSAGE]);
  if (params.properties.length > 5) throw new JiraError(400, ['A maximum of 5 issue property keys can be specified.']);
  if (params.reconcileIssues.length > MAX_RECONCILE_ISSUES) {
    throw new JiraError(400, [`The maximum number of issues to reconcile is ${MAX_RECONCILE_ISSUES}.`]);
  }
  const fieldList = listOf(params.fields);
  const idsOnly = fieldList.length === 0 || fieldList.every((field) => field === 'id');
  const keysOnly = fieldList.length > 0 && fieldList.every((field) => field === 'id' || field === 'key');
  const cap = idsOnly || keysOnly ? CLOUD_MAX_RESULTS_IDS : CLOUD_MAX_RESULTS_FIELDS;
  const maxResults = Math.min(Math.max(params.maxResults ?? DEFAULT_MAX_RESULTS, 1), cap);
  const offset = params.nextPageToken ? decodePageToken(params.nextPageToken, params.jql) : 0;
  const reconcile = new Set(params.reconcileIssues);
  const { issues, bounded } = runSearch(rc, params.jql, reconcile);
  if (!bounded) throw new JiraError(400, [UNBOUNDED_MESSAGE]);
  const slice = issues.slice(offset, offset + maxResults);
  const selection = parseFieldSelection(fieldList.length === 0 ? undefined : fieldList, 'id');
  const page = renderPage(rc, slice, selection, params, idsOnly);
  const next = offset + slice.length;
  const isLast = next >= issues.length;
  const body: Record<string, unknown> = { issues: page.issues };
  if (page.names) body['names'] = page.names;
  if (page.schema) body['schema'] = page.schema;
  if (!isLast) body['nextPageToken'] = encodePageToken(next, params.jql);
  body['isLast'] = isLast;
  return body;
}

/** Data Center search (`/search`). */
function offsetSearch(rc: RenderContext, params: SearchParams): Record<string, unknown> {
  const startAt = Math.max(params.startAt ?? 0, 0);
  const requested = params.maxResults ?? DEFAULT_MAX_RESULTS;
  const maxResults = Math.min(Math.max(requested, 0), DC_MAX_RESULTS);
  const { issues } = runSearch(rc, params.jql);
  const slice = issues.slice(startAt, startAt + maxResults);
  const page = renderPage(rc, slice, parseFieldSelection(params.fields, '*navigable'), params, false);
  const body: Record<string, unknown> = {
    expand: 'schema,names',
    startAt,
    maxResults,
    total: issues.length,
    issues: page.issues,
  };
  if (page.names) body['names'] = page.names;
  if (page.schema) body['schema'] = page.schema;
  return body;
}

const removed = (): never => {
  throw new JiraError(410, [REMOVED_SEARCH_MESSAGE]);
};

export const searchRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/search/jql',
    flavors: ['cloud'],
    handler: ({ rc, query }) => ok(enhancedSearch(rc, searchParams(query))),
  },
  {
    method: 'POST',
    path: '/search/jql',
    flavors: ['cloud'],
    write: false,
    handler: ({ rc, body }) => ok(enhancedSearch(rc, searchParams(bodyRecord(body)))),
  },
  {
    method: 'POST',
    path: '/search/approximate-count',
    flavors: ['cloud'],
    write: false,
    handler: ({ rc, body }) => {
      const jql = firstString(bodyRecord(body)['jql']) ?? '';
      if (jql.trim() === '') throw new JiraError(400, [UNBOUNDED_MESSAGE]);
      const { issues, bounded } = runSearch(rc, jql);
      if (!bounded) throw new JiraError(400, [UNBOUNDED_MESSAGE]);
      return ok({ count: issues.length });
    },
  },
  { method: 'GET', path: '/search', flavors: ['cloud'], handler: removed },
  { method: 'POST', path: '/search', flavors: ['cloud'], write: false, handler: removed },
  {
    method: 'GET',
    path: '/search',
    flavors: ['datacenter'],
    handler: ({ rc, query }) => ok(offsetSearch(rc, searchParams(query))),
  },
  {
    method: 'POST',
    path: '/search',
    flavors: ['datacenter'],
    write: false,
    handler: ({ rc, body }) => ok(offsetSearch(rc, searchParams(bodyRecord(body)))),
  },
];
