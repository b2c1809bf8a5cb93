/**
 * Control API for people: `POST /_emulator/users` (any user, with groups and credentials; on Cloud the e-mail address
 * can be hidden), `POST /_emulator/groups`, and `PUT /_emulator/projects/{key}/roles/{role}` to set who holds a
 * project role (users by name, accountId or e-mail; groups by name).
 */
import { randomUUID } from 'node:crypto';
import { JiraError } from '../http/jira-error.ts';
import { created, ok, type RouteDefinition } from '../http/route-definition.ts';
import type { JiraState } from '../model/jira-state.ts';
import { makeUser } from '../model/defaults.ts';
import type { User } from '../model/types.ts';
import {
  badBody,
  objectBody,
  onlyKeys,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  requiredString,
} from './control-body.ts';
import { controlRoute } from './control-route.ts';

const USER_KEYS = [
  'name',
  'displayName',
  'email',
  'emailVisible',
  'groups',
  'password',
  'apiToken',
  'personalAccessToken',
  'personalAccessTokens',
  'accountId',
  'active',
  'timeZone',
  'locale',
] as const;

/** Makes sure a group exists (control-API users may name new groups). */
function ensureGroup(state: JiraState, name: string): void {
  if (!state.data.groups.some((group) => group.name.toLowerCase() === name.toLowerCase()))
    state.data.groups.push({ name, groupId: randomUUID() });
}

function userSummary(user: User): Record<string, unknown> {
  return {
    accountId: user.accountId,
    name: user.name,
    key: user.key,
    displayName: user.displayName,
    emailAddress: user.emailAddress,
    emailVisible: user.emailVisible,
    active: user.active,
    groups: user.groups,
  };
}

export const userAdminRoutes: RouteDefinition[] = [
  controlRoute('POST', '/users', ({ rc, body }) => {
    const { state } = rc.ctx;
    const record = objectBody(body);
    onlyKeys(record, USER_KEYS, 'body');
    const name = requiredString(record, 'name', 'body');
    if (state.data.users.some((user) => user.name.toLowerCase() === name.toLowerCase()))
      throw badBody('name', `a user named ${name} already exists`);
    const email = optionalString(record, 'email', 'body');
    if (email && state.data.users.some((user) => user.emailAddress.toLowerCase() === email.toLowerCase()))
      throw badBody('email', `a user with e-mail ${email} already exists`);
    const accountId = optionalString(record, 'accountId', 'body');
    if (accountId && state.userById(accountId)) throw badBody('accountId', `accountId ${accountId} is taken`);
    const groups = optionalStringArray(record, 'groups', 'body') ?? ['jira-software-users'];
    const tokens = optionalStringArray(record, 'personalAccessTokens', 'body') ?? [];
    const token = optionalString(record, 'personalAccessToken', 'body');
    if (token) tokens.push(token);
    const init: Parameters<typeof makeUser>[1] = {
      name,
      displayName: optionalString(record, 'displayName', 'body') ?? name,
      groups,
      personalAccessTokens: tokens,
    };
    const optional = {
      emailAddress: email,
      emailVisible: optionalBoolean(record, 'emailVisible', 'body'),
      password: optionalString(record, 'password', 'body'),
      apiToken: optionalString(record, 'apiToken', 'body'),
      accountId,
      active: optionalBoolean(record, 'active', 'body'),
      timeZone: optionalString(record, 'timeZone', 'body'),
      locale: optionalString(record, 'locale', 'body'),
    };
    for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(init, { [key]: value });
    for (const group of groups) ensureGroup(state, group);
    const user = makeUser(state.data, init);
    state.data.users.push(user);
    state.touch();
    return created(userSummary(user));
  }),
  controlRoute('POST', '/groups', ({ rc, body }) => {
    const record = objectBody(body);
    onlyKeys(record, ['name', 'users'], 'body');
    const name = requiredString(record, 'name', 'body');
    const { state } = rc.ctx;
    ensureGroup(state, name);
    const members = optionalStringArray(record, 'users', 'body') ?? [];
    members.forEach((ref, index) => {
      const user = state.findUser(ref);
      if (!user) throw badBody(`users[${index}]`, `no user ${ref}`);
      if (!user.groups.includes(name)) user.groups.push(name);
    });
    state.touch();
    const group = state.data.groups.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    return created({
      ...group,
      users: state.data.users.filter((user) => state.userInGroup(user, name)).map((user) => user.name),
    });
  }),
  controlRoute('PUT', '/projects/:projectKey/roles/:role', ({ rc, params, body }) => {
    const { state } = rc.ctx;
    const project = state.findProject(params['projectKey'] ?? '');
    if (!project) throw new JiraError(404, [`No project could be found with key '${params['projectKey'] ?? ''}'.`]);
    const roleRef = params['role'] ?? '';
    const role = state.data.roles.find(
      (candidate) => String(candidate.id) === roleRef || candidate.name.toLowerCase() === roleRef.toLowerCase(),
    );
    if (!role) throw new JiraError(404, [`No project role ${roleRef}`]);
    const record = objectBody(body);
    onlyKeys(record, ['users', 'groups'], 'body');
    const users = (optionalStringArray(record, 'users', 'body') ?? []).map((ref, index) => {
      const user = state.findUser(ref);
      if (!user) throw badBody(`users[${index}]`, `no user ${ref}`);
      return user.accountId;
    });
    const groups = optionalStringArray(record, 'groups', 'body') ?? [];
    groups.forEach((group, index) => {
      if (!state.data.groups.some((candidate) => candidate.name.toLowerCase() === group.toLowerCase()))
        throw badBody(`groups[${index}]`, `no group ${group}`);
    });
    project.roleActors[String(role.id)] = { users, groups };
    state.touch();
    return ok({ project: project.key, role: { id: role.id, name: role.name }, users, groups });
  }),
];
