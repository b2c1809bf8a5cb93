/**
 * Worklogs: every worklog of an issue (Jira embeds twenty in the issue; the rest come from the worklog list, which
 * Cloud pages and Data Center answers whole), and adding, editing and deleting one, with its comment in the flavour's
 * rich text.
 */
import type { NewWorklog, TrackerWorklog } from '@tandem/core';
import type { z } from 'zod';
import type { FieldWriteRequests } from './field-write-requests.ts';
import { jiraDateTime } from './jira-field-writers.ts';
import type { JiraSchemas } from './jira-response-schemas.ts';
import { enc, issueRequest, type JiraRest } from './jira-rest.ts';

type ParsedWorklog = z.output<JiraSchemas['worklog']>;
type WorklogPage = z.output<JiraSchemas['worklogPage']>;

/** Every worklog of an issue: the embedded page when it is complete, else the whole worklog list. */
export async function allWorklogs(
  rest: JiraRest,
  issueKey: string,
  embedded: WorklogPage | undefined,
  pageSize: number,
): Promise<TrackerWorklog[]> {
  if (embedded === undefined) return [];
  if (embedded.total <= embedded.worklogs.length) return embedded.worklogs.map(toWorklog);
  const worklogs: ParsedWorklog[] = [];
  for (let startAt = 0; ;) {
    const page = await rest.json(
      {
        method: 'GET',
        route: '/issue/{id}/worklog',
        path: `/issue/${enc(issueKey)}/worklog`,
        query: { startAt, maxResults: pageSize },
        issue: issueKey,
      },
      rest.schemas.worklogPage,
    );
    worklogs.push(...page.worklogs);
    startAt = (page.startAt ?? startAt) + page.worklogs.length;
    if (page.worklogs.length === 0 || startAt >= page.total) return worklogs.map(toWorklog);
  }
}

/** Logs work on an issue; answers the new worklog's id. */
export async function addWorklog(
  rest: JiraRest,
  writes: FieldWriteRequests,
  issueId: string,
  worklog: NewWorklog,
): Promise<{ id: string }> {
  const json: Record<string, unknown> = {
    started: jiraDateTime(worklog.started),
    timeSpentSeconds: worklog.timeSpentSeconds,
  };
  if (worklog.comment !== null) json['comment'] = rest.richText(worklog.comment, issueId);
  const created = await writes.namingFields(issueId, () =>
    rest.json(
      issueRequest('POST', issueId, '/worklog', '/worklog', { json, idempotent: false }),
      rest.schemas.createdId,
    ),
  );
  return { id: created.id };
}

/** Replaces a worklog's start, time spent and comment (a null comment clears it). */
export async function updateWorklog(
  rest: JiraRest,
  writes: FieldWriteRequests,
  issueId: string,
  worklogId: string,
  worklog: NewWorklog,
): Promise<void> {
  const json = {
    started: jiraDateTime(worklog.started),
    timeSpentSeconds: worklog.timeSpentSeconds,
    comment: rest.richText(worklog.comment, issueId),
  };
  await writes.namingFields(issueId, () =>
    rest.call(issueRequest('PUT', issueId, '/worklog/{worklogId}', `/worklog/${enc(worklogId)}`, { json })),
  );
}

/** Deletes a worklog. */
export async function deleteWorklog(rest: JiraRest, issueId: string, worklogId: string): Promise<void> {
  await rest.call(issueRequest('DELETE', issueId, '/worklog/{worklogId}', `/worklog/${enc(worklogId)}`));
}

function toWorklog(worklog: ParsedWorklog): TrackerWorklog {
  return {
    id: worklog.id,
    author: worklog.author,
    started: worklog.started,
    timeSpentSeconds: worklog.timeSpentSeconds,
    comment: worklog.comment,
    updated: worklog.updated,
  };
}
