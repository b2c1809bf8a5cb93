/** Worklogs as Jira renders them. */
import { canSee } from '../model/comment-visibility.ts';
import type { Issue, Worklog } from '../model/types.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import { apiBase, type RenderContext } from './render-context.ts';
import { renderRichText } from './rich-text-view.ts';
import { renderUserRef } from './user-view.ts';

/** Jira's short duration form: `1w 2d 3h 4m` with 5-day weeks and 8-hour days. */
export function formatDuration(seconds: number): string {
  const units: [string, number][] = [
    ['w', 5 * 8 * 3600],
    ['d', 8 * 3600],
    ['h', 3600],
    ['m', 60],
  ];
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}

/** Parses Jira's duration form (`1w 2d 3h 4m`, or plain minutes) into seconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 60;
  const sizes: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };
  let total = 0;
  for (const part of trimmed.split(/\s+/)) {
    const match = /^(\d+(?:\.\d+)?)([wdhm])$/.exec(part);
    if (!match) return undefined;
    total += Number(match[1]) * (sizes[match[2] as string] as number);
  }
  return Math.round(total);
}

export function renderWorklog(rc: RenderContext, issue: Issue, worklog: Worklog): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/issue/${issue.id}/worklog/${worklog.id}`,
    author: renderUserRef(rc, worklog.authorId),
    updateAuthor: renderUserRef(rc, worklog.updateAuthorId),
  };
  if (worklog.comment !== null) view['comment'] = renderRichText(rc, worklog.comment);
  Object.assign(view, {
    created: formatJiraDateTime(worklog.created),
    updated: formatJiraDateTime(worklog.updated),
    started: formatJiraDateTime(worklog.started),
    timeSpent: formatDuration(worklog.timeSpentSeconds),
    timeSpentSeconds: worklog.timeSpentSeconds,
    id: worklog.id,
    issueId: issue.id,
  });
  if (worklog.visibility) view['visibility'] = { ...worklog.visibility };
  return view;
}

export function visibleWorklogs(rc: RenderContext, issue: Issue): Worklog[] {
  return issue.worklogs.filter((worklog) => canSee(rc.ctx.state, rc.viewer, issue, worklog.visibility));
}

/** The `worklog` field of an issue. */
export function renderWorklogField(rc: RenderContext, issue: Issue): Record<string, unknown> {
  const worklogs = visibleWorklogs(rc, issue).map((worklog) => renderWorklog(rc, issue, worklog));
  return { startAt: 0, maxResults: 20, total: worklogs.length, worklogs: worklogs.slice(0, 20) };
}
