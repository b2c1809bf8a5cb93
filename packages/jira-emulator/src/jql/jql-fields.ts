/**
 * The fields JQL can search and sort on, resolved from a clause name (`status`, `type`, `cf[10010]`,
 * `"Story points"`, `issue.property[key].path`) to how the emulator reads an issue: which kind of value it has,
 * how operand values resolve to internal ids (with Jira's "does not exist" errors), and what it sorts by.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { canSee } from '../model/comment-visibility.ts';
import type { CascadingValue, CustomField, FieldOption, Issue, StoredRichText, User } from '../model/types.ts';
import { richTextToPlain } from '../render/rich-text-view.ts';
import type { JqlFieldRef } from './jql-ast.ts';
import { fieldDoesNotExist, jqlError, valueDoesNotExist } from './jql-errors.ts';
import { textWords } from './jql-text-match.ts';

/** Who is searching, and on which instance. */
export interface JqlEnv {
  ctx: EmulatorContext;
  viewer: User;
}

/** Matches issues whose field has no value (`resolution = Unresolved`). */
export const EMPTY_VALUE = '\u0000empty';

interface FieldBase {
  /** The name as written in the query, for messages. */
  name: string;
  /** Jira's field id, for sorting messages and defaults. */
  id: string;
}

/** A field whose values are ids or exact strings: project, status, users, options, labels, keys. */
export interface EqualityField extends FieldBase {
  kind: 'equality';
  values(issue: Issue): readonly string[];
  /** Internal values an operand text stands for; throws Jira's error when it names nothing. */
  resolve(text: string): string[];
  /** For `<`, `>` on priority and keys: a rank for a value, higher = greater. */
  rank?: (value: string) => number | undefined;
  userField?: boolean;
  sortValue(issue: Issue): string | number | null;
}

export interface TextField extends FieldBase {
  kind: 'text';
  /** Words of each text the field holds (only what the viewer may see). */
  words(issue: Issue): string[][];
  sortValue?: (issue: Issue) => string | null;
  /** `text` only supports `~`. */
  containsOnly?: boolean;
}

export interface DateTimeField extends FieldBase {
  kind: 'datetime';
  instant(issue: Issue): number | null;
}

export interface DateField extends FieldBase {
  kind: 'date';
  day(issue: Issue): string | null;
}

export interface NumberField extends FieldBase {
  kind: 'number';
  number(issue: Issue): number | null;
}

export interface PropertyField extends FieldBase {
  kind: 'property';
  values(issue: Issue): unknown[];
}

export type JqlField = EqualityField | TextField | DateTimeField | DateField | NumberField | PropertyField;

/** Plain-text words of stored rich text; ADF documents are cached by identity (they are replaced, not mutated). */
const wordCache = new WeakMap<object, string[]>();
export function richTextWords(stored: StoredRichText): string[] {
  if (stored === null) return [];
  if (typeof stored === 'string') return textWords(richTextToPlain(stored));
  let words = wordCache.get(stored);
  if (!words) {
    words = textWords(richTextToPlain(stored));
    wordCache.set(stored, words);
  }
  return words;
}

function byNameOrId<T extends { id: string; name: string }>(items: readonly T[], text: string): T[] {
  const lower = text.toLowerCase();
  return items.filter((item) => item.id === text || item.name.toLowerCase() === lower);
}

function entityField(
  env: JqlEnv,
  name: string,
  id: string,
  values: (issue: Issue) => readonly string[],
  resolveOne: (text: string) => string[],
  sortValue: (issue: Issue) => string | number | null,
): EqualityField {
  return {
    kind: 'equality',
    name,
    id,
    values,
    resolve(text) {
      const found = resolveOne(text);
      if (found.length === 0) throw valueDoesNotExist(text, name);
      return found;
    },
    sortValue,
  };
}

const ISSUE_KEY = /^([A-Z][A-Z0-9_]*)-(\d+)$/i;

/** Issue key order: project key, then number. */
export function issueKeySortValue(key: string): string {
  const match = ISSUE_KEY.exec(key);
  return match ? `${(match[1] ?? '').toUpperCase()}-${(match[2] ?? '').padStart(12, '0')}` : key;
}

function issueRefField(
  env: JqlEnv,
  name: string,
  id: string,
  values: (issue: Issue) => readonly string[],
): EqualityField {
  const { state } = env.ctx;
  return {
    kind: 'equality',
    name,
    id,
    values,
    resolve(text) {
      if (/^\d+$/.test(text)) return [text];
      if (!ISSUE_KEY.test(text)) throw jqlError(`The issue key '${text}' for field '${name}' is invalid.`);
      const issue = state.findIssue(text);
      if (!issue) throw jqlError(`An issue with key '${text}' does not exist for field '${name}'.`);
      return [issue.id];
    },
    rank(value) {
      const issue = state.issueById(value);
      return issue ? Number(ISSUE_KEY.exec(issue.key)?.[2] ?? Number.NaN) : undefined;
    },
    sortValue: (issue) => {
      const target = values(issue)[0];
      const other = target === undefined ? undefined : target === issue.id ? issue : state.issueById(target);
      return other ? issueKeySortValue(other.key) : null;
    },
  };
}

