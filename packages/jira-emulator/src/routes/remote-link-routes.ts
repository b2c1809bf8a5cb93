/**
 * Remote issue links: list (or one by `globalId`), upsert by `globalId` (201 new, 200 updated, body `{id, self}`),
 * get/replace/delete by id, delete by `globalId`.
 */
import { JiraError } from '../http/jira-error.ts';
import { created, noContent, ok, type RouteDefinition } from '../http/route-definition.ts';
import {
  deleteRemoteLink,
  parseRemoteLinkRequest,
  updateRemoteLink,
  upsertRemoteLink,
} from '../model/remote-link-operations.ts';
import type { Issue, RemoteLink } from '../model/types.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import { queryString, requireIssue } from './issue-lookup.ts';

function remoteLinkSelf(rc: RenderContext, issue: Issue, link: RemoteLink): string {
  return `${apiBase(rc)}/issue/${issue.key}/remotelink/${link.id}`;
}

/** A remote link as Jira renders it; empty application/icon/status objects are sent as `{}` like Jira does. */
export function renderRemoteLink(rc: RenderContext, issue: Issue, link: RemoteLink): Record<string, unknown> {
  const view: Record<string, unknown> = { id: link.id, self: remoteLinkSelf(rc, issue, link) };
  if (link.globalId !== null) view['globalId'] = link.globalId;
  view['application'] = { ...(link.application ?? {}) };
  if (link.relationship !== null) view['relationship'] = link.relationship;
  const object = link.object;
  view['object'] = {
    url: object.url,
    title: object.title,
    ...(object.summary === undefined ? {} : { summary: object.summary }),
    icon: { ...(object.icon ?? {}) },
    status: {
      ...(object.status?.resolved === undefined ? {} : { resolved: object.status.resolved }),
      icon: { ...(object.status?.icon ?? {}) },
    },
  };
  return view;
}

function notFoundByGlobalId(globalId: string): JiraError {
  return new JiraError(404, [`No remote issue link with global id '${globalId}' exists on this issue.`]);
}

/** The link `linkId` of the issue: 400 for a malformed id or a link of another issue, 404 when there is none. */
function requireLink(rc: RenderContext, issue: Issue, linkId: string | undefined): RemoteLink {
  if (!linkId || !/^\d+$/.test(linkId)) throw new JiraError(400, [`Invalid remote issue link id '${linkId ?? ''}'.`]);
  const link = issue.remoteLinks.find((candidate) => String(candidate.id) === linkId);
  if (link) return link;
  const elsewhere = rc.ctx.state.data.issues.some((other) =>
    other.remoteLinks.some((candidate) => String(candidate.id) === linkId),
  );
  if (elsewhere)
    throw new JiraError(400, [`The remote issue link with id '${linkId}' does not belong to issue '${issue.key}'.`]);
  throw new JiraError(404, [`No remote issue link with id '${linkId}' exists.`]);
}

export const remoteLinkRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/remotelink',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const globalId = queryString(query, 'globalId');
      if (globalId === undefined) return ok(issue.remoteLinks.map((link) => renderRemoteLink(rc, issue, link)));
      const link = issue.remoteLinks.find((candidate) => candidate.globalId === globalId);
      if (!link) throw notFoundByGlobalId(globalId);
      return ok(renderRemoteLink(rc, issue, link));
    },
  },
  {
    method: 'POST',
    path: '/issue/:issueIdOrKey/remotelink',
    handler: ({ rc, params, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const outcome = upsertRemoteLink(rc, issue, parseRemoteLinkRequest(body));
      const identifies = { id: outcome.link.id, self: remoteLinkSelf(rc, issue, outcome.link) };
      return outcome.created ? created(identifies) : ok(identifies);
    },
  },
  {
    method: 'DELETE',
    path: '/issue/:issueIdOrKey/remotelink',
    handler: ({ rc, params, query }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const globalId = queryString(query, 'globalId');
      if (globalId === undefined || globalId === '') throw new JiraError(400, [], { id: 'globalId is required.' });
      const link = issue.remoteLinks.find((candidate) => candidate.globalId === globalId);
      if (!link) throw notFoundByGlobalId(globalId);
      deleteRemoteLink(rc, issue, link);
      return noContent();
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/remotelink/:linkId',
    handler: ({ rc, params }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      return ok(renderRemoteLink(rc, issue, requireLink(rc, issue, params['linkId'])));
    },
  },
  {
    method: 'PUT',
    path: '/issue/:issueIdOrKey/remotelink/:linkId',
    handler: ({ rc, params, body }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      const link = requireLink(rc, issue, params['linkId']);
      updateRemoteLink(rc, issue, link, parseRemoteLinkRequest(body));
      return noContent();
    },
  },
  {
    method: 'DELETE',
    path: '/issue/:issueIdOrKey/remotelink/:linkId',
    handler: ({ rc, params }) => {
      const issue = requireIssue(rc, params['issueIdOrKey']);
      deleteRemoteLink(rc, issue, requireLink(rc, issue, params['linkId']));
      return noContent();
    },
  },
];
