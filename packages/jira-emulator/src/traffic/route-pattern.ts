/**
 * Route templates as the traffic controls see them. The server mounts `/rest/api/3/issue/:issueIdOrKey`; Atlassian's
 * documents write `/api/{version}/issue/{issueidorkey}`. Both normalise to one form so buckets and scopes can be named
 * either way, and v2 and v3 of one resource share a burst bucket (Atlassian lists limits per `{version}`).
 */

/** `/rest/api/3/issue/:issueIdOrKey` → `/rest/api/{version}/issue/{issueidorkey}` (lower case). */
export function normalizeTemplate(template: string): string {
  return braces(template).replace(/\/api\/(?:2|3|latest)(?=\/|$)/, '/api/{version}');
}

/** `:param` → `{param}`, lower case; the API version is kept. */
function braces(template: string): string {
  return template.replace(/:(\w+)/g, '{$1}').toLowerCase();
}

/**
 * Whether a route template matches a pattern: `*` matches any run of characters, `:param` and `{param}` are
 * interchangeable, case is ignored. A pattern matches the end of a template at a segment boundary, so
 * `/api/{version}/issue/{issueIdOrKey}` (Atlassian's spelling) and `issue/:issueIdOrKey` both name
 * `/rest/api/3/issue/:issueIdOrKey`.
 */
export function templateMatches(pattern: string, template: string): boolean {
  // The pattern keeps its version (`/rest/api/2/*` means v2 only); the template is tried with and without it.
  const wanted = braces(pattern);
  const escaped = wanted
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const anchored = wanted.startsWith('*')
    ? `^${escaped}$`
    : wanted.startsWith('/')
      ? `^(?:.*)?${escaped}$`
      : `(?:^|/)${escaped}$`;
  const regex = new RegExp(anchored);
  return regex.test(normalizeTemplate(template)) || regex.test(braces(template));
}
