/** Projects (create, list, get, statuses), their components and versions, and project role actors. */
import { JiraError } from '../http/jira-error.ts';
import { created, ok, type RouteDefinition } from '../http/route-definition.ts';
import { nextId } from '../model/jira-data.ts';
import { createProject } from '../model/project-operations.ts';
import type { Component, Project, Version } from '../model/types.ts';
import {
  renderComponent,
  renderIssueType,
  renderProjectRef,
  renderStatus,
  renderVersion,
} from '../render/entity-views.ts';
import { apiBase, type RenderContext } from '../render/render-context.ts';
import { renderUserRef } from '../render/user-view.ts';
import { queryInt, queryString } from './issue-lookup.ts';

function requireProject(rc: RenderContext, idOrKey: string | undefined): Project {
  const project = idOrKey ? rc.ctx.state.findProject(idOrKey) : undefined;
  if (!project) throw new JiraError(404, [`No project could be found with key '${idOrKey ?? ''}'.`]);
  return project;
}

function renderProject(rc: RenderContext, project: Project): Record<string, unknown> {
  const { state } = rc.ctx;
  const roles: Record<string, string> = {};
  for (const role of state.data.roles) roles[role.name] = `${apiBase(rc)}/project/${project.id}/role/${role.id}`;
  const view: Record<string, unknown> = {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...renderProjectRef(rc, project),
    description: project.description,
    lead: renderUserRef(rc, project.leadAccountId),
    components: project.components.map((component) => renderComponent(rc, component)),
    issueTypes: project.issueTypeIds.map((id) => renderIssueType(rc, state.issueType(id))),
    assigneeType: 'UNASSIGNED',
    versions: project.versions.map((version) => renderVersion(rc, version, project.id)),
    roles,
  };
  if (rc.ctx.flavor === 'cloud') Object.assign(view, { style: 'classic', isPrivate: false, properties: {} });
  return view;
}

function projectStatuses(rc: RenderContext, project: Project): Record<string, unknown>[] {
  const { state } = rc.ctx;
  return project.issueTypeIds.map((typeId) => {
    const type = state.issueType(typeId);
    const workflowName = project.workflowByIssueType[typeId] ?? project.defaultWorkflow;
    const workflow = state.data.workflows.find((candidate) => candidate.name === workflowName);
    return {
      self: `${apiBase(rc)}/issuetype/${type.id}`,
      id: type.id,
      name: type.name,
      subtask: type.subtask,
      statuses: (workflow?.statusIds ?? []).map((id) => renderStatus(rc, state.status(id))),
    };
  });
}

function resolveLead(rc: RenderContext, body: Record<string, unknown>): string {
  const ref = body['leadAccountId'] ?? body['lead'];
  if (typeof ref !== 'string') return rc.viewer.accountId;
  const user = rc.ctx.flavor === 'cloud' ? rc.ctx.state.userById(ref) : rc.ctx.state.findUser(ref);
  if (!user) throw new JiraError(400, [], { projectLead: 'The project lead you specified does not exist.' });
  return user.accountId;
}

