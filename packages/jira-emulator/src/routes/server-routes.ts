/** Server information and the calling user. */
import { ok, type RouteDefinition } from '../http/route-definition.ts';
import type { User } from '../model/types.ts';
import { formatJiraDateTime } from '../render/jira-dates.ts';
import type { RenderContext } from '../render/render-context.ts';
import { renderUser } from '../render/user-view.ts';

/** A user with the `groups` and `applicationRoles` sections of GET /myself and GET /user. */
export function renderFullUser(rc: RenderContext, user: User): Record<string, unknown> {
  const groups = user.groups.map((name) => {
    const group = rc.ctx.state.data.groups.find((candidate) => candidate.name === name);
    const item: Record<string, unknown> = {
      name,
      self: `${rc.ctx.baseUrl()}/rest/api/${rc.apiVersion}/group?groupname=${encodeURIComponent(name)}`,
    };
    if (rc.ctx.flavor === 'cloud' && group) item['groupId'] = group.groupId;
    return item;
  });
  return {
    ...renderUser(rc, user),
    locale: user.locale,
    groups: { size: groups.length, items: groups },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

export const serverRoutes: RouteDefinition[] = [
  {
    method: 'GET',
    path: '/serverInfo',
    handler: ({ rc }) => {
      const now = rc.ctx.clock.now();
      const cloud = rc.ctx.flavor === 'cloud';
      return ok({
        baseUrl: rc.ctx.baseUrl(),
        version: cloud ? '1001.0.0-SNAPSHOT' : '10.3.24',
        versionNumbers: cloud ? [1001, 0, 0] : [10, 3, 24],
        deploymentType: cloud ? 'Cloud' : 'Server',
        buildNumber: cloud ? 100287 : 10030024,
        buildDate: cloud ? '2026-11-01T00:00:00.000+0000' : '2025-09-01T00:00:00.000+0000',
        serverTime: formatJiraDateTime(now),
        scmInfo: 'tandem-jira-emulator',
        serverTitle: rc.ctx.settings.serverTitle,
      });
    },
  },
  {
    method: 'GET',
    path: '/myself',
    handler: ({ rc }) => ok(renderFullUser(rc, rc.viewer)),
  },
];
