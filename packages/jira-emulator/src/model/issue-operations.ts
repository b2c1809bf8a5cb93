/**
 * The write operations on issues that several entry points share (REST routes, bulk create, the demo seed):
 * create, edit, transition, comment, delete. Each validates, applies, records the changelog and raises events.
 */
import { JiraError, fieldErrors } from '../http/jira-error.ts';
import { parseIssueUpdate, type CommentToAdd } from '../input/issue-update-request.ts';
import type { RenderContext } from '../render/render-context.ts';
import { nextId } from './jira-data.ts';
import { applyFieldValues, changeItemsFor, recordHistory } from './issue-writer.ts';
import type { ChangeItem, Comment, Issue, Project } from './types.ts';
import { availableTransitions, workflowFor } from './workflow.ts';
import { isJsonObject } from '../input/json-object.ts';

/** The project named by `fields.project` (`{id}` or `{key}`), or a field error. */
function resolveProject(rc: RenderContext, raw: unknown): Project {
  const ref = isJsonObject(raw) ? (raw['id'] ?? raw['key']) : raw;
  const project =
    typeof ref === 'string' || typeof ref === 'number' ? rc.ctx.state.findProject(String(ref)) : undefined;
  if (!project) throw fieldErrors({ project: 'Specify a valid project ID or key' });
  return project;
}

/** Parses entity properties given as `[{key, value}]` on create. */
function parseProperties(raw: unknown): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!Array.isArray(raw)) throw new JiraError(400, ['properties must be an array of {key, value}']);
  const properties: Record<string, unknown> = {};
  for (const entry of raw) {
    if (!isJsonObject(entry) || typeof entry['key'] !== 'string' || entry['key'] === '') {
      throw new JiraError(400, ['Each property must have a key.']);
    }
    if (entry['key'].length > 255) throw new JiraError(400, ['The property key cannot be longer than 255 characters.']);
    properties[entry['key']] = entry['value'];
  }
  return properties;
}

function addComments(rc: RenderContext, issue: Issue, comments: CommentToAdd[], authorId: string): Comment[] {
  const now = rc.ctx.clock.now();
  return comments.map((toAdd) => {
    const comment: Comment = {
      id: nextId(rc.ctx.state.data, 'comment'),
      authorId,
      updateAuthorId: authorId,
      body: toAdd.body,
      created: now,
      updated: now,
      visibility: toAdd.visibility,
      properties: {},
    };
    issue.comments.push(comment);
    return comment;
  });
}

