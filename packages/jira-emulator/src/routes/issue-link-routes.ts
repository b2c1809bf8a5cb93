/**
 * Issue links and link types: `POST /issueLink` (201, no body; optional comment on the source issue),
 * `GET`/`DELETE /issueLink/{id}`, `GET /issueLinkType/{id}`. Links show in each issue's `issuelinks` field.
 */
import { JiraError } from '../http/jira-error.ts';
import { noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import { parseVisibility } from '../input/issue-update-request.ts';
import { createIssueLink, deleteIssueLink } from '../model/issue-link-operations.ts';
import { nextId } from '../model/jira-data.ts';
import type { Comment, Issue, IssueLink, IssueLinkType } from '../model/types.ts';
import { renderLinkType } from '../render/entity-views.ts';
import { renderIssueRef } from '../render/issue-view.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import { requireIssue } from './issue-lookup.ts';
import { isJsonObject } from '../input/json-object.ts';

/** The link type a request names by `id` or `name` (names match case-insensitively, as in Jira). */
function requireLinkType(rc: RenderContext, raw: unknown): IssueLinkType {
  const ref = isJsonObject(raw) ? raw : {};
  const types = rc.ctx.state.data.linkTypes;
  if (typeof ref['id'] === 'string' || typeof ref['id'] === 'number') {
    const id = String(ref['id']);
    const type = types.find((candidate) => candidate.id === id);
    if (!type) throw new JiraError(404, [`No issue link type with id '${id}' found.`]);
    return type;
  }
  const name = typeof ref['name'] === 'string' ? ref['name'] : null;
  const type =
    name === null ? undefined : types.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
  if (!type) throw new JiraError(404, [`No issue link type with name '${String(name)}' found.`]);
  return type;
}

/** The issue a request names by `key` or `id`. */
function requireLinkedIssue(rc: RenderContext, raw: unknown): Issue {
  const ref = isJsonObject(raw) ? raw : {};
  const idOrKey =
    typeof ref['key'] === 'string'
      ? ref['key']
      : typeof ref['id'] === 'string' || typeof ref['id'] === 'number'
        ? String(ref['id'])
        : undefined;
  return requireIssue(rc, idOrKey);
}

/** The optional comment of a link request, validated before anything is created (Jira: 400 and no link). */
function parseLinkComment(rc: RenderContext, raw: unknown): Pick<Comment, 'body' | 'visibility'> | null {
  if (raw === undefined || raw === null) return null;
  if (!isJsonObject(raw)) throw new JiraError(400, [], { comment: 'Comment body can not be empty!' });
  const text = parseRichText(rc, raw['body']);
  if (!text.ok) throw new JiraError(400, [], { comment: text.message });
  if (text.value === null) throw new JiraError(400, [], { comment: 'Comment body can not be empty!' });
  const visibility = parseVisibility(raw['visibility']);
  if (!visibility.ok) throw new JiraError(400, [], { commentLevel: visibility.message });
  return { body: text.value, visibility: visibility.value };
}

function addLinkComment(rc: RenderContext, issue: Issue, input: Pick<Comment, 'body' | 'visibility'>): void {
  const now = rc.ctx.clock.now();
  const comment: Comment = {
    id: nextId(rc.ctx.state.data, 'comment'),
    authorId: rc.viewer.accountId,
    updateAuthorId: rc.viewer.accountId,
    body: input.body,
    created: now,
    updated: now,
    visibility: input.visibility,
    properties: {},
  };
  issue.comments.push(comment);
  issue.updated = now;
  rc.ctx.state.touch();
  const userId = rc.viewer.accountId;
  rc.ctx.events.emit({ webhookEvent: 'comment_created', issue, comment, userId, timestamp: now });
  rc.ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: null,
    eventTypeName: 'issue_commented',
    comment,
    userId,
    timestamp: now,
  });
}

function requireIssueLink(rc: RenderContext, id: string | undefined): IssueLink {
  if (!id || !/^\d+$/.test(id)) throw new JiraError(400, [`The issue link id '${id ?? ''}' is invalid.`]);
  const link = rc.ctx.state.data.issueLinks.find((candidate) => candidate.id === id);
  if (!link) throw new JiraError(404, [`No issue link with id '${id}' exists.`]);
  return link;
}

function renderIssueLink(rc: RenderContext, link: IssueLink): Record<string, unknown> {
  const { state } = rc.ctx;
  const type = state.data.linkTypes.find((candidate) => candidate.id === link.typeId);
  const inward = state.issueById(link.inwardIssueId);
  const outward = state.issueById(link.outwardIssueId);
  if (!type || !inward || !outward) throw new JiraError(404, [`No issue link with id '${link.id}' exists.`]);
  return {
    id: link.id,
    self: `${apiBase(rc)}/issueLink/${link.id}`,
    type: renderLinkType(rc, type),
    inwardIssue: renderIssueRef(rc, inward),
    outwardIssue: renderIssueRef(rc, outward),
  };
}

export const issueLinkRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/issueLink',
    handler: ({ rc, body }) => {
      const request = isJsonObject(body) ? body : {};
      const type = requireLinkType(rc, request['type']);
      const source = requireLinkedIssue(rc, request['inwardIssue']);
      const target = requireLinkedIssue(rc, request['outwardIssue']);
      const comment = parseLinkComment(rc, request['comment']);
      createIssueLink(rc, type, source, target);
      if (comment) addLinkComment(rc, source, comment);
      return { status: 201 };
    },
  },
  {
    method: 'GET',
    path: '/issueLink/:linkId',
    handler: ({ rc, params }) => ok(renderIssueLink(rc, requireIssueLink(rc, params['linkId']))),
  },
  {
    method: 'DELETE',
    path: '/issueLink/:linkId',
    handler: ({ rc, params }) => {
      deleteIssueLink(rc, requireIssueLink(rc, params['linkId']));
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/issueLinkType/:issueLinkTypeId',
    handler: ({ rc, params }) => {
      const id = params['issueLinkTypeId'] ?? '';
      const type = rc.ctx.state.data.linkTypes.find((candidate) => candidate.id === id);
      if (!type) throw new JiraError(404, [`No issue link type with id '${id}' found.`]);
      return ok(renderLinkType(rc, type));
    },
  },
];
