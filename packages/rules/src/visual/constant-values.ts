/**
 * A side's constants, applied to the values it receives: a value set outright (this side's rules own the field:
 * a person's change is overwritten), or list items added and removed on top of what the field holds.
 */
import type { FieldIntent, FieldKind, FieldValue, RuleIssue, TrackerField } from '@tandem/core';
import { normalRichText } from '@tandem/core';
import { fieldReference } from './field-reference.ts';
import { personEntry } from './pair-maps.ts';
import { isSorted, isTextList } from './value-shapes.ts';
import type { VisualConstantValue } from './visual-rules-config.ts';

const LIST_KINDS: ReadonlySet<FieldKind> = new Set(['labels', 'options', 'components', 'versions']);

/** Applies `constants` to `fields` (by local field id) and records the fields they own in `owners`. */
export function applyConstants(input: {
  constants: Readonly<Record<string, VisualConstantValue>>;
  catalog: readonly TrackerField[];
  /** The local issue now; null when it is about to be created. */
  issue: RuleIssue | null;
  fields: Record<string, FieldValue | FieldIntent>;
  owners: Record<string, 'local' | 'remote'>;
}): void {
  for (const [name, constant] of Object.entries(input.constants)) {
    const field = fieldReference(input.catalog, name);
    if (constant !== null && typeof constant === 'object' && !Array.isArray(constant)) {
      const change = constant as { add: readonly string[]; remove: readonly string[] };
      const received = input.fields[field.id];
      const current = input.issue?.fields[field.id];
      const base = isTextList(received as FieldValue)
        ? (received as string[])
        : isTextList(current ?? null)
          ? (current as string[])
          : [];
      const next = [...base];
      for (const item of change.add) if (!next.includes(item)) next.push(item);
      const kept = next.filter((item) => !change.remove.includes(item));
      input.fields[field.id] = isSorted(base) ? kept.sort() : kept;
      continue;
    }
    input.fields[field.id] = constantValue(field.kind, constant as string | number | null | readonly string[]);
    input.owners[field.id] = 'remote';
  }
}

/** A constant as a value of a field of `kind`: people become `$user` intents, text becomes rich text where needed. */
function constantValue(
  kind: FieldKind | null,
  value: string | number | null | readonly string[],
): FieldValue | FieldIntent {
  if (value === null) return null;
  const list = typeof value === 'string' || typeof value === 'number' ? [String(value)] : [...value];
  switch (kind) {
    case 'user':
      return { $user: personEntry(list[0] ?? '') };
    case 'users':
      return { $users: list.map(personEntry) };
    case 'richtext':
      return normalRichText({
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: list.join('\n') }] }],
      });
    case 'number':
      return typeof value === 'number' ? value : Number(list[0]);
    default:
      if (kind !== null && LIST_KINDS.has(kind)) return list;
      return typeof value === 'string' || typeof value === 'number' ? value : [...value];
  }
}
