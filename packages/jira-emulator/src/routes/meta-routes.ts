/**
 * Create and edit metadata. Cloud's paginated createmeta answers `issueTypes` and `fields`; Data Center's answers
 * `values` with `isLast` (the form of Jira 9+). Cloud still serves the deprecated all-projects createmeta.
 */
import { JiraError } from '../http/jira-error.ts';
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import type { Project } from '../model/types.ts';
import { renderEditMeta } from '../render/edit-meta-view.ts';
import { renderIssueType, renderProjectRef } from '../render/entity-views.ts';
import { createScreenFields, renderFieldMeta } from '../render/field-meta-view.ts';
import type { RenderContext } from '../render/render-context.ts';
import { queryInt, queryString, requireIssue } from './issue-lookup.ts';

function requireProject(rc: RenderContext, ref: string | undefined): Project {
  const project = ref ? rc.ctx.state.findProject(ref) : undefined;
  if (!project) throw new JiraError(404, [`No project could be found with key '${ref ?? ''}'.`]);
  return project;
}

function page<T>(
  rc: RenderContext,
  query: Record<string, unknown>,
  items: T[],
  cloudKey: string,
): Record<string, unknown> {
  const startAt = queryInt(query, 'startAt', 0);
  const maxResults = queryInt(query, 'maxResults', 50, 200);
  const values = items.slice(startAt, startAt + maxResults);
  if (rc.ctx.flavor === 'cloud') return { maxResults, startAt, total: items.length, [cloudKey]: values };
  return { maxResults, startAt, total: items.length, isLast: startAt + values.length >= items.length, values };
}

function fieldsFor(rc: RenderContext, project: Project, typeId: string): Record<string, unknown>[] {
  const type = rc.ctx.state.issueType(typeId);
  return createScreenFields(rc, type.subtask).map(({ info, required }) => {
    const meta = renderFieldMeta(rc, project, info, required);
    return { ...meta, fieldId: info.id };
  });
}

function pickKeys(view: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => key in view).map((key) => [key, view[key]]));
}

export const metaRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/issue/createmeta/:projectIdOrKey/issuetypes',
    handler: ({ rc, params, query }) => {
      const project = requireProject(rc, params['projectIdOrKey']);
      const types = project.issueTypeIds.map((id) => renderIssueType(rc, rc.ctx.state.issueType(id)));
      return ok(page(rc, query, types, 'issueTypes'));
    },
  },
  {
    method: 'GET',
    path: '/issue/createmeta/:projectIdOrKey/issuetypes/:issueTypeId',
    handler: ({ rc, params, query }) => {
      const project = requireProject(rc, params['projectIdOrKey']);
      const typeId = params['issueTypeId'] ?? '';
      if (!project.issueTypeIds.includes(typeId))
        throw new JiraError(404, [
          `Issue type with id '${typeId}' does not exist or is not in project '${project.key}'.`,
        ]);
      return ok(page(rc, query, fieldsFor(rc, project, typeId), 'fields'));
    },
  },
  {
    method: 'GET',
    path: '/issue/createmeta',
    flavors: ['cloud'],
    handler: ({ rc, query }) => {
      const keys = queryString(query, 'projectKeys')?.split(',');
      const ids = queryString(query, 'projectIds')?.split(',');
      const expandFields = (queryString(query, 'expand') ?? '').includes('projects.issuetypes.fields');
      const projects = rc.ctx.state.data.projects.filter(
        (project) => (!keys || keys.includes(project.key)) && (!ids || ids.includes(project.id)),
      );
      return ok({
        expand: 'projects',
        // The old createmeta names projects by self/id/key/name/avatarUrls only, and its field entries carry no
        // `fieldId` (only the paginated form has it).
        projects: projects.map((project) => ({
          ...pickKeys(renderProjectRef(rc, project), ['self', 'id', 'key', 'name', 'avatarUrls']),
          issuetypes: project.issueTypeIds.map((typeId) => {
            const view: Record<string, unknown> = { ...renderIssueType(rc, rc.ctx.state.issueType(typeId)) };
            if (expandFields) {
              const fields: Record<string, unknown> = {};
              for (const { fieldId, ...field } of fieldsFor(rc, project, typeId)) fields[String(fieldId)] = field;
              view['fields'] = fields;
            }
            return view;
          }),
        })),
      });
    },
  },
  {
    method: 'GET',
    path: '/issue/:issueIdOrKey/editmeta',
    handler: ({ rc, params }) => ok(renderEditMeta(rc, requireIssue(rc, params['issueIdOrKey']))),
  },
];
