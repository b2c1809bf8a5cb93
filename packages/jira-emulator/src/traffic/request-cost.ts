/**
 * Points a request costs against the hourly quota, after Atlassian's points model
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/#how-points-work): every request costs a base
 * point; reads add a point per object returned (issues, projects, ... 1; users, groups, project roles, permissions 2);
 * writes cost the base point only. `GET /issue/ABC-1` = 2, a group's 8 members = 1 + 8 × 2 = 17, `POST /issue` = 1.
 */

const IDENTITY_SEGMENTS =
  /\/(?:user|users|group|groups|groupuserpicker|myself|role|permissions?|mypermissions|permissionscheme)(?:\/|$)/i;

/** Whether a route template reads identity objects (users, groups, roles, permissions). */
export function isIdentityEndpoint(template: string): boolean {
  return IDENTITY_SEGMENTS.test(template);
}

/** Number of objects in a read response: items of a list or page (`issues`, `values`, ...), else one. */
export function objectCount(body: unknown): number {
  if (body === undefined || body === null) return 0;
  if (Array.isArray(body)) return body.length;
  if (typeof body !== 'object') return 1;
  const record = body as Record<string, unknown>;
  for (const key of [
    'issues',
    'values',
    'users',
    'groups',
    'comments',
    'worklogs',
    'transitions',
    'histories',
    'projects',
  ]) {
    const list = record[key];
    if (Array.isArray(list)) return list.length;
  }
  return 1;
}

/** The object points of a successful read: objects × their price. Writes and failures add nothing to the base point. */
export function objectPoints(template: string, status: number, body: unknown, identityObjectPoints: number): number {
  if (status >= 400) return 0;
  const price = isIdentityEndpoint(template) ? identityObjectPoints : 1;
  return objectCount(body) * price;
}
