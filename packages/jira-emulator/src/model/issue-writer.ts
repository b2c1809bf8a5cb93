/**
 * Applies new field values to an issue and records what changed in its changelog, with Jira's item shapes
 * (`field`, `fieldtype`, `fieldId`, `from`/`fromString`, `to`/`toString`). Only real changes are recorded, and
 * `updated` moves only when something changed.
 */
import { isDeepStrictEqual } from 'node:util';
import { customFieldChangeString } from '../render/custom-field-view.ts';
import type { RenderContext } from '../render/render-context.ts';
import { richTextToChangelog } from '../render/rich-text-view.ts';
import { nextId } from './jira-data.ts';
import type { ChangeHistory, ChangeItem, Issue } from './types.ts';

const SYSTEM_LABELS: Record<string, string> = {
  summary: 'summary',
  description: 'description',
  environment: 'environment',
  issuetype: 'issuetype',
  priority: 'priority',
  resolution: 'resolution',
  status: 'status',
  labels: 'labels',
  assignee: 'assignee',
  reporter: 'reporter',
  duedate: 'duedate',
  parent: 'IssueParentAssociation',
};

function item(
  field: string,
  fieldId: string,
  from: string | null,
  fromString: string | null,
  to: string | null,
  toString: string | null,
  custom = false,
): ChangeItem {
  return { field, fieldtype: custom ? 'custom' : 'jira', fieldId, from, fromString, to, toString };
}

/** Changelog items for one field going from `before` to `after` (both internal values). */
export function changeItemsFor(
  rc: RenderContext,
  issue: Issue,
  fieldId: string,
  before: unknown,
  after: unknown,
): ChangeItem[] {
  const { state } = rc.ctx;
  const project = state.projectById(issue.projectId);
  const label = SYSTEM_LABELS[fieldId] ?? fieldId;
  const str = (value: unknown) => (value === null || value === undefined ? null : String(value));
  switch (fieldId) {
    case 'summary':
      return [item(label, fieldId, null, str(before), null, str(after))];
    case 'description':
    case 'environment':
      return [
        item(
          label,
          fieldId,
          null,
          richTextToChangelog(before as Issue['fields']['description']),
          null,
          richTextToChangelog(after as Issue['fields']['description']),
        ),
      ];
    case 'issuetype':
      return [
        item(
          label,
          fieldId,
          str(before),
          state.findIssueType(String(before))?.name ?? null,
          str(after),
          state.findIssueType(String(after))?.name ?? null,
        ),
      ];
    case 'priority':
    case 'resolution': {
      const list = fieldId === 'priority' ? state.data.priorities : state.data.resolutions;
      const name = (id: unknown) => list.find((entry) => entry.id === id)?.name ?? null;
      return [item(label, fieldId, str(before), name(before), str(after), name(after))];
    }
    case 'status':
      return [
        item(
          label,
          fieldId,
          str(before),
          state.findStatus(String(before))?.name ?? null,
          str(after),
          state.findStatus(String(after))?.name ?? null,
        ),
      ];
    case 'labels':
      return [
        item(label, fieldId, null, (before as string[]).join(' ') || null, null, (after as string[]).join(' ') || null),
      ];
    case 'assignee':
    case 'reporter': {
      const name = (id: unknown) => (id ? (state.userById(String(id))?.displayName ?? null) : null);
      return [item(label, fieldId, str(before), name(before), str(after), name(after))];
    }
    case 'duedate':
      return [
        item(
          label,
          fieldId,
          str(before),
          before ? `${String(before)} 00:00:00.0` : null,
          str(after),
          after ? `${String(after)} 00:00:00.0` : null,
        ),
      ];
    case 'parent': {
      const key = (id: unknown) => (id ? (state.issueById(String(id))?.key ?? null) : null);
      return [item(label, fieldId, str(before), key(before), str(after), key(after))];
    }
    case 'components':
    case 'fixVersions':
    case 'versions': {
      const items = fieldId === 'components' ? project.components : project.versions;
      const field = fieldId === 'components' ? 'Component' : fieldId === 'fixVersions' ? 'Fix Version' : 'Version';
      const name = (id: string) => items.find((entry) => entry.id === id)?.name ?? id;
      const was = before as string[];
      const now = after as string[];
      return [
        ...was.filter((id) => !now.includes(id)).map((id) => item(field, fieldId, id, name(id), null, null)),
        ...now.filter((id) => !was.includes(id)).map((id) => item(field, fieldId, null, null, id, name(id))),
      ];
    }
    default: {
      const custom = state.customField(fieldId);
      if (!custom) return [];
      const from = customFieldChangeString(rc, custom, before);
      const to = customFieldChangeString(rc, custom, after);
      return [item(custom.name, fieldId, from.id, from.text, to.id, to.text, true)];
    }
  }
}

/**
 * Sets new values on the issue and returns the changelog items (nothing for values that did not change).
 * `-1` as a user means "automatic": the project lead.
 */
export function applyFieldValues(rc: RenderContext, issue: Issue, values: Map<string, unknown>): ChangeItem[] {
  const items: ChangeItem[] = [];
  const project = rc.ctx.state.projectById(issue.projectId);
  for (const [fieldId, rawValue] of values) {
    const value =
      (fieldId === 'assignee' || fieldId === 'reporter') && rawValue === '-1' ? project.leadAccountId : rawValue;
    const custom = fieldId.startsWith('customfield_');
    const fields = issue.fields as unknown as Record<string, unknown>;
    const before = custom ? (issue.fields.custom[fieldId] ?? null) : (fields[fieldId] ?? null);
    const normalisedAfter = Array.isArray(value) && value.length === 0 && custom ? null : value;
    if (isDeepStrictEqual(before, normalisedAfter)) continue;
    items.push(...changeItemsFor(rc, issue, fieldId, before, normalisedAfter));
    if (custom) {
      if (normalisedAfter === null) delete issue.fields.custom[fieldId];
      else issue.fields.custom[fieldId] = normalisedAfter;
    } else {
      fields[fieldId] = normalisedAfter;
    }
  }
  return items;
}

/** Appends a change history (when there are items) and moves `updated`. Returns the history, or null. */
export function recordHistory(
  rc: RenderContext,
  issue: Issue,
  authorId: string,
  items: ChangeItem[],
): ChangeHistory | null {
  const now = rc.ctx.clock.now();
  issue.updated = now;
  rc.ctx.state.touch();
  if (items.length === 0) return null;
  const history: ChangeHistory = { id: nextId(rc.ctx.state.data, 'changelog'), authorId, created: now, items };
  issue.changelog.push(history);
  return history;
}
