/**
 * The body Jira POSTs for an event, in the shapes of the captured real payloads (fixtures/webhooks-mattermost):
 * REST v2 representation (wiki markup) rendered at the moment of the change, with the webhook owner as the viewer,
 * so restricted comments the owner may not read never leave the emulator.
 *
 * Per flavour, as captured: Cloud comment events carry `comment` and a compact `issue` but no `user`; Data Center
 * comment events carry `comment` only (plus `user` on update and delete). Issue events carry `user`, the full
 * `issue`, `issue_event_type_name` (not on deletes) and `changelog` ({id, items}) where there is one; Cloud and
 * Data Center both send a creation changelog listing the initial values.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { canSee } from '../model/comment-visibility.ts';
import type { JiraEvent } from '../model/jira-events.ts';
import { changeItemsFor } from '../model/issue-writer.ts';
import { nextId } from '../model/jira-data.ts';
import type { ChangeItem, Comment, Issue, User } from '../model/types.ts';
import { renderAttachment } from '../render/attachment-view.ts';
import { renderChangeItem } from '../render/changelog-view.ts';
import { renderComment } from '../render/comment-view.ts';
import { renderIssue, renderIssueFields } from '../render/issue-view.ts';
import type { RenderContext } from '../render/render-context.ts';
import { apiBase } from '../render/render-context.ts';
import { renderUserRef } from '../render/user-view.ts';
import { renderWorklog } from '../render/worklog-view.ts';

/** Fields of the compact issue Cloud puts in comment events. */
const COMMENT_EVENT_ISSUE_FIELDS = new Set(['summary', 'issuetype', 'project', 'assignee', 'priority', 'status']);

/** issue_event_type_name values that are about one comment: without that comment there is nothing to tell. */
const COMMENT_EVENT_TYPES = new Set(['issue_commented', 'issue_comment_edited', 'issue_comment_deleted']);

function renderFullIssue(rc: RenderContext, issue: Issue): Record<string, unknown> {
  const view = renderIssue(rc, issue, { fields: () => true, expand: new Set() });
  // Webhook issues carry no `expand` list (GET /issue does).
  delete view['expand'];
  return view;
}

function renderCompactIssue(rc: RenderContext, issue: Issue): Record<string, unknown> {
  return {
    id: issue.id,
    self: `${apiBase(rc)}/issue/${issue.id}`,
    key: issue.key,
    fields: renderIssueFields(rc, issue, (fieldId) => COMMENT_EVENT_ISSUE_FIELDS.has(fieldId)),
  };
}

/** The initial values of a new issue as change items, as Jira's creation changelog lists them. */
function creationItems(rc: RenderContext, issue: Issue): ChangeItem[] {
  const f = issue.fields;
  const items: ChangeItem[] = [];
  const add = (fieldId: string, empty: unknown, value: unknown) => {
    const isEmpty = value === null || value === undefined || (Array.isArray(value) && value.length === 0);
    if (!isEmpty) items.push(...changeItemsFor(rc, issue, fieldId, empty, value));
  };
  add('assignee', null, f.assignee);
  add('components', [], f.components);
  for (const [fieldId, value] of Object.entries(f.custom)) add(fieldId, null, value);
  add('description', null, f.description);
  add('duedate', null, f.duedate);
  add('environment', null, f.environment);
  add('fixVersions', [], f.fixVersions);
  add('labels', [], f.labels);
  add('priority', null, f.priority);
  add('reporter', null, f.reporter);
  add('status', null, f.status);
  add('summary', null, f.summary);
  add('versions', [], f.versions);
  return items;
}

/** One creation changelog id per event, whichever webhooks receive it. */
const creationIds = new WeakMap<JiraEvent, string>();

function creationChangelogId(ctx: EmulatorContext, event: JiraEvent): string {
  let id = creationIds.get(event);
  if (id === undefined) {
    id = nextId(ctx.state.data, 'changelog');
    creationIds.set(event, id);
  }
  return id;
}

function renderChangelog(rc: RenderContext, id: string, items: ChangeItem[]): Record<string, unknown> {
  return { id, items: items.map((item) => renderChangeItem(rc, item)) };
}

