/** Declares a control-API route: an absolute path under `/_emulator`, without Jira's authentication. */
import type { HttpMethod, RouteCall, JiraResponse, RouteDefinition } from '../http/route-definition.ts';

export function controlRoute(
  method: HttpMethod,
  path: string,
  handler: (call: RouteCall) => JiraResponse | Promise<JiraResponse>,
): RouteDefinition {
  return { method, path: `/_emulator${path}`, absolute: true, authenticated: false, handler };
}
