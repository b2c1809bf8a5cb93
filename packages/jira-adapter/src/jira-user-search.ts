/**
 * Finding people by e-mail address or display name through `/user/search`, which is a prefix search (Cloud's `query`
 * over display names and addresses, Data Center's `username` over usernames, names and addresses); the exact,
 * case-insensitive match is ours.
 *
 * Hidden addresses on Cloud: a person may hide their e-mail (profile visibility), and every answer about them then
 * lacks `emailAddress`. Atlassian documents `query` as matched against `displayName` and `emailAddress`, with privacy
 * controls applied to the response, and a query in the form of a whole address still finds the person by their hidden
 * address. Such a person comes back with `email: null`: when we searched by an address we count them as a match
 * (Jira matched them on it), and we do not fill the address in ourselves. The emulator behaves the same way.
 */
import { TrackerError, type TrackerUser } from '@tandem/core';
import type { JiraRest } from './jira-rest.ts';
import { sameText } from './same-text.ts';

/** Jira's user search looks at the first thousand matches only. */
const USER_SEARCH_LIMIT = 1000;
const USER_SEARCH_PAGE = 100;

/** People whose e-mail address and/or display name equal the given ones (both given: both must match). */
export async function findJiraUsers(
  rest: JiraRest,
  query: { email?: string; displayName?: string },
): Promise<TrackerUser[]> {
  const email = query.email?.trim() || undefined;
  const displayName = query.displayName?.trim() || undefined;
  const text = email ?? displayName;
  if (text === undefined) throw new TrackerError('bad-request', 'findUsers: give an e-mail address or a display name');
  const found = await searchUsers(rest, text);
  return found.filter(
    (user) =>
      (email === undefined ||
        (user.email === null ? rest.capabilities.emailMayBeHidden : sameText(user.email, email))) &&
      (displayName === undefined || sameText(user.displayName, displayName)),
  );
}

/** Every user `/user/search` answers for `text` (up to Jira's thousand), one page at a time. */
async function searchUsers(rest: JiraRest, text: string): Promise<TrackerUser[]> {
  const users = new Map<string, TrackerUser>();
  for (let startAt = 0; startAt < USER_SEARCH_LIMIT; startAt += USER_SEARCH_PAGE) {
    const page = await rest.json(
      {
        method: 'GET',
        route: '/user/search',
        path: '/user/search',
        query: { [rest.capabilities.userSearchParameter]: text, startAt, maxResults: USER_SEARCH_PAGE },
        subject: `user search '${text}'`,
      },
      rest.schemas.users,
    );
    for (const user of page) users.set(user.id, user);
    if (page.length < USER_SEARCH_PAGE) break;
  }
  return [...users.values()];
}
