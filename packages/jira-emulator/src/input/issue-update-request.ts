/**
 * The `fields` and `update` parts of create, edit and transition requests, parsed together into new field values
 * (internal form) and comments to add. Every bad field is reported at once, keyed by field id, as Jira does.
 */
import type { Issue, Project, StoredRichText, Visibility } from '../model/types.ts';
import type { RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import { cannotBeSet, isListField, parseFieldValue } from './field-input.ts';
import { isJsonObject } from './json-object.ts';

export interface CommentToAdd {
  body: StoredRichText;
  visibility: Visibility | null;
}

export interface ParsedIssueUpdate {
  values: Map<string, unknown>;
  comments: CommentToAdd[];
  errors: Record<string, string>;
}

/** Parses a comment visibility object; Jira accepts `{type: group|role, value}` (and Cloud's `identifier`). */
export function parseVisibility(raw: unknown): { ok: true; value: Visibility | null } | { ok: false; message: string } {
  if (raw === undefined || raw === null) return { ok: true, value: null };
  if (!isJsonObject(raw) || (raw['type'] !== 'group' && raw['type'] !== 'role')) {
    return { ok: false, message: 'Visibility type must be "group" or "role".' };
  }
  const value = raw['value'] ?? raw['identifier'];
  if (typeof value !== 'string' || value === '') return { ok: false, message: 'Visibility value must be given.' };
  const visibility: Visibility = { type: raw['type'], value };
  if (typeof raw['identifier'] === 'string') visibility.identifier = raw['identifier'];
  return { ok: true, value: visibility };
}

/** Editable fields reject these with "cannot be set" (status goes through transitions). */
const NEVER_SETTABLE = new Set([
  'status',
  'statusCategory',
  'created',
  'updated',
  'creator',
  'resolutiondate',
  'key',
  'id',
  'subtasks',
  'votes',
  'watches',
  'worklog',
  'attachment',
  'lastViewed',
  'statuscategorychangedate',
]);

export function parseIssueUpdate(
  rc: RenderContext,
  project: Project,
  issue: Issue | undefined,
  fields: unknown,
  update: unknown,
  mode: 'create' | 'edit' | 'transition',
  /** Fields a transition screen allows (transition mode only). */
  screenFieldIds?: Set<string>,
): ParsedIssueUpdate {
  const result: ParsedIssueUpdate = { values: new Map(), comments: [], errors: {} };
  const allowed = (fieldId: string) => {
    if (NEVER_SETTABLE.has(fieldId)) return false;
    if (mode === 'transition') return screenFieldIds?.has(fieldId) ?? false;
    if (fieldId === 'project') return mode === 'create';
    return true;
  };
  if (fields !== undefined && fields !== null) {
    if (!isJsonObject(fields)) {
      result.errors['fields'] = 'fields must be an object';
      return result;
    }
    for (const [fieldId, raw] of Object.entries(fields)) {
      if (fieldId === 'project' && mode === 'create') continue;
      if (!allowed(fieldId)) {
        result.errors[fieldId] = cannotBeSet(fieldId);
        continue;
      }
      const parsed = parseFieldValue(rc, project, fieldId, raw, mode);
      if (parsed.ok) result.values.set(fieldId, parsed.value);
      else result.errors[fieldId] = parsed.message;
    }
  }
  if (update === undefined || update === null) return result;
  if (!isJsonObject(update)) {
    result.errors['update'] = 'update must be an object';
    return result;
  }
  for (const [fieldId, operations] of Object.entries(update)) {
    if (!Array.isArray(operations)) {
      result.errors[fieldId] = 'Operations must be an array.';
      continue;
    }
    if (fieldId === 'comment') {
      for (const operation of operations) {
        const add = isJsonObject(operation) ? operation['add'] : undefined;
        if (!isJsonObject(add)) {
          result.errors['comment'] = 'Only the add operation is supported for comments here.';
          continue;
        }
        const body = parseRichText(rc, add['body']);
        const visibility = parseVisibility(add['visibility']);
        if (!body.ok) result.errors['comment'] = body.message;
        else if (!visibility.ok) result.errors['comment'] = visibility.message;
        else if (body.value === null) result.errors['comment'] = 'Comment body can not be empty!';
        else result.comments.push({ body: body.value, visibility: visibility.value });
      }
      continue;
    }
    if (!allowed(fieldId)) {
      result.errors[fieldId] = cannotBeSet(fieldId);
      continue;
    }
    if (result.values.has(fieldId)) {
      result.errors[fieldId] = `Field '${fieldId}' cannot be set in both fields and update.`;
      continue;
    }
    const list = isListField(rc, fieldId);
    let current: unknown = result.values.has(fieldId)
      ? result.values.get(fieldId)
      : issue
        ? currentValue(issue, fieldId)
        : list
          ? []
          : null;
    for (const operation of operations) {
      if (!isJsonObject(operation)) {
        result.errors[fieldId] = 'Operation must be an object.';
        break;
      }
      const [verb, raw] = Object.entries(operation)[0] ?? [];
      if (verb === 'set') {
        const parsed = parseFieldValue(rc, project, fieldId, raw, mode);
        if (!parsed.ok) result.errors[fieldId] = parsed.message;
        else current = parsed.value;
      } else if ((verb === 'add' || verb === 'remove') && list) {
        const parsed = parseFieldValue(rc, project, fieldId, [raw], mode);
        if (!parsed.ok) {
          result.errors[fieldId] = parsed.message;
          continue;
        }
        const items = parsed.value as string[];
        const existing = Array.isArray(current) ? (current as string[]) : [];
        current =
          verb === 'add'
            ? [...existing, ...items.filter((item) => !existing.includes(item))]
            : existing.filter((item) => !items.includes(item));
      } else {
        result.errors[fieldId] = `Operation '${String(verb)}' is not supported for field '${fieldId}'.`;
      }
    }
    if (!(fieldId in result.errors)) result.values.set(fieldId, current);
  }
  return result;
}

/** The current internal value of a field on an issue. */
export function currentValue(issue: Issue, fieldId: string): unknown {
  if (fieldId.startsWith('customfield_')) return issue.fields.custom[fieldId] ?? null;
  return (issue.fields as unknown as Record<string, unknown>)[fieldId] ?? null;
}
