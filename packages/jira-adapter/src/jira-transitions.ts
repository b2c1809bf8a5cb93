/**
 * Workflow transitions: what an issue offers now (`expand=transitions.fields` for the screen fields, their names and
 * whether they are required), and running one with its screen filled from neutral values.
 */
import type { FieldValue, TrackerField, TrackerTransition } from '@tandem/core';
import type { FieldCatalogCache } from './jira-field-catalog.ts';
import type { FieldWriteRequests } from './field-write-requests.ts';
import { issueRequest, type JiraRest } from './jira-rest.ts';

/** The transitions an issue offers its viewer now, with their screen fields. */
export async function listTransitions(
  rest: JiraRest,
  catalog: FieldCatalogCache,
  issueId: string,
): Promise<TrackerTransition[]> {
  const page = await rest.json(
    issueRequest('GET', issueId, '/transitions', '/transitions', { query: { expand: 'transitions.fields' } }),
    rest.schemas.transitions,
  );
  const unnamed = page.transitions.flatMap((transition) =>
    Object.entries(transition.fields ?? {})
      .filter(([, meta]) => meta.name === undefined)
      .map(([id]) => id),
  );
  // Jira names screen fields itself; the catalog is asked only when it did not.
  const names = unnamed.length > 0 ? await catalog.lookup(unnamed) : new Map<string, TrackerField>();
  return page.transitions.map((transition) => ({
    id: transition.id,
    name: transition.name,
    to: { name: transition.to.name, category: transition.to.statusCategory },
    screenFields: Object.entries(transition.fields ?? {}).map(([id, meta]) => ({
      id,
      name: meta.name ?? names.get(id)?.name ?? id,
      required: meta.required ?? false,
    })),
  }));
}

/** Runs a transition; `fields` fill its screen. Jira refuses a missing required field, named like any field error. */
export async function runTransition(
  rest: JiraRest,
  writes: FieldWriteRequests,
  issueId: string,
  transitionId: string,
  fields: Record<string, FieldValue>,
): Promise<void> {
  const screen = await writes.jiraFields(issueId, issueId, fields, 'transition');
  const json: Record<string, unknown> = { transition: { id: transitionId } };
  if (Object.keys(screen).length > 0) json['fields'] = screen;
  await writes.namingFields(issueId, () =>
    rest.call(issueRequest('POST', issueId, '/transitions', '/transitions', { json, idempotent: false })),
  );
}
