/**
 * What the config file cannot know: whether the fields a connection's mappings and constants name exist on an
 * instance, and whether each mapping suits its field's kind. The engine checks each side it serves at start.
 */
import type { FieldKind, RuleProblem, TrackerField } from '@tandem/core';
import { fieldReference } from './field-reference.ts';
import type { FieldReference } from './field-reference.ts';
import { mappingPath } from './visual-incoming.ts';
import type { VisualRules } from './visual-rules-config.ts';

const PEOPLE: ReadonlySet<FieldKind> = new Set(['user', 'users']);
// Value maps translate names and option texts; numbers, dates, rich text and issues have nothing to translate.
const NOT_TRANSLATED: ReadonlySet<FieldKind> = new Set([
  'number',
  'date',
  'datetime',
  'richtext',
  'issue',
  'user',
  'users',
]);
// Fields written through transitions rather than the edit screen.
const BY_TRANSITION: ReadonlySet<string> = new Set(['status', 'resolution']);

const article = (kind: FieldKind) => `${/^(option|issue)/.test(kind) ? 'an' : 'a'} ${kind}`;

/** Problems of `visual` on `instance` with its field catalog, each naming its config path; empty when all is well. */
export function checkVisualAgainstCatalog(input: {
  connection: string;
  instance: string;
  visual: VisualRules;
  catalog: readonly TrackerField[];
}): RuleProblem[] {
  const { instance, visual, catalog } = input;
  const problems: RuleProblem[] = [];
  const exists = (path: string, name: string): FieldReference | undefined => {
    const field = fieldReference(catalog, name);
    if (!field.found) {
      problems.push({
        field: path,
        message: `no field ${JSON.stringify(name)} on ${instance} (neither a field id nor a field name there)`,
      });
      return undefined;
    }
    if (field.sameName.length > 0) {
      const ids = [field.id, ...field.sameName.map((other) => other.id)].join(', ');
      problems.push({
        field: path,
        message: `${JSON.stringify(name)} names ${field.sameName.length + 1} fields on ${instance} (${ids}); use the field id`,
      });
    }
    return field;
  };

  visual.fields.forEach((mapping, index) => {
    const name = mapping.fields[instance];
    if (name === undefined) return;
    const path = `${mappingPath(input.connection, index)}.${instance}`;
    const field = exists(path, name);
    if (!field?.kind) return;
    const receives = mapping.from.some((side) => side !== instance);
    const at = mappingPath(input.connection, index);
    if (mapping.values.length > 0 && NOT_TRANSLATED.has(field.kind)) {
      const hint = PEOPLE.has(field.kind) ? '; people are matched with users:' : '';
      problems.push({
        field: `${at}.values`,
        message: `${JSON.stringify(name)} on ${instance} is ${article(field.kind)} field: values has nothing to translate${hint}`,
      });
    }
    if (mapping.users.length > 0 && !PEOPLE.has(field.kind)) {
      problems.push({
        field: `${at}.users`,
        message: `${JSON.stringify(name)} on ${instance} is ${article(field.kind)} field, not a person: users applies to people`,
      });
    }
    if (receives && mapping.unmatched === 'error' && PEOPLE.has(field.kind)) {
      problems.push({
        field: `${at}.unmatched`,
        message: `unmatched: error cannot apply to people on ${instance}: whether a person exists there is known only when Tandem looks them up; use ignore (leave empty) or default`,
      });
    }
    const catalogEntry = catalog.find((entry) => entry.id === field.id);
    if (receives && catalogEntry && !catalogEntry.editable && !BY_TRANSITION.has(field.id)) {
      problems.push({
        field: path,
        message: `${JSON.stringify(name)} cannot be set on ${instance} (not editable), yet the mapping writes it there`,
      });
    }
  });

  for (const name of Object.keys(visual.constants[instance] ?? {})) {
    exists(`connections.${input.connection}.visual.constants.${instance}.${name}`, name);
  }
  return problems;
}
