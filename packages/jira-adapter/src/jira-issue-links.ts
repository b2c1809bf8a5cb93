/**
 * Links between issues of one instance: the link types, adding and deleting a link, and an issue's links as seen from
 * that issue. Jira's words are confusing here: in `POST /issueLink` the `inwardIssue` is the link's source (the one
 * that "blocks"), while in an issue's own `issuelinks` the other end is under `outwardIssue` when this issue is the
 * source. Tandem's port says it plainly: `outwardIssueId` <outward description> `inwardIssueId`.
 */
import type { IssueLinkTypeInfo, TrackerIssueLink } from '@tandem/core';
import type { z } from 'zod';
import type { JiraSchemas } from './jira-response-schemas.ts';
import { enc, type JiraRest } from './jira-rest.ts';

type ParsedIssueLinks = NonNullable<z.output<JiraSchemas['issue']>['fields']['issuelinks']>;

/** The instance's link types with their two descriptions. */
export async function listIssueLinkTypes(rest: JiraRest): Promise<IssueLinkTypeInfo[]> {
  const answer = await rest.json(
    { method: 'GET', route: '/issueLinkType', path: '/issueLinkType', subject: 'issue link types' },
    rest.schemas.linkTypes,
  );
  return answer.issueLinkTypes.map((type) => ({ name: type.name, inward: type.inward, outward: type.outward }));
}

/** Links `outwardIssueId` <type's outward description> `inwardIssueId` ("A blocks B"). */
export async function addIssueLink(
  rest: JiraRest,
  input: { type: string; outwardIssueId: string; inwardIssueId: string },
): Promise<void> {
  await rest.call({
    method: 'POST',
    route: '/issueLink',
    path: '/issueLink',
    json: {
      type: { name: input.type },
      inwardIssue: { id: input.outwardIssueId },
      outwardIssue: { id: input.inwardIssueId },
    },
    issue: input.outwardIssueId,
    // Jira keeps a single link for a repeated request, so sending it again is harmless.
    idempotent: true,
  });
}

/** Deletes a link by its id. */
export async function deleteIssueLink(rest: JiraRest, linkId: string): Promise<void> {
  await rest.call({
    method: 'DELETE',
    route: '/issueLink/{id}',
    path: `/issueLink/${enc(linkId)}`,
    subject: `issue link ${linkId}`,
  });
}

/** An issue's `issuelinks` from that issue's point of view. */
export function linksOfIssue(issuelinks: ParsedIssueLinks): TrackerIssueLink[] {
  return issuelinks.flatMap((link): TrackerIssueLink[] => {
    const other = link.outwardIssue ?? link.inwardIssue;
    if (other === undefined) return [];
    return [
      {
        id: link.id,
        type: link.type.name,
        direction: link.outwardIssue !== undefined ? 'outward' : 'inward',
        issue: { id: other.id, key: other.key },
      },
    ];
  });
}
