/** How the console writes times, durations and field values. */

/** "3 min ago", "2 h ago", "just now"; "never" for null. `now` in epoch ms. */
export function timeAgo(at: number | null | undefined, now: number = Date.now()): string {
  if (at === null || at === undefined) return 'never';
  const seconds = Math.round((now - at) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** Local date and time with seconds, e.g. 2025-03-04 14:05:09. */
export function dateTime(at: number): string {
  const date = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A duration in ms as "850 ms", "1.2 s", "3.4 min"; "–" when unknown. */
export function duration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** A field value as short text: strings as they are, people and options by name, rich text as its plain text. */
export function valueText(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (value === null) return '(empty)';
  if (typeof value === 'string') return value === '' ? '(empty)' : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map(valueText).join(', ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of ['displayName', 'name', 'value', 'email', 'text', 'key']) {
      if (typeof record[key] === 'string') return record[key];
    }
    if (record['type'] === 'doc') return plainTextOfAdf(record);
    return JSON.stringify(value);
  }
  return String(value);
}

/** ADF nodes whose children are blocks (one per line); other nodes hold inline content. */
const BLOCK_CONTAINERS = new Set([
  'doc',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'table',
  'tableRow',
  'panel',
  'expand',
]);

function plainTextOfAdf(node: Record<string, unknown>): string {
  if (typeof node['text'] === 'string') return node['text'];
  const content = node['content'];
  if (!Array.isArray(content)) return '';
  const parts = content.map((child) =>
    typeof child === 'object' && child !== null ? plainTextOfAdf(child as Record<string, unknown>) : '',
  );
  return parts.join(BLOCK_CONTAINERS.has(String(node['type'])) ? '\n' : '');
}

/** `text` cut to `max` characters with an ellipsis (tables stay readable; the full text goes in a tooltip). */
export function shorten(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
