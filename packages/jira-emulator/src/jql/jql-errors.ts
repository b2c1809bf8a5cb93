/** Jira's 400 answers for JQL that cannot be run, worded as Jira words them. */
import { JiraError } from '../http/jira-error.ts';

/** A 400 with one or more JQL error messages in `errorMessages`. */
export function jqlError(...messages: string[]): JiraError {
  return new JiraError(400, messages);
}

export const fieldDoesNotExist = (name: string): JiraError =>
  jqlError(`Field '${name}' does not exist or you do not have permission to view it.`);

export const valueDoesNotExist = (value: string, field: string): JiraError =>
  jqlError(`The value '${value}' does not exist for the field '${field}'.`);

export const operatorNotSupported = (operator: string, field: string): JiraError =>
  jqlError(`The operator '${operator}' is not supported by the '${field}' field.`);

export const unknownFunction = (name: string): JiraError => jqlError(`Unable to find JQL function '${name}()'.`);
