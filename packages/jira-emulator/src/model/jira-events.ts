/**
 * Events the emulator raises when its data changes; webhooks are built from them.
 * Names are Jira's own `webhookEvent` values. Listeners run synchronously, so they see the state of the moment.
 */
import type { Attachment, ChangeHistory, Comment, Issue, IssueLink, Worklog } from './types.ts';

interface EventBase {
  userId: string;
  timestamp: number;
}

export type JiraEvent =
  | (EventBase & { webhookEvent: 'jira:issue_created'; issue: Issue; changelog: ChangeHistory | null })
  | (EventBase & {
      webhookEvent: 'jira:issue_updated';
      issue: Issue;
      changelog: ChangeHistory | null;
      /** Jira's `issue_event_type_name`: issue_updated, issue_generic, issue_assigned, issue_commented, ... */
      eventTypeName: string;
      comment: Comment | null;
    })
  | (EventBase & { webhookEvent: 'jira:issue_deleted'; issue: Issue })
  | (EventBase & {
      webhookEvent: 'comment_created' | 'comment_updated' | 'comment_deleted';
      issue: Issue;
      comment: Comment;
    })
  | (EventBase & {
      webhookEvent: 'worklog_created' | 'worklog_updated' | 'worklog_deleted';
      issue: Issue;
      worklog: Worklog;
    })
  | (EventBase & { webhookEvent: 'attachment_created' | 'attachment_deleted'; issue: Issue; attachment: Attachment })
  | (EventBase & { webhookEvent: 'issuelink_created' | 'issuelink_deleted'; link: IssueLink });

export type JiraEventListener = (event: JiraEvent) => void;

export class JiraEventBus {
  private listeners: JiraEventListener[] = [];

  on(listener: JiraEventListener): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((candidate) => candidate !== listener);
    };
  }

  emit(event: JiraEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
