/**
 * Visual rules between the API's form and the config file's: an API body is first resolved the way @tandem/config
 * resolves the file (defaults, derived keys), then written into the `visual:` block. Parts that did not change keep
 * their YAML nodes — and so their comments, notes and layout; changed parts are written in the file's idioms (a bare
 * field name, `field:` for the same field on both sides, `from:` for one way, pairs as `{ blue: x, green: y }`).
 */
import { isDeepStrictEqual } from 'node:util';
import type { VisualConfig, VisualFieldMapping, VisualScope } from '@tandem/config';
import { YAMLSeq, isMap, isSeq, type Document, type Node } from 'yaml';
import type { VisualInput } from '../api/schemas/rules-schemas.ts';

/** The replica key @tandem/config derives for a mapping without `key:` (see its resolve-visual-config.ts). */
export function derivedKey(fields: Readonly<Record<string, string>>): string {
  const names = Object.keys(fields)
    .sort()
    .map((side) => fields[side] ?? '');
  return names.every((name) => name === names[0]) ? (names[0] ?? '') : names.join('=');
}

const EMPTY_SCOPE: VisualScope = {
  labels: null,
  issueTypes: null,
  statuses: null,
  priorities: null,
  assignees: null,
  reporters: null,
  jql: null,
};

/** An API body's visual rules with every default filled in, as the config would resolve them. */
export function resolveVisualInput(input: VisualInput, sides: readonly string[]): VisualConfig {
  const fields: VisualFieldMapping[] = input.fields
    .map((mapping) =>
      typeof mapping === 'string' ? { fields: Object.fromEntries(sides.map((side) => [side, mapping])) } : mapping,
    )
    .map((mapping) => ({
      key: ('key' in mapping ? mapping.key : undefined) ?? derivedKey(mapping.fields),
      fields: { ...mapping.fields },
      from: 'from' in mapping && mapping.from ? [...mapping.from] : [...sides],
      values: ('values' in mapping ? mapping.values : undefined) ?? [],
      users: ('users' in mapping ? mapping.users : undefined) ?? [],
      unmatched:
        ('unmatched' in mapping ? mapping.unmatched : undefined) ??
        ('default' in mapping && mapping.default !== undefined ? 'default' : 'ignore'),
      default: ('default' in mapping ? mapping.default : undefined) ?? {},
      owner: ('owner' in mapping ? mapping.owner : undefined) ?? null,
    }));
  const constants: VisualConfig['constants'] = Object.fromEntries(
    sides.map((side) => [side, input.constants?.[side] ?? {}]),
  );
  const scope: Record<string, VisualScope> = {};
  for (const side of sides) {
    const given = input.scope?.[side];
    scope[side] = {
      labels: given?.labels ?? EMPTY_SCOPE.labels,
      issueTypes: given?.issueTypes ?? EMPTY_SCOPE.issueTypes,
      statuses: given?.statuses ?? EMPTY_SCOPE.statuses,
      priorities: given?.priorities ?? EMPTY_SCOPE.priorities,
      assignees: given?.assignees ?? EMPTY_SCOPE.assignees,
      reporters: given?.reporters ?? EMPTY_SCOPE.reporters,
      jql: given?.jql ?? EMPTY_SCOPE.jql,
    };
  }
  return {
    fields,
    comments: input.comments ?? [...sides],
    attachments: input.attachments ?? [...sides],
    worklogs: input.worklogs ?? [],
    links: input.links ?? [],
    constants,
    scope,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value) => b.includes(value));
}

/** A mapping in the file's idiom. */
function mappingValue(mapping: VisualFieldMapping, sides: readonly string[]): unknown {
  const names = sides.map((side) => mapping.fields[side]);
  const same = names.every((name) => name !== undefined && name === names[0]);
  const both = sameSet(mapping.from, sides);
  const impliedUnmatched = Object.keys(mapping.default).length === 0 ? 'ignore' : 'default';
  const plain =
    same &&
    mapping.key === derivedKey(mapping.fields) &&
    both &&
    mapping.values.length === 0 &&
    mapping.users.length === 0 &&
    mapping.unmatched === 'ignore' &&
    Object.keys(mapping.default).length === 0 &&
    mapping.owner === null;
  if (plain) return names[0];
  const value: Record<string, unknown> = same ? { field: names[0] } : { ...mapping.fields };
  if (mapping.key !== derivedKey(mapping.fields)) value.key = mapping.key;
  if (!both && mapping.from[0] !== undefined) value.from = mapping.from[0];
  if (mapping.values.length > 0) value.values = mapping.values;
  if (mapping.users.length > 0) value.users = mapping.users;
  if (mapping.unmatched !== impliedUnmatched) value.unmatched = mapping.unmatched;
  if (Object.keys(mapping.default).length > 0) value.default = mapping.default;
  if (mapping.owner !== null) value.owner = mapping.owner;
  return value;
}

