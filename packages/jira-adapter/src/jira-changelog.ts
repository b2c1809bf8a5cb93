/**
 * An issue's change history in the tracker port's shape (TrackerChange), oldest first: Cloud's paged
 * `/issue/{id}/changelog`, Data Center's `expand=changelog` on the issue (see JiraFlavorCapabilities.changelogSource).
 */
import type { TrackerChange } from '@tandem/core';
import { z } from 'zod';
import { enc, issueRequest, type JiraRest } from './jira-rest.ts';
import { jiraDate } from './jira-response-schemas.ts';

const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => (value === null || value === undefined ? null : String(value)));

const history = z
  .object({
    created: jiraDate,
    author: z.looseObject({ accountId: z.string().optional(), name: z.string().optional() }).nullish(),
    items: z.array(
      z.object({
        field: z.string(),
        fieldId: z.string().nullish(),
        from: text,
        fromString: text,
        to: text,
        toString: text,
      }),
    ),
  })
  .transform((entry): TrackerChange => ({
    at: entry.created,
    authorId: entry.author?.accountId ?? entry.author?.name ?? null,
    items: entry.items.map((item) => ({
      field: item.field,
      fieldId: item.fieldId ?? null,
      from: item.from,
      fromString: item.fromString,
      to: item.to,
      toString: item.toString,
    })),
  }));

const page = z.object({
  startAt: z.number(),
  maxResults: z.number(),
  total: z.number(),
  isLast: z.boolean().optional(),
  values: z.array(history),
});

const expanded = z.object({
  changelog: z.object({ histories: z.array(history) }).optional(),
});

export async function issueChangelog(rest: JiraRest, issueId: string, pageSize: number): Promise<TrackerChange[]> {
  if (rest.capabilities.changelogSource === 'issue-expand') {
    const answer = await rest.json(
      {
        method: 'GET',
        route: '/issue/{id}',
        path: `/issue/${enc(issueId)}`,
        query: { fields: 'created', expand: 'changelog' },
        issue: issueId,
      },
      expanded,
    );
    return [...(answer.changelog?.histories ?? [])].sort((x, y) => x.at - y.at);
  }
  const changes: TrackerChange[] = [];
  for (let startAt = 0; ;) {
    const answer = await rest.json(
      issueRequest('GET', issueId, '/changelog', '/changelog', {
        query: { startAt: String(startAt), maxResults: String(pageSize) },
      }),
      page,
    );
    changes.push(...answer.values);
    startAt += answer.values.length;
    if (answer.isLast === true || answer.values.length === 0 || startAt >= answer.total) break;
  }
  return changes.sort((x, y) => x.at - y.at);
}
