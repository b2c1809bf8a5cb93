/**
 * A webhook's JQL filter (`filters["issue-related-events-section"]`): only events about issues that match it, as
 * the webhook's owner sees them, are sent. Evaluated at the moment of the change, on the issue as it then is.
 */
import type { EmulatorContext } from '../emulator-context.ts';
import { parseJqlOrThrow } from '../jql/compile-jql.ts';
import { matchesJql } from '../jql/match-jql.ts';
import type { Issue, User } from '../model/types.ts';

/** Whether `issue` matches the webhook filter `jql` for `owner`; throws Jira's JQL error (400) on a bad filter. */
export function webhookMatchesJql(ctx: EmulatorContext, owner: User, jql: string, issue: Issue): boolean {
  return matchesJql(ctx, owner, jql, issue);
}

/**
 * Checks a filter's syntax when a webhook is saved (400 with Jira's JQL error). Names and values are only resolved
 * when events are matched, so a filter may name a project that does not exist yet; until then it matches nothing.
 */
export function validateWebhookJql(jql: string): void {
  if (jql.trim() !== '') parseJqlOrThrow(jql);
}
