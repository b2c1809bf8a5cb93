/** Workflow transitions: list what the issue offers, and run one (the only way to change status). */
import { JiraError } from '../http/jira-error.ts';
import { noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { transitionIssue } from '../model/issue-operations.ts';
import { availableTransitions } from '../model/workflow.ts';
import { parseExpand } from '../render/field-selection.ts';
import { renderTransition } from '../render/transition-view.ts';
import { queryString, requireIssue } from './issue-lookup.ts';

export const transitionRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/transitions',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const withFields = parseExpand(query['expand']).has('transitions.fields');
      const only = queryString(query, 'transitionId');
      const transitions = availableTransitions(rc.ctx.state, issue, rc.viewer)
        .filter((transition) => only === undefined || transition.id === only)
        .map((transition) => renderTransition(rc, issue, transition, withFields));
      return ok({ expand: 'transitions', transitions });
    },
  },
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/transitions',
    handler: ({ rc, params, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      if (typeof body !== 'object' || body === null) throw new JiraError(400, ["Missing 'transition' identifier"]);
      transitionIssue(rc, issue, body as Record<string, unknown>);
      return noContent();
    },
  },
];
