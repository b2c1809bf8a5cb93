/** A side's scope: which of its issues are sent (an issue outside it is not; the engine's JQL check comes on top). */
import type { FieldValue, RuleIssue } from '@tandem/core';
import { sameText } from './field-reference.ts';
import { isOneOf } from './pair-maps.ts';
import { isFieldUser, isTextList } from './value-shapes.ts';
import type { VisualRules, VisualScopeFilter } from './visual-rules-config.ts';

const anyOf = (value: string | null, allowed: readonly string[]) =>
  value !== null && allowed.some((entry) => sameText(entry, value));

const text = (value: FieldValue | undefined): string | null => (typeof value === 'string' ? value : null);

const person = (value: FieldValue | undefined, allowed: readonly string[]) =>
  isFieldUser(value) && isOneOf(value, allowed);

/** Whether `issue` passes every filter of `scope` that is given (the JQL filter is the engine's). */
export function inScope(scope: VisualScopeFilter | undefined, issue: RuleIssue): boolean {
  if (!scope) return true;
  const { fields } = issue;
  const labels = fields['labels'];
  return (
    (scope.labels === null ||
      (labels !== undefined && isTextList(labels) && labels.some((label) => anyOf(label, scope.labels ?? [])))) &&
    (scope.issueTypes === null || anyOf(issue.issueType, scope.issueTypes)) &&
    (scope.statuses === null || anyOf(issue.status, scope.statuses)) &&
    (scope.priorities === null || anyOf(text(fields['priority']), scope.priorities)) &&
    (scope.assignees === null || person(fields['assignee'], scope.assignees)) &&
    (scope.reporters === null || person(fields['reporter'], scope.reporters))
  );
}

/** The JQL a side's issues must match as well before they are sent, or null; the engine runs it against Jira. */
export function visualScopeJql(visual: VisualRules, instance: string): string | null {
  return visual.scope[instance]?.jql ?? null;
}
