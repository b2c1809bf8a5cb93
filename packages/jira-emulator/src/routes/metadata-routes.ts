/** Instance-wide metadata: fields, issue types, priorities, statuses, status categories, resolutions, link types. */
import { JiraError } from '../http/jira-error.ts';
import { created, ok, type RouteDefinition } from '../http/route-definition.ts';
import { allFields, customFieldInfo, kindFromTypeKey } from '../model/field-catalog.ts';
import { nextId } from '../model/jira-data.ts';
import type { CustomField } from '../model/types.ts';
import { queryInt, queryString } from './issue-lookup.ts';
import {
  renderIssueType,
  renderLinkType,
  renderPriority,
  renderResolution,
  renderStatus,
  renderStatusCategories,
} from '../render/entity-views.ts';

function notFound(what: string, id: string | undefined): JiraError {
  return new JiraError(404, [`${what} with id '${id ?? ''}' does not exist`]);
}

export const metadataRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/field',
    handler: ({ rc }) =>
      ok(
        allFields(rc.ctx.state.data.customFields).map((info) => {
          const view: Record<string, unknown> = {
            id: info.id,
            name: info.name,
            custom: info.custom,
            orderable: info.orderable,
            navigable: info.navigable,
            searchable: info.searchable,
            clauseNames: info.clauseNames,
          };
          if (rc.ctx.flavor === 'cloud') view['key'] = info.key;
          if (info.schema) view['schema'] = info.schema;
          if (info.custom && rc.ctx.flavor === 'cloud') view['untranslatedName'] = info.name;
          return view;
        }),
      ),
  },
  {
    method: 'POST',
    path: '/field',
    handler: ({ rc, body }) => {
      const input = (body ?? {}) as { name?: unknown; type?: unknown; description?: unknown };
      const errors: Record<string, string> = {};
      if (typeof input.name !== 'string' || input.name.trim() === '')
        errors['name'] = 'The custom field name must be set.';
      const kind = typeof input.type === 'string' ? kindFromTypeKey(input.type) : undefined;
      if (!kind) errors['type'] = `Custom field type '${String(input.type)}' is not valid.`;
      if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
      const numericId = Number(nextId(rc.ctx.state.data, 'customField', 10000));
      const field: CustomField = {
        id: `customfield_${numericId}`,
        numericId,
        name: String(input.name),
        description: typeof input.description === 'string' ? input.description : '',
        kind: kind as CustomField['kind'],
        options: [],
      };
      rc.ctx.state.data.customFields.push(field);
      rc.ctx.state.touch();
      const info = customFieldInfo(field);
      return created({
        id: info.id,
        key: info.key,
        name: info.name,
        custom: true,
        orderable: true,
        navigable: true,
        searchable: true,
        clauseNames: info.clauseNames,
        schema: info.schema,
      });
    },
  },
  {
    method: 'GET',
    path: '/issuetype',
    handler: ({ rc }) => ok(rc.ctx.state.data.issueTypes.map((type) => renderIssueType(rc, type))),
  },
  {
    method: 'GET',
    path: '/issuetype/:id',
    handler: ({ rc, params }) => {
      const type = rc.ctx.state.data.issueTypes.find((candidate) => candidate.id === params['id']);
      if (!type) throw notFound('Issue type', params['id']);
      return ok(renderIssueType(rc, type));
    },
  },
  {
    method: 'GET',
    path: '/priority',
    handler: ({ rc }) => ok(rc.ctx.state.data.priorities.map((priority) => renderPriority(rc, priority))),
  },
  {
    // Cloud's paginated priority list (the plain GET /priority is deprecated there); Medium is the default.
    method: 'GET',
    path: '/priority/search',
    flavors: ['cloud'],
    handler: ({ rc, query }) => {
      const startAt = queryInt(query, 'startAt', 0);
      const maxResults = queryInt(query, 'maxResults', 50, 50);
      const ids = queryString(query, 'id')?.split(',');
      const all = rc.ctx.state.data.priorities.filter((priority) => !ids || ids.includes(priority.id));
      const values = all
        .slice(startAt, startAt + maxResults)
        .map((priority) => ({ ...renderPriority(rc, priority), isDefault: priority.name === 'Medium' }));
      return ok({
        self: `${rc.ctx.baseUrl()}/rest/api/${rc.apiVersion}/priority/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: all.length,
        isLast: startAt + values.length >= all.length,
        values,
      });
    },
  },
  {
    method: 'GET',
    path: '/priority/:id',
    handler: ({ rc, params }) => {
      const priority = rc.ctx.state.data.priorities.find((candidate) => candidate.id === params['id']);
      if (!priority) throw notFound('Priority', params['id']);
      return ok(renderPriority(rc, priority));
    },
  },
  {
    method: 'GET',
    path: '/status',
    handler: ({ rc }) => ok(rc.ctx.state.data.statuses.map((status) => renderStatus(rc, status))),
  },
  {
    method: 'GET',
    path: '/status/:idOrName',
    handler: ({ rc, params }) => {
      const status = rc.ctx.state.findStatus(params['idOrName'] ?? '');
      if (!status) throw new JiraError(404, [`The status with id '${params['idOrName'] ?? ''}' does not exist`]);
      return ok(renderStatus(rc, status));
    },
  },
  {
    method: 'GET',
    path: '/statuscategory',
    handler: ({ rc }) => ok(renderStatusCategories(rc)),
  },
  {
    method: 'GET',
    path: '/resolution',
    handler: ({ rc }) => ok(rc.ctx.state.data.resolutions.map((resolution) => renderResolution(rc, resolution))),
  },
  {
    method: 'GET',
    path: '/resolution/:id',
    handler: ({ rc, params }) => {
      const resolution = rc.ctx.state.data.resolutions.find((candidate) => candidate.id === params['id']);
      if (!resolution) throw notFound('Resolution', params['id']);
      return ok(renderResolution(rc, resolution));
    },
  },
  {
    method: 'GET',
    path: '/issueLinkType',
    handler: ({ rc }) => ok({ issueLinkTypes: rc.ctx.state.data.linkTypes.map((type) => renderLinkType(rc, type)) }),
  },
];
