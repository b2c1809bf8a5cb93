/**
 * Every field an issue carries, in Tandem's neutral form: the same shapes on Jira Cloud and Jira Data Center, so rules
 * and replicas never see Jira's wire format. Adapters convert both ways; the catalog says which form a field takes.
 */
import type { AdfDoc } from '@tandem/rich-text';

/** A person as a field holds them. `id` is the accountId (Cloud) or username (Data Center) on the issue's own instance. */
export interface FieldUser {
  id: string | null;
  displayName: string;
  /** Null when the instance hides it (Cloud privacy settings). */
  email: string | null;
}

/** A cascading select's value: the parent option and, optionally, its child option (by their text). */
export interface CascadingValue {
  parent: string;
  child: string | null;
}

/** Another issue on the same instance (a parent, an epic, a link's other end). */
export interface IssueRef {
  id: string;
  key: string;
}

/**
 * One field's value. By kind (see {@link FieldKind}):
 * - string, url, issuetype, status, priority, resolution, option: `string` (names and option texts, never ids)
 * - richtext (description, environment, paragraph custom fields): `AdfDoc` on both flavours
 * - number: `number`; date: `'YYYY-MM-DD'`; datetime: ISO 8601 in UTC with milliseconds (`2026-11-22T04:15:11.000Z`)
 * - labels, options, components, versions: `string[]` (sorted where Jira's order carries no meaning)
 * - user: `FieldUser`; users: `FieldUser[]`; cascading: `CascadingValue`; issue (parent): `IssueRef`
 * - `null`: the field is empty.
 */
export type FieldValue =
  null | string | number | string[] | AdfDoc | FieldUser | FieldUser[] | CascadingValue | IssueRef;

export const FIELD_KINDS = [
  'string',
  'richtext',
  'number',
  'date',
  'datetime',
  'url',
  'option',
  'options',
  'cascading',
  'user',
  'users',
  'labels',
  'issuetype',
  'status',
  'priority',
  'resolution',
  'components',
  'versions',
  'issue',
] as const;
export type FieldKind = (typeof FIELD_KINDS)[number];

/** One entry of an instance's field catalog (`GET /field` plus what Tandem needs to convert values). */
export interface TrackerField {
  /** Jira's field id: `summary`, `priority`, `customfield_10010`. */
  id: string;
  /** The name people see: `Priority`, `Story Points`. */
  name: string;
  kind: FieldKind;
  custom: boolean;
  /** Whether create/edit can set it (status and resolution go through transitions). */
  editable: boolean;
}

/** A workflow transition the issue offers now. */
export interface TrackerTransition {
  id: string;
  name: string;
  to: { name: string; category: 'new' | 'indeterminate' | 'done' };
  /** Fields on the transition's screen; required ones must be given with the transition. */
  screenFields: { id: string; name: string; required: boolean }[];
}

export interface TrackerWorklog {
  id: string;
  author: FieldUser | null;
  /** Epoch ms. */
  started: number;
  timeSpentSeconds: number;
  comment: AdfDoc | null;
  updated: number;
}

export interface NewWorklog {
  started: number;
  timeSpentSeconds: number;
  comment: AdfDoc | null;
}

/** A link from this issue to another issue of the same instance, as seen from this issue. */
export interface TrackerIssueLink {
  id: string;
  /** The link type's name: `Blocks`, `Relates`. */
  type: string;
  /** `outward`: this issue is the link's outward end ("blocks" the other); `inward`: the other way. */
  direction: 'outward' | 'inward';
  issue: IssueRef;
}

export interface IssueLinkTypeInfo {
  name: string;
  inward: string;
  outward: string;
}
