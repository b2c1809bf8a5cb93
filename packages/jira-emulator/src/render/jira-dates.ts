/** Jira's date formats. The emulator's server time zone is UTC. */

/** `2026-04-25T18:35:13.605+0000`, Jira's format for timestamps in REST responses. */
export function formatJiraDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** `2026-04-25`, Jira's format for date-only fields (due date, date pickers). */
export function formatJiraDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * Parses a timestamp as Jira accepts it on input: ISO 8601 with `+0000`/`+00:00`/`Z` offsets, optional millis.
 * Returns undefined when it is not a date.
 */
export function parseJiraDateTime(text: string): number | undefined {
  const normalised = text.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(normalised)) return undefined;
  const ms = Date.parse(normalised);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether text is a valid `YYYY-MM-DD` calendar date. */
export function isJiraDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}