/** Creates an issue from a create request body (`fields`, `update`, `properties`, `transition`). */
export function createIssue(rc: RenderContext, body: unknown): Issue {
  const { ctx } = rc;
  const { state } = ctx;
  if (!isJsonObject(body)) throw new JiraError(400, ['Request body must be a JSON object with fields.']);
  const fields = isJsonObject(body['fields']) ? body['fields'] : {};
  const project = resolveProject(rc, fields['project']);
  const parsed = parseIssueUpdate(rc, project, undefined, fields, body['update'], 'create');
  const errors = { ...parsed.errors };
  if (!parsed.values.has('summary') && !errors['summary'])
    errors['summary'] = 'You must specify a summary of the issue.';
  if (!parsed.values.has('issuetype') && !errors['issuetype']) errors['issuetype'] = 'Specify an issue type';
  const typeId = parsed.values.get('issuetype') as string | undefined;
  const type = typeId ? state.issueType(typeId) : undefined;
  const parentId = parsed.values.get('parent') as string | null | undefined;
  if (type?.subtask && !parentId) {
    errors['parent'] =
      ctx.flavor === 'cloud'
        ? 'Given parent work item does not belong to appropriate hierarchy.'
        : 'Issue type is a sub-task but parent issue key or id not specified.';
  }
  if (type && !type.subtask && parentId) {
    const parent = state.issueById(parentId);
    const parentType = parent ? state.issueType(parent.fields.issuetype) : undefined;
    if (ctx.flavor === 'datacenter' || parentType?.hierarchyLevel !== type.hierarchyLevel + 1) {
      errors['parent'] =
        ctx.flavor === 'cloud' ? 'Given parent work item does not belong to appropriate hierarchy.' : cannotSetParent();
    }
  }
  if (Object.keys(errors).length > 0) throw fieldErrors(errors);
  const properties = parseProperties(body['properties']);

  const now = ctx.clock.now();
  const number = project.nextIssueNumber++;
  const workflow = workflowFor(state, { projectId: project.id, fields: { issuetype: typeId } as Issue['fields'] });
  const issue: Issue = {
    id: nextId(state.data, 'issue'),
    key: `${project.key}-${number}`,
    previousKeys: [],
    projectId: project.id,
    created: now,
    updated: now,
    fields: {
      summary: '',
      description: null,
      environment: null,
      issuetype: typeId as string,
      status: workflow.initialStatusId,
      statusCategoryChangedate: now,
      priority: state.data.priorities.find((priority) => priority.name === 'Medium')?.id ?? null,
      resolution: null,
      resolutiondate: null,
      labels: [],
      components: [],
      fixVersions: [],
      versions: [],
      assignee: null,
      reporter: rc.viewer.accountId,
      creator: rc.viewer.accountId,
      duedate: null,
      parent: null,
      custom: {},
    },
    comments: [],
    attachments: [],
    worklogs: [],
    remoteLinks: [],
    properties,
    changelog: [],
    watchers: [rc.viewer.accountId],
  };
  applyFieldValues(rc, issue, parsed.values);
  const comments = addComments(rc, issue, parsed.comments, rc.viewer.accountId);
  state.addIssue(issue);
  ctx.events.emit({
    webhookEvent: 'jira:issue_created',
    issue,
    changelog: null,
    userId: rc.viewer.accountId,
    timestamp: now,
  });
  for (const comment of comments) {
    ctx.events.emit({ webhookEvent: 'comment_created', issue, comment, userId: rc.viewer.accountId, timestamp: now });
  }
  const transition = body['transition'];
  if (isJsonObject(transition)) transitionIssue(rc, issue, { transition });
  return issue;
}

function cannotSetParent(): string {
  return 'Only sub-task issue types can have a parent.';
}

/** Edits an issue from an edit request body (`fields`, `update`, `properties`). No change → no history, no event. */
export function editIssue(rc: RenderContext, issue: Issue, body: unknown): void {
  const { ctx } = rc;
  if (!isJsonObject(body)) throw new JiraError(400, ['Request body must be a JSON object.']);
  const project = ctx.state.projectById(issue.projectId);
  const parsed = parseIssueUpdate(rc, project, issue, body['fields'], body['update'], 'edit');
  if (parsed.values.has('summary') && parsed.values.get('summary') === null)
    parsed.errors['summary'] = 'You must specify a summary of the issue.';
  if (Object.keys(parsed.errors).length > 0) throw fieldErrors(parsed.errors);
  if (parsed.values.has('issuetype')) {
    const type = ctx.state.issueType(parsed.values.get('issuetype') as string);
    const current = ctx.state.issueType(issue.fields.issuetype);
    if (type.subtask !== current.subtask) {
      throw fieldErrors({
        issuetype: 'Issue type cannot be changed between sub-task and standard types by an edit. Use move.',
      });
    }
  }
  if (body['properties'] !== undefined) Object.assign(issue.properties, parseProperties(body['properties']));
  const items = applyFieldValues(rc, issue, parsed.values);
  const now = ctx.clock.now();
  if (items.length === 0 && parsed.comments.length === 0) return;
  const comments = addComments(rc, issue, parsed.comments, rc.viewer.accountId);
  const history = recordHistory(rc, issue, rc.viewer.accountId, items);
  const onlyAssignee = items.length > 0 && items.every((item) => item.fieldId === 'assignee');
  const eventTypeName = items.length === 0 ? 'issue_commented' : onlyAssignee ? 'issue_assigned' : 'issue_updated';
  ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: history,
    eventTypeName,
    comment: comments[0] ?? null,
    userId: rc.viewer.accountId,
    timestamp: now,
  });
  for (const comment of comments) {
    ctx.events.emit({ webhookEvent: 'comment_created', issue, comment, userId: rc.viewer.accountId, timestamp: now });
  }
}

