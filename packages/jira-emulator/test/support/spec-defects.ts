/**
 * Known defects of Atlassian's generated OpenAPI documents (see `../shared/jira/SOURCES.md`), allowed for when
 * the emulator's responses are validated against them. Every entry says why; an entry is only added when a
 * response captured from a real Jira (under `../shared/jira/fixtures/`) or Atlassian's own documentation
 * contradicts the document. Templates are the document's own path keys (DC: `/api/2/...`, without `/rest`).
 */
import type { JiraFlavor } from './jira-flavor.ts';

/** How a documented response schema is wrapped to match what Jira really sends. */
export type ResponseWrap =
  /** Jira returns a JSON array of the documented schema. */
  | 'array'
  /** Jira returns an array without a filter query parameter and the single documented object with one. */
  | 'array-or-item'
  /** Jira returns a page `{ startAt, maxResults, total, isLast, values: [item] }` of the documented schema. */
  | 'page-of-values';

/** An operation whose documented response schema is the item, not what is actually sent. */
export interface ResponseShapeDefect {
  readonly flavor: JiraFlavor;
  readonly method: string;
  readonly template: string;
  readonly wrap: ResponseWrap;
  readonly reason: string;
}

/** A replacement for part of one component schema (`#/components/schemas/<schema>`), located by a property path. */
export interface SchemaPatch {
  readonly flavor: JiraFlavor;
  readonly schema: string;
  /** Keys from the component schema down to the replaced node, e.g. `['properties', 'fields', 'additionalProperties']`. */
  readonly at: readonly string[];
  readonly replacement: unknown;
  readonly reason: string;
}

/** A route Jira serves that the document for the flavour does not describe. `method` `*` covers every method. */
export interface UndocumentedRoute {
  readonly flavors: readonly JiraFlavor[];
  readonly method: string;
  /** Full request template as served, e.g. `/rest/webhooks/1.0/webhook/{id}`. */
  readonly template: string;
  readonly reason: string;
}

