/** Adding and removing attachments (REST upload, demo seed). Bytes go to the blob store, metadata to the issue. */
import { JiraError } from '../http/jira-error.ts';
import type { RenderContext } from '../render/render-context.ts';
import { nextId } from './jira-data.ts';
import { recordHistory } from './issue-writer.ts';
import type { Attachment, Issue } from './types.ts';

/** Jira's 413 for a file over the attachment size limit (the upload route raises it while the file streams in). */
export function attachmentTooLarge(limitBytes: number, filename: string): JiraError {
  return new JiraError(413, [`The file '${filename}' is too large: the attachment size limit is ${limitBytes} bytes.`]);
}

/** Stores one file on the issue, records it in the changelog and raises attachment_created + issue_updated. */
export function addAttachment(
  rc: RenderContext,
  issue: Issue,
  filename: string,
  mimeType: string,
  bytes: Buffer,
): Attachment {
  const { ctx } = rc;
  if (bytes.length > ctx.settings.attachmentMaxBytes)
    throw attachmentTooLarge(ctx.settings.attachmentMaxBytes, filename);
  const id = nextId(ctx.state.data, 'attachment');
  const attachment: Attachment = {
    id,
    filename,
    authorId: rc.viewer.accountId,
    created: ctx.clock.now(),
    size: bytes.length,
    mimeType,
    blobKey: `attachment-${id}`,
  };
  ctx.blobs.put(attachment.blobKey, bytes);
  issue.attachments.push(attachment);
  const history = recordHistory(rc, issue, rc.viewer.accountId, [
    {
      field: 'Attachment',
      fieldtype: 'jira',
      fieldId: 'attachment',
      from: null,
      fromString: null,
      to: id,
      toString: filename,
    },
  ]);
  const timestamp = ctx.clock.now();
  ctx.events.emit({ webhookEvent: 'attachment_created', issue, attachment, userId: rc.viewer.accountId, timestamp });
  ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: history,
    eventTypeName: 'issue_updated',
    comment: null,
    userId: rc.viewer.accountId,
    timestamp,
  });
  return attachment;
}

/** Removes an attachment and its bytes, with changelog and events. */
export function removeAttachment(rc: RenderContext, issue: Issue, attachment: Attachment): void {
  const { ctx } = rc;
  issue.attachments = issue.attachments.filter((candidate) => candidate.id !== attachment.id);
  ctx.blobs.delete(attachment.blobKey);
  const history = recordHistory(rc, issue, rc.viewer.accountId, [
    {
      field: 'Attachment',
      fieldtype: 'jira',
      fieldId: 'attachment',
      from: attachment.id,
      fromString: attachment.filename,
      to: null,
      toString: null,
    },
  ]);
  const timestamp = ctx.clock.now();
  ctx.events.emit({ webhookEvent: 'attachment_deleted', issue, attachment, userId: rc.viewer.accountId, timestamp });
  ctx.events.emit({
    webhookEvent: 'jira:issue_updated',
    issue,
    changelog: history,
    eventTypeName: 'issue_updated',
    comment: null,
    userId: rc.viewer.accountId,
    timestamp,
  });
}

/** Finds an attachment by id across all issues. */
export function findAttachment(
  rc: RenderContext,
  id: string | undefined,
): { issue: Issue; attachment: Attachment } | undefined {
  for (const issue of rc.ctx.state.data.issues) {
    const attachment = issue.attachments.find((candidate) => candidate.id === id);
    if (attachment) return { issue, attachment };
  }
  return undefined;
}
