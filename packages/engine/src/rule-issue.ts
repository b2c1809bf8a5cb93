/**
 * An issue as rules see it (core's RuleIssue): only what may leave this side. Comments restricted to a group or role,
 * Jira Service Management internal comments, and Tandem's own copies of the other side's comments, attachments and
 * worklogs never reach a rule — no rule can leak them or send them back.
 */
import { normalizeAdf } from '@tandem/rich-text';
import { looksLikeTandemCopy, type RuleIssue, type TrackerIssue } from '@tandem/core';

export interface MirrorIds {
  comments: ReadonlySet<string>;
  attachments: ReadonlySet<string>;
  worklogs: ReadonlySet<string>;
}

/** The rule's view of `issue`; `tandemAccountId` recognises attributed copies no mapping records (after a recover). */
export function toRuleIssue(issue: TrackerIssue, mirrors: MirrorIds, tandemAccountId: string | undefined): RuleIssue {
  return {
    id: issue.id,
    key: issue.key,
    projectKey: issue.projectKey,
    issueType: issue.issueType.name,
    status: issue.status.name,
    statusCategory: issue.status.category,
    fields: { ...issue.fields },
    comments: issue.comments
      .filter(
        (comment) =>
          !comment.restricted &&
          !comment.internal &&
          !mirrors.comments.has(comment.id) &&
          !looksLikeTandemCopy(comment, tandemAccountId),
      )
      .map((comment) => ({
        id: comment.id,
        author: comment.author ? { displayName: comment.author.displayName, email: comment.author.email } : null,
        body: normalizeAdf(comment.body),
        created: comment.created,
        updated: comment.updated,
      })),
    attachments: issue.attachments
      .filter((attachment) => !mirrors.attachments.has(attachment.id))
      .map((attachment) => ({
        id: attachment.id,
        filename: attachment.filename,
        mimeType: attachment.mimeType,
        size: attachment.size,
      })),
    worklogs: issue.worklogs
      .filter((worklog) => !mirrors.worklogs.has(worklog.id))
      .map((worklog) => ({
        id: worklog.id,
        author: worklog.author ? { displayName: worklog.author.displayName, email: worklog.author.email } : null,
        started: worklog.started,
        timeSpentSeconds: worklog.timeSpentSeconds,
        comment: worklog.comment === null ? null : normalizeAdf(worklog.comment),
      })),
    links: issue.links.map((link) => ({ type: link.type, direction: link.direction, issue: link.issue })),
  };
}
