/** Comments as Jira renders them, with visibility and (Cloud) the JSM `jsdPublic` flag. */
import { canSee, isInternalComment } from '../model/comment-visibility.ts';
import type { Comment, Issue } from '../model/types.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import { apiBase, type RenderContext } from './render-context.ts';
import { renderRichText } from './rich-text-view.ts';
import { renderUserRef } from './user-view.ts';

export function renderComment(
  rc: RenderContext,
  issue: Issue,
  comment: Comment,
  expand = new Set<string>(),
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/issue/${issue.id}/comment/${comment.id}`,
    id: comment.id,
    author: renderUserRef(rc, comment.authorId),
    body: renderRichText(rc, comment.body),
    updateAuthor: renderUserRef(rc, comment.updateAuthorId),
    created: formatJiraDateTime(comment.created),
    updated: formatJiraDateTime(comment.updated),
  };
  if (comment.visibility) view['visibility'] = { ...comment.visibility };
  if (rc.ctx.flavor === 'cloud') view['jsdPublic'] = !isInternalComment(comment.properties);
  if (expand.has('properties')) {
    view['properties'] = Object.entries(comment.properties).map(([key, value]) => ({ key, value }));
  }
  if (expand.has('renderedBody')) view['renderedBody'] = renderedHtml(rc, comment.body);
  return view;
}

/** The comments of an issue this viewer may see, oldest first. */
export function visibleComments(rc: RenderContext, issue: Issue): Comment[] {
  return issue.comments.filter((comment) => canSee(rc.ctx.state, rc.viewer, issue, comment.visibility));
}

/** The `comment` field of an issue: a page holding every visible comment. */
export function renderCommentField(rc: RenderContext, issue: Issue): Record<string, unknown> {
  const comments = visibleComments(rc, issue).map((comment) => renderComment(rc, issue, comment));
  return {
    comments,
    self: `${apiBase(rc)}/issue/${issue.id}/comment`,
    maxResults: comments.length,
    total: comments.length,
    startAt: 0,
  };
}

/** A plain HTML rendering for `renderedFields`/`renderedBody` (paragraphs of escaped text). */
export function renderedHtml(rc: RenderContext, stored: Comment['body']): string | null {
  if (stored === null) return null;
  const wiki = typeof stored === 'string' ? stored : String(renderRichText({ ...rc, apiVersion: 2 }, stored));
  const escaped = wiki.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped
    .split(/\n{2,}/)
    .map((block) => `<p>${block.replace(/\n/g, '<br/>\n')}</p>`)
    .join('\n');
}
