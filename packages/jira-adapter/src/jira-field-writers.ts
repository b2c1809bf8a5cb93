/**
 * Neutral field values (see issue-fields.ts in @tandem/core) written as the JSON Jira's create, edit and transition
 * requests take, by field kind: options as `{value}`, cascades as `{value, child: {value}}`, users by the flavour's
 * reference, components, versions, priority and resolution by `{name}`, rich text in the flavour's format, datetimes
 * in Jira's `2026-11-22T04:15:11.000+0000` form.
 */
import type { CascadingValue, FieldKind, FieldUser, FieldValue, IssueRef } from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';

/** A neutral value that does not fit its field's kind, or cannot be written to Jira. */
export class FieldValueProblem extends Error {
  override readonly name = 'FieldValueProblem';
}

/** What writing depends on the flavour. */
export interface FieldWriteFlavor {
  /** A user reference: `{accountId}` on Cloud, `{name}` on Data Center. */
  readonly userRef: (id: string) => Record<string, string>;
  /** Rich text in the flavour's format (throws when ADF cannot be converted). */
  readonly writeRichText: (doc: AdfDoc | null) => unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
const isAdfDoc = (value: unknown): value is AdfDoc => isRecord(value) && value['type'] === 'doc';
const isFieldUser = (value: unknown): value is FieldUser =>
  isRecord(value) && 'id' in value && typeof value['displayName'] === 'string';
const isCascading = (value: unknown): value is CascadingValue =>
  isRecord(value) &&
  typeof value['parent'] === 'string' &&
  (value['child'] === null || typeof value['child'] === 'string');
const isIssueRef = (value: unknown): value is IssueRef =>
  isRecord(value) && typeof value['id'] === 'string' && typeof value['key'] === 'string';

/** `2026-11-22T04:15:11.000+0000`: the offset form Jira's date-time fields take (it does not read a bare `Z`). */
export function jiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function expected(what: string, value: FieldValue): FieldValueProblem {
  return new FieldValueProblem(`expected ${what}, got ${JSON.stringify(value)}`);
}

function text(value: FieldValue): string | null {
  if (value === null || typeof value === 'string') return value;
  throw expected('a text or null', value);
}

function list(value: FieldValue): string[] {
  if (value === null) return [];
  if (isStringArray(value)) return value;
  throw expected('a list of texts', value);
}

function userRef(value: FieldValue, flavor: FieldWriteFlavor): Record<string, string> {
  if (!isFieldUser(value)) throw expected('a user', value);
  if (value.id === null) {
    throw new FieldValueProblem(`${value.displayName} has no account on this instance (no user id to write)`);
  }
  return flavor.userRef(value.id);
}

/** The Jira JSON for a neutral value of `kind`; throws FieldValueProblem when the value does not fit. */
export function toJiraFieldValue(kind: FieldKind, value: FieldValue, flavor: FieldWriteFlavor): unknown {
  switch (kind) {
    case 'string':
    case 'url':
      return text(value);
    case 'richtext':
      if (value !== null && !isAdfDoc(value)) throw expected('an ADF document or null', value);
      try {
        return flavor.writeRichText(value);
      } catch (cause) {
        throw new FieldValueProblem(`rich text cannot be written to Jira: ${String(cause)}`, { cause });
      }
    case 'number':
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
      throw expected('a number or null', value);
    case 'date': {
      const date = text(value);
      if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw expected('a date YYYY-MM-DD', value);
      return date;
    }
    case 'datetime': {
      const iso = text(value);
      if (iso === null) return null;
      const ms = Date.parse(iso);
      if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(iso)) throw expected('an ISO 8601 date-time', value);
      return jiraDateTime(ms);
    }
    case 'option': {
      const choice = text(value);
      return choice === null ? null : { value: choice };
    }
    case 'options':
      return list(value).map((choice) => ({ value: choice }));
    case 'cascading':
      if (value === null) return null;
      if (!isCascading(value)) throw expected('{parent, child}', value);
      return value.child === null ? { value: value.parent } : { value: value.parent, child: { value: value.child } };
    case 'user':
      return value === null ? null : userRef(value, flavor);
    case 'users':
      if (value === null) return [];
      if (!Array.isArray(value)) throw expected('a list of users', value);
      return (value as FieldValue[]).map((user) => userRef(user, flavor));
    case 'labels':
      return list(value);
    case 'issuetype': {
      const name = text(value);
      if (name === null) throw expected('an issue type name', value);
      return { name };
    }
    case 'priority':
    case 'resolution': {
      const name = text(value);
      return name === null ? null : { name };
    }
    case 'components':
    case 'versions':
      return list(value).map((name) => ({ name }));
    case 'issue':
      if (value === null) return null;
      if (!isIssueRef(value)) throw expected('{id, key}', value);
      return value.id !== '' ? { id: value.id } : { key: value.key };
    case 'status':
      throw new FieldValueProblem('status changes only through a workflow transition');
  }
}