function userField(env: JqlEnv, name: string, id: string, values: (issue: Issue) => readonly string[]): EqualityField {
  const { state, flavor } = env.ctx;
  return {
    kind: 'equality',
    name,
    id,
    values,
    userField: true,
    resolve(text) {
      // Cloud identifies users by accountId only (GDPR); Data Center by username (or user key).
      const lower = text.toLowerCase();
      const user =
        flavor === 'cloud'
          ? state.data.users.find((candidate) => candidate.accountId === text)
          : state.data.users.find(
              (candidate) => candidate.name.toLowerCase() === lower || candidate.key.toLowerCase() === lower,
            );
      if (!user) throw valueDoesNotExist(text, name);
      return [user.accountId];
    },
    sortValue: (issue) => {
      const accountId = values(issue)[0];
      return accountId === undefined ? null : (state.userById(accountId)?.displayName.toLowerCase() ?? accountId);
    },
  };
}

function findOptions(options: readonly FieldOption[], text: string): FieldOption[] {
  const lower = text.toLowerCase();
  const out: FieldOption[] = [];
  for (const option of options) {
    if (option.id === text || option.value.toLowerCase() === lower) out.push(option);
    if (option.children) out.push(...findOptions(option.children, text));
  }
  return out;
}

function asArray(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return value === undefined || value === null || value === '' ? [] : [String(value)];
}

function customField(env: JqlEnv, name: string, field: CustomField): JqlField {
  const read = (issue: Issue): unknown => issue.fields.custom[field.id];
  switch (field.kind) {
    case 'text':
      return {
        kind: 'text',
        name,
        id: field.id,
        words: (issue) => {
          const value = read(issue);
          return typeof value === 'string' && value !== '' ? [textWords(value)] : [];
        },
        sortValue: (issue) => {
          const value = read(issue);
          return typeof value === 'string' && value !== '' ? value.toLowerCase() : null;
        },
      };
    case 'paragraph':
      return {
        kind: 'text',
        name,
        id: field.id,
        words: (issue) => {
          const value = (read(issue) ?? null) as StoredRichText;
          return value === null ? [] : [richTextWords(value)];
        },
      };
    case 'number':
      return {
        kind: 'number',
        name,
        id: field.id,
        number: (issue) => {
          const value = read(issue);
          return typeof value === 'number' ? value : null;
        },
      };
    case 'date':
      return {
        kind: 'date',
        name,
        id: field.id,
        day: (issue) => {
          const value = read(issue);
          return typeof value === 'string' ? value : null;
        },
      };
    case 'datetime':
      return {
        kind: 'datetime',
        name,
        id: field.id,
        instant: (issue) => {
          const value = read(issue);
          return typeof value === 'number' ? value : null;
        },
      };
    case 'select':
    case 'multiselect':
    case 'cascadingselect': {
      const values =
        field.kind === 'cascadingselect'
          ? (issue: Issue) => {
              const value = read(issue) as CascadingValue | undefined | null;
              if (!value) return [];
              return value.child ? [value.parent, value.child] : [value.parent];
            }
          : (issue: Issue) => asArray(read(issue));
      return {
        kind: 'equality',
        name,
        id: field.id,
        values,
        resolve(text) {
          const found = findOptions(field.options, text).map((option) => option.id);
          if (found.length === 0) throw jqlError(`The option '${text}' for field '${name}' does not exist.`);
          return found;
        },
        sortValue: (issue) => {
          const first = values(issue)[0];
          return first === undefined ? null : (findOptions(field.options, first)[0]?.value.toLowerCase() ?? first);
        },
      };
    }
    case 'user':
    case 'multiuser':
      return userField(env, name, field.id, (issue) => asArray(read(issue)));
    case 'labels':
    case 'url':
      return {
        kind: 'equality',
        name,
        id: field.id,
        values: (issue) => asArray(read(issue)).map((value) => value.toLowerCase()),
        resolve: (text) => [text.toLowerCase()],
        sortValue: (issue) => asArray(read(issue))[0]?.toLowerCase() ?? null,
      };
  }
}

const STATUS_CATEGORIES = [
  { id: '2', key: 'new', name: 'To Do' },
  { id: '4', key: 'indeterminate', name: 'In Progress' },
  { id: '3', key: 'done', name: 'Done' },
];

