/**
 * The fields an issue has: Jira's system fields and the instance's custom fields, with the `schema` Jira reports for
 * each. Used by GET /field, `expand=names,schema`, createmeta/editmeta and JQL field resolution.
 */
import type { CustomField, CustomFieldKind } from './types.ts';

export interface FieldSchema {
  type: string;
  items?: string;
  system?: string;
  custom?: string;
  customId?: number;
}

export interface FieldInfo {
  id: string;
  key: string;
  name: string;
  custom: boolean;
  orderable: boolean;
  navigable: boolean;
  searchable: boolean;
  clauseNames: string[];
  schema?: FieldSchema;
  /** Whether the field can be set through create/edit (status and resolution go through transitions). */
  editable: boolean;
}

function system(
  id: string,
  name: string,
  schema: FieldSchema | undefined,
  options: { clauseNames?: string[]; editable?: boolean; orderable?: boolean } = {},
): FieldInfo {
  const info: FieldInfo = {
    id,
    key: id,
    name,
    custom: false,
    orderable: options.orderable ?? options.editable ?? false,
    navigable: true,
    searchable: true,
    clauseNames: options.clauseNames ?? [id],
    editable: options.editable ?? false,
  };
  if (schema) info.schema = schema;
  return info;
}

export const SYSTEM_FIELDS: FieldInfo[] = [
  system('summary', 'Summary', { type: 'string', system: 'summary' }, { editable: true }),
  system('description', 'Description', { type: 'string', system: 'description' }, { editable: true }),
  system('environment', 'Environment', { type: 'string', system: 'environment' }, { editable: true }),
  system(
    'issuetype',
    'Issue Type',
    { type: 'issuetype', system: 'issuetype' },
    { clauseNames: ['issuetype', 'type'], editable: true },
  ),
  system('project', 'Project', { type: 'project', system: 'project' }, { orderable: true }),
  system('status', 'Status', { type: 'status', system: 'status' }),
  system('statusCategory', 'Status Category', undefined, { clauseNames: ['statusCategory'] }),
  system('priority', 'Priority', { type: 'priority', system: 'priority' }, { editable: true }),
  system('resolution', 'Resolution', { type: 'resolution', system: 'resolution' }, { orderable: true }),
  system(
    'resolutiondate',
    'Resolved',
    { type: 'datetime', system: 'resolutiondate' },
    { clauseNames: ['resolutiondate', 'resolved'] },
  ),
  system('labels', 'Labels', { type: 'array', items: 'string', system: 'labels' }, { editable: true }),
  system(
    'components',
    'Components',
    { type: 'array', items: 'component', system: 'components' },
    { clauseNames: ['component'], editable: true },
  ),
  system(
    'fixVersions',
    'Fix versions',
    { type: 'array', items: 'version', system: 'fixVersions' },
    { clauseNames: ['fixVersion'], editable: true },
  ),
  system(
    'versions',
    'Affects versions',
    { type: 'array', items: 'version', system: 'versions' },
    { clauseNames: ['affectedVersion'], editable: true },
  ),
  system('assignee', 'Assignee', { type: 'user', system: 'assignee' }, { editable: true }),
  system('reporter', 'Reporter', { type: 'user', system: 'reporter' }, { editable: true }),
  system('creator', 'Creator', { type: 'user', system: 'creator' }),
  system(
    'duedate',
    'Due date',
    { type: 'date', system: 'duedate' },
    { clauseNames: ['due', 'duedate'], editable: true },
  ),
  system('created', 'Created', { type: 'datetime', system: 'created' }, { clauseNames: ['created', 'createdDate'] }),
  system('updated', 'Updated', { type: 'datetime', system: 'updated' }, { clauseNames: ['updated', 'updatedDate'] }),
  system('parent', 'Parent', { type: 'issuelink', system: 'parent' }, { clauseNames: ['parent'], editable: true }),
  system(
    'subtasks',
    'Sub-tasks',
    { type: 'array', items: 'issuelinks', system: 'subtasks' },
    { clauseNames: ['subtasks'] },
  ),
  system(
    'issuelinks',
    'Linked Issues',
    { type: 'array', items: 'issuelinks', system: 'issuelinks' },
    { clauseNames: ['issueLink'], orderable: true },
  ),
  system(
    'comment',
    'Comment',
    { type: 'comments-page', system: 'comment' },
    { clauseNames: ['comment'], orderable: true },
  ),
  system(
    'attachment',
    'Attachment',
    { type: 'array', items: 'attachment', system: 'attachment' },
    { clauseNames: ['attachments'], orderable: true },
  ),
  system(
    'worklog',
    'Log Work',
    { type: 'array', items: 'worklog', system: 'worklog' },
    { clauseNames: ['worklogComment', 'worklogDate'], orderable: true },
  ),
  system('watches', 'Watchers', { type: 'watches', system: 'watches' }, { clauseNames: ['watchers'] }),
  system('votes', 'Votes', { type: 'votes', system: 'votes' }, { clauseNames: ['votes'] }),
  system('issuekey', 'Key', undefined, { clauseNames: ['id', 'issue', 'issuekey', 'key'] }),
  system(
    'statuscategorychangedate',
    'Status Category Changed',
    { type: 'datetime', system: 'statuscategorychangedate' },
    { clauseNames: ['statusCategoryChangedDate'] },
  ),
  system('lastViewed', 'Last Viewed', { type: 'datetime', system: 'lastViewed' }, { clauseNames: ['lastViewed'] }),
];

