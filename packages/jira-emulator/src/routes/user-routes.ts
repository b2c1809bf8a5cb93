/**
 * Users and groups through Jira's own endpoints: get, search, create; groups and membership.
 * Cloud identifies users by accountId and searches by `query`; Data Center by `username`/`key`.
 */
import { randomUUID } from 'node:crypto';
import { JiraError } from '../http/jira-error.ts';
import { created, ok, type RouteDefinition } from '../http/route-definition.ts';
import { makeUser } from '../model/defaults.ts';
import type { User } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';
import { renderUser } from '../render/user-view.ts';
import { queryInt, queryString } from './issue-lookup.ts';
import { renderFullUser } from './server-routes.ts';

function findRequestedUser(rc: RenderContext, query: Record<string, unknown>): User {
  const { state } = rc.ctx;
  const accountId = queryString(query, 'accountId');
  const username = queryString(query, 'username');
  const key = queryString(query, 'key');
  let user: User | undefined;
  if (rc.ctx.flavor === 'cloud') {
    if (!accountId) throw new JiraError(400, ["The query parameter 'accountId' is required."]);
    user = state.userById(accountId);
    if (!user) throw new JiraError(404, [`Specified user does not exist or you do not have required permissions`]);
  } else {
    user = username
      ? state.data.users.find((candidate) => candidate.name.toLowerCase() === username.toLowerCase())
      : key
        ? state.data.users.find((candidate) => candidate.key === key)
        : undefined;
    if (!user) throw new JiraError(404, [`The user named '${username ?? key ?? ''}' does not exist`]);
  }
  return user;
}

/**
 * Users matching a search text by display name, e-mail or username, active ones only.
 *
 * Cloud: Atlassian documents `query` as matched against `displayName` and `emailAddress`, with privacy controls
 * applied to the response. A query in the form of an address is matched against addresses only (people report that a
 * display name written like an address is not found that way), and a hidden address still matches when the query is
 * the whole address: the person is found, and rendered without `emailAddress`. A hidden address never matches by
 * prefix, so it cannot be guessed letter by letter.
 */
function searchUsers(rc: RenderContext, text: string): User[] {
  const lower = text.toLowerCase();
  if (rc.ctx.flavor === 'cloud' && lower.includes('@')) {
    return rc.ctx.state.data.users.filter((user) => {
      const email = user.emailAddress.toLowerCase();
      return user.active && (email === lower || (user.emailVisible && email.startsWith(lower)));
    });
  }
  return rc.ctx.state.data.users.filter((user) => {
    if (!user.active) return false;
    if (lower === '' || lower === '.') return true;
    const email = rc.ctx.flavor === 'datacenter' || user.emailVisible ? user.emailAddress.toLowerCase() : '';
    return (
      user.displayName
        .toLowerCase()
        .split(/\s+/)
        .some((word) => word.startsWith(lower)) ||
      user.displayName.toLowerCase().startsWith(lower) ||
      email.startsWith(lower) ||
      (rc.ctx.flavor === 'datacenter' && user.name.toLowerCase().startsWith(lower)) ||
      (rc.ctx.flavor === 'cloud' && user.accountId === text)
    );
  });
}

function pageOf<T>(items: T[], query: Record<string, unknown>): T[] {
  const startAt = queryInt(query, 'startAt', 0);
  const maxResults = queryInt(query, 'maxResults', 50, 1000);
  return items.slice(startAt, startAt + maxResults);
}

