/**
 * The field catalog: Jira's `GET /field` read as Tandem's neutral field kinds. System fields are known by id (Data
 * Center's `/field` does not list every one of them, `parent` for example), custom fields by their type URI in
 * `schema.custom`. Fields of other kinds (sprints, epic links, app fields) are left out: Tandem neither reads nor
 * writes them.
 */
import type { FieldKind, TrackerField } from '@tandem/core';
import { z } from 'zod';

/** One entry of Jira's `GET /field` answer, the parts we read. */
export const jiraFieldEntry = z.object({
  id: z.string(),
  name: z.string(),
  custom: z.boolean().optional(),
  schema: z
    .object({ type: z.string().optional(), system: z.string().optional(), custom: z.string().optional() })
    .nullable()
    .optional(),
});
export type JiraFieldEntry = z.output<typeof jiraFieldEntry>;

/** The system fields every issue carries in TrackerIssue.fields, with the name used when `/field` omits one. */
export const SYSTEM_FIELDS: readonly { id: string; name: string; kind: FieldKind; editable: boolean }[] = [
  { id: 'summary', name: 'Summary', kind: 'string', editable: true },
  { id: 'description', name: 'Description', kind: 'richtext', editable: true },
  { id: 'environment', name: 'Environment', kind: 'richtext', editable: true },
  { id: 'issuetype', name: 'Issue Type', kind: 'issuetype', editable: true },
  // Status and resolution change only through workflow transitions.
  { id: 'status', name: 'Status', kind: 'status', editable: false },
  { id: 'resolution', name: 'Resolution', kind: 'resolution', editable: false },
  { id: 'priority', name: 'Priority', kind: 'priority', editable: true },
  { id: 'labels', name: 'Labels', kind: 'labels', editable: true },
  { id: 'components', name: 'Components', kind: 'components', editable: true },
  { id: 'fixVersions', name: 'Fix versions', kind: 'versions', editable: true },
  { id: 'versions', name: 'Affects versions', kind: 'versions', editable: true },
  { id: 'assignee', name: 'Assignee', kind: 'user', editable: true },
  { id: 'reporter', name: 'Reporter', kind: 'user', editable: true },
  { id: 'duedate', name: 'Due date', kind: 'date', editable: true },
  { id: 'parent', name: 'Parent', kind: 'issue', editable: true },
];

const CUSTOM_TYPE_PREFIX = 'com.atlassian.jira.plugin.system.customfieldtypes:';

/**
 * Jira's own custom field types by the last part of their URI. Radio buttons and checkboxes take and give the same
 * JSON as single and multi selects (`{value}` options), so they share those kinds.
 */
const CUSTOM_KINDS: Record<string, FieldKind> = {
  textfield: 'string',
  textarea: 'richtext',
  float: 'number',
  datepicker: 'date',
  datetime: 'datetime',
  select: 'option',
  radiobuttons: 'option',
  multiselect: 'options',
  multicheckboxes: 'options',
  cascadingselect: 'cascading',
  userpicker: 'user',
  multiuserpicker: 'users',
  labels: 'labels',
  url: 'url',
};

/** Kinds whose empty value is `[]` rather than `null`. */
export const LIST_KINDS: ReadonlySet<FieldKind> = new Set(['labels', 'options', 'components', 'versions', 'users']);

/** The neutral kind of a custom field type URI, or undefined when Tandem does not handle that type. */
export function customFieldKind(typeUri: string | undefined): FieldKind | undefined {
  if (typeUri === undefined || !typeUri.startsWith(CUSTOM_TYPE_PREFIX)) return undefined;
  return CUSTOM_KINDS[typeUri.slice(CUSTOM_TYPE_PREFIX.length)];
}

/** The catalog from Jira's field list: the system fields Tandem reads (named as Jira names them), then custom fields. */
export function catalogFromJiraFields(entries: readonly JiraFieldEntry[]): TrackerField[] {
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const catalog: TrackerField[] = SYSTEM_FIELDS.map((field) => ({
    id: field.id,
    name: byId.get(field.id)?.name ?? field.name,
    kind: field.kind,
    custom: false,
    editable: field.editable,
  }));
  for (const entry of entries) {
    if (entry.custom !== true && !entry.id.startsWith('customfield_')) continue;
    const kind = customFieldKind(entry.schema?.custom);
    if (kind !== undefined) catalog.push({ id: entry.id, name: entry.name, kind, custom: true, editable: true });
  }
  return catalog;
}

/**
 * The catalog of one tracker, loaded once and shared by concurrent callers. It is loaded again when a caller meets a
 * field id it does not know (a custom field added in Jira since); a failed load is forgotten so the next call retries.
 */
export class FieldCatalogCache {
  private loading: Promise<TrackerField[]> | undefined;
  private loaded: TrackerField[] | undefined;

  constructor(private readonly load: () => Promise<TrackerField[]>) {}

  /** The catalog, loading it on first use. */
  async all(): Promise<TrackerField[]> {
    if (this.loaded !== undefined) return this.loaded;
    this.loading ??= this.load().then(
      (catalog) => {
        this.loaded = catalog;
        this.loading = undefined;
        return catalog;
      },
      (error: unknown) => {
        this.loading = undefined;
        throw error;
      },
    );
    return this.loading;
  }

  /** The catalog if it is loaded already (no request). */
  peek(): TrackerField[] | undefined {
    return this.loaded;
  }

  /** Catalog entries by id for `ids`, loading the catalog again once if any of them is unknown. */
  async lookup(ids: readonly string[]): Promise<Map<string, TrackerField>> {
    let catalog = await this.all();
    if (ids.some((id) => !catalog.some((field) => field.id === id))) {
      this.loaded = undefined;
      catalog = await this.all();
    }
    return new Map(catalog.map((field) => [field.id, field]));
  }
}