const CUSTOM_TYPE_PREFIX = 'com.atlassian.jira.plugin.system.customfieldtypes:';

/** Jira's custom field type key and JSON schema type for each kind we emulate. */
export const CUSTOM_FIELD_TYPES: Record<
  CustomFieldKind,
  { typeKey: string; type: string; items?: string; searcherKey: string }
> = {
  text: { typeKey: 'textfield', type: 'string', searcherKey: 'textsearcher' },
  paragraph: { typeKey: 'textarea', type: 'string', searcherKey: 'textsearcher' },
  number: { typeKey: 'float', type: 'number', searcherKey: 'exactnumber' },
  date: { typeKey: 'datepicker', type: 'date', searcherKey: 'daterange' },
  datetime: { typeKey: 'datetime', type: 'datetime', searcherKey: 'datetimerange' },
  select: { typeKey: 'select', type: 'option', searcherKey: 'multiselectsearcher' },
  multiselect: { typeKey: 'multiselect', type: 'array', items: 'option', searcherKey: 'multiselectsearcher' },
  cascadingselect: { typeKey: 'cascadingselect', type: 'option-with-child', searcherKey: 'cascadingselectsearcher' },
  user: { typeKey: 'userpicker', type: 'user', searcherKey: 'userpickergroupsearcher' },
  multiuser: { typeKey: 'multiuserpicker', type: 'array', items: 'user', searcherKey: 'userpickergroupsearcher' },
  labels: { typeKey: 'labels', type: 'array', items: 'string', searcherKey: 'labelsearcher' },
  url: { typeKey: 'url', type: 'string', searcherKey: 'exacttextsearcher' },
};

/** The full Jira type key of a custom field kind, e.g. `com.atlassian.jira.plugin.system.customfieldtypes:select`. */
export function customTypeKey(kind: CustomFieldKind): string {
  return CUSTOM_TYPE_PREFIX + CUSTOM_FIELD_TYPES[kind].typeKey;
}

/** The kind for a Jira custom field type key (full or short), or undefined when we do not emulate it. */
export function kindFromTypeKey(typeKey: string): CustomFieldKind | undefined {
  const short = typeKey.startsWith(CUSTOM_TYPE_PREFIX) ? typeKey.slice(CUSTOM_TYPE_PREFIX.length) : typeKey;
  const entry = Object.entries(CUSTOM_FIELD_TYPES).find(([, info]) => info.typeKey === short);
  return entry?.[0] as CustomFieldKind | undefined;
}

/** Field info for a custom field. */
export function customFieldInfo(field: CustomField): FieldInfo {
  const type = CUSTOM_FIELD_TYPES[field.kind];
  const schema: FieldSchema = { type: type.type, custom: customTypeKey(field.kind), customId: field.numericId };
  if (type.items) schema.items = type.items;
  return {
    id: field.id,
    key: field.id,
    name: field.name,
    custom: true,
    orderable: true,
    navigable: true,
    searchable: true,
    clauseNames: [`cf[${field.numericId}]`, field.name],
    schema,
    editable: true,
  };
}

/** All fields: system then custom. */
export function allFields(customFields: CustomField[]): FieldInfo[] {
  return [...SYSTEM_FIELDS, ...customFields.map(customFieldInfo)];
}
