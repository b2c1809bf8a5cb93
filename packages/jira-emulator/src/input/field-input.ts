/**
 * Parses field values of create, edit and transition requests into the model's internal form, with Jira's error
 * messages. Cloud identifies users by accountId, Data Center by name; rich text follows the API version.
 */
import { isJiraDate, parseJiraDateTime } from '../render/jira-dates.ts';
import type { RenderContext } from '../render/render-context.ts';
import { parseRichText } from '../render/rich-text-view.ts';
import type { CustomField, FieldOption, Project } from '../model/types.ts';
import { isJsonObject } from './json-object.ts';

export type FieldParse = { ok: true; value: unknown } | { ok: false; message: string };

const ok = (value: unknown): FieldParse => ({ ok: true, value });
const fail = (message: string): FieldParse => ({ ok: false, message });

export function cannotBeSet(fieldId: string): string {
  return `Field '${fieldId}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

/** Looks an entity up by `{id}` or `{name}` (or a bare string name), Jira style. */
function byIdOrName<T extends { id: string; name: string }>(
  items: T[],
  raw: unknown,
  label: string,
): { ok: true; item: T } | { ok: false; message: string } {
  if (isJsonObject(raw) && raw['id'] !== undefined) {
    const item = items.find((candidate) => candidate.id === String(raw['id']));
    return item ? { ok: true, item } : { ok: false, message: `${label} with id '${String(raw['id'])}' does not exist` };
  }
  const name = isJsonObject(raw) ? raw['name'] : raw;
  if (typeof name === 'string') {
    const item = items.find((candidate) => candidate.name.toLowerCase() === name.toLowerCase());
    return item ? { ok: true, item } : { ok: false, message: `${label} name '${name}' is not valid` };
  }
  return { ok: false, message: `Specify the ${label} (id or name) in the string format` };
}

/** A user reference from a request: `{accountId}` on Cloud, `{name}` (or `{key}`) on Data Center. */
export function parseUserRef(rc: RenderContext, raw: unknown): FieldParse {
  if (raw === null) return ok(null);
  const { state } = rc.ctx;
  if (!isJsonObject(raw)) return fail('data was not an object');
  if (rc.ctx.flavor === 'cloud') {
    if (raw['accountId'] === undefined && (raw['name'] !== undefined || raw['key'] !== undefined)) {
      return fail(
        "'accountId' must be the only user identifying property in the request. 'name' and 'key' are no longer supported (GDPR).",
      );
    }
    const accountId = raw['accountId'];
    if (accountId === null) return ok(null);
    if (accountId === '-1') return ok('-1');
    const user = typeof accountId === 'string' ? state.userById(accountId) : undefined;
    if (!user || !user.active) return fail('Specified user does not exist or you do not have required permissions');
    return ok(user.accountId);
  }
  const name = raw['name'] ?? raw['key'];
  if (name === null) return ok(null);
  if (name === '-1') return ok('-1');
  const user =
    typeof name === 'string'
      ? state.data.users.find(
          (candidate) => candidate.name.toLowerCase() === name.toLowerCase() || candidate.key === name,
        )
      : undefined;
  if (!user || !user.active) return fail(`User '${String(name)}' does not exist.`);
  return ok(user.accountId);
}

function parseOption(options: FieldOption[], raw: unknown): FieldOption | string {
  if (isJsonObject(raw) && raw['id'] !== undefined) {
    return options.find((option) => option.id === String(raw['id'])) ?? `Option id '${String(raw['id'])}' is not valid`;
  }
  const value = isJsonObject(raw) ? raw['value'] : raw;
  if (typeof value === 'string') {
    return options.find((option) => option.value === value) ?? `Option value '${value}' is not valid`;
  }
  return "Could not find valid 'id' or 'value' in the Parent Option object.";
}

/** Parses a custom field's value. */
export function parseCustomFieldValue(rc: RenderContext, field: CustomField, raw: unknown): FieldParse {
  if (raw === null) return ok(null);
  switch (field.kind) {
    case 'text':
      if (typeof raw !== 'string') return fail('Operation value must be a string');
      if (raw.length > 255)
        return fail('The entered text is too long. It exceeds the allowed limit of 255 characters.');
      return ok(raw === '' ? null : raw);
    case 'url':
      if (typeof raw !== 'string') return fail('Operation value must be a string');
      if (raw !== '' && !/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(raw)) return fail(`Not a valid URL`);
      return ok(raw === '' ? null : raw);
    case 'paragraph': {
      const parsed = parseRichText(rc, raw);
      return parsed.ok ? ok(parsed.value) : fail(parsed.message);
    }
    case 'number':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return fail(`'${String(raw)}' is an invalid number`);
      return ok(raw);
    case 'date':
      if (typeof raw !== 'string' || !isJiraDate(raw)) return fail(`Error parsing date string: ${String(raw)}`);
      return ok(raw);
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseJiraDateTime(raw) : undefined;
      return ms === undefined ? fail(`Error parsing time: ${String(raw)}`) : ok(ms);
    }
    case 'labels':
      return parseLabels(raw);
    case 'select': {
      const option = parseOption(field.options, raw);
      return typeof option === 'string' ? fail(option) : ok(option.id);
    }
    case 'multiselect': {
      if (!Array.isArray(raw)) return fail('data was not an array');
      const ids: string[] = [];
      for (const item of raw) {
        const option = parseOption(field.options, item);
        if (typeof option === 'string') return fail(option);
        if (!ids.includes(option.id)) ids.push(option.id);
      }
      return ok(ids);
    }
    case 'cascadingselect': {
      const parent = parseOption(field.options, raw);
      if (typeof parent === 'string') return fail(parent);
      const childRaw = isJsonObject(raw) ? raw['child'] : undefined;
      if (childRaw === undefined || childRaw === null) return ok({ parent: parent.id, child: null });
      const child = parseOption(parent.children ?? [], childRaw);
      if (typeof child === 'string') return fail(`${child} for parent option '${parent.value}'`);
      return ok({ parent: parent.id, child: child.id });
    }
    case 'user':
      return parseUserRef(rc, raw);
    case 'multiuser': {
      if (!Array.isArray(raw)) return fail('data was not an array');
      const ids: string[] = [];
      for (const item of raw) {
        const user = parseUserRef(rc, item);
        if (!user.ok) return user;
        if (typeof user.value === 'string' && !ids.includes(user.value)) ids.push(user.value);
      }
      return ok(ids);
    }
  }
}

function parseLabels(raw: unknown): FieldParse {
  if (!Array.isArray(raw)) return fail('data was not an array');
  const labels: string[] = [];
  for (const label of raw) {
    if (typeof label !== 'string') return fail('Operation value must be a string');
    if (/\s/.test(label)) return fail(`The label '${label}' contains spaces which is invalid.`);
    if (label.length > 255) return fail('The label must not exceed 255 characters.');
    if (!labels.includes(label)) labels.push(label);
  }
  return ok(labels);
}

/**
 * Parses a value for an editable field. `mode` says where it comes from: create and edit screens differ
 * (project only on create; resolution only on transition screens).
 */
export function parseFieldValue(
  rc: RenderContext,
  project: Project,
  fieldId: string,
  raw: unknown,
  mode: 'create' | 'edit' | 'transition',
): FieldParse {
  const { state } = rc.ctx;
  switch (fieldId) {
    case 'summary':
      if (typeof raw !== 'string' || raw.trim() === '') return fail('You must specify a summary of the issue.');
      if (raw.length > 255) return fail('Summary must be less than 255 characters.');
      if (/[\r\n]/.test(raw)) return fail('The summary is invalid because it contains newline characters.');
      return ok(raw);
    case 'description':
    case 'environment': {
      const parsed = parseRichText(rc, raw);
      return parsed.ok ? ok(parsed.value) : fail(parsed.message);
    }
    case 'issuetype': {
      const types = project.issueTypeIds.map((id) => state.issueType(id));
      const found = byIdOrName(types, raw, 'issue type');
      return found.ok ? ok(found.item.id) : fail('Specify a valid issue type');
    }
    case 'priority': {
      if (raw === null) return ok(null);
      const found = byIdOrName(state.data.priorities, raw, 'Priority');
      return found.ok ? ok(found.item.id) : fail(found.message);
    }
    case 'resolution': {
      if (mode !== 'transition') return fail(cannotBeSet(fieldId));
      if (raw === null) return ok(null);
      const found = byIdOrName(state.data.resolutions, raw, 'Resolution');
      return found.ok ? ok(found.item.id) : fail(found.message);
    }
    case 'labels':
      return parseLabels(raw);
    case 'components':
    case 'fixVersions':
    case 'versions': {
      if (!Array.isArray(raw)) return fail('data was not an array');
      const items = fieldId === 'components' ? project.components : project.versions;
      const label = fieldId === 'components' ? 'Component' : 'Version';
      const ids: string[] = [];
      for (const item of raw) {
        const found = byIdOrName(items, item, label);
        if (!found.ok) return fail(found.message);
        if (!ids.includes(found.item.id)) ids.push(found.item.id);
      }
      return ok(ids);
    }
    case 'assignee':
    case 'reporter':
      return parseUserRef(rc, raw);
    case 'duedate':
      if (raw === null || raw === '') return ok(null);
      if (typeof raw !== 'string' || !isJiraDate(raw)) return fail(`Error parsing date string: ${String(raw)}`);
      return ok(raw);
    case 'parent': {
      if (raw === null) return ok(null);
      if (!isJsonObject(raw)) return fail('Could not find issue by id or key.');
      const ref = raw['key'] ?? raw['id'];
      const parent = typeof ref === 'string' || typeof ref === 'number' ? state.findIssue(String(ref)) : undefined;
      if (!parent) return fail('Could not find issue by id or key.');
      if (parent.projectId !== project.id) return fail('Parent issue must belong to the same project.');
      return ok(parent.id);
    }
    default: {
      const custom = state.customField(fieldId);
      if (!custom) return fail(cannotBeSet(fieldId));
      return parseCustomFieldValue(rc, custom, raw);
    }
  }
}

/** Fields whose value is a list, where `update` supports add and remove. */
export function isListField(rc: RenderContext, fieldId: string): boolean {
  if (['labels', 'components', 'fixVersions', 'versions'].includes(fieldId)) return true;
  const custom = rc.ctx.state.customField(fieldId);
  return custom !== undefined && ['multiselect', 'multiuser', 'labels'].includes(custom.kind);
}