export const projectRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/project',
    handler: ({ rc, body }) => {
      const input = (body ?? {}) as Record<string, unknown>;
      const typeKey = input['projectTypeKey'];
      const project = createProject(rc.ctx.state, {
        key: String(input['key'] ?? ''),
        name: String(input['name'] ?? ''),
        leadAccountId: resolveLead(rc, input),
        description: typeof input['description'] === 'string' ? input['description'] : '',
        projectTypeKey: typeKey === 'business' || typeKey === 'service_desk' ? typeKey : 'software',
      });
      return created({ self: `${apiBase(rc)}/project/${project.id}`, id: Number(project.id), key: project.key });
    },
  },
  {
    method: 'GET',
    path: '/project',
    handler: ({ rc }) => ok(rc.ctx.state.data.projects.map((project) => renderProjectRef(rc, project))),
  },
  {
    method: 'GET',
    path: '/project/search',
    flavors: ['cloud'],
    handler: ({ rc, query }) => {
      const startAt = queryInt(query, 'startAt', 0);
      const maxResults = queryInt(query, 'maxResults', 50, 100);
      const text = queryString(query, 'query')?.toLowerCase();
      const keys = queryString(query, 'keys')?.split(',');
      const projects = rc.ctx.state.data.projects.filter(
        (project) =>
          (!text || project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text)) &&
          (!keys || keys.includes(project.key) || keys.includes(project.id)),
      );
      const values = projects.slice(startAt, startAt + maxResults).map((project) => renderProjectRef(rc, project));
      return ok({
        self: `${apiBase(rc)}/project/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: projects.length,
        isLast: startAt + values.length >= projects.length,
        values,
      });
    },
  },
  {
    method: 'GET',
    path: '/project/:projectIdOrKey',
    handler: ({ rc, params }) => ok(renderProject(rc, requireProject(rc, params['projectIdOrKey']))),
  },
  {
    method: 'GET',
    path: '/project/:projectIdOrKey/statuses',
    handler: ({ rc, params }) => ok(projectStatuses(rc, requireProject(rc, params['projectIdOrKey']))),
  },
  {
    method: 'GET',
    path: '/project/:projectIdOrKey/components',
    handler: ({ rc, params }) =>
      ok(requireProject(rc, params['projectIdOrKey']).components.map((component) => renderComponent(rc, component))),
  },
  {
    method: 'GET',
    path: '/project/:projectIdOrKey/versions',
    handler: ({ rc, params }) => {
      const project = requireProject(rc, params['projectIdOrKey']);
      return ok(project.versions.map((version) => renderVersion(rc, version, project.id)));
    },
  },
  {
    method: 'POST',
    path: '/component',
    handler: ({ rc, body }) => {
      const input = (body ?? {}) as Record<string, unknown>;
      const project = rc.ctx.state.findProject(String(input['project'] ?? input['projectId'] ?? ''));
      if (!project) throw new JiraError(400, [], { project: 'The project is not valid.' });
      const name = typeof input['name'] === 'string' ? input['name'].trim() : '';
      if (!name) throw new JiraError(400, [], { name: 'The component name specified is invalid.' });
      if (project.components.some((component) => component.name.toLowerCase() === name.toLowerCase())) {
        throw new JiraError(400, [], {
          name: 'A component with the name ' + name + ' already exists in this project.',
        });
      }
      const component: Component = {
        id: nextId(rc.ctx.state.data, 'component'),
        name,
        description: typeof input['description'] === 'string' ? input['description'] : '',
      };
      project.components.push(component);
      rc.ctx.state.touch();
      return created({ ...renderComponent(rc, component), project: project.key, projectId: Number(project.id) });
    },
  },
  {
    method: 'POST',
    path: '/version',
    handler: ({ rc, body }) => {
      const input = (body ?? {}) as Record<string, unknown>;
      const project = rc.ctx.state.findProject(String(input['projectId'] ?? input['project'] ?? ''));
      if (!project) throw new JiraError(400, [], { project: 'Project must be specified to create a version.' });
      const name = typeof input['name'] === 'string' ? input['name'].trim() : '';
      if (!name) throw new JiraError(400, [], { name: 'You must specify a valid version name' });
      if (project.versions.some((version) => version.name.toLowerCase() === name.toLowerCase())) {
        throw new JiraError(400, [], { name: 'A version with this name already exists in this project.' });
      }
      const version: Version = {
        id: nextId(rc.ctx.state.data, 'version'),
        name,
        description: typeof input['description'] === 'string' ? input['description'] : '',
        released: input['released'] === true,
        archived: input['archived'] === true,
        releaseDate: typeof input['releaseDate'] === 'string' ? input['releaseDate'] : null,
      };
      project.versions.push(version);
      rc.ctx.state.touch();
      return created(renderVersion(rc, version, project.id));
    },
  },
  {
    method: 'POST',
    path: '/project/:projectIdOrKey/role/:id',
    handler: ({ rc, params, body }) => {
      const project = requireProject(rc, params['projectIdOrKey']);
      const role = rc.ctx.state.data.roles.find((candidate) => String(candidate.id) === params['id']);
      if (!role) throw new JiraError(404, [`Can not retrieve a role actor for a null project role.`]);
      const input = (body ?? {}) as { user?: unknown; group?: unknown; groupId?: unknown };
      const actors = (project.roleActors[String(role.id)] ??= { users: [], groups: [] });
      for (const ref of Array.isArray(input.user) ? input.user : []) {
        const user = rc.ctx.state.findUser(String(ref));
        if (!user) throw new JiraError(400, [`We couldn't find the user with key '${String(ref)}'.`]);
        if (!actors.users.includes(user.accountId)) actors.users.push(user.accountId);
      }
      for (const name of Array.isArray(input.group) ? input.group : []) {
        if (!actors.groups.includes(String(name))) actors.groups.push(String(name));
      }
      rc.ctx.state.touch();
      // Role actors carry a numeric actor id; Cloud names users by `actorUser.accountId` (no username), DC by `name`.
      const cloud = rc.ctx.flavor === 'cloud';
      const userView = (accountId: string, index: number): Record<string, unknown> => {
        const user = rc.ctx.state.userById(accountId);
        const view: Record<string, unknown> = {
          id: 10240 + index,
          displayName: user?.displayName ?? accountId,
          type: 'atlassian-user-role-actor',
        };
        if (cloud) view['actorUser'] = { accountId };
        else view['name'] = user?.name ?? accountId;
        return view;
      };
      const groupView = (name: string, index: number): Record<string, unknown> => {
        const view: Record<string, unknown> = {
          id: 10240 + actors.users.length + index,
          displayName: name,
          type: 'atlassian-group-role-actor',
          name,
        };
        const groupId = rc.ctx.state.data.groups.find((group) => group.name === name)?.groupId;
        if (cloud) view['actorGroup'] = groupId ? { name, displayName: name, groupId } : { name, displayName: name };
        return view;
      };
      return ok({
        self: `${apiBase(rc)}/project/${project.id}/role/${role.id}`,
        name: role.name,
        id: role.id,
        description: role.description,
        actors: [...actors.users.map(userView), ...actors.groups.map(groupView)],
      });
    },
  },
];
