/**
 * Field metadata as createmeta, editmeta and transition screens describe a field: required, schema, name, key,
 * operations and allowed values.
 */
import { allFields, type FieldInfo } from '../model/field-catalog.ts';
import type { Project } from '../model/types.ts';
import {
  renderComponent,
  renderIssueType,
  renderOption,
  renderPriority,
  renderProjectRef,
  renderResolution,
  renderVersion,
} from './entity-views.ts';
import { apiBase, type RenderContext } from './render-context.ts';

const OPERATIONS: Record<string, string[]> = {
  labels: ['add', 'set', 'remove'],
  components: ['add', 'set', 'remove'],
  fixVersions: ['set', 'add', 'remove'],
  versions: ['set', 'add', 'remove'],
  comment: ['add', 'edit', 'remove'],
};

function operationsFor(info: FieldInfo): string[] {
  const fixed = OPERATIONS[info.id];
  if (fixed) return fixed;
  if (info.schema?.type === 'array') return ['add', 'set', 'remove'];
  return ['set'];
}

/** Metadata of one field in the context of a project. */
export function renderFieldMeta(
  rc: RenderContext,
  project: Project,
  info: FieldInfo,
  required: boolean,
): Record<string, unknown> {
  const { state } = rc.ctx;
  const meta: Record<string, unknown> = { required };
  if (info.schema) meta['schema'] = info.schema;
  meta['name'] = info.name;
  meta['key'] = info.key;
  if (rc.ctx.flavor === 'cloud' && info.id === 'assignee')
    meta['autoCompleteUrl'] = `${apiBase(rc)}/user/assignable/search?project=${project.key}&query=`;
  meta['hasDefaultValue'] = info.id === 'priority';
  meta['operations'] = operationsFor(info);
  let allowedValues: unknown[] | undefined;
  switch (info.id) {
    case 'issuetype':
      allowedValues = project.issueTypeIds.map((id) => renderIssueType(rc, state.issueType(id)));
      break;
    case 'project':
      allowedValues = [renderProjectRef(rc, project)];
      break;
    case 'priority':
      allowedValues = state.data.priorities.map((priority) => renderPriority(rc, priority));
      break;
    case 'resolution':
      allowedValues = state.data.resolutions.map((resolution) => renderResolution(rc, resolution));
      break;
    case 'components':
      allowedValues = project.components.map((component) => renderComponent(rc, component));
      break;
    case 'fixVersions':
    case 'versions':
      allowedValues = project.versions.map((version) => renderVersion(rc, version, project.id));
      break;
    default: {
      const custom = info.custom ? state.customField(info.id) : undefined;
      if (custom && custom.options.length > 0) {
        allowedValues = custom.options.map((option) => {
          const view = renderOption(rc, option);
          if (option.children) view['children'] = option.children.map((child) => renderOption(rc, child));
          return view;
        });
      }
    }
  }
  if (allowedValues) meta['allowedValues'] = allowedValues;
  if (info.id === 'priority') {
    const medium = state.data.priorities.find((priority) => priority.name === 'Medium') ?? state.data.priorities[0];
    if (medium) meta['defaultValue'] = renderPriority(rc, medium);
  }
  return meta;
}

/** Fields on the create screen of a project and issue type, with what is required. */
export function createScreenFields(rc: RenderContext, subtask: boolean): { info: FieldInfo; required: boolean }[] {
  const creatable = new Set([
    'summary',
    'issuetype',
    'project',
    'description',
    'environment',
    'priority',
    'labels',
    'components',
    'fixVersions',
    'versions',
    'assignee',
    'reporter',
    'duedate',
    'parent',
    'attachment',
    'issuelinks',
  ]);
  return allFields(rc.ctx.state.data.customFields)
    .filter((info) => info.custom || creatable.has(info.id))
    .filter((info) => info.id !== 'parent' || subtask || rc.ctx.flavor === 'cloud')
    .map((info) => ({
      info,
      required: ['summary', 'issuetype', 'project', 'reporter'].includes(info.id) || (subtask && info.id === 'parent'),
    }));
}
