/**
 * Links between issues. As in Jira's REST API, the request's `inwardIssue` is the link's source: it reads
 * "<inwardIssue> <outward description> <outwardIssue>" (e.g. "A blocks B"). Creating or deleting a link records a
 * `Link` history item (no fieldId; `to`/`from` is the other issue's key) on both issues, moves their `updated`, and
 * raises issuelink_created / issuelink_deleted.
 */
import type { RenderContext } from '../render/render-context.ts';
import { recordHistory } from './issue-writer.ts';
import { nextId } from './jira-data.ts';
import type { ChangeItem, Issue, IssueLink, IssueLinkType } from './types.ts';

function linkItem(other: Issue, description: string, added: boolean): ChangeItem {
  const text = `This issue ${description} ${other.key}`;
  return added
    ? { field: 'Link', fieldtype: 'jira', from: null, fromString: null, to: other.key, toString: text }
    : { field: 'Link', fieldtype: 'jira', from: other.key, fromString: text, to: null, toString: null };
}

function recordOnBoth(rc: RenderContext, type: IssueLinkType, source: Issue, target: Issue, added: boolean): void {
  recordHistory(rc, source, rc.viewer.accountId, [linkItem(target, type.outward, added)]);
  if (target !== source) recordHistory(rc, target, rc.viewer.accountId, [linkItem(source, type.inward, added)]);
}

/** Links `source` to `target` with `type`; an identical existing link is kept (Jira answers 201 for duplicates too). */
export function createIssueLink(rc: RenderContext, type: IssueLinkType, source: Issue, target: Issue): IssueLink {
  const { state } = rc.ctx;
  const existing = state.data.issueLinks.find(
    (link) => link.typeId === type.id && link.inwardIssueId === source.id && link.outwardIssueId === target.id,
  );
  if (existing) return existing;
  const link: IssueLink = {
    id: nextId(state.data, 'issuelink'),
    typeId: type.id,
    inwardIssueId: source.id,
    outwardIssueId: target.id,
  };
  state.data.issueLinks.push(link);
  recordOnBoth(rc, type, source, target, true);
  rc.ctx.events.emit({
    webhookEvent: 'issuelink_created',
    link,
    userId: rc.viewer.accountId,
    timestamp: rc.ctx.clock.now(),
  });
  return link;
}

/** Removes a link, with history on both issues and issuelink_deleted. */
export function deleteIssueLink(rc: RenderContext, link: IssueLink): void {
  const { state } = rc.ctx;
  state.data.issueLinks = state.data.issueLinks.filter((candidate) => candidate.id !== link.id);
  const type = state.data.linkTypes.find((candidate) => candidate.id === link.typeId);
  const source = state.issueById(link.inwardIssueId);
  const target = state.issueById(link.outwardIssueId);
  if (type && source && target) recordOnBoth(rc, type, source, target, false);
  else state.touch();
  rc.ctx.events.emit({
    webhookEvent: 'issuelink_deleted',
    link,
    userId: rc.viewer.accountId,
    timestamp: rc.ctx.clock.now(),
  });
}
