/**
 * Users as Jira renders them. Cloud: accountId, no username/key, e-mail only when the profile shows it.
 * Data Center: name and key, e-mail always.
 */
import type { User } from '../model/types.ts';
import { apiBase, type RenderContext } from './render-context.ts';

function avatarUrls(rc: RenderContext, user: User): Record<string, string> {
  const base = `${rc.ctx.baseUrl()}/secure/useravatar?ownerId=${encodeURIComponent(user.key)}`;
  return {
    '48x48': `${base}&size=48`,
    '24x24': `${base}&size=24`,
    '16x16': `${base}&size=16`,
    '32x32': `${base}&size=32`,
  };
}

/** A user as it appears in issue fields, comments, search results and webhooks. */
export function renderUser(rc: RenderContext, user: User): Record<string, unknown> {
  if (rc.ctx.flavor === 'cloud') {
    const view: Record<string, unknown> = {
      self: `${apiBase(rc)}/user?accountId=${encodeURIComponent(user.accountId)}`,
      accountId: user.accountId,
    };
    if (user.emailVisible || user.accountId === rc.viewer.accountId) view['emailAddress'] = user.emailAddress;
    Object.assign(view, {
      avatarUrls: avatarUrls(rc, user),
      displayName: user.displayName,
      active: user.active,
      timeZone: user.timeZone,
      accountType: user.accountType,
    });
    return view;
  }
  return {
    self: `${apiBase(rc)}/user?username=${encodeURIComponent(user.name)}`,
    name: user.name,
    key: user.key,
    emailAddress: user.emailAddress,
    avatarUrls: avatarUrls(rc, user),
    displayName: user.displayName,
    active: user.active,
    timeZone: user.timeZone,
  };
}

/** A user by accountId, or null when unset or unknown. */
export function renderUserRef(rc: RenderContext, accountId: string | null | undefined): Record<string, unknown> | null {
  if (!accountId) return null;
  const user = rc.ctx.state.userById(accountId);
  return user ? renderUser(rc, user) : null;
}

/** How a user is identified in changelog `from`/`to` and in JQL: accountId on Cloud, username on Data Center. */
export function userIdentity(rc: RenderContext, accountId: string): string {
  if (rc.ctx.flavor === 'cloud') return accountId;
  return rc.ctx.state.userById(accountId)?.name ?? accountId;
}