function visible(rc: RenderContext, issue: Issue, comment: Comment): boolean {
  return canSee(rc.ctx.state, rc.viewer, issue, comment.visibility);
}

/** The JSON body for `event` as the webhook owned by `owner` receives it, or null when it must not be sent. */
export function buildWebhookPayload(
  ctx: EmulatorContext,
  owner: User,
  event: JiraEvent,
): Record<string, unknown> | null {
  const rc: RenderContext = { ctx, apiVersion: 2, viewer: owner };
  const cloud = ctx.flavor === 'cloud';
  const base = { timestamp: event.timestamp, webhookEvent: event.webhookEvent };
  const actor = () => renderUserRef(rc, event.userId);
  switch (event.webhookEvent) {
    case 'jira:issue_created': {
      const items = event.changelog?.items ?? creationItems(rc, event.issue);
      const changelogId = event.changelog?.id ?? creationChangelogId(ctx, event);
      return {
        ...base,
        issue_event_type_name: 'issue_created',
        user: actor(),
        issue: renderFullIssue(rc, event.issue),
        changelog: renderChangelog(rc, changelogId, items),
      };
    }
    case 'jira:issue_updated': {
      const commentVisible = event.comment !== null && visible(rc, event.issue, event.comment);
      if (COMMENT_EVENT_TYPES.has(event.eventTypeName) && event.comment !== null && !commentVisible) return null;
      const payload: Record<string, unknown> = {
        ...base,
        issue_event_type_name: event.eventTypeName,
        user: actor(),
        issue: renderFullIssue(rc, event.issue),
      };
      if (event.changelog) payload['changelog'] = renderChangelog(rc, event.changelog.id, event.changelog.items);
      // A deleted comment is not repeated in issue_comment_deleted (as captured).
      if (event.comment && commentVisible && event.eventTypeName !== 'issue_comment_deleted') {
        payload['comment'] = renderComment(rc, event.issue, event.comment);
      }
      return payload;
    }
    case 'jira:issue_deleted':
      return { ...base, user: actor(), issue: renderFullIssue(rc, event.issue) };
    case 'comment_created':
    case 'comment_updated':
    case 'comment_deleted': {
      if (!visible(rc, event.issue, event.comment)) return null;
      const comment = renderComment(rc, event.issue, event.comment);
      if (cloud) return { ...base, comment, issue: renderCompactIssue(rc, event.issue) };
      return event.webhookEvent === 'comment_created' ? { ...base, comment } : { ...base, user: actor(), comment };
    }
    case 'worklog_created':
    case 'worklog_updated':
    case 'worklog_deleted':
      if (!canSee(ctx.state, owner, event.issue, event.worklog.visibility)) return null;
      return { ...base, worklog: renderWorklog(rc, event.issue, event.worklog) };
    case 'attachment_created':
    case 'attachment_deleted':
      return { ...base, attachment: { ...renderAttachment(rc, event.attachment), issueId: event.issue.id } };
    case 'issuelink_created':
    case 'issuelink_deleted': {
      const type = ctx.state.data.linkTypes.find((candidate) => candidate.id === event.link.typeId);
      return {
        ...base,
        issueLink: {
          id: Number(event.link.id),
          sourceIssueId: Number(event.link.outwardIssueId),
          destinationIssueId: Number(event.link.inwardIssueId),
          issueLinkType: type
            ? {
                id: Number(type.id),
                name: type.name,
                outwardName: type.outward,
                inwardName: type.inward,
                isSubTaskLinkType: false,
                isSystemLinkType: false,
              }
            : null,
          systemLink: false,
        },
      };
    }
  }
}

/** The issues an event is about, for the webhook's JQL filter. */
export function eventIssues(ctx: EmulatorContext, event: JiraEvent): Issue[] {
  if ('issue' in event) return [event.issue];
  return [event.link.outwardIssueId, event.link.inwardIssueId]
    .map((id) => ctx.state.issueById(id))
    .filter((issue) => issue !== undefined);
}
