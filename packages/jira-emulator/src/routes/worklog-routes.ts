/**
 * Worklogs: paginated list, add, get, update, delete on an issue, plus the bulk readers `POST /worklog/list` and
 * `GET /worklog/updated`. Restricted worklogs (group/role visibility) are hidden from everyone outside, like comments.
 * The estimate parameters (`adjustEstimate`, `newEstimate`, `reduceBy`, `increaseBy`) are validated and accepted;
 * the emulator keeps no remaining estimate.
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { parseVisibility } from '../input/issue-update-request.ts';
import { canSee } from '../model/comment-visibility.ts';
import type { Issue, Worklog } from '../model/types.ts';
import {
  addWorklog,
  deleteWorklog,
  findWorklogAnywhere,
  updateWorklog,
  type WorklogInput,
} from '../model/worklog-operations.ts';
import { parseJiraDateTime } from '../render/jira-dates.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import { parseDuration, renderWorklog, visibleWorklogs } from '../render/worklog-view.ts';
import { queryInt, queryString, requireIssue } from './issue-lookup.ts';
import { isJsonObject } from '../input/json-object.ts';

/** Jira leaves out worklogs changed in the last minute from /worklog/updated, so a `since` cursor never skips one. */
const UPDATED_SETTLE_MS = 60_000;
/** Page size of /worklog/updated and the id limit of /worklog/list. */
const BULK_LIMIT = 1000;

/** Parses the worklog fields of a request; `partial` (PUT) leaves out what the request does not mention. */
function parseWorklogRequest(rc: RenderContext, body: unknown, partial: boolean): Partial<WorklogInput> {
  if (!isJsonObject(body)) throw new JiraError(400, ['Worklog must not be null.']);
  const errors: Record<string, string> = {};
  const input: Partial<WorklogInput> = {};
  const seconds = body['timeSpentSeconds'];
  const spent = body['timeSpent'];
  if (typeof seconds === 'number' && Number.isInteger(seconds)) {
    if (seconds <= 0) errors['timeLogged'] = 'Time Spent must be greater than zero.';
    else input.timeSpentSeconds = seconds;
  } else if (typeof spent === 'string' && spent.trim() !== '') {
    const parsed = parseDuration(spent);
    if (parsed === undefined) errors['timeLogged'] = 'Invalid time duration entered.';
    else if (parsed <= 0) errors['timeLogged'] = 'Time Spent must be greater than zero.';
    else input.timeSpentSeconds = parsed;
  } else if (seconds !== undefined || spent !== undefined || !partial) {
    errors['timeLogged'] = 'You must indicate the time spent working.';
  }
  if (body['started'] !== undefined) {
    const started = typeof body['started'] === 'string' ? parseJiraDateTime(body['started']) : undefined;
    if (started === undefined) errors['started'] = 'You must specify a valid start date.';
    else input.started = started;
  } else if (!partial) {
    input.started = rc.ctx.clock.now();
  }
  if (body['comment'] !== undefined) {
    const comment = parseRichText(rc, body['comment']);
    if (!comment.ok) errors['comment'] = comment.message;
    else input.comment = comment.value;
  } else if (!partial) {
    input.comment = null;
  }
  if (body['visibility'] !== undefined) {
    const visibility = parseVisibility(body['visibility']);
    if (!visibility.ok) errors['commentLevel'] = visibility.message;
    else {
      const level = visibility.value;
      const { state } = rc.ctx;
      const known =
        level === null ||
        (level.type === 'group'
          ? state.data.groups.some((group) => group.name.toLowerCase() === level.value.toLowerCase())
          : state.data.roles.some((role) => role.name === level.value || String(role.id) === level.value));
      if (!known && level)
        errors['commentLevel'] =
          level.type === 'group' ? `Group: ${level.value} does not exist.` : `Role: ${level.value} does not exist.`;
      else input.visibility = level;
    }
  } else if (!partial) {
    input.visibility = null;
  }
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
  return input;
}

/** Validates Jira's estimate parameters (the emulator has no remaining estimate to adjust). */
function checkEstimateParameters(query: Record<string, unknown>, amountParameter: 'reduceBy' | 'increaseBy'): void {
  const mode = queryString(query, 'adjustEstimate');
  if (mode === undefined) return;
  if (!['new', 'leave', 'manual', 'auto'].includes(mode)) {
    throw new JiraError(400, [], { adjustEstimate: `Invalid value for adjustEstimate: '${mode}'.` });
  }
  if (mode === 'new' && parseDuration(queryString(query, 'newEstimate') ?? '') === undefined) {
    throw new JiraError(400, [], { newEstimate: 'You must supply a valid new estimate.' });
  }
  if (mode === 'manual' && parseDuration(queryString(query, amountParameter) ?? '') === undefined) {
    throw new JiraError(400, [], {
      [amountParameter]: 'You must supply a valid amount of time to adjust the estimate by.',
    });
  }
}