export const userRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/user',
    handler: ({ rc, query }) => ok(renderFullUser(rc, findRequestedUser(rc, query))),
  },
  {
    method: 'POST',
    path: '/user',
    handler: ({ rc, body }) => {
      const input = (body ?? {}) as Record<string, unknown>;
      const email = typeof input['emailAddress'] === 'string' ? input['emailAddress'] : '';
      if (!/^[^@\s]+@[^@\s]+$/.test(email))
        throw new JiraError(400, [], { emailAddress: 'You must specify a valid email address.' });
      const { state } = rc.ctx;
      if (state.data.users.some((user) => user.emailAddress.toLowerCase() === email.toLowerCase())) {
        throw new JiraError(400, [], { emailAddress: 'A user with that email address already exists.' });
      }
      const name =
        typeof input['name'] === 'string' && input['name'] !== '' ? input['name'] : (email.split('@')[0] ?? email);
      if (
        rc.ctx.flavor === 'datacenter' &&
        state.data.users.some((user) => user.name.toLowerCase() === name.toLowerCase())
      ) {
        throw new JiraError(400, [], { username: 'A user with that username already exists.' });
      }
      const init: Partial<User> & { name: string; displayName: string } = {
        name,
        displayName:
          typeof input['displayName'] === 'string' && input['displayName'] !== '' ? input['displayName'] : name,
        emailAddress: email,
      };
      if (typeof input['password'] === 'string') init.password = input['password'];
      const user = makeUser(state.data, init);
      state.data.users.push(user);
      state.touch();
      return created(renderFullUser(rc, user));
    },
  },
  {
    method: 'GET',
    path: '/user/search',
    handler: ({ rc, query }) => {
      const text =
        rc.ctx.flavor === 'cloud'
          ? (queryString(query, 'query') ?? queryString(query, 'accountId') ?? '')
          : (queryString(query, 'username') ?? '');
      if (
        rc.ctx.flavor === 'cloud' &&
        queryString(query, 'username') !== undefined &&
        queryString(query, 'query') === undefined
      ) {
        throw new JiraError(400, ["The query parameter 'username' is not supported in GDPR strict mode."]);
      }
      return ok(pageOf(searchUsers(rc, text), query).map((user) => renderUser(rc, user)));
    },
  },
  {
    method: 'GET',
    path: '/user/assignable/search',
    handler: ({ rc, query }) => {
      const text =
        rc.ctx.flavor === 'cloud' ? (queryString(query, 'query') ?? '') : (queryString(query, 'username') ?? '');
      const projectRef = queryString(query, 'project');
      const issueRef = queryString(query, 'issueKey');
      if (!projectRef && !issueRef) throw new JiraError(400, ['The project or issue key must be specified.']);
      return ok(pageOf(searchUsers(rc, text), query).map((user) => renderUser(rc, user)));
    },
  },
  {
    method: 'POST',
    path: '/group',
    handler: ({ rc, body }) => {
      const name = (body as { name?: unknown } | undefined)?.name;
      if (typeof name !== 'string' || name === '') throw new JiraError(400, ['You must specify a group name.']);
      const { state } = rc.ctx;
      if (state.data.groups.some((group) => group.name.toLowerCase() === name.toLowerCase())) {
        throw new JiraError(400, ['A group or user with this name already exists.']);
      }
      const group = { name, groupId: randomUUID() };
      state.data.groups.push(group);
      state.touch();
      const view: Record<string, unknown> = {
        name,
        self: `${rc.ctx.baseUrl()}/rest/api/${rc.apiVersion}/group?groupname=${encodeURIComponent(name)}`,
        users: { size: 0, items: [], 'max-results': 50, 'start-index': 0, 'end-index': 0 },
        expand: 'users',
      };
      if (rc.ctx.flavor === 'cloud') view['groupId'] = group.groupId;
      return created(view);
    },
  },
  {
    method: 'POST',
    path: '/group/user',
    handler: ({ rc, query, body }) => {
      const groupName = queryString(query, 'groupname');
      const groupId = queryString(query, 'groupId');
      const { state } = rc.ctx;
      const group = state.data.groups.find(
        (candidate) => candidate.name === groupName || candidate.groupId === groupId,
      );
      if (!group) throw new JiraError(404, [`No group could be found with name '${groupName ?? groupId ?? ''}'.`]);
      const input = (body ?? {}) as { accountId?: unknown; name?: unknown };
      const ref = rc.ctx.flavor === 'cloud' ? input.accountId : input.name;
      const user = typeof ref === 'string' ? state.findUser(ref) : undefined;
      if (!user) throw new JiraError(404, ['Specified user does not exist or you do not have required permissions']);
      if (!user.groups.includes(group.name)) user.groups.push(group.name);
      state.touch();
      const view: Record<string, unknown> = {
        name: group.name,
        self: `${rc.ctx.baseUrl()}/rest/api/${rc.apiVersion}/group?groupname=${encodeURIComponent(group.name)}`,
      };
      if (rc.ctx.flavor === 'cloud') view['groupId'] = group.groupId;
      return created(view);
    },
  },
  {
    method: 'DELETE',
    path: '/group/user',
    handler: ({ rc, query }) => {
      const groupName = queryString(query, 'groupname');
      const ref = rc.ctx.flavor === 'cloud' ? queryString(query, 'accountId') : queryString(query, 'username');
      const user = ref ? rc.ctx.state.findUser(ref) : undefined;
      if (!user || !groupName)
        throw new JiraError(404, ['Specified user does not exist or you do not have required permissions']);
      user.groups = user.groups.filter((name) => name !== groupName);
      rc.ctx.state.touch();
      // Jira answers 200 with an empty body here (both documents), not 204.
      return { status: 200 };
    },
  },
];
