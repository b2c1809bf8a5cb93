/**
 * Comparing the values a replica carries. Rich text is compared in normal form (normalizeAdf), so that what wiki
 * markup cannot express never reads as a change.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf, type AdfDoc } from '@tandem/rich-text';
import type { ReplicaFields } from './replica.ts';

export const BASIC_FIELDS = ['summary', 'description', 'issueType'] as const;
export type BasicField = (typeof BASIC_FIELDS)[number];

/** Rich text in normal form; an empty document counts as no description. */
export function normalRichText(doc: AdfDoc | null): AdfDoc | null {
  if (doc === null) return null;
  const normal = normalizeAdf(doc);
  return normal.content.length === 0 ? null : normal;
}

/** Whether two values of one field are the same. */
export function sameValue(field: BasicField, a: ReplicaFields[BasicField], b: ReplicaFields[BasicField]): boolean {
  if (field === 'description') return isDeepStrictEqual(a ?? null, b ?? null);
  return a === b;
}

/** Whether every field is the same. */
export function sameFields(a: ReplicaFields, b: ReplicaFields): boolean {
  return BASIC_FIELDS.every((field) => sameValue(field, a[field], b[field]));
}
