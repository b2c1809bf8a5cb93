/** Attachment metadata as Jira renders it; `content` is the download URL. */
import type { Attachment } from '../model/types.ts';
import { formatJiraDateTime } from './jira-dates.ts';
import { apiBase, type RenderContext } from './render-context.ts';
import { renderUserRef } from './user-view.ts';

export function renderAttachment(rc: RenderContext, attachment: Attachment): Record<string, unknown> {
  const view: Record<string, unknown> = {
    self: `${apiBase(rc)}/attachment/${attachment.id}`,
    id: attachment.id,
    filename: attachment.filename,
    author: renderUserRef(rc, attachment.authorId),
    created: formatJiraDateTime(attachment.created),
    size: attachment.size,
    mimeType: attachment.mimeType,
    content:
      rc.ctx.flavor === 'cloud'
        ? `${apiBase(rc)}/attachment/content/${attachment.id}`
        : `${rc.ctx.baseUrl()}/secure/attachment/${attachment.id}/${encodeURIComponent(attachment.filename)}`,
  };
  if (attachment.mimeType.startsWith('image/')) {
    view['thumbnail'] =
      rc.ctx.flavor === 'cloud'
        ? `${apiBase(rc)}/attachment/thumbnail/${attachment.id}`
        : `${rc.ctx.baseUrl()}/secure/thumbnail/${attachment.id}/_thumb_${attachment.id}.png`;
  }
  return view;
}
