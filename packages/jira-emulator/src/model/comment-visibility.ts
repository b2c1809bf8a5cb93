/**
 * Who may read a restricted comment or worklog. Jira hides a comment restricted to a group or project role from
 * everyone outside it, on every read path (issue, comment list, search, webhooks); admins are not exempt.
 */
import type { JiraState } from './jira-state.ts';
import type { Issue, User, Visibility } from './types.ts';

/** Whether `viewer` may see an item with this visibility on this issue. */
export function canSee(state: JiraState, viewer: User, issue: Issue, visibility: Visibility | null): boolean {
  if (!visibility) return true;
  if (visibility.type === 'group') return state.userInGroup(viewer, visibility.value);
  const project = state.projectById(issue.projectId);
  return state.userHasRole(viewer, project, visibility.identifier ?? visibility.value);
}

/** Jira Service Management marks internal comments with this entity property: `{ "internal": true }`. */
export const JSM_PUBLIC_COMMENT_PROPERTY = 'sd.public.comment';

/** Whether a comment is a Jira Service Management internal comment. */
export function isInternalComment(properties: Record<string, unknown>): boolean {
  const value = properties[JSM_PUBLIC_COMMENT_PROPERTY];
  return typeof value === 'object' && value !== null && (value as { internal?: unknown }).internal === true;
}
