/**
 * Jira's authentication. Cloud: basic auth with e-mail and API token. Data Center: bearer personal access token,
 * or basic auth with username and password. Anything else is answered with Jira's 401.
 */
import type { JiraState } from '../model/jira-state.ts';
import type { Flavor, User } from '../model/types.ts';
import { JiraError } from './jira-error.ts';

function unauthorized(flavor: Flavor, failedLogin: boolean): JiraError {
  const headers: Record<string, string> = { 'WWW-Authenticate': 'Basic realm="protected-area"' };
  if (flavor === 'datacenter' && failedLogin) headers['X-Seraph-LoginReason'] = 'AUTHENTICATED_FAILED';
  const message =
    flavor === 'cloud'
      ? 'Client must be authenticated to access this resource.'
      : 'You are not authenticated. Authentication required to perform this operation.';
  return new JiraError(401, [message], {}, headers);
}

/** The user an Authorization header identifies, or a 401 JiraError. */
export function authenticate(state: JiraState, flavor: Flavor, header: string | undefined): User {
  if (!header) throw unauthorized(flavor, false);
  const [scheme, credentials = ''] = header.split(' ', 2);
  const lowerScheme = scheme?.toLowerCase();
  if (lowerScheme === 'bearer' && flavor === 'datacenter') {
    const user = state.data.users.find((candidate) => candidate.personalAccessTokens.includes(credentials));
    if (user && user.active) return user;
    throw unauthorized(flavor, true);
  }
  if (lowerScheme === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const login = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (colon > 0) {
      const user =
        flavor === 'cloud'
          ? state.data.users.find((candidate) => candidate.emailAddress.toLowerCase() === login.toLowerCase())
          : state.data.users.find((candidate) => candidate.name.toLowerCase() === login.toLowerCase());
      const secretMatches =
        flavor === 'cloud'
          ? user?.apiToken === secret
          : user?.password === secret || user?.personalAccessTokens.includes(secret);
      if (user && user.active && secretMatches) return user;
    }
    throw unauthorized(flavor, true);
  }
  throw unauthorized(flavor, true);
}
