/**
 * How a value Tandem writes reads back from a tracker: Cloud keeps ADF as written; Data Center stores wiki markup,
 * so rich text goes through the wiki conversion and back. Knowing it without reading the issue again lets the engine
 * tell its own writes from a person's later edits.
 */
import { adfToWiki, wikiToAdf } from '@tandem/rich-text';
import { isAdfDoc, normalRichText, type FieldValue, type TrackerField, type TrackerFlavor } from '@tandem/core';

const RICH_TEXT_FIELDS = new Set(['description', 'environment']);

/** The read-back of a value written to `field` (by id) on a tracker of `flavor`. */
export function readBackOf(
  flavor: TrackerFlavor,
  catalog: readonly TrackerField[],
): (field: string, value: FieldValue) => FieldValue {
  const richText = new Set([
    ...RICH_TEXT_FIELDS,
    ...catalog.filter((entry) => entry.kind === 'richtext').map((entry) => entry.id),
  ]);
  return (field, value) => {
    if (!richText.has(field) || !isAdfDoc(value)) return value;
    if (flavor === 'cloud') return normalRichText(value);
    return normalRichText(wikiToAdf(adfToWiki(value)));
  };
}