function toggleValue(value: readonly string[], sides: readonly string[]): unknown {
  if (sameSet(value, sides)) return true;
  if (value.length === 0) return false;
  return { from: value[0] };
}

function constantsValue(constants: VisualConfig['constants']): unknown {
  const written = Object.entries(constants).filter(([, values]) => Object.keys(values).length > 0);
  return written.length === 0 ? undefined : Object.fromEntries(written);
}

function scopeValue(scope: VisualConfig['scope']): unknown {
  const written: Record<string, Record<string, unknown>> = {};
  for (const [side, filter] of Object.entries(scope)) {
    const given = Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== null));
    if (Object.keys(given).length > 0) written[side] = given;
  }
  return Object.keys(written).length === 0 ? undefined : written;
}

/** Small mappings (value pairs, one-line mappings) are written inline: `{ blue: High, green: Critical }`. */
function flowSmallMaps(node: unknown, depth = 0): void {
  if (isSeq(node)) for (const item of node.items) flowSmallMaps(item, depth + 1);
  if (!isMap(node)) return;
  const leafy = node.items.every((pair) => !isMap(pair.value) && !isSeq(pair.value));
  if (leafy && depth > 0) node.flow = true;
  for (const pair of node.items) flowSmallMaps(pair.value, depth + 1);
}

function createNode(document: Document, value: unknown): Node {
  const node = document.createNode(value) as Node;
  flowSmallMaps(node);
  return node;
}

/**
 * Writes `next` into `connections.<name>.visual` of `document`. `previous` is what the block resolves to now (null
 * when there is none): unchanged keys and mappings keep their nodes.
 */
export function writeVisual(
  document: Document,
  connection: string,
  sides: readonly string[],
  next: VisualConfig,
  previous: VisualConfig | null,
): void {
  const base = ['connections', connection, 'visual'];
  if (previous === null || !isMap(document.getIn(base))) {
    const value: Record<string, unknown> = {
      fields: next.fields.map((mapping) => mappingValue(mapping, sides)),
      comments: toggleValue(next.comments, sides),
      attachments: toggleValue(next.attachments, sides),
      worklogs: toggleValue(next.worklogs, sides),
      links: toggleValue(next.links, sides),
    };
    const constants = constantsValue(next.constants);
    const scope = scopeValue(next.scope);
    if (constants !== undefined) value.constants = constants;
    if (scope !== undefined) value.scope = scope;
    document.setIn(base, createNode(document, value));
    return;
  }
  if (!isDeepStrictEqual(previous.fields, next.fields)) {
    const oldItems = document.getIn([...base, 'fields']);
    const nodes = isSeq(oldItems) ? [...oldItems.items] : [];
    const used = new Set<number>();
    const items = next.fields.map((mapping) => {
      const index = previous.fields.findIndex(
        (old, at) => !used.has(at) && nodes[at] !== undefined && isDeepStrictEqual(old, mapping),
      );
      if (index >= 0) {
        used.add(index);
        return nodes[index];
      }
      return createNode(document, mappingValue(mapping, sides));
    });
    const seq = new YAMLSeq<unknown>();
    seq.items = items;
    document.setIn([...base, 'fields'], seq);
  }
  for (const key of ['comments', 'attachments', 'worklogs', 'links'] as const) {
    if (!isDeepStrictEqual(previous[key], next[key]))
      document.setIn([...base, key], createNode(document, toggleValue(next[key], sides)));
  }
  for (const [key, value] of [
    ['constants', constantsValue(next.constants)],
    ['scope', scopeValue(next.scope)],
  ] as const) {
    if (isDeepStrictEqual(previous[key], next[key])) continue;
    if (value === undefined) document.deleteIn([...base, key]);
    else document.setIn([...base, key], createNode(document, value));
  }
}
