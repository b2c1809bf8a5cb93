// From the `visual:` block as written to the shape the rules compiler takes: sides by instance everywhere, defaults
// filled in, every mapping with its replica key.
import type { z } from 'zod';
import type { VisualConfig, VisualConstant, VisualFieldMapping, VisualScope } from './config-types.ts';
import { MAPPING_KEYS } from './visual-config-schema.ts';
import type { visualSchema } from './visual-config-schema.ts';

/** The `visual:` block after the schema, before the sides are known. */
export type VisualFile = z.output<ReturnType<typeof visualSchema>>;
export type MappingFile = VisualFile['fields'][number];
type ToggleFile = VisualFile['comments'];
type PairFile = Readonly<Record<string, string | number>>;

const RESERVED: ReadonlySet<string> = new Set(MAPPING_KEYS);

/** The field each side names in a mapping (a bare name, `field:`, or the side's own key); missing ones left out. */
export function mappingFields(mapping: unknown, sides: readonly string[]): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const side of sides) {
    if (typeof mapping === 'string') fields[side] = mapping;
    else if (isRecord(mapping)) {
      const own = RESERVED.has(side) ? undefined : mapping[side];
      const name = typeof own === 'string' ? own : mapping.field;
      if (typeof name === 'string') fields[side] = name;
    }
  }
  return fields;
}

/**
 * The replica key of a mapping without `key:`: the field's name when both sides name the same field, else both
 * names in the order of the instance names (`Story Points=customfield_10010`), so that two nodes each reading their
 * own file derive the same key.
 */
export function derivedMappingKey(fields: Readonly<Record<string, string>>): string {
  const names = Object.keys(fields)
    .sort()
    .map((side) => fields[side] ?? '');
  return names.every((name) => name === names[0]) ? (names[0] ?? '') : names.join('=');
}

/** The sides a `from:` (or a toggle's `from:`) lets travel. */
export function travelFrom(from: string | undefined, sides: readonly string[]): string[] {
  return from === undefined || from === 'both' ? [...sides] : sides.filter((side) => side === from);
}

/** The `visual:` block for a connection with these two sides (already checked by connection-rules-check.ts). */
export function resolveVisualConfig(file: VisualFile, sides: readonly string[]): VisualConfig {
  const toggle = (value: ToggleFile): string[] =>
    value === true ? [...sides] : value === false ? [] : travelFrom(value.from, sides);
  const constants: Record<string, Record<string, VisualConstant>> = {};
  const scope: Record<string, VisualScope> = {};
  for (const side of sides) {
    constants[side] = Object.fromEntries(
      Object.entries(file.constants[side] ?? {}).map(([field, value]): [string, VisualConstant] => [
        field,
        value !== null && typeof value === 'object' && !Array.isArray(value)
          ? { add: value.add ?? [], remove: value.remove ?? [] }
          : value,
      ]),
    );
    const filter = file.scope[side];
    scope[side] = {
      labels: filter?.labels ?? null,
      issueTypes: filter?.issueTypes ?? null,
      statuses: filter?.statuses ?? null,
      priorities: filter?.priorities ?? null,
      assignees: filter?.assignees ?? null,
      reporters: filter?.reporters ?? null,
      jql: filter?.jql ?? null,
    };
  }
  return {
    fields: file.fields.map((mapping) => resolveMapping(mapping, sides)),
    comments: toggle(file.comments),
    attachments: toggle(file.attachments),
    worklogs: toggle(file.worklogs),
    links: toggle(file.links),
    constants,
    scope,
  };
}

function resolveMapping(mapping: MappingFile, sides: readonly string[]): VisualFieldMapping {
  const fields = mappingFields(mapping, sides);
  if (typeof mapping === 'string') {
    return {
      key: derivedMappingKey(fields),
      fields,
      from: [...sides],
      values: [],
      users: [],
      unmatched: 'ignore',
      default: {},
      owner: null,
    };
  }
  const pairs = (list: readonly PairFile[] | undefined) =>
    (list ?? []).map((pair) => Object.fromEntries(sides.map((side) => [side, String(pair[side] ?? '')])));
  return {
    key: mapping.key ?? derivedMappingKey(fields),
    fields,
    from: travelFrom(mapping.from, sides),
    values: pairs(mapping.values),
    users: pairs(mapping.users),
    unmatched: mapping.unmatched ?? (mapping.default === undefined ? 'ignore' : 'default'),
    default: Object.fromEntries(Object.entries(mapping.default ?? {}).map(([side, value]) => [side, String(value)])),
    owner: mapping.owner ?? null,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
