/**
 * Jira's field JSON read into Tandem's neutral values (see issue-fields.ts in @tandem/core), one reader per field
 * kind: names instead of ids, users as FieldUser, rich text as ADF (Data Center's wiki markup converted), dates as
 * `YYYY-MM-DD`, datetimes as ISO UTC with milliseconds, and empty as `null` or `[]`.
 */
import type { FieldKind, FieldUser, FieldValue, TrackerField } from '@tandem/core';
import { z } from 'zod';
import { LIST_KINDS } from './jira-field-catalog.ts';
import { jiraDate, type FlavorReaders } from './jira-response-schemas.ts';

type Reader = z.ZodType<FieldValue, unknown>;

const named = z.object({ name: z.string() });
const option = z.object({ value: z.string() });
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sortedNames = z
  .array(named)
  .nullable()
  .transform((items) => (items ?? []).map((item) => item.name).sort(byText));
const nameOrNull = named.nullable().transform((item) => item?.name ?? null);
const textOrNull = z
  .string()
  .nullable()
  .transform((text) => (text === null || text === '' ? null : text));

/** The reader of every kind for one flavour (its users and rich text). */
export function neutralFieldReaders(readers: FlavorReaders): Record<FieldKind, Reader> {
  const user = readers.user.transform((found): FieldUser => ({ ...found }));
  return {
    string: textOrNull,
    url: textOrNull,
    richtext: readers.richText,
    number: z.number().nullable(),
    date: z.string().nullable(),
    datetime: jiraDate.nullable().transform((ms) => (ms === null ? null : new Date(ms).toISOString())),
    option: option.nullable().transform((item) => item?.value ?? null),
    options: z
      .array(option)
      .nullable()
      .transform((items) => (items ?? []).map((item) => item.value).sort(byText)),
    cascading: z
      .object({ value: z.string(), child: option.nullable().optional() })
      .nullable()
      .transform((item) => (item === null ? null : { parent: item.value, child: item.child?.value ?? null })),
    user: user.nullable(),
    // Jira keeps the order people were added in; it is left as is.
    users: z
      .array(user)
      .nullable()
      .transform((users) => users ?? []),
    labels: z
      .array(z.string())
      .nullable()
      .transform((labels) => [...(labels ?? [])].sort(byText)),
    issuetype: nameOrNull,
    status: nameOrNull,
    priority: nameOrNull,
    resolution: nameOrNull,
    components: sortedNames,
    versions: sortedNames,
    issue: z
      .object({ id: z.union([z.string(), z.number()]).transform(String), key: z.string() })
      .nullable()
      .transform((ref) => (ref === null ? null : { id: ref.id, key: ref.key })),
  };
}

/** A field whose value has a shape its kind does not allow. */
export interface FieldReadProblem {
  readonly field: TrackerField;
  readonly message: string;
}

/**
 * Every catalog field of an issue's `fields` object in neutral form; a field Jira left out reads as empty.
 * Returns the values and the fields that could not be read.
 */
export function readNeutralFields(
  raw: Record<string, unknown>,
  catalog: readonly TrackerField[],
  readers: Record<FieldKind, Reader>,
): { values: Record<string, FieldValue>; problems: FieldReadProblem[] } {
  const values: Record<string, FieldValue> = {};
  const problems: FieldReadProblem[] = [];
  for (const field of catalog) {
    const value = raw[field.id];
    if (value === undefined || value === null) {
      values[field.id] = LIST_KINDS.has(field.kind) ? [] : null;
      continue;
    }
    const parsed = readers[field.kind].safeParse(value);
    if (parsed.success) values[field.id] = parsed.data;
    else problems.push({ field, message: parsed.error.issues.map((issue) => issue.message).join('; ') });
  }
  return { values, problems };
}
