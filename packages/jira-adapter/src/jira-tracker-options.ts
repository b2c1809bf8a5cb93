/**
 * A Jira tracker's configuration (which instance, where, credentials) and its run-time options (clock, fetch,
 * timeouts, retries). The configuration is checked once, when the tracker is made, and every bad key is reported.
 */
import { z } from 'zod';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.ts';

export interface JiraTrackerConfig {
  /** Tandem's name for the instance. */
  instance: string;
  type: 'jira-cloud' | 'jira-datacenter';
  /** Base URL, e.g. `https://example.atlassian.net` or `https://jira.example.com/jira`. */
  url: string;
  /** Cloud: basic authentication with e-mail and API token. */
  email?: string;
  /** Cloud: the API token. Data Center: a personal access token (bearer). */
  token?: string;
  /** Data Center basic authentication, when no token is given. */
  username?: string;
  password?: string;
}

export interface JiraTrackerOptions {
  /** Epoch ms; default Date.now. Rate-limit gates and Retry-After dates are read against it. */
  clock?: () => number;
  /** Default: Node's global fetch (undici). */
  fetch?: typeof fetch;
  /** Per attempt, redirects included; default 30 000 ms. */
  timeoutMs?: number;
  /** Attempts per call, the first included; default 4. Shorthand for `retryPolicy.maxAttempts`. */
  maxAttempts?: number;
  /** Waits `ms`; default a timer. Tests pass one that advances a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1); default Math.random (see `seededRandom` for replayable runs). */
  random?: () => number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Issues per search page and comments per comment page; default 100 (both flavours allow it). */
  pageSize?: number;
  /** Entity properties read with every issue (TrackerIssue.properties); default `['tandem.twin']`. */
  propertyKeys?: string[];
}

/** Configuration that cannot work, with every problem as `path: message`. */
export class JiraTrackerConfigError extends Error {
  override readonly name = 'JiraTrackerConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid Jira tracker configuration: ${problems.join('; ')}`);
  }
}

const httpUrl = z
  .string()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), 'must be an http(s) URL');

const configSchema = z
  .object({
    instance: z.string().min(1),
    type: z.enum(['jira-cloud', 'jira-datacenter']),
    url: httpUrl,
    email: z.string().min(1).optional(),
    token: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
  })
  .superRefine((config, ctx) => {
    if (config.type === 'jira-cloud') {
      if (config.email === undefined) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Cloud needs email' });
      if (config.token === undefined) ctx.addIssue({ code: 'custom', path: ['token'], message: 'Cloud needs token' });
    } else if (config.token === undefined && (config.username === undefined || config.password === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['token'],
        message: 'Data Center needs a token, or username and password',
      });
    }
  });

export interface ResolvedJiraTrackerConfig {
  readonly instance: string;
  /** Without a trailing slash. */
  readonly baseUrl: string;
  /** The `Authorization` header value. */
  readonly authorization: string;
}

const basic = (user: string, secret: string): string => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

/** Checks the configuration and works out the base URL and credentials; throws JiraTrackerConfigError. */
export function resolveJiraTrackerConfig(config: JiraTrackerConfig): ResolvedJiraTrackerConfig {
  const parsed = configSchema.safeParse(config);
  if (!parsed.success) {
    throw new JiraTrackerConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
    );
  }
  const { instance, type, url, email, token, username, password } = parsed.data;
  const authorization =
    type === 'jira-cloud'
      ? basic(email ?? '', token ?? '')
      : token !== undefined
        ? `Bearer ${token}`
        : basic(username ?? '', password ?? '');
  return { instance, baseUrl: url.replace(/\/+$/, ''), authorization };
}

/** The retry policy the options ask for. */
export function retryPolicyOf(options: JiraTrackerOptions): RetryPolicy {
  return {
    ...DEFAULT_RETRY_POLICY,
    ...options.retryPolicy,
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
  };
}
