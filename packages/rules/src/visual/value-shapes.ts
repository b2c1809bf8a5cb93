/** Telling neutral field values apart by their shape (see core's FieldValue). */
import type { FieldUser, FieldValue, IssueRef } from '@tandem/core';
import type { AdfDoc } from '@tandem/rich-text';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A person (`user` fields). */
export function isFieldUser(value: unknown): value is FieldUser {
  return isObject(value) && typeof value['displayName'] === 'string' && 'email' in value && !('type' in value);
}

/** People (`users` fields); an empty list is not told apart from other empty lists. */
export function isFieldUserList(value: FieldValue): value is FieldUser[] {
  return Array.isArray(value) && value.length > 0 && (value as unknown[]).every(isFieldUser);
}

/** Another issue of the same instance (a parent, an epic). */
export function isIssueRef(value: unknown): value is IssueRef {
  return (
    isObject(value) &&
    typeof value['id'] === 'string' &&
    typeof value['key'] === 'string' &&
    !('displayName' in value) &&
    !('type' in value)
  );
}

/** A list of texts: labels, multi-select options, components, versions. */
export function isTextList(value: FieldValue): value is string[] {
  return Array.isArray(value) && (value as unknown[]).every((item) => typeof item === 'string');
}

/** Whether a list of texts is in the order `sort()` gives (neutral lists whose order means nothing are). */
export function isSorted(list: readonly string[]): boolean {
  return list.every((item, index) => index === 0 || (list[index - 1] ?? '') <= item);
}

/** Rich text (description, environment, paragraph fields). */
export function isAdfDoc(value: unknown): value is AdfDoc {
  return isObject(value) && value['type'] === 'doc' && Array.isArray(value['content']);
}
