/**
 * An issue as Jira's GET /issue renders it: `fields` filtered by the `fields` parameter, plus the `expand` sections
 * (renderedFields, names, schema, transitions, editmeta, changelog, versionedRepresentations not supported).
 */
import { allFields } from '../model/field-catalog.ts';
import type { Issue } from '../model/types.ts';
import { availableTransitions } from '../model/workflow.ts';
import { renderAttachment } from './attachment-view.ts';
import { renderChangeHistory } from './changelog-view.ts';
import { renderCommentField, renderedHtml } from './comment-view.ts';
import { renderCustomFieldValue } from './custom-field-view.ts';
import { renderEditMeta } from './edit-meta-view.ts';
import {
  renderComponent,
  renderIssueType,
  renderLinkType,
  renderPriorityRef,
  renderProjectRef,
  renderResolution,
  renderStatus,
  renderVersion,
} from './entity-views.ts';
import type { FieldSelection } from './field-selection.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import { apiBase, type RenderContext } from './render-context.ts';
import { renderRichText } from './rich-text-view.ts';
import { renderTransition } from './transition-view.ts';
import { renderUserRef } from './user-view.ts';
import { renderWorklogField } from './worklog-view.ts';

export interface IssueViewOptions {
  fields: FieldSelection;
  expand: Set<string>;
  /** Entity property keys to include under `properties` (`properties=*all` or a list). */
  properties?: string[];
}

/** The compact form of a related issue (parent, sub-task, linked issue). */
export function renderIssueRef(rc: RenderContext, issue: Issue): Record<string, unknown> {
  const { state } = rc.ctx;
  const fields: Record<string, unknown> = {
    summary: issue.fields.summary,
    status: renderStatus(rc, state.status(issue.fields.status)),
  };
  const priority = issue.fields.priority
    ? state.data.priorities.find((p) => p.id === issue.fields.priority)
    : undefined;
  if (priority) fields['priority'] = renderPriorityRef(rc, priority);
  fields['issuetype'] = renderIssueType(rc, state.issueType(issue.fields.issuetype));
  return { id: issue.id, key: issue.key, self: `${apiBase(rc)}/issue/${issue.id}`, fields };
}

function renderIssueLinks(rc: RenderContext, issue: Issue): Record<string, unknown>[] {
  const { state } = rc.ctx;
  const links: Record<string, unknown>[] = [];
  for (const link of state.data.issueLinks) {
    const type = state.data.linkTypes.find((candidate) => candidate.id === link.typeId);
    if (!type) continue;
    const base = { id: link.id, self: `${apiBase(rc)}/issueLink/${link.id}`, type: renderLinkType(rc, type) };
    if (link.outwardIssueId === issue.id) {
      const other = state.issueById(link.inwardIssueId);
      if (other) links.push({ ...base, inwardIssue: renderIssueRef(rc, other) });
    } else if (link.inwardIssueId === issue.id) {
      const other = state.issueById(link.outwardIssueId);
      if (other) links.push({ ...base, outwardIssue: renderIssueRef(rc, other) });
    }
  }
  return links;
}

