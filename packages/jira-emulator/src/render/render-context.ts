/** What rendering one response needs: the instance, the API version of the request and who is asking. */
import type { EmulatorContext } from '../emulator-context.ts';
import type { ApiVersion, User } from '../model/types.ts';

export interface RenderContext {
  ctx: EmulatorContext;
  apiVersion: ApiVersion;
  viewer: User;
}

/** `http://127.0.0.1:PORT/rest/api/3`, the prefix of `self` links for this request's API version. */
export function apiBase(rc: RenderContext): string {
  return `${rc.ctx.baseUrl()}/rest/api/${rc.apiVersion}`;
}
