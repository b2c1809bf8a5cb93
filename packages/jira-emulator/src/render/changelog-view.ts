/**
 * Change history as Jira renders it. User-valued items are stored with accountIds and shown per flavour
 * (accountId on Cloud, username on Data Center).
 */
import type { ChangeHistory, ChangeItem } from '../model/types.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import type { RenderContext } from './render-context.ts';
import { renderUserRef, userIdentity } from './user-view.ts';

const USER_FIELD_IDS = new Set(['assignee', 'reporter']);

function isUserItem(rc: RenderContext, item: ChangeItem): boolean {
  if (item.fieldId === undefined) return false;
  if (USER_FIELD_IDS.has(item.fieldId)) return true;
  const custom = item.fieldtype === 'custom' ? rc.ctx.state.customField(item.fieldId) : undefined;
  return custom?.kind === 'user' || custom?.kind === 'multiuser';
}

export function renderChangeItem(rc: RenderContext, item: ChangeItem): Record<string, unknown> {
  const view: Record<string, unknown> = { field: item.field, fieldtype: item.fieldtype };
  if (item.fieldId !== undefined) view['fieldId'] = item.fieldId;
  if (isUserItem(rc, item)) {
    const mapIds = (value: string | null) =>
      value === null
        ? null
        : value
            .split(', ')
            .map((id) => userIdentity(rc, id))
            .join(', ');
    Object.assign(view, {
      from: mapIds(item.from),
      fromString: item.fromString,
      to: mapIds(item.to),
      toString: item.toString,
    });
    if (rc.ctx.flavor === 'cloud') {
      view['tmpFromAccountId'] = item.from;
      view['tmpToAccountId'] = item.to;
    }
    return view;
  }
  return Object.assign(view, { from: item.from, fromString: item.fromString, to: item.to, toString: item.toString });
}

export function renderChangeHistory(rc: RenderContext, history: ChangeHistory): Record<string, unknown> {
  return {
    id: history.id,
    author: renderUserRef(rc, history.authorId),
    created: formatJiraDateTime(history.created),
    items: history.items.map((item) => renderChangeItem(rc, item)),
  };
}
