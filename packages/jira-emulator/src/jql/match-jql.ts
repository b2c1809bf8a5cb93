/**
 * Whether one issue matches a JQL query for a given user (webhook JQL filters, search). Compiled queries are
 * cached, so calling this per event is cheap.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import type { Issue, User } from '../model/types.ts';
import { compileJql } from './compile-jql.ts';

/** True when `issue` matches `jql` as `viewer` sees it; throws JiraError 400 when the query is invalid. */
export function matchesJql(ctx: EmulatorContext, viewer: User, jql: string, issue: Issue): boolean {
  return compileJql(ctx, viewer, jql).matches(issue);
}
