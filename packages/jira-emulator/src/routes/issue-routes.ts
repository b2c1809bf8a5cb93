/** Issues: create, bulk create, get, edit, delete, assign. */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { parseUserRef } from '../input/field-input.ts';
import { applyFieldValues, recordHistory } from '../model/issue-writer.ts';
import { createIssue, deleteIssue, editIssue } from '../model/issue-operations.ts';
import { parseExpand, parseFieldSelection } from '../render/field-selection.ts';
import { renderIssue } from '../render/issue-view.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import type { Issue } from '../model/types.ts';
import { queryBoolean, queryString, requireIssue } from './issue-lookup.ts';

function createdBody(rc: RenderContext, issue: Issue): Record<string, unknown> {
  return { id: issue.id, key: issue.key, self: `${apiBase(rc)}/issue/${issue.id}` };
}

/** Renders an issue for GET /issue with the request's fields, expand and properties parameters. */
export function renderIssueForQuery(
  rc: RenderContext,
  issue: Issue,
  query: Record<string, unknown>,
): Record<string, unknown> {
  const properties = queryString(query, 'properties');
  return renderIssue(rc, issue, {
    fields: parseFieldSelection(query['fields'], '*all'),
    expand: parseExpand(query['expand']),
    properties: properties ? properties.split(',').map((key) => key.trim()) : [],
  });
}

export const issueRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/issue',
    handler: ({ rc, body }) => created(createdBody(rc, createIssue(rc, body))),
  },
  {
    method: 'POST',
    path: '/issue/bulk',
    handler: ({ rc, body }) => {
      const updates = (body as { issueUpdates?: unknown } | undefined)?.issueUpdates;
      if (!Array.isArray(updates)) throw new JiraError(400, ['issueUpdates must be an array']);
      if (updates.length > 50) throw new JiraError(400, ['Bulk create is limited to 50 issues per request.']);
      const issues: Record<string, unknown>[] = [];
      const errors: Record<string, unknown>[] = [];
      updates.forEach((update, index) => {
        try {
          issues.push(createdBody(rc, createIssue(rc, update)));
        } catch (error) {
          if (!(error instanceof JiraError)) throw error;
          errors.push({ status: error.status, elementErrors: error.body, failedElementNumber: index });
        }
      });
      const result = { issues, errors };
      return issues.length === 0 && errors.length > 0 ? { status: 400, body: result } : created(result);
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey',
    handler: ({ rc, params, query }) => ok(renderIssueForQuery(rc, requireIssue(rc, params['issueIdOrKey']), query)),
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey',
    handler: ({ rc, params, query, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      editIssue(rc, issue, body);
      if (rc.ctx.flavor === 'cloud' && queryBoolean(query, 'returnIssue', false)) {
        return ok(renderIssueForQuery(rc, issue, query));
      }
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/issue/:issueIdOrKey',
    handler: ({ rc, params, query }) => {
      deleteIssue(rc, requireIssue(rc, params['issueIdOrKey']), queryBoolean(query, 'deleteSubtasks', false));
      return noContent();
    },
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey/assignee',
    handler: ({ rc, params, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const parsed = parseUserRef(rc, body ?? null);
      if (!parsed.ok) throw new JiraError(400, [], { assignee: parsed.message });
      const items = applyFieldValues(rc, issue, new Map([['assignee', parsed.value]]));
      if (items.length > 0) {
        const history = recordHistory(rc, issue, rc.viewer.accountId, items);
        rc.ctx.events.emit({
          webhookEvent: 'jira:issue_updated',
          issue,
          changelog: history,
          eventTypeName: 'issue_assigned',
          comment: null,
          userId: rc.viewer.accountId,
          timestamp: rc.ctx.clock.now(),
        });
      }
      return noContent();
    },
  },
];
