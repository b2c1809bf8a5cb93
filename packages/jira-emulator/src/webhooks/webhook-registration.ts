/**
 * Admin webhooks as Jira's webhooks plugin resource (`/rest/webhooks/1.0/webhook`) takes and shows them: `name`,
 * `url`, `events`, the JQL filter under `filters["issue-related-events-section"]` (`jqlFilter` is accepted too),
 * `enabled`, `excludeBody` and a write-only `secret` (Jira never shows it again once saved).
 */
import { JiraError } from '../http/jira-error.ts';
import type { EmulatorContext } from '../emulator-context.ts';
import type { User, WebhookRegistration } from '../model/types.ts';
import { validateWebhookJql } from './webhook-jql-filter.ts';
import { isJsonObject } from '../input/json-object.ts';

/** The filter key of Jira's registration form for issue-related events. */
export const ISSUE_FILTER_KEY = 'issue-related-events-section';

/** Events a webhook can subscribe to that the emulator raises. */
export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'worklog_created',
  'worklog_updated',
  'worklog_deleted',
  'attachment_created',
  'attachment_deleted',
  'issuelink_created',
  'issuelink_deleted',
] as const;

/** Only Jira administrators manage admin webhooks. */
export function isJiraAdmin(ctx: EmulatorContext, user: User): boolean {
  return ['jira-administrators', 'site-admins', 'administrators'].some((group) => ctx.state.userInGroup(user, group));
}

/** The fields of a create or update request, validated; absent fields are undefined. */
interface RegistrationInput {
  name?: string;
  url?: string;
  events?: string[];
  jqlFilter?: string;
  enabled?: boolean;
  excludeBody?: boolean;
  secret?: string | null;
}

function parseInput(body: unknown): RegistrationInput {
  if (!isJsonObject(body)) throw new JiraError(400, ['The request body must be a JSON object describing the webhook.']);
  const errors: Record<string, string> = {};
  const input: RegistrationInput = {};
  if (body['name'] !== undefined) {
    if (typeof body['name'] !== 'string' || body['name'].trim() === '')
      errors['name'] = 'The webhook name must not be empty.';
    else input.name = body['name'];
  }
  if (body['url'] !== undefined) {
    const url = body['url'];
    let valid = false;
    if (typeof url === 'string') {
      try {
        valid = ['http:', 'https:'].includes(new URL(url).protocol);
      } catch {
        valid = false;
      }
    }
    if (valid) input.url = url as string;
    else errors['url'] = 'The webhook URL must be a valid http or https URL.';
  }
  if (body['events'] !== undefined) {
    const events = body['events'];
    if (!Array.isArray(events) || events.some((event) => typeof event !== 'string'))
      errors['events'] = 'Events must be a list of event names.';
    else input.events = [...new Set(events as string[])];
  }
  const filters = body['filters'];
  if (isJsonObject(filters) && filters[ISSUE_FILTER_KEY] !== undefined) {
    const jql = filters[ISSUE_FILTER_KEY];
    if (typeof jql !== 'string') errors['filters'] = 'The JQL filter must be a string.';
    else input.jqlFilter = jql;
  } else if (body['jqlFilter'] !== undefined) {
    if (typeof body['jqlFilter'] !== 'string') errors['jqlFilter'] = 'The JQL filter must be a string.';
    else input.jqlFilter = body['jqlFilter'];
  }
  for (const flag of ['enabled', 'excludeBody'] as const) {
    if (body[flag] === undefined) continue;
    if (typeof body[flag] !== 'boolean') errors[flag] = `${flag} must be true or false.`;
    else input[flag] = body[flag];
  }
  if (body['secret'] !== undefined) {
    const secret = body['secret'];
    if (secret !== null && typeof secret !== 'string') errors['secret'] = 'The secret must be a string.';
    else input.secret = secret === '' ? null : secret;
  }
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
  return input;
}

/** A new registration from a POST body; `name` and `url` are required. */
export function createRegistration(ctx: EmulatorContext, owner: User, body: unknown): WebhookRegistration {
  const input = parseInput(body);
  const errors: Record<string, string> = {};
  if (input.name === undefined && !(isJsonObject(body) && 'name' in body))
    errors['name'] = 'The webhook name must not be empty.';
  if (input.url === undefined && !(isJsonObject(body) && 'url' in body))
    errors['url'] = 'The webhook URL must be a valid http or https URL.';
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);
  if (input.jqlFilter !== undefined) validateWebhookJql(input.jqlFilter);
  const data = ctx.state.data;
  const id = (data.counters['webhook'] ?? 0) + 1;
  data.counters['webhook'] = id;
  const now = ctx.clock.now();
  const registration: WebhookRegistration = {
    id,
    name: input.name ?? '',
    url: input.url ?? '',
    events: input.events ?? [],
    jqlFilter: input.jqlFilter ?? '',
    enabled: input.enabled ?? true,
    secret: input.secret ?? null,
    excludeBody: input.excludeBody ?? false,
    ownerId: owner.accountId,
    created: now,
    lastUpdated: now,
    lastUpdatedById: owner.accountId,
  };
  data.webhooks.push(registration);
  ctx.state.touch();
  return registration;
}

/** Applies a PUT body: given fields replace the stored ones; an absent `secret` keeps the current one. */
export function updateRegistration(
  ctx: EmulatorContext,
  registration: WebhookRegistration,
  user: User,
  body: unknown,
): void {
  const input = parseInput(body);
  if (input.jqlFilter !== undefined) validateWebhookJql(input.jqlFilter);
  if (input.name !== undefined) registration.name = input.name;
  if (input.url !== undefined) registration.url = input.url;
  if (input.events !== undefined) registration.events = input.events;
  if (input.jqlFilter !== undefined) registration.jqlFilter = input.jqlFilter;
  if (input.enabled !== undefined) registration.enabled = input.enabled;
  if (input.excludeBody !== undefined) registration.excludeBody = input.excludeBody;
  if (input.secret !== undefined) registration.secret = input.secret;
  registration.lastUpdated = ctx.clock.now();
  registration.lastUpdatedById = user.accountId;
  ctx.state.touch();
}

/** A registration as the resource shows it (never the secret). */
export function renderRegistration(ctx: EmulatorContext, registration: WebhookRegistration): Record<string, unknown> {
  const updater = ctx.state.userById(registration.lastUpdatedById);
  return {
    name: registration.name,
    url: registration.url,
    excludeBody: registration.excludeBody,
    filters: { [ISSUE_FILTER_KEY]: registration.jqlFilter },
    events: [...registration.events],
    enabled: registration.enabled,
    self: `${ctx.baseUrl()}/rest/webhooks/1.0/webhook/${registration.id}`,
    // Data Center names users by key, Cloud by accountId.
    lastUpdatedUser:
      ctx.flavor === 'cloud' ? registration.lastUpdatedById : (updater?.key ?? registration.lastUpdatedById),
    lastUpdatedDisplayName: updater?.displayName ?? '',
    lastUpdated: registration.lastUpdated,
  };
}
