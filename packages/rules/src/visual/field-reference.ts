/**
 * A field as a mapping names it — a Jira field id or the name people see — found in the instance's field catalog,
 * the way the engine resolves rule results (an id first, then a name, case-insensitive).
 */
import type { FieldKind, TrackerField } from '@tandem/core';

/** Fields every issue has, with their kind, whether or not a catalog lists them. */
const BUILT_IN: Readonly<Record<string, FieldKind>> = {
  summary: 'string',
  description: 'richtext',
  issuetype: 'issuetype',
  status: 'status',
  resolution: 'resolution',
};

/** A field a mapping names, as far as the catalog knows it. */
export interface FieldReference {
  /** The Jira field id, or the name as written when the catalog does not know it (the engine reports that). */
  id: string;
  kind: FieldKind | null;
  found: boolean;
  /** Other catalog fields that share the name (the name is ambiguous: an id must be used). */
  sameName: TrackerField[];
}

/** Looks `key` up in `catalog`: a field id, else a field name (exact, then case-insensitive). */
export function fieldReference(catalog: readonly TrackerField[], key: string): FieldReference {
  const byId = catalog.find((field) => field.id === key);
  if (byId) return { id: byId.id, kind: byId.kind, found: true, sameName: [] };
  const exact = catalog.filter((field) => field.name === key);
  const named = exact.length > 0 ? exact : catalog.filter((field) => sameText(field.name, key));
  const [first, ...rest] = named;
  if (first) return { id: first.id, kind: first.kind, found: true, sameName: rest };
  const builtIn = BUILT_IN[key];
  return { id: key, kind: builtIn ?? null, found: builtIn !== undefined, sameName: [] };
}

/** Whether two names are the same, ignoring case (Jira's names and options compare that way in JQL). */
export function sameText(a: string, b: string): boolean {
  return a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
}