/** A request path prefix that Jira serves with the same resources as another, documented, prefix. */
export interface PathAlias {
  readonly flavor: JiraFlavor;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

const dcListEndpoint = (template: string): ResponseShapeDefect => ({
  flavor: 'datacenter',
  method: 'GET',
  template,
  wrap: 'array',
  reason: 'DC list resource returns a JSON array, the document references the item bean (SOURCES.md)',
});

/** Operations whose real response wraps the documented schema (arrays, pages). */
export const RESPONSE_SHAPE_DEFECTS: readonly ResponseShapeDefect[] = [
  // SOURCES.md: list endpoints return arrays but reference the item schema (the Cloud document gets these right).
  dcListEndpoint('/api/2/project'),
  dcListEndpoint('/api/2/field'), // fixtures dc-v2-jrjc/field/valid-fields.json, dc-v2-jira-ruby/field.json
  dcListEndpoint('/api/2/issuetype'), // dc-v2-jira-ruby/issuetype.json
  dcListEndpoint('/api/2/priority'), // dc-v2-jira-ruby/priority.json
  dcListEndpoint('/api/2/status'), // dc-v2-jira-ruby/status.json
  dcListEndpoint('/api/2/resolution'), // dc-v2-jira-ruby/resolution.json
  dcListEndpoint('/api/2/statuscategory'), // dc-v2-jira-ruby/statuscategory.json
  dcListEndpoint('/api/2/user/search'),
  dcListEndpoint('/api/2/user/assignable/search'),
  dcListEndpoint('/api/2/project/{projectIdOrKey}/components'),
  dcListEndpoint('/api/2/project/{projectIdOrKey}/versions'),
  dcListEndpoint('/api/2/project/{projectIdOrKey}/statuses'),
  // Worklogs by id come back as a list (the Cloud document says so for the same operation); DC references one bean.
  { ...dcListEndpoint('/api/2/worklog/list'), method: 'POST' },
  {
    flavor: 'datacenter',
    method: 'POST',
    template: '/api/2/issue/{issueIdOrKey}/attachments',
    wrap: 'array',
    reason:
      'adding attachments answers with the list of created attachments (a multipart upload may carry several files)',
  },
  // Without `globalId` both flavours list every remote link of the issue; with it they return that one link.
  {
    flavor: 'datacenter',
    method: 'GET',
    template: '/api/2/issue/{issueIdOrKey}/remotelink',
    wrap: 'array-or-item',
    reason: 'remote links: array of RemoteIssueLinkBean, or a single one when ?globalId= is given',
  },
  {
    flavor: 'cloud',
    method: 'GET',
    template: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
    wrap: 'array-or-item',
    reason: 'remote links: array of RemoteIssueLink, or a single one when ?globalId= is given',
  },
  // DC 9+ paginated createmeta: fixture cloud-jira-cli/createmetav9.json (jira-cli's Jira Server v9 test data,
  // `{ maxResults, startAt, total, isLast, values: [...] }`), while the document references the bare item bean.
  {
    flavor: 'datacenter',
    method: 'GET',
    template: '/api/2/issue/createmeta/{projectIdOrKey}/issuetypes',
    wrap: 'page-of-values',
    reason: 'paginated createmeta returns a page whose values are CreateMetaIssueTypeBean',
  },
  {
    flavor: 'datacenter',
    method: 'GET',
    template: '/api/2/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    wrap: 'page-of-values',
    reason: 'paginated createmeta returns a page whose values are FieldMetaBean',
  },
];

const anyJson = {};
const nullableString = { type: 'string', nullable: true };

/** Replacements for parts of component schemas that real responses contradict. */
export const SCHEMA_PATCHES: readonly SchemaPatch[] = [
  // SOURCES.md: IssueBean.fields declares every value as an object; summary is a string, labels an array,
  // resolution null... Relax the values only: `fields` itself stays an object.
  {
    flavor: 'datacenter',
    schema: 'IssueBean',
    at: ['properties', 'fields', 'additionalProperties'],
    replacement: anyJson,
    reason: 'field values are any JSON (string, number, array, null), not only objects',
  },
  // Same generator bug as `fields`: rendered values are HTML strings or null (expand=renderedFields).
  {
    flavor: 'datacenter',
    schema: 'IssueBean',
    at: ['properties', 'renderedFields', 'additionalProperties'],
    replacement: anyJson,
    reason: 'rendered field values are HTML strings or null, not objects',
  },
  // Entity property values are arbitrary JSON (Jira stores any JSON document); the DC document says string.
  {
    flavor: 'datacenter',
    schema: 'EntityPropertyBean',
    at: ['properties', 'value'],
    replacement: anyJson,
    reason: 'an entity property value is any JSON value',
  },
  // Changelog items have null from/fromString/to/toString when a value was set from or cleared to nothing
  // (dc-v2-jrjc/issue/valid-all-expanded.json, jrjc49.json, Cloud webhook changelogs in webhooks-mattermost/);
  // neither document marks them nullable.
  ...(['from', 'fromString', 'to', 'toString'] as const).flatMap((property): SchemaPatch[] => [
    {
      flavor: 'datacenter',
      schema: 'ChangeItemBean',
      at: ['properties', property],
      replacement: nullableString,
      reason: 'changelog item values are null when empty',
    },
    {
      flavor: 'cloud',
      schema: 'ChangeDetails',
      at: ['properties', property],
      replacement: nullableString,
      reason: 'changelog item values are null when empty',
    },
  ]),
  // Cloud changelog items for user fields carry tmpFromAccountId/tmpToAccountId next to from/to (seen in
  // webhooks-mattermost/webhook-cloud-issue-created-many-fields.json); ChangeDetails forbids extra properties.
  ...(['tmpFromAccountId', 'tmpToAccountId'] as const).map((property): SchemaPatch => ({
    flavor: 'cloud',
    schema: 'ChangeDetails',
    at: ['properties', property],
    replacement: nullableString,
    reason: 'user-field changelog items carry the account ids as tmpFromAccountId/tmpToAccountId',
  })),
  // Cloud serverInfo also answers `defaultLocale: { locale }` (cloud-jira-cli/serverinfo.json, deploymentType
  // Cloud); ServerInformation forbids extra properties.
  {
    flavor: 'cloud',
    schema: 'ServerInformation',
    at: ['properties', 'defaultLocale'],
    replacement: { type: 'object', properties: { locale: { type: 'string' } } },
    reason: 'serverInfo carries defaultLocale',
  },
  // Cloud answers custom fields with `untranslatedName` (the name before translation): the document's own example
  // response of POST /rest/api/3/field shows it, but FieldDetails forbids extra properties.
  {
    flavor: 'cloud',
    schema: 'FieldDetails',
    at: ['properties', 'untranslatedName'],
    replacement: { type: 'string' },
    reason: "custom fields carry untranslatedName (the document's own example of POST /field)",
  },
  // DC versions have a calendar date: `"releaseDate": "2010-08-25"` in 38 captured versions (dc-v2-jrjc/field/
  // valid-fields.json, search/many-issues.json); the document declares `date-time`.
  {
    flavor: 'datacenter',
    schema: 'VersionBean',
    at: ['properties', 'releaseDate'],
    replacement: { type: 'string' },
    reason: 'a version release date is a calendar date (YYYY-MM-DD), not a date-time',
  },
];

/** A status Jira answers on an operation whose document lacks it; validated like the documented `sameAs` status. */
export interface UndocumentedStatus {
  readonly flavor: JiraFlavor;
  readonly method: string;
  readonly template: string;
  readonly status: number;
  readonly sameAs: number;
  readonly reason: string;
}

/** Statuses real Jira answers that the generated documents dropped. */
export const UNDOCUMENTED_STATUSES: readonly UndocumentedStatus[] = [
  // Creating a remote link answers 201 and updating one (same globalId) 200, as Jira's own REST reference for
  // Server/DC and the Cloud document (200 and 201 on the same operation) say; the DC 10.3 document lists 200 only.
  {
    flavor: 'datacenter',
    method: 'POST',
    template: '/api/2/issue/{issueIdOrKey}/remotelink',
    status: 201,
    sameAs: 200,
    reason: 'a created remote link answers 201 (an updated one 200)',
  },
];

/** Routes the emulator may serve although the flavour's document does not describe them. */
export const UNDOCUMENTED_ROUTES: readonly UndocumentedRoute[] = [
  // Admin webhook registration is a plugin resource (Atlassian webhooks plugin), documented separately from the
  // platform REST API on both Cloud and DC (SOURCES.md); fixtures dc-v2-jira-ruby/webhook.json, webhook/2.json.
  {
    flavors: ['cloud', 'datacenter'],
    method: '*',
    template: '/rest/webhooks/1.0/webhook',
    reason: 'webhook registration is a plugin resource, not in the platform documents',
  },
  {
    flavors: ['cloud', 'datacenter'],
    method: '*',
    template: '/rest/webhooks/1.0/webhook/{id}',
    reason: 'webhook registration is a plugin resource, not in the platform documents',
  },
];

/** Request path prefixes served like a documented prefix (checked after the flavour's own document misses). */
export const PATH_ALIASES: readonly PathAlias[] = [
  // Cloud REST v2 (wiki markup) has its own document, which we do not have; it has the same resources and
  // schemas as v3 except rich-text values, which the v3 schemas leave untyped (Comment.body, Worklog.comment).
  {
    flavor: 'cloud',
    from: '/rest/api/2/',
    to: '/rest/api/3/',
    reason: 'Cloud v2 mirrors v3 apart from rich-text values',
  },
  // `latest` is Jira's alias of the newest REST version; real DC `self` links use it (dc-v2-jrjc fixtures).
  { flavor: 'datacenter', from: '/api/latest/', to: '/api/2/', reason: 'DC /rest/api/latest is /rest/api/2' },
];

/**
 * Jira writes timestamps as `2024-05-23T14:47:28.592+0000` (offset without a colon), which is ISO 8601 but not the
 * RFC 3339 `date-time` the documents declare; the DC document's own examples use this form. Dates alone stay
 * `YYYY-MM-DD`.
 */
export const JIRA_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;