/**
 * Runs a workflow transition: `{transition: {id}, fields, update}`. Required screen fields must be given;
 * fields not on the screen are rejected; resolution follows the transition's rule.
 */
export function transitionIssue(rc: RenderContext, issue: Issue, body: Record<string, unknown>): void {
  const { ctx } = rc;
  const { state } = ctx;
  const transitionRef = body['transition'];
  const transitionId = isJsonObject(transitionRef) ? (transitionRef['id'] ?? transitionRef['name']) : undefined;
  if (transitionId === undefined) throw new JiraError(400, ["Missing 'transition' identifier"]);
  const available = availableTransitions(state, issue, rc.viewer);
  const transition = available.find(
    (candidate) => candidate.id === String(transitionId) || candidate.name === String(transitionId),
  );
  if (!transition) throw new JiraError(400, [`Transition id '${String(transitionId)}' is not valid for this issue.`]);
  const project = state.projectById(issue.projectId);
  const screenIds = new Set(transition.screen.map((field) => field.fieldId));
  const parsed = parseIssueUpdate(rc, project, issue, body['fields'], body['update'], 'transition', screenIds);
  for (const field of transition.screen) {
    if (
      field.required &&
      (parsed.values.get(field.fieldId) === undefined || parsed.values.get(field.fieldId) === null) &&
      !parsed.errors[field.fieldId]
    ) {
      const info =
        field.fieldId === 'resolution' ? 'Resolution' : (state.customField(field.fieldId)?.name ?? field.fieldId);
      parsed.errors[field.fieldId] = `${info} is required.`;
    }
  }
  if (Object.keys(parsed.errors).length > 0) throw fieldErrors(parsed.errors);

  const now = ctx.clock.now();
  const before = issue.fields.status;
  const items: ChangeItem[] = [];
  if (transition.resolution === 'clear') parsed.values.set('resolution', null);
  else if (typeof transition.resolution === 'object' && !parsed.values.has('resolution'))
    parsed.values.set('resolution', transition.resolution.set);
  items.push(...applyFieldValues(rc, issue, parsed.values));
  if (before !== transition.to) {
    items.push(...changeItemsFor(rc, issue, 'status', before, transition.to));
    const categoryChanged = state.status(before).categoryKey !== state.status(transition.to).categoryKey;
    issue.fields.status = transition.to;
    if (categoryChanged) issue.fields.statusCategoryChangedate = now;
  }
  issue.fields.resolutiondate = issue.fields.resolution === null ? null : (issue.fields.resolutiondate ?? now);
  const comments = addComments(rc, issue, parsed.comments, rc.viewer.accountId);
  const history = recordHistory(rc, issue, rc.viewer.accountId, items);
  ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: history,
    eventTypeName: 'issue_generic',
    comment: comments[0] ?? null,
    userId: rc.viewer.accountId,
    timestamp: now,
  });
  for (const comment of comments) {
    ctx.events.emit({ webhookEvent: 'comment_created', issue, comment, userId: rc.viewer.accountId, timestamp: now });
  }
}

/** Deletes an issue (and its sub-tasks when asked). */
export function deleteIssue(rc: RenderContext, issue: Issue, deleteSubtasks: boolean): void {
  const { ctx } = rc;
  const subtasks = ctx.state.data.issues.filter(
    (candidate) => candidate.fields.parent === issue.id && ctx.state.issueType(candidate.fields.issuetype).subtask,
  );
  if (subtasks.length > 0 && !deleteSubtasks) {
    throw new JiraError(400, [
      `The issue '${issue.key}' has subtasks. You must specify the 'deleteSubtasks' parameter to delete this issue with subtasks.`,
    ]);
  }
  const now = ctx.clock.now();
  for (const subtask of subtasks) {
    ctx.state.removeIssue(subtask);
    ctx.events.emit({
      webhookEvent: 'jira:issue_deleted',
      issue: subtask,
      userId: rc.viewer.accountId,
      timestamp: now,
    });
  }
  for (const attachment of issue.attachments) ctx.blobs.delete(attachment.blobKey);
  ctx.state.removeIssue(issue);
  ctx.events.emit({ webhookEvent: 'jira:issue_deleted', issue, userId: rc.viewer.accountId, timestamp: now });
}
