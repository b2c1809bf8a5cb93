/**
 * Logging work on issues. Like Jira, each change records history on the issue (`timespent` with the issue's new total,
 * `WorklogId`; on delete also `WorklogTimeSpent`), moves `updated`, and raises worklog_created/updated/deleted plus
 * jira:issue_updated (issue_work_logged, issue_worklog_updated, issue_worklog_deleted).
 */
import type { RenderContext } from '../render/render-context.ts';
import { recordHistory } from './issue-writer.ts';
import { nextId } from './jira-data.ts';
import type { ChangeHistory, ChangeItem, Issue, Worklog } from './types.ts';

export type WorklogInput = Pick<Worklog, 'comment' | 'started' | 'timeSpentSeconds' | 'visibility'>;

function totalTimeSpent(issue: Issue): number {
  return issue.worklogs.reduce((sum, worklog) => sum + worklog.timeSpentSeconds, 0);
}

function timeSpentItem(before: number, after: number): ChangeItem[] {
  if (before === after) return [];
  const text = (seconds: number) => (seconds === 0 ? null : String(seconds));
  return [
    {
      field: 'timespent',
      fieldtype: 'jira',
      fieldId: 'timespent',
      from: text(before),
      fromString: text(before),
      to: text(after),
      toString: text(after),
    },
  ];
}

function emit(
  rc: RenderContext,
  issue: Issue,
  worklog: Worklog,
  history: ChangeHistory | null,
  kind: 'created' | 'updated' | 'deleted',
): void {
  const timestamp = rc.ctx.clock.now();
  const userId = rc.viewer.accountId;
  const eventTypeName = {
    created: 'issue_work_logged',
    updated: 'issue_worklog_updated',
    deleted: 'issue_worklog_deleted',
  }[kind];
  rc.ctx.events.emit({ webhookEvent: `worklog_${kind}`, issue, worklog, userId, timestamp });
  rc.ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: history,
    eventTypeName,
    comment: null,
    userId,
    timestamp,
  });
}

/** Adds a worklog by the requesting user. */
export function addWorklog(rc: RenderContext, issue: Issue, input: WorklogInput): Worklog {
  const now = rc.ctx.clock.now();
  const before = totalTimeSpent(issue);
  const worklog: Worklog = {
    id: nextId(rc.ctx.state.data, 'worklog'),
    authorId: rc.viewer.accountId,
    updateAuthorId: rc.viewer.accountId,
    created: now,
    updated: now,
    properties: {},
    ...input,
  };
  issue.worklogs.push(worklog);
  const history = recordHistory(rc, issue, rc.viewer.accountId, [
    ...timeSpentItem(before, totalTimeSpent(issue)),
    { field: 'WorklogId', fieldtype: 'jira', from: null, fromString: null, to: worklog.id, toString: worklog.id },
  ]);
  emit(rc, issue, worklog, history, 'created');
  return worklog;
}

/** Replaces the given parts of a worklog. */
export function updateWorklog(rc: RenderContext, issue: Issue, worklog: Worklog, changes: Partial<WorklogInput>): void {
  const before = totalTimeSpent(issue);
  Object.assign(worklog, changes);
  worklog.updated = rc.ctx.clock.now();
  worklog.updateAuthorId = rc.viewer.accountId;
  const history = recordHistory(rc, issue, rc.viewer.accountId, timeSpentItem(before, totalTimeSpent(issue)));
  emit(rc, issue, worklog, history, 'updated');
}

/** Deletes a worklog, with history and events. */
export function deleteWorklog(rc: RenderContext, issue: Issue, worklog: Worklog): void {
  const before = totalTimeSpent(issue);
  issue.worklogs = issue.worklogs.filter((candidate) => candidate !== worklog);
  const seconds = String(worklog.timeSpentSeconds);
  const history = recordHistory(rc, issue, rc.viewer.accountId, [
    ...timeSpentItem(before, totalTimeSpent(issue)),
    { field: 'WorklogTimeSpent', fieldtype: 'jira', from: seconds, fromString: seconds, to: null, toString: null },
    { field: 'WorklogId', fieldtype: 'jira', from: worklog.id, fromString: worklog.id, to: null, toString: null },
  ]);
  emit(rc, issue, worklog, history, 'deleted');
}

/** Finds a worklog by id across all issues (for `POST /worklog/list`). */
export function findWorklogAnywhere(rc: RenderContext, id: string): { issue: Issue; worklog: Worklog } | undefined {
  for (const issue of rc.ctx.state.data.issues) {
    const worklog = issue.worklogs.find((candidate) => candidate.id === id);
    if (worklog) return { issue, worklog };
  }
  return undefined;
}
