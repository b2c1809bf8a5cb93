/**
 * Cloud's changelog resources: `GET /issue/{key}/changelog` (PageBeanChangelog, oldest first, 100 a page) and
 * `POST /issue/{key}/changelog/list` (chosen histories by id). Data Center has neither; it reads history through
 * `expand=changelog` only.
 */
import { JiraError } from '../http/jira-error.ts';
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import { renderChangeHistory } from '../render/changelog-view.ts';
import { apiBase } from '../render/render-context.ts';
import { queryInt, requireIssue } from './issue-lookup.ts';

/** Cloud's page size limit for changelog pages. */
const MAX_PAGE = 100;
/** Cloud's limit on ids per changelog/list request. */
const MAX_IDS = 1000;

export const changelogRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/changelog',
    flavors: ['cloud'],
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const startAt = queryInt(query, 'startAt', 0);
      const maxResults = queryInt(query, 'maxResults', MAX_PAGE, MAX_PAGE);
      const total = issue.changelog.length;
      const values = issue.changelog
        .slice(startAt, startAt + maxResults)
        .map((history) => renderChangeHistory(rc, history));
      const base = `${apiBase(rc)}/issue/${issue.key}/changelog`;
      const isLast = startAt + maxResults >= total;
      const page: Record<string, unknown> = { self: `${base}?maxResults=${maxResults}&startAt=${startAt}` };
      if (!isLast) page['nextPage'] = `${base}?maxResults=${maxResults}&startAt=${startAt + maxResults}`;
      Object.assign(page, { maxResults, startAt, total, isLast, values });
      return ok(page);
    },
  },
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/changelog/list',
    flavors: ['cloud'],
    write: false,
    handler: ({ rc, params, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const raw =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? (body as Record<string, unknown>)['changelogIds']
          : undefined;
      if (!Array.isArray(raw) || raw.length === 0)
        throw new JiraError(400, [], { changelogIds: 'changelogIds must not be empty.' });
      if (raw.length > MAX_IDS)
        throw new JiraError(400, [], { changelogIds: `changelogIds must contain at most ${MAX_IDS} ids.` });
      const wanted = new Set(raw.map(String));
      const histories = issue.changelog
        .filter((history) => wanted.has(history.id))
        .map((history) => renderChangeHistory(rc, history));
      return ok({ startAt: 0, maxResults: histories.length, total: histories.length, histories });
    },
  },
];
