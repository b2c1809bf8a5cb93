/**
 * The `fields` query parameter: `*all`, `*navigable`, a comma list of ids, and `-id` to exclude.
 * Custom fields may be named by id; unknown names are ignored as Jira does.
 */
const NOT_NAVIGABLE = new Set(['comment', 'attachment', 'worklog', 'lastViewed']);

export type FieldSelection = (fieldId: string) => boolean;

/** Parses `fields` (one string or repeated params) with the endpoint's default. */
export function parseFieldSelection(raw: unknown, defaultSpec: string): FieldSelection {
  const parts = (Array.isArray(raw) ? raw : raw === undefined || raw === '' ? [defaultSpec] : [raw])
    .flatMap((value) => String(value).split(','))
    .map((value) => value.trim())
    .filter((value) => value.length > 0);
  const include = new Set<string>();
  const exclude = new Set<string>();
  let all = false;
  let navigable = false;
  for (const part of parts) {
    if (part === '*all') all = true;
    else if (part === '*navigable') navigable = true;
    else if (part === '-*all' || part === '-*navigable') continue;
    else if (part.startsWith('-')) exclude.add(part.slice(1));
    else include.add(part);
  }
  return (fieldId) => {
    if (exclude.has(fieldId)) return false;
    if (include.has(fieldId) || all) return true;
    if (navigable) return !NOT_NAVIGABLE.has(fieldId);
    return false;
  };
}

/** Parses `expand` (comma list, possibly repeated) into a set. */
export function parseExpand(raw: unknown): Set<string> {
  const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return new Set(
    values
      .flatMap((value) => String(value).split(','))
      .map((value) => value.trim())
      .filter(Boolean),
  );
}
