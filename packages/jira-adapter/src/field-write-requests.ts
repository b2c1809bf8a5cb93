/**
 * The field part of create, edit and transition requests: neutral values converted by the kinds of the field catalog
 * (read again once when an id is unknown), and Jira's field errors given the field's name, so a person reads the
 * issue, the field's id and name, and Jira's words: `BLUE-12: field 'customfield_10010' (Story points): …`.
 */
import { TrackerError, type FieldValue } from '@tandem/core';
import { jiraErrorMessage } from './jira-error-response.ts';
import type { FieldCatalogCache } from './jira-field-catalog.ts';
import { FieldValueProblem, toJiraFieldValue, type FieldWriteFlavor } from './jira-field-writers.ts';

/** What the fields are for: status and resolution can be set only on a transition's screen. */
export type FieldWritePurpose = 'create' | 'edit' | 'transition';

export class FieldWriteRequests {
  constructor(
    private readonly catalog: FieldCatalogCache,
    private readonly flavor: FieldWriteFlavor,
  ) {}

  /**
   * Neutral values as Jira's `fields` JSON. A value that does not fit its kind, an unknown field, or a field only a
   * transition sets is our bad request, worded like Jira's. `subject` names the issue (or `new issue in KEY`).
   */
  async jiraFields(
    subject: string,
    issue: string | undefined,
    values: Record<string, FieldValue>,
    purpose: FieldWritePurpose,
  ): Promise<Record<string, unknown>> {
    const ids = Object.keys(values);
    if (ids.length === 0) return {};
    const catalog = await this.catalog.lookup(ids);
    const fields: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(values)) {
      const field = catalog.get(id);
      const refuse = (problem: string) =>
        new TrackerError(
          'bad-request',
          jiraErrorMessage(subject, undefined, { [id]: problem }, [], () => field?.name),
          {
            fieldErrors: { [id]: problem },
            ...(issue === undefined ? {} : { issue }),
          },
        );
      if (field === undefined)
        throw refuse('not a field Tandem can write on this instance (unknown, or of a kind it does not handle)');
      if (!field.editable && purpose !== 'transition') throw refuse('can only be set by a workflow transition');
      try {
        fields[id] = toJiraFieldValue(field.kind, value, this.flavor);
      } catch (error) {
        if (error instanceof FieldValueProblem) throw refuse(error.message);
        throw error;
      }
    }
    return fields;
  }

  /**
   * Runs a write and gives Jira's field errors their names. The catalog is read for that only when it is not loaded
   * yet, and only on this error path; if it cannot be read, Jira's error stands as it is.
   */
  async namingFields<T>(subject: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const fieldErrors = error instanceof TrackerError ? error.details.fieldErrors : undefined;
      if (!(error instanceof TrackerError) || fieldErrors === undefined) throw error;
      let catalog = this.catalog.peek();
      try {
        catalog ??= await this.catalog.all();
      } catch {
        throw error;
      }
      const names = new Map(catalog.map((field) => [field.id, field.name]));
      const { status, jiraMessages } = error.details;
      const message = jiraErrorMessage(subject, status, fieldErrors, jiraMessages ?? [], (id) => names.get(id));
      throw new TrackerError(error.kind, message, { ...error.details, cause: error });
    }
  }
}
