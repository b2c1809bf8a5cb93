/**
 * Comments with visibility (group/role) and entity properties (Jira Service Management's `sd.public.comment`
 * marks internal comments). Restricted comments are invisible to users outside the group or role.
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { parseVisibility } from '../input/issue-update-request.ts';
import { canSee } from '../model/comment-visibility.ts';
import { nextId } from '../model/jira-data.ts';
import type { Comment, Issue } from '../model/types.ts';
import { renderComment, visibleComments } from '../render/comment-view.ts';
import { parseExpand } from '../render/field-selection.ts';
import type { RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import { queryInt, queryString, requireIssue } from './issue-lookup.ts';
import { isJsonObject } from '../input/json-object.ts';

function requireComment(rc: RenderContext, issue: Issue, id: string | undefined): Comment {
  const comment = issue.comments.find((candidate) => candidate.id === id);
  if (!comment || !canSee(rc.ctx.state, rc.viewer, issue, comment.visibility)) {
    throw new JiraError(404, [`Can not find a comment for the id: ${id ?? ''}.`]);
  }
  return comment;
}

function parseCommentBody(
  rc: RenderContext,
  body: unknown,
): { body: Comment['body']; visibility: Comment['visibility'] | undefined; properties: Record<string, unknown> } {
  if (!isJsonObject(body)) throw new JiraError(400, ['Comment body can not be empty!']);
  const text = parseRichText(rc, body['body']);
  if (!text.ok) throw new JiraError(400, [], { comment: text.message });
  if (text.value === null) throw new JiraError(400, [], { comment: 'Comment body can not be empty!' });
  const visibility = body['visibility'] === undefined ? undefined : parseVisibility(body['visibility']);
  if (visibility && !visibility.ok) throw new JiraError(400, [], { commentLevel: visibility.message });
  if (visibility?.ok && visibility.value) {
    const { state } = rc.ctx;
    const { type, value } = visibility.value;
    const known =
      type === 'group'
        ? state.data.groups.some((group) => group.name.toLowerCase() === value.toLowerCase())
        : state.data.roles.some((role) => role.name === value || String(role.id) === value);
    if (!known)
      throw new JiraError(400, [], {
        commentLevel: type === 'group' ? `Group: ${value} does not exist.` : `Role: ${value} does not exist.`,
      });
  }
  const properties: Record<string, unknown> = {};
  if (Array.isArray(body['properties'])) {
    for (const entry of body['properties']) {
      if (isJsonObject(entry) && typeof entry['key'] === 'string') properties[entry['key']] = entry['value'];
    }
  }
  return { body: text.value, visibility: visibility?.ok ? visibility.value : undefined, properties };
}

function emitIssueUpdated(rc: RenderContext, issue: Issue, comment: Comment, eventTypeName: string): void {
  rc.ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: null,
    eventTypeName,
    comment,
    userId: rc.viewer.accountId,
    timestamp: rc.ctx.clock.now(),
  });
}

export const commentRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/comment',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const startAt = queryInt(query, 'startAt', 0);
      const maxResults = queryInt(query, 'maxResults', 5000, 5000);
      let comments = visibleComments(rc, issue);
      const orderBy = queryString(query, 'orderBy');
      if (orderBy === '-created') comments = [...comments].reverse();
      const expand = parseExpand(query['expand']);
      const page = comments
        .slice(startAt, startAt + maxResults)
        .map((comment) => renderComment(rc, issue, comment, expand));
      return ok({ startAt, maxResults, total: comments.length, comments: page });
    },
  },
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/comment',
    handler: ({ rc, params, body, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const parsed = parseCommentBody(rc, body);
      const now = rc.ctx.clock.now();
      const comment: Comment = {
        id: nextId(rc.ctx.state.data, 'comment'),
        authorId: rc.viewer.accountId,
        updateAuthorId: rc.viewer.accountId,
        body: parsed.body,
        created: now,
        updated: now,
        visibility: parsed.visibility ?? null,
        properties: parsed.properties,
      };
      issue.comments.push(comment);
      issue.updated = now;
      rc.ctx.state.touch();
      rc.ctx.events.emit({
        webhookEvent: 'comment_created',
        issue,
        comment,
        userId: rc.viewer.accountId,
        timestamp: now,
      });
      emitIssueUpdated(rc, issue, comment, 'issue_commented');
      return created(renderComment(rc, issue, comment, parseExpand(query['expand'])));
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/comment/:id',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      return ok(renderComment(rc, issue, requireComment(rc, issue, params['id']), parseExpand(query['expand'])));
    },
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey/comment/:id',
    handler: ({ rc, params, body, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const comment = requireComment(rc, issue, params['id']);
      const parsed = parseCommentBody(rc, body);
      const now = rc.ctx.clock.now();
      comment.body = parsed.body;
      if (parsed.visibility !== undefined) comment.visibility = parsed.visibility;
      Object.assign(comment.properties, parsed.properties);
      comment.updated = now;
      comment.updateAuthorId = rc.viewer.accountId;
      issue.updated = now;
      rc.ctx.state.touch();
      rc.ctx.events.emit({
        webhookEvent: 'comment_updated',
        issue,
        comment,
        userId: rc.viewer.accountId,
        timestamp: now,
      });
      emitIssueUpdated(rc, issue, comment, 'issue_comment_edited');
      return ok(renderComment(rc, issue, comment, parseExpand(query['expand'])));
    },
  },
  {
    method: 'DELETE',
    path: '/issue/:issueIdOrKey/comment/:id',
    handler: ({ rc, params }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const comment = requireComment(rc, issue, params['id']);
      issue.comments = issue.comments.filter((candidate) => candidate !== comment);
      const now = rc.ctx.clock.now();
      issue.updated = now;
      rc.ctx.state.touch();
      rc.ctx.events.emit({
        webhookEvent: 'comment_deleted',
        issue,
        comment,
        userId: rc.viewer.accountId,
        timestamp: now,
      });
      emitIssueUpdated(rc, issue, comment, 'issue_comment_deleted');
      return noContent();
    },
  },
];

/** Finds a comment by id across issues (comment property routes address comments without their issue). */
export function findCommentAnywhere(
  rc: RenderContext,
  commentId: string | undefined,
): { issue: Issue; comment: Comment } {
  for (const issue of rc.ctx.state.data.issues) {
    const comment = issue.comments.find((candidate) => candidate.id === commentId);
    if (comment && canSee(rc.ctx.state, rc.viewer, issue, comment.visibility)) return { issue, comment };
  }
  throw new JiraError(404, [`Can not find a comment for the id: ${commentId ?? ''}.`]);
}
