/**
 * Control API for workflows: `PUT /_emulator/projects/{key}/workflows` defines a workflow and assigns it to the
 * project, for the listed `issueTypes` or as the project's default. Statuses are named; unknown ones are created
 * with the given `category` (new, indeterminate, done). Transitions: `{id?, name, from: [status…] (empty: global),
 * to, screen: [{field, required}], conditions: [{type: userInGroup, group} | {type: userInProjectRole, role} |
 * {type: onlyAssignee} | {type: onlyReporter}], resolution: 'fromScreen' | 'clear' | 'keep' | {set: name}}`.
 * `GET` on the same path shows the project's assignments. Running transitions is src/model/workflow.ts's business.
 */
import { JiraError } from '../http/jira-error.ts';
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import type { JiraState } from '../model/jira-state.ts';
import type {
  Project,
  Status,
  StatusCategoryKey,
  TransitionCondition,
  TransitionScreenField,
  Workflow,
  WorkflowTransition,
} from '../model/types.ts';
import { SYSTEM_FIELDS } from '../model/field-catalog.ts';
import {
  badBody,
  expectObject,
  join,
  objectBody,
  onlyKeys,
  optionalArray,
  optionalBoolean,
  optionalEnum,
  optionalString,
  optionalStringArray,
  requiredString,
} from './control-body.ts';
import { controlRoute } from './control-route.ts';

const CATEGORIES: readonly StatusCategoryKey[] = ['new', 'indeterminate', 'done'];

function requireProject(state: JiraState, key: string): Project {
  const project = state.findProject(key);
  if (!project) throw new JiraError(404, [`No project could be found with key '${key}'.`]);
  return project;
}

/** Finds a status by name or id, or creates it in `category` (required for a new one). */
function resolveStatus(state: JiraState, name: string, category: StatusCategoryKey | undefined, path: string): Status {
  const existing = state.findStatus(name);
  if (existing) return existing;
  if (!category)
    throw badBody(path, `status ${name} does not exist; give it a category (${CATEGORIES.join(', ')}) in statuses`);
  const id = String(
    Math.max(10000, ...state.data.statuses.map((status) => Number(status.id)).filter(Number.isFinite)) + 1,
  );
  const status: Status = { id, name, description: '', categoryKey: category };
  state.data.statuses.push(status);
  return status;
}

function resolveField(state: JiraState, ref: string, path: string): string {
  const system = SYSTEM_FIELDS.find((field) => field.id === ref || field.name.toLowerCase() === ref.toLowerCase());
  if (system) return system.id;
  const custom = state.findCustomField(ref);
  if (custom) return custom.id;
  throw badBody(path, `no field ${ref}`);
}

function parseCondition(state: JiraState, value: unknown, path: string): TransitionCondition {
  const record = expectObject(value, path);
  const type = optionalEnum(record, 'type', path, [
    'userInGroup',
    'userInProjectRole',
    'onlyAssignee',
    'onlyReporter',
  ] as const);
  switch (type) {
    case 'userInGroup': {
      onlyKeys(record, ['type', 'group'], path);
      return { type, group: requiredString(record, 'group', path) };
    }
    case 'userInProjectRole': {
      onlyKeys(record, ['type', 'role'], path);
      const ref = record['role'];
      const role = state.data.roles.find(
        (candidate) =>
          candidate.id === ref ||
          String(candidate.id) === ref ||
          (typeof ref === 'string' && candidate.name.toLowerCase() === ref.toLowerCase()),
      );
      if (!role) throw badBody(join(path, 'role'), `no project role ${String(ref)}`);
      return { type, roleId: role.id };
    }
    case 'onlyAssignee':
    case 'onlyReporter':
      onlyKeys(record, ['type'], path);
      return { type };
    default:
      throw badBody(join(path, 'type'), 'is required (userInGroup, userInProjectRole, onlyAssignee, onlyReporter)');
  }
}

function parseResolution(state: JiraState, value: unknown, path: string): WorkflowTransition['resolution'] {
  if (value === undefined) return 'keep';
  if (value === 'fromScreen' || value === 'clear' || value === 'keep') return value;
  const record = expectObject(value, path);
  onlyKeys(record, ['set'], path);
  const ref = requiredString(record, 'set', path);
  const resolution = state.data.resolutions.find(
    (candidate) => candidate.id === ref || candidate.name.toLowerCase() === ref.toLowerCase(),
  );
  if (!resolution) throw badBody(join(path, 'set'), `no resolution ${ref}`);
  return { set: resolution.id };
}

