/**
 * How a value Tandem writes reads back from a tracker: Cloud keeps ADF as written; Data Center stores wiki markup,
 * so ADF goes through the wiki conversion and back. Knowing it without reading the issue again lets the engine tell
 * its own writes from a person's later edits.
 */
import { adfToWiki, wikiToAdf } from '@tandem/rich-text';
import { normalRichText, type BasicField, type ReplicaFields, type TrackerFlavor } from '@tandem/core';

export function readBackFor(
  flavor: TrackerFlavor,
): (field: BasicField, value: ReplicaFields[BasicField]) => ReplicaFields[BasicField] {
  return (field, value) => {
    if (field !== 'description' || value === null || typeof value === 'string') return value;
    if (flavor === 'cloud') return normalRichText(value);
    return normalRichText(wikiToAdf(adfToWiki(value)));
  };
}