/** Every field value of the issue, keyed by field id, in API form. */
export function renderIssueFields(rc: RenderContext, issue: Issue, selection: FieldSelection): Record<string, unknown> {
  const { state } = rc.ctx;
  const project = state.projectById(issue.projectId);
  const f = issue.fields;
  const out: Record<string, unknown> = {};
  const put = (id: string, value: () => unknown) => {
    if (selection(id)) out[id] = value();
  };
  put('statuscategorychangedate', () => formatJiraDateTime(f.statusCategoryChangedate));
  put('issuetype', () => renderIssueType(rc, state.issueType(f.issuetype)));
  put('parent', () => {
    const parent = f.parent ? state.issueById(f.parent) : undefined;
    return parent ? renderIssueRef(rc, parent) : undefined;
  });
  if (out['parent'] === undefined) delete out['parent'];
  put('project', () => renderProjectRef(rc, project));
  put('fixVersions', () =>
    f.fixVersions
      .map((id) => project.versions.find((v) => v.id === id))
      .filter((v) => v !== undefined)
      .map((v) => renderVersion(rc, v, project.id)),
  );
  put('resolution', () => {
    const resolution = f.resolution ? state.data.resolutions.find((r) => r.id === f.resolution) : undefined;
    return resolution ? renderResolution(rc, resolution) : null;
  });
  put('resolutiondate', () => (f.resolutiondate === null ? null : formatJiraDateTime(f.resolutiondate)));
  put('lastViewed', () => null);
  put('watches', () => ({
    self: `${apiBase(rc)}/issue/${issue.key}/watchers`,
    watchCount: issue.watchers.length,
    isWatching: issue.watchers.includes(rc.viewer.accountId),
  }));
  put('created', () => formatJiraDateTime(issue.created));
  put('priority', () => {
    const priority = f.priority ? state.data.priorities.find((p) => p.id === f.priority) : undefined;
    return priority ? renderPriorityRef(rc, priority) : null;
  });
  put('labels', () => [...f.labels]);
  put('versions', () =>
    f.versions
      .map((id) => project.versions.find((v) => v.id === id))
      .filter((v) => v !== undefined)
      .map((v) => renderVersion(rc, v, project.id)),
  );
  put('issuelinks', () => renderIssueLinks(rc, issue));
  put('assignee', () => renderUserRef(rc, f.assignee));
  put('updated', () => formatJiraDateTime(issue.updated));
  put('status', () => renderStatus(rc, state.status(f.status)));
  put('components', () =>
    f.components
      .map((id) => project.components.find((c) => c.id === id))
      .filter((c) => c !== undefined)
      .map((c) => renderComponent(rc, c)),
  );
  put('description', () => renderRichText(rc, f.description));
  put('environment', () => renderRichText(rc, f.environment));
  put('attachment', () => issue.attachments.map((attachment) => renderAttachment(rc, attachment)));
  put('summary', () => f.summary);
  put('creator', () => renderUserRef(rc, f.creator));
  put('subtasks', () =>
    state.data.issues
      .filter(
        (candidate) => candidate.fields.parent === issue.id && state.issueType(candidate.fields.issuetype).subtask,
      )
      .map((sub) => renderIssueRef(rc, sub)),
  );
  put('reporter', () => renderUserRef(rc, f.reporter));
  put('duedate', () => f.duedate);
  put('votes', () => ({ self: `${apiBase(rc)}/issue/${issue.key}/votes`, votes: 0, hasVoted: false }));
  put('comment', () => renderCommentField(rc, issue));
  put('worklog', () => renderWorklogField(rc, issue));
  put('timetracking', () => ({}));
  put('security', () => null);
  for (const field of state.data.customFields) {
    put(field.id, () => renderCustomFieldValue(rc, field, f.custom[field.id]));
  }
  return out;
}

export function renderIssue(rc: RenderContext, issue: Issue, options: IssueViewOptions): Record<string, unknown> {
  const { state } = rc.ctx;
  const view: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${apiBase(rc)}/issue/${issue.id}`,
    key: issue.key,
  };
  const fields = renderIssueFields(rc, issue, options.fields);
  const { expand } = options;
  if (expand.has('renderedFields')) {
    const rendered: Record<string, unknown> = {};
    for (const id of Object.keys(fields)) rendered[id] = null;
    if ('description' in fields) rendered['description'] = renderedHtml(rc, issue.fields.description);
    if ('environment' in fields) rendered['environment'] = renderedHtml(rc, issue.fields.environment);
    if ('created' in fields) rendered['created'] = fields['created'];
    if ('updated' in fields) rendered['updated'] = fields['updated'];
    view['renderedFields'] = rendered;
  }
  if (expand.has('names') || expand.has('schema')) {
    const catalog = allFields(state.data.customFields);
    if (expand.has('names')) {
      const names: Record<string, string> = {};
      for (const info of catalog) if (info.id in fields) names[info.id] = info.name;
      view['names'] = names;
    }
    if (expand.has('schema')) {
      const schema: Record<string, unknown> = {};
      for (const info of catalog) if (info.id in fields && info.schema) schema[info.id] = info.schema;
      view['schema'] = schema;
    }
  }
  if (expand.has('transitions')) {
    view['transitions'] = availableTransitions(state, issue, rc.viewer).map((t) =>
      renderTransition(rc, issue, t, false),
    );
  }
  if (expand.has('editmeta')) view['editmeta'] = renderEditMeta(rc, issue);
  if (expand.has('changelog')) {
    const histories = issue.changelog.map((history) => renderChangeHistory(rc, history));
    view['changelog'] = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  if (options.properties && options.properties.length > 0) {
    const properties: Record<string, unknown> = {};
    const all = options.properties.includes('*all');
    for (const [key, value] of Object.entries(issue.properties)) {
      if (all || options.properties.includes(key)) properties[key] = value;
    }
    view['properties'] = properties;
  }
  view['fields'] = fields;
  return view;
}
