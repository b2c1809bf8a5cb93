/** Jira's representations of the small entities that appear inside issues and on their own endpoints. */
import type {
  Component,
  FieldOption,
  IssueLinkType,
  IssueType,
  Priority,
  Project,
  Resolution,
  Status,
  StatusCategoryKey,
  Version,
} from '../model/types.ts';
import { apiBase, type RenderContext } from './render-context.ts';

const STATUS_CATEGORIES: Record<StatusCategoryKey, { id: number; colorName: string; name: string }> = {
  new: { id: 2, colorName: 'blue-gray', name: 'To Do' },
  indeterminate: { id: 4, colorName: 'yellow', name: 'In Progress' },
  done: { id: 3, colorName: 'green', name: 'Done' },
};

export function renderStatusCategory(rc: RenderContext, key: StatusCategoryKey): Record<string, unknown> {
  const category = STATUS_CATEGORIES[key];
  return {
    self: `${apiBase(rc)}/statuscategory/${category.id}`,
    id: category.id,
    key,
    colorName: category.colorName,
    name: category.name,
  };
}

/** Every status category, as `GET /statuscategory` lists them (with Jira's "No Category"). */
export function renderStatusCategories(rc: RenderContext): Record<string, unknown>[] {
  return [
    { self: `${apiBase(rc)}/statuscategory/1`, id: 1, key: 'undefined', colorName: 'medium-gray', name: 'No Category' },
    ...(['new', 'done', 'indeterminate'] as const).map((key) => renderStatusCategory(rc, key)),
  ];
}

export function renderStatus(rc: RenderContext, status: Status): Record<string, unknown> {
  return {
    self: `${apiBase(rc)}/status/${status.id}`,
    description: status.description,
    iconUrl: `${rc.ctx.baseUrl()}/images/icons/statuses/generic.png`,
    name: status.name,
    id: status.id,
    statusCategory: renderStatusCategory(rc, status.categoryKey),
  };
}

export function renderIssueType(rc: RenderContext, type: IssueType): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: type.iconUrl || `${rc.ctx.baseUrl()}/images/icons/issuetypes/${type.name.toLowerCase()}.svg`,
    name: type.name,
    subtask: type.subtask,
  };
  view['avatarId'] = 10300 + (Number(type.id) % 100);
  if (rc.ctx.flavor === 'cloud') view['hierarchyLevel'] = type.hierarchyLevel;
  return view;
}

export function renderPriority(rc: RenderContext, priority: Priority): Record<string, unknown> {
  return {
    self: `${apiBase(rc)}/priority/${priority.id}`,
    statusColor: priority.statusColor,
    description: priority.description,
    iconUrl: priority.iconUrl || `${rc.ctx.baseUrl()}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
    name: priority.name,
    id: priority.id,
  };
}

/** A priority as it appears inside an issue (Jira shows fewer keys there). */
export function renderPriorityRef(rc: RenderContext, priority: Priority): Record<string, unknown> {
  return {
    self: `${apiBase(rc)}/priority/${priority.id}`,
    iconUrl: priority.iconUrl || `${rc.ctx.baseUrl()}/images/icons/priorities/${priority.name.toLowerCase()}.svg`,
    name: priority.name,
    id: priority.id,
  };
}

export function renderResolution(rc: RenderContext, resolution: Resolution): Record<string, unknown> {
  return {
    self: `${apiBase(rc)}/resolution/${resolution.id}`,
    id: resolution.id,
    description: resolution.description,
    name: resolution.name,
  };
}

export function renderComponent(rc: RenderContext, component: Component): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/component/${component.id}`,
    id: component.id,
    name: component.name,
  };
  if (component.description) view['description'] = component.description;
  return view;
}

export function renderVersion(rc: RenderContext, version: Version, projectId: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/version/${version.id}`,
    id: version.id,
    description: version.description,
    name: version.name,
    archived: version.archived,
    released: version.released,
  };
  if (version.releaseDate) view['releaseDate'] = version.releaseDate;
  view['projectId'] = Number(projectId);
  return view;
}

function projectAvatarUrls(rc: RenderContext, project: Project): Record<string, string> {
  const base = `${rc.ctx.baseUrl()}/secure/projectavatar?pid=${project.id}`;
  return {
    '48x48': base,
    '24x24': `${base}&size=small`,
    '16x16': `${base}&size=xsmall`,
    '32x32': `${base}&size=medium`,
  };
}

/** A project as it appears inside an issue and in project lists. */
export function renderProjectRef(rc: RenderContext, project: Project): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    avatarUrls: projectAvatarUrls(rc, project),
  };
  if (rc.ctx.flavor === 'cloud') view['simplified'] = false;
  return view;
}

export function renderOption(rc: RenderContext, option: FieldOption): Record<string, unknown> {
  return {
    self: `${apiBase(rc)}/customFieldOption/${option.id}`,
    value: option.value,
    id: option.id,
    disabled: option.disabled,
  };
}

export function renderLinkType(rc: RenderContext, type: IssueLinkType): Record<string, unknown> {
  return {
    id: type.id,
    name: type.name,
    inward: type.inward,
    outward: type.outward,
    self: `${apiBase(rc)}/issueLinkType/${type.id}`,
  };
}