/** A workflow from a request body (creating missing statuses), every bad key reported with its path. */
export function parseWorkflow(
  state: JiraState,
  body: Record<string, unknown>,
): { workflow: Workflow; issueTypeIds: string[] | null } {
  onlyKeys(body, ['name', 'issueTypes', 'statuses', 'initialStatus', 'transitions'], 'body');
  const name = requiredString(body, 'name', 'body');
  const categories = new Map<string, StatusCategoryKey>();
  const statusIds: string[] = [];
  (optionalArray(body, 'statuses', 'body') ?? []).forEach((item, index) => {
    const path = `statuses[${index}]`;
    if (typeof item === 'string') {
      statusIds.push(resolveStatus(state, item, undefined, path).id);
      return;
    }
    const record = expectObject(item, path);
    onlyKeys(record, ['name', 'category'], path);
    const statusName = requiredString(record, 'name', path);
    const category = optionalEnum(record, 'category', path, CATEGORIES);
    if (category) categories.set(statusName.toLowerCase(), category);
    statusIds.push(resolveStatus(state, statusName, category, path).id);
  });
  const statusId = (ref: string, path: string): string => {
    const status = resolveStatus(state, ref, categories.get(ref.toLowerCase()), path);
    if (!statusIds.includes(status.id)) statusIds.push(status.id);
    return status.id;
  };

  const rawTransitions = optionalArray(body, 'transitions', 'body') ?? [];
  if (rawTransitions.length === 0) throw badBody('transitions', 'a workflow needs at least one transition');
  const transitions = rawTransitions.map((item, index): WorkflowTransition => {
    const path = `transitions[${index}]`;
    const record = expectObject(item, path);
    onlyKeys(record, ['id', 'name', 'from', 'to', 'screen', 'conditions', 'resolution'], path);
    const screen = (optionalArray(record, 'screen', path) ?? []).map((field, fieldIndex): TransitionScreenField => {
      const fieldPath = `${path}.screen[${fieldIndex}]`;
      if (typeof field === 'string') return { fieldId: resolveField(state, field, fieldPath), required: false };
      const fieldRecord = expectObject(field, fieldPath);
      onlyKeys(fieldRecord, ['field', 'required'], fieldPath);
      return {
        fieldId: resolveField(state, requiredString(fieldRecord, 'field', fieldPath), join(fieldPath, 'field')),
        required: optionalBoolean(fieldRecord, 'required', fieldPath) ?? false,
      };
    });
    return {
      id: optionalString(record, 'id', path) ?? String(11 + index * 10),
      name: requiredString(record, 'name', path),
      from: (optionalStringArray(record, 'from', path) ?? []).map((ref, fromIndex) =>
        statusId(ref, `${path}.from[${fromIndex}]`),
      ),
      to: statusId(requiredString(record, 'to', path), join(path, 'to')),
      screen,
      conditions: (optionalArray(record, 'conditions', path) ?? []).map((condition, conditionIndex) =>
        parseCondition(state, condition, `${path}.conditions[${conditionIndex}]`),
      ),
      resolution: parseResolution(state, record['resolution'], join(path, 'resolution')),
    };
  });
  const ids = new Set<string>();
  transitions.forEach((transition, index) => {
    if (ids.has(transition.id)) throw badBody(`transitions[${index}].id`, `duplicate transition id ${transition.id}`);
    ids.add(transition.id);
  });
  const initial = optionalString(body, 'initialStatus', 'body');
  const initialStatusId = initial ? statusId(initial, 'initialStatus') : statusIds[0];
  if (!initialStatusId) throw badBody('initialStatus', 'is required when no statuses are listed');

  const issueTypeRefs = optionalStringArray(body, 'issueTypes', 'body');
  const issueTypeIds = issueTypeRefs
    ? issueTypeRefs.map((ref, index) => {
        const type = state.findIssueType(ref);
        if (!type) throw badBody(`issueTypes[${index}]`, `no issue type ${ref}`);
        return type.id;
      })
    : null;
  return { workflow: { name, initialStatusId, statusIds, transitions }, issueTypeIds };
}

function assignments(state: JiraState, project: Project): Record<string, unknown> {
  const names = new Set([project.defaultWorkflow, ...Object.values(project.workflowByIssueType)]);
  return {
    project: project.key,
    defaultWorkflow: project.defaultWorkflow,
    workflowByIssueType: Object.fromEntries(
      Object.entries(project.workflowByIssueType).map(([typeId, name]) => [state.issueType(typeId).name, name]),
    ),
    workflows: state.data.workflows.filter((workflow) => names.has(workflow.name)),
  };
}

export const workflowAdminRoutes: RouteDefinition[] = [
  controlRoute('GET', '/projects/:projectKey/workflows', ({ rc, params }) => {
    const project = requireProject(rc.ctx.state, params['projectKey'] ?? '');
    return ok(assignments(rc.ctx.state, project));
  }),
  controlRoute('PUT', '/projects/:projectKey/workflows', ({ rc, params, body }) => {
    const { state } = rc.ctx;
    const project = requireProject(state, params['projectKey'] ?? '');
    const { workflow, issueTypeIds } = parseWorkflow(state, objectBody(body));
    // A workflow of the same name is replaced: every project using it follows the new definition, as in Jira.
    state.data.workflows = [...state.data.workflows.filter((candidate) => candidate.name !== workflow.name), workflow];
    if (issueTypeIds) for (const typeId of issueTypeIds) project.workflowByIssueType[typeId] = workflow.name;
    else project.defaultWorkflow = workflow.name;
    state.touch();
    return ok(assignments(state, project));
  }),
];
