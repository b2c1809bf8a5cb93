/**
 * `tandem.mapValue`: a value map with an explicit answer for a miss. Runs inside the sandbox.
 */
import type { FieldValue, MapValueOptions } from '../tandem-script.d.ts';

/** Records a problem that parks the twin. */
export type ReportProblem = (field: string, message: string) => void;

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Maps `value` (or each value of a list) through `map`; a miss without a default is reported and gives undefined. */
export function mapValue(
  value: FieldValue | undefined,
  map: Readonly<Record<string, string | null>>,
  options: MapValueOptions | undefined,
  report: ReportProblem,
): string | string[] | null | undefined {
  if (map === null || typeof map !== 'object') throw new TypeError('tandem.mapValue needs a map object');
  if (value === null || value === undefined) return null;
  const field = options?.field ?? 'value map';
  const hasDefault = options !== undefined && hasOwn(options, 'default');
  const one = (item: unknown): { found: true; value: string | null } | { found: false } => {
    const key = String(item);
    if (hasOwn(map, key)) return { found: true, value: map[key] ?? null };
    const folded = key.trim().toLowerCase();
    const loose = Object.keys(map).find((candidate) => candidate.trim().toLowerCase() === folded);
    if (loose !== undefined) return { found: true, value: map[loose] ?? null };
    if (hasDefault) return { found: true, value: options.default ?? null };
    report(field, `No mapping for "${key}" and no default`);
    return { found: false };
  };
  if (Array.isArray(value)) {
    const mapped: string[] = [];
    for (const item of value as unknown[]) {
      const answer = one(item);
      // A list has no empty element: an entry mapped to null drops the value.
      if (answer.found && answer.value !== null) mapped.push(answer.value);
    }
    return mapped;
  }
  if (typeof value !== 'string' && typeof value !== 'number') {
    throw new TypeError('tandem.mapValue maps texts and numbers (or lists of them)');
  }
  const answer = one(value);
  return answer.found ? answer.value : undefined;
}