function requireWorklog(rc: RenderContext, issue: Issue, id: string | undefined): Worklog {
  const worklog = issue.worklogs.find((candidate) => candidate.id === id);
  if (!worklog || !canSee(rc.ctx.state, rc.viewer, issue, worklog.visibility)) {
    throw new JiraError(404, [`Cannot find worklog with id: '${id ?? ''}'.`]);
  }
  return worklog;
}

export const worklogRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/worklog',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      let worklogs = visibleWorklogs(rc, issue);
      const after = queryString(query, 'startedAfter');
      const before = queryString(query, 'startedBefore');
      if (after !== undefined) worklogs = worklogs.filter((worklog) => worklog.started >= Number(after));
      if (before !== undefined) worklogs = worklogs.filter((worklog) => worklog.started < Number(before));
      const startAt = queryInt(query, 'startAt', 0);
      // Data Center has no paging parameters and answers every worklog; Cloud pages with up to 5000.
      const maxResults = rc.ctx.flavor === 'cloud' ? queryInt(query, 'maxResults', 5000, 5000) : worklogs.length;
      const page = rc.ctx.flavor === 'cloud' ? worklogs.slice(startAt, startAt + maxResults) : worklogs;
      return ok({
        startAt: rc.ctx.flavor === 'cloud' ? startAt : 0,
        maxResults,
        total: worklogs.length,
        worklogs: page.map((worklog) => renderWorklog(rc, issue, worklog)),
      });
    },
  },
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/worklog',
    handler: ({ rc, params, body, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      checkEstimateParameters(query, 'reduceBy');
      const input = parseWorklogRequest(rc, body, false) as WorklogInput;
      return created(renderWorklog(rc, issue, addWorklog(rc, issue, input)));
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/worklog/:id',
    handler: ({ rc, params }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      return ok(renderWorklog(rc, issue, requireWorklog(rc, issue, params['id'])));
    },
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey/worklog/:id',
    handler: ({ rc, params, body, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const worklog = requireWorklog(rc, issue, params['id']);
      checkEstimateParameters(query, 'increaseBy');
      updateWorklog(rc, issue, worklog, parseWorklogRequest(rc, body, true));
      return ok(renderWorklog(rc, issue, worklog));
    },
  },
  {
    method: 'DELETE',
    path: '/issue/:issueIdOrKey/worklog/:id',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const worklog = requireWorklog(rc, issue, params['id']);
      checkEstimateParameters(query, 'increaseBy');
      deleteWorklog(rc, issue, worklog);
      return noContent();
    },
  },
  {
    method: 'POST',
    path: '/worklog/list',
    write: false,
    handler: ({ rc, body }) => {
      const ids = isJsonObject(body) ? body['ids'] : undefined;
      if (!Array.isArray(ids) || ids.length === 0 || ids.length > BULK_LIMIT) {
        throw new JiraError(400, [`Provide between 1 and ${BULK_LIMIT} worklog ids.`]);
      }
      const found = ids
        .map((id) => findWorklogAnywhere(rc, String(id)))
        .filter((hit) => hit !== undefined && canSee(rc.ctx.state, rc.viewer, hit.issue, hit.worklog.visibility));
      return ok(found.map((hit) => (hit ? renderWorklog(rc, hit.issue, hit.worklog) : null)));
    },
  },
  {
    method: 'GET',
    path: '/worklog/updated',
    handler: ({ rc, query }) => {
      const since = queryInt(query, 'since', 0);
      const settled = rc.ctx.clock.now() - UPDATED_SETTLE_MS;
      const changed = rc.ctx.state.data.issues
        .flatMap((issue) =>
          issue.worklogs.filter((worklog) => canSee(rc.ctx.state, rc.viewer, issue, worklog.visibility)),
        )
        .filter((worklog) => worklog.updated >= since && worklog.updated <= settled)
        .sort((a, b) => a.updated - b.updated || Number(a.id) - Number(b.id));
      const page = changed.slice(0, BULK_LIMIT);
      const lastPage = changed.length <= BULK_LIMIT;
      const until = page.length > 0 ? (page[page.length - 1] as Worklog).updated : since;
      const self = `${apiBase(rc)}/worklog/updated?since=${since}`;
      const values = page.map((worklog) => {
        const value: Record<string, unknown> = { worklogId: Number(worklog.id), updatedTime: worklog.updated };
        if (rc.ctx.flavor === 'cloud') value['properties'] = [];
        return value;
      });
      const view: Record<string, unknown> = { values, since, until, self, lastPage };
      if (!lastPage) view['nextPage'] = `${apiBase(rc)}/worklog/updated?since=${until}`;
      return ok(view);
    },
  },
];
