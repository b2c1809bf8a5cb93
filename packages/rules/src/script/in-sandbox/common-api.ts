/**
 * The helpers both rules get (see CommonTandem in tandem-script.d.ts). Runs inside the sandbox.
 */
import type { CatalogField, CommonTandem, FieldSource, FieldValue, RuleIssue } from '../tandem-script.d.ts';
import { adfToText, attributedBody, textToAdf } from './adf-text.ts';
import { FieldCatalog } from './field-catalog.ts';

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

export interface CommonInput {
  connection: string;
  instance: string;
  catalog: CatalogField[];
  /** Hands one log line to the host (which counts it against the output limit). */
  hostLog: (line: string) => void;
}

/** The helpers, and the catalog for the direction-specific ones. */
export function commonTandem(input: CommonInput): { tandem: CommonTandem; catalog: FieldCatalog } {
  const catalog = new FieldCatalog(input.catalog, input.instance);
  const tandem: CommonTandem = {
    connection: input.connection,
    instance: input.instance,
    catalog: input.catalog,
    field: (nameOrId) => catalog.find(nameOrId),
    get: (source, field) => readField(catalog, source, field),
    log: (...values) => input.hostLog(values.map(logText).join(' ')),
    attributedBody,
    textToAdf,
    adfToText,
  };
  return { tandem, catalog };
}

function readField(catalog: FieldCatalog, source: FieldSource | null, field: string): FieldValue {
  if (source === null || source === undefined) return null;
  if (typeof source !== 'object' || typeof source.fields !== 'object' || source.fields === null) {
    throw new TypeError('tandem.get reads from an issue or a replica');
  }
  const fields = source.fields;
  if (hasOwn(fields, field)) return fields[field] ?? null;
  if (!isRuleIssue(source)) return null;
  const found = catalog.find(field);
  if (found) return hasOwn(fields, found.id) ? (fields[found.id] ?? null) : null;
  if (catalog.fields.length === 0) return null;
  // Throws with the rule's line: a misspelt field name should not read as an empty field.
  catalog.idOf(field);
  return null;
}

function isRuleIssue(source: FieldSource): source is RuleIssue {
  const candidate = source as Partial<RuleIssue>;
  return typeof candidate.key === 'string' && typeof candidate.projectKey === 'string';
}

/** A logged value as text: strings as they are, other values as JSON. */
export function logText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return '[function]';
  if (typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
