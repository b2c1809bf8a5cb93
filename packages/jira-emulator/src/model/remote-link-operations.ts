/**
 * Remote issue links (web links to other systems). Jira records each change in the issue's history as a
 * `RemoteIssueLink` item (no fieldId; `to` is the link id, `toString` reads `This issue links to "title"`), which
 * also moves `updated`; it raises no webhook event for them.
 */
import { JiraError } from '../http/jira-error.ts';
import type { RenderContext } from '../render/render-context.ts';
import { recordHistory } from './issue-writer.ts';
import { nextId } from './jira-data.ts';
import type { ChangeItem, Issue, RemoteLink } from './types.ts';
import { isJsonObject } from '../input/json-object.ts';

/** Jira's limit for globalId, title, relationship and application fields (a long varchar). */
const MAX_LENGTH = 255;

export type RemoteLinkInput = Omit<RemoteLink, 'id'>;

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Whether Jira accepts a URL of a remote link: blank, or http(s) with a host. */
function isValidUrl(url: string | undefined): boolean {
  if (url === undefined || url.trim() === '') return true;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

function copyIcon(raw: unknown): { url16x16?: string; title?: string; link?: string } | undefined {
  if (!isJsonObject(raw)) return undefined;
  const icon: { url16x16?: string; title?: string; link?: string } = {};
  const url16x16 = optionalString(raw['url16x16']);
  const title = optionalString(raw['title']);
  const link = optionalString(raw['link']);
  if (url16x16 !== undefined) icon.url16x16 = url16x16;
  if (title !== undefined) icon.title = title;
  if (link !== undefined) icon.link = link;
  return icon;
}

/** Parses and validates a RemoteIssueLinkRequest with Jira's field errors (`title`, `url`, ...). */
export function parseRemoteLinkRequest(body: unknown): RemoteLinkInput {
  const request = isJsonObject(body) ? body : {};
  const object = isJsonObject(request['object']) ? request['object'] : {};
  const errors: Record<string, string> = {};
  const title = optionalString(object['title']);
  const url = optionalString(object['url']);
  const globalId = optionalString(request['globalId']);
  const relationship = optionalString(request['relationship']);
  const application = isJsonObject(request['application']) ? request['application'] : undefined;
  if (!title || title.trim() === '') errors['title'] = "'Link Text' is required.";
  if (!url || url.trim() === '') errors['url'] = "'URL' is required.";
  const tooLong = (value: string | undefined) => value !== undefined && value.length > MAX_LENGTH;
  if (tooLong(globalId)) errors['globalId'] = `'Global ID' is too long. It must be less than ${MAX_LENGTH} characters.`;
  if (tooLong(title)) errors['title'] = `'Link Text' is too long. It must be less than ${MAX_LENGTH} characters.`;
  if (tooLong(relationship))
    errors['relationship'] = `'Relationship' is too long. It must be less than ${MAX_LENGTH} characters.`;
  if (!errors['url'] && !isValidUrl(url)) errors['url'] = "'URL' is not a valid URL.";
  const icon = copyIcon(object['icon']);
  if (!isValidUrl(icon?.url16x16)) errors['iconUrl'] = "'iconUrl' is not a valid URL.";
  const status = isJsonObject(object['status']) ? object['status'] : undefined;
  const statusIcon = copyIcon(status?.['icon']);
  if (!isValidUrl(statusIcon?.url16x16)) errors['statusIconUrl'] = "'statusIconUrl' is not a valid URL.";
  if (!isValidUrl(statusIcon?.link)) errors['statusIconLink'] = "'statusIconLink' is not a valid URL.";
  if (Object.keys(errors).length > 0) throw new JiraError(400, [], errors);

  const remoteObject: RemoteLink['object'] = { url: url ?? '', title: title ?? '' };
  const summary = optionalString(object['summary']);
  if (summary !== undefined) remoteObject.summary = summary;
  if (icon) remoteObject.icon = icon;
  if (status) {
    remoteObject.status = {};
    if (typeof status['resolved'] === 'boolean') remoteObject.status.resolved = status['resolved'];
    if (statusIcon) remoteObject.status.icon = statusIcon;
  }
  let app: RemoteLink['application'] = null;
  if (application) {
    app = {};
    const type = optionalString(application['type']);
    const name = optionalString(application['name']);
    if (type !== undefined) app.type = type;
    if (name !== undefined) app.name = name;
  }
  return { globalId: globalId ?? null, application: app, relationship: relationship ?? null, object: remoteObject };
}

function linkText(link: RemoteLink): string {
  return `This issue links to "${link.object.title}"`;
}

function historyItem(before: RemoteLink | null, after: RemoteLink | null): ChangeItem {
  return {
    field: 'RemoteIssueLink',
    fieldtype: 'jira',
    from: before ? String(before.id) : null,
    fromString: before ? linkText(before) : null,
    to: after ? String(after.id) : null,
    toString: after ? linkText(after) : null,
  };
}

/** Creates a link, or (same globalId on this issue) replaces the existing one. Returns the link and whether it is new. */
export function upsertRemoteLink(
  rc: RenderContext,
  issue: Issue,
  input: RemoteLinkInput,
): { link: RemoteLink; created: boolean } {
  const existing =
    input.globalId === null ? undefined : issue.remoteLinks.find((link) => link.globalId === input.globalId);
  if (existing) {
    updateRemoteLink(rc, issue, existing, input);
    return { link: existing, created: false };
  }
  const link: RemoteLink = { id: Number(nextId(rc.ctx.state.data, 'remotelink')), ...input };
  issue.remoteLinks.push(link);
  recordHistory(rc, issue, rc.viewer.accountId, [historyItem(null, link)]);
  return { link, created: true };
}

/** Replaces every field of a link (Jira's PUT and globalId upsert both overwrite, they do not merge). */
export function updateRemoteLink(rc: RenderContext, issue: Issue, link: RemoteLink, input: RemoteLinkInput): void {
  if (
    input.globalId !== null &&
    input.globalId !== link.globalId &&
    issue.remoteLinks.some((other) => other !== link && other.globalId === input.globalId)
  ) {
    throw new JiraError(400, [], {
      globalId: `A remote issue link with the global id '${input.globalId}' already exists on this issue.`,
    });
  }
  const before: RemoteLink = structuredClone(link);
  Object.assign(link, input);
  recordHistory(rc, issue, rc.viewer.accountId, [historyItem(before, link)]);
}

/** Removes a link, with its history item. */
export function deleteRemoteLink(rc: RenderContext, issue: Issue, link: RemoteLink): void {
  issue.remoteLinks = issue.remoteLinks.filter((candidate) => candidate !== link);
  recordHistory(rc, issue, rc.viewer.accountId, [historyItem(link, null)]);
}
