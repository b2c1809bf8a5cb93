/**
 * Comparing the values a replica carries. Rich text is compared in normal form (normalizeAdf), so that what wiki
 * markup cannot express never reads as a change.
 */
import { normalizeAdf, type AdfDoc } from '@tandem/rich-text';

/** Rich text in normal form; an empty document counts as no description. */
export function normalRichText(doc: AdfDoc | null): AdfDoc | null {
  if (doc === null) return null;
  const normal = normalizeAdf(doc);
  return normal.content.length === 0 ? null : normal;
}