function propertyValues(root: unknown, path: readonly string[]): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path) {
    const next: unknown[] = [];
    for (const value of current) {
      const items = Array.isArray(value) ? value : [value];
      for (const item of items) {
        if (typeof item === 'object' && item !== null && segment in item)
          next.push((item as Record<string, unknown>)[segment]);
      }
    }
    current = next;
  }
  return current
    .flatMap((value) => (Array.isArray(value) ? value : [value]))
    .filter((value) => value !== undefined && value !== null);
}

/** The field a clause names, or Jira's "does not exist" error. */
export function resolveJqlField(env: JqlEnv, ref: JqlFieldRef): JqlField {
  const { state } = env.ctx;
  const { viewer } = env;
  const name = ref.name;
  const lower = name.toLowerCase();

  if (ref.propertyKey !== undefined) {
    if (lower !== 'issue.property') throw fieldDoesNotExist(name);
    const key = ref.propertyKey;
    const path = ref.propertyPath ?? [];
    const display = `issue.property[${key}]${path.map((segment) => `.${segment}`).join('')}`;
    return {
      kind: 'property',
      name: display,
      id: display,
      values: (issue) => propertyValues(issue.properties[key], path),
    };
  }

  const data = state.data;
  const projectOf = (issue: Issue) => state.projectById(issue.projectId);
  switch (lower) {
    case 'project':
      return entityField(
        env,
        name,
        'project',
        (issue) => [issue.projectId],
        (text) => {
          const lowerText = text.toLowerCase();
          return data.projects
            .filter((p) => p.id === text || p.key.toLowerCase() === lowerText || p.name.toLowerCase() === lowerText)
            .map((p) => p.id);
        },
        (issue) => projectOf(issue).name.toLowerCase(),
      );
    case 'key':
    case 'issuekey':
    case 'id':
    case 'issue':
      return issueRefField(env, name, 'issuekey', (issue) => [issue.id]);
    case 'parent':
      return issueRefField(env, name, 'parent', (issue) => (issue.fields.parent ? [issue.fields.parent] : []));
    case 'issuetype':
    case 'type':
      return entityField(
        env,
        name,
        'issuetype',
        (issue) => [issue.fields.issuetype],
        (text) => byNameOrId(data.issueTypes, text).map((t) => t.id),
        (issue) => state.issueType(issue.fields.issuetype).name.toLowerCase(),
      );
    case 'status':
      return entityField(
        env,
        name,
        'status',
        (issue) => [issue.fields.status],
        (text) => byNameOrId(data.statuses, text).map((s) => s.id),
        (issue) => data.statuses.findIndex((s) => s.id === issue.fields.status),
      );
    case 'statuscategory':
      return entityField(
        env,
        name,
        'statusCategory',
        (issue) => [state.status(issue.fields.status).categoryKey],
        (text) => {
          const lowerText = text.toLowerCase();
          return STATUS_CATEGORIES.filter(
            (c) => c.id === text || c.key === lowerText || c.name.toLowerCase() === lowerText,
          ).map((c) => c.key);
        },
        (issue) => STATUS_CATEGORIES.findIndex((c) => c.key === state.status(issue.fields.status).categoryKey),
      );
    case 'priority': {
      const field = entityField(
        env,
        name,
        'priority',
        (issue) => (issue.fields.priority ? [issue.fields.priority] : []),
        (text) => byNameOrId(data.priorities, text).map((p) => p.id),
        // Ascending priority order is lowest first, as in Jira.
        (issue) => (issue.fields.priority ? -data.priorities.findIndex((p) => p.id === issue.fields.priority) : null),
      );
      field.rank = (value) => {
        const index = data.priorities.findIndex((p) => p.id === value);
        return index < 0 ? undefined : -index;
      };
      return field;
    }
    case 'resolution':
      return entityField(
        env,
        name,
        'resolution',
        (issue) => (issue.fields.resolution ? [issue.fields.resolution] : []),
        (text) =>
          text.toLowerCase() === 'unresolved' ? [EMPTY_VALUE] : byNameOrId(data.resolutions, text).map((r) => r.id),
        (issue) =>
          issue.fields.resolution ? data.resolutions.findIndex((r) => r.id === issue.fields.resolution) : null,
      );
    case 'component':
      return entityField(
        env,
        name,
        'components',
        (issue) => issue.fields.components,
        (text) => data.projects.flatMap((p) => byNameOrId(p.components, text)).map((c) => c.id),
        (issue) => {
          const first = issue.fields.components[0];
          return first === undefined
            ? null
            : (projectOf(issue)
                .components.find((c) => c.id === first)
                ?.name.toLowerCase() ?? first);
        },
      );
    case 'fixversion':
    case 'affectedversion': {
      const read =
        lower === 'fixversion' ? (issue: Issue) => issue.fields.fixVersions : (issue: Issue) => issue.fields.versions;
      return entityField(
        env,
        name,
        lower === 'fixversion' ? 'fixVersions' : 'versions',
        read,
        (text) => data.projects.flatMap((p) => byNameOrId(p.versions, text)).map((v) => v.id),
        (issue) => {
          const first = read(issue)[0];
          return first === undefined
            ? null
            : (projectOf(issue)
                .versions.find((v) => v.id === first)
                ?.name.toLowerCase() ?? first);
        },
      );
    }
    case 'labels':
      return {
        kind: 'equality',
        name,
        id: 'labels',
        values: (issue) => issue.fields.labels.map((label) => label.toLowerCase()),
        resolve: (text) => [text.toLowerCase()],
        sortValue: (issue) => issue.fields.labels[0]?.toLowerCase() ?? null,
      };
    case 'assignee':
      return userField(env, name, 'assignee', (issue) => (issue.fields.assignee ? [issue.fields.assignee] : []));
    case 'reporter':
      return userField(env, name, 'reporter', (issue) => (issue.fields.reporter ? [issue.fields.reporter] : []));
    case 'creator':
      return userField(env, name, 'creator', (issue) => [issue.fields.creator]);
    case 'summary':
      return {
        kind: 'text',
        name,
        id: 'summary',
        words: (issue) => [textWords(issue.fields.summary)],
        sortValue: (issue) => issue.fields.summary.toLowerCase(),
      };
    case 'description':
      return {
        kind: 'text',
        name,
        id: 'description',
        words: (issue) => (issue.fields.description === null ? [] : [richTextWords(issue.fields.description)]),
      };
    case 'environment':
      return {
        kind: 'text',
        name,
        id: 'environment',
        words: (issue) => (issue.fields.environment === null ? [] : [richTextWords(issue.fields.environment)]),
      };
    case 'comment':
      return {
        kind: 'text',
        name,
        id: 'comment',
        // Restricted comments are searchable only by users who may read them.
        words: (issue) =>
          issue.comments.filter((c) => canSee(state, viewer, issue, c.visibility)).map((c) => richTextWords(c.body)),
      };
    case 'text':
      return {
        kind: 'text',
        name,
        id: 'text',
        containsOnly: true,
        words: (issue) => {
          const all: string[][] = [textWords(issue.fields.summary)];
          if (issue.fields.description !== null) all.push(richTextWords(issue.fields.description));
          if (issue.fields.environment !== null) all.push(richTextWords(issue.fields.environment));
          for (const c of issue.comments)
            if (canSee(state, viewer, issue, c.visibility)) all.push(richTextWords(c.body));
          for (const field of data.customFields) {
            const value = issue.fields.custom[field.id];
            if (field.kind === 'text' && typeof value === 'string') all.push(textWords(value));
            if (field.kind === 'paragraph' && value !== undefined && value !== null)
              all.push(richTextWords(value as StoredRichText));
          }
          return all;
        },
      };
    case 'created':
    case 'createddate':
      return { kind: 'datetime', name, id: 'created', instant: (issue) => issue.created };
    case 'updated':
    case 'updateddate':
      return { kind: 'datetime', name, id: 'updated', instant: (issue) => issue.updated };
    case 'resolved':
    case 'resolutiondate':
      return { kind: 'datetime', name, id: 'resolutiondate', instant: (issue) => issue.fields.resolutiondate };
    case 'statuscategorychangeddate':
      return {
        kind: 'datetime',
        name,
        id: 'statuscategorychangedate',
        instant: (issue) => issue.fields.statusCategoryChangedate,
      };
    case 'duedate':
    case 'due':
      return { kind: 'date', name, id: 'duedate', day: (issue) => issue.fields.duedate };
    default:
      break;
  }
  const custom =
    ref.customFieldId !== undefined
      ? data.customFields.find((f) => f.numericId === ref.customFieldId)
      : state.findCustomField(name);
  if (custom) return customField(env, name, custom);
  throw fieldDoesNotExist(name);
}

/** The value an ORDER BY sorts on; null sorts as Jira's EMPTY (last ascending). */
export function sortValueOf(field: JqlField): ((issue: Issue) => string | number | null) | undefined {
  switch (field.kind) {
    case 'equality':
      return field.sortValue;
    case 'text':
      return field.sortValue;
    case 'datetime':
      return field.instant;
    case 'date':
      return field.day;
    case 'number':
      return field.number;
    case 'property':
      return (issue) => {
        const first = field.values(issue)[0];
        return typeof first === 'number' || typeof first === 'string'
          ? first
          : first === undefined
            ? null
            : JSON.stringify(first);
      };
  }
}
