// Checks across a connection's keys that its rules depend on: the block of its mode is given (and no other), and
// every side named in `visual:` or `script:` is one of the connection's two sides. Runs on partly invalid input too,
// so that every problem shows at once.
import { MAPPING_KEYS } from './visual-config-schema.ts';
import { derivedMappingKey, mappingFields, travelFrom } from './resolve-visual-config.ts';

/** A problem at a path relative to the connection. */
export interface RulesIssue {
  path: PropertyKey[];
  message: string;
}

const RESERVED: ReadonlySet<string> = new Set(MAPPING_KEYS);
// `from: both` would be ambiguous with an instance named both.
const NOT_A_SIDE_NAME: ReadonlySet<string> = new Set([...MAPPING_KEYS, 'both']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every problem of a connection's `mode`, `visual:` and `script:` keys. */
export function checkConnectionRules(connection: unknown): RulesIssue[] {
  if (!isRecord(connection)) return [];
  const issues: RulesIssue[] = [];
  const mode = connection.mode;
  const sidesValue = isRecord(connection.sides) ? connection.sides : {};
  const sides = Object.keys(sidesValue);
  for (const block of ['visual', 'script'] as const) {
    if (connection[block] === undefined) {
      if (mode === block) issues.push({ path: [block], message: `is required with mode: ${block}` });
    } else if (mode !== block && (mode === 'basic' || mode === 'visual' || mode === 'script')) {
      issues.push({ path: [block], message: `is used only with mode: ${block} (this connection's mode is ${mode})` });
    }
  }
  // Rules naming sides are only checked against two sides: with more or fewer, `sides` has its own error.
  if (sides.length !== 2) return issues;
  if (mode === 'visual' && isRecord(connection.visual)) {
    for (const side of sides) {
      if (NOT_A_SIDE_NAME.has(side)) {
        issues.push({
          path: ['sides', side],
          message: `an instance named '${side}' cannot take part in visual mode: ${side} is a word of its mappings; rename the instance`,
        });
      }
    }
    issues.push(
      ...checkVisual(connection.visual, sides).map(({ path, message }) => ({ path: ['visual', ...path], message })),
    );
  }
  if (mode === 'script' && isRecord(connection.script)) {
    const script = connection.script;
    for (const name of Object.keys(script)) {
      if (!sides.includes(name)) issues.push({ path: ['script', name], message: unknownSide(name, sides) });
      else if (isRecord(sidesValue[name]) && sidesValue[name].remote === true) {
        issues.push({
          path: ['script', name],
          message: `${name} is served by the peer node, which runs its own scripts`,
        });
      }
    }
    const missing = sides.filter((side) => {
      const value = sidesValue[side];
      return !(isRecord(value) && value.remote === true) && script[side] === undefined;
    });
    if (missing.length > 0) {
      issues.push({
        path: ['script'],
        message: `needs the files of ${missing.join(' and ')}, e.g. ${missing[0]}: { outgoing: ./${missing[0]}-outgoing.ts, incoming: ./${missing[0]}-incoming.ts }`,
      });
    }
  }
  return issues;
}

function unknownSide(name: string, sides: readonly string[]): string {
  return `unknown side '${name}' (sides: ${sides.join(', ')})`;
}

function checkVisual(visual: Record<string, unknown>, sides: readonly string[]): RulesIssue[] {
  const issues: RulesIssue[] = [];
  const sideOrBoth = (path: PropertyKey[], value: unknown) => {
    if (typeof value === 'string' && value !== 'both' && !sides.includes(value)) {
      issues.push({ path, message: `expected both or a side (${sides.join(', ')}); got ${JSON.stringify(value)}` });
    }
  };
  const sideKeys = (path: PropertyKey[], value: unknown) => {
    if (!isRecord(value)) return;
    for (const name of Object.keys(value)) {
      if (!sides.includes(name)) issues.push({ path: [...path, name], message: unknownSide(name, sides) });
    }
  };

  const mappings = Array.isArray(visual.fields) ? (visual.fields as unknown[]) : [];
  const keys = new Map<string, number>();
  const written = new Map<string, number>();
  mappings.forEach((mapping, index) => {
    issues.push(
      ...checkMapping(mapping, sides).map(({ path, message }) => ({ path: ['fields', index, ...path], message })),
    );
    const fields = mappingFields(mapping, sides);
    if (Object.keys(fields).length !== sides.length) return;
    const explicit = isRecord(mapping) && typeof mapping.key === 'string' ? mapping.key : undefined;
    const key = explicit ?? derivedMappingKey(fields);
    const first = keys.get(key);
    if (first !== undefined) {
      // The same mapping written twice is one mistake: said once.
      issues.push({
        path: ['fields', index, ...(explicit === undefined ? [] : ['key'])],
        message: `travels under the key '${key}' like fields.${first}; give one of them its own key: <name>`,
      });
      return;
    }
    keys.set(key, index);
    const from = isRecord(mapping) && typeof mapping.from === 'string' ? mapping.from : undefined;
    const senders = travelFrom(from, sides);
    for (const side of sides) {
      // A field two mappings write on the same side would flip between their values.
      if (!senders.some((sender) => sender !== side)) continue;
      const target = `${side}\u0000${fields[side] ?? ''}`;
      const writer = written.get(target);
      if (writer === undefined) written.set(target, index);
      else {
        issues.push({
          path: ['fields', index],
          message: `${side}'s field '${fields[side] ?? ''}' is already written by fields.${writer}`,
        });
      }
    }
  });

  for (const toggle of ['comments', 'attachments', 'worklogs', 'links']) {
    const value = visual[toggle];
    if (isRecord(value)) sideOrBoth([toggle, 'from'], value.from);
  }
  sideKeys(['constants'], visual.constants);
  sideKeys(['scope'], visual.scope);
  return issues;
}

function checkMapping(mapping: unknown, sides: readonly string[]): RulesIssue[] {
  if (!isRecord(mapping)) return [];
  const issues: RulesIssue[] = [];
  for (const key of Object.keys(mapping)) {
    if (RESERVED.has(key) || sides.includes(key)) continue;
    issues.push({
      path: [key],
      message: `unknown key (expected a side: ${sides.join(', ')}; or one of: ${MAPPING_KEYS.join(', ')})`,
    });
  }
  const fields = mappingFields(mapping, sides);
  const unnamed = sides.filter((side) => fields[side] === undefined);
  if (unnamed.length > 0) {
    issues.push({
      path: [],
      message: `names no field for ${unnamed.join(' and ')}: add ${unnamed[0]}: <field>, or field: <field> for both sides`,
    });
  }

  const from = mapping.from;
  if (typeof from === 'string' && from !== 'both' && !sides.includes(from)) {
    issues.push({
      path: ['from'],
      message: `expected both or a side (${sides.join(', ')}); got ${JSON.stringify(from)}`,
    });
  }
  const senders = travelFrom(typeof from === 'string' && sides.includes(from) ? from : undefined, sides);
  const receivers = sides.filter((side) => senders.some((sender) => sender !== side));

  const owner = mapping.owner;
  if (typeof owner === 'string') {
    if (!sides.includes(owner)) {
      issues.push({ path: ['owner'], message: `expected a side (${sides.join(', ')}); got ${JSON.stringify(owner)}` });
    } else if (!senders.includes(owner)) {
      issues.push({
        path: ['owner'],
        message: `${owner} cannot own a field whose changes travel only from ${senders.join(', ')}`,
      });
    }
  }

  for (const list of ['values', 'users'] as const) {
    const pairs = mapping[list];
    if (!Array.isArray(pairs)) continue;
    pairs.forEach((pair: unknown, index) => {
      if (!isRecord(pair)) return;
      for (const name of Object.keys(pair)) {
        if (!sides.includes(name)) issues.push({ path: [list, index, name], message: unknownSide(name, sides) });
      }
      const missing = sides.filter((side) => pair[side] === undefined);
      if (missing.length > 0) {
        issues.push({
          path: [list, index],
          message: `a pair gives one value for each side; ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
        });
      }
    });
  }

  const unmatched = mapping.unmatched;
  const fallback = mapping.default;
  if (fallback === undefined) {
    if (unmatched === 'default') {
      const example = receivers.map((side) => `${side}: <value>`).join(', ');
      issues.push({ path: ['unmatched'], message: `unmatched: default needs default: { ${example} }` });
    }
  } else if (unmatched === 'ignore' || unmatched === 'error') {
    issues.push({ path: ['default'], message: `is used only with unmatched: default (here unmatched: ${unmatched})` });
  } else if (isRecord(fallback)) {
    for (const name of Object.keys(fallback)) {
      if (!sides.includes(name)) issues.push({ path: ['default', name], message: unknownSide(name, sides) });
      else if (!receivers.includes(name)) {
        issues.push({ path: ['default', name], message: `${name} receives nothing through this mapping` });
      }
    }
    const missing = receivers.filter((side) => fallback[side] === undefined);
    if (missing.length > 0) {
      issues.push({
        path: ['default'],
        message: `needs a value for ${missing.join(' and ')} (what is written there when nothing matches)`,
      });
    }
  }
  return issues;
}
