/**
 * The tracker port: what the engine needs from one issue tracker instance (a Jira Cloud site or a Jira Data Center),
 * in Tandem's neutral shapes. Rich text is ADF on both flavours (Data Center adapters convert from and to wiki
 * markup); users carry a display name and, where the tracker shows it, an e-mail address.
 * Implemented by packages/jira-adapter (JiraCloudTracker, JiraDataCenterTracker).
 */
import type { AdfDoc } from '@tandem/rich-text';

export type TrackerFlavor = 'cloud' | 'datacenter';

export interface TrackerUser {
  /** accountId on Cloud, username on Data Center. */
  id: string;
  displayName: string;
  /** Null when the tracker hides it (Cloud privacy settings). */
  email: string | null;
}

export interface TrackerComment {
  id: string;
  author: TrackerUser | null;
  body: AdfDoc;
  /** Epoch ms. */
  created: number;
  updated: number;
  /** Restricted to a group or project role: never leaves the instance in Basic mode. */
  restricted: boolean;
  /** Jira Service Management internal comment (`sd.public.comment` internal): never leaves in Basic mode. */
  internal: boolean;
}

export interface TrackerAttachment {
  id: string;
  filename: string;
  mimeType: string;
  size: number;
  created: number;
  author: TrackerUser | null;
}

/** The state of one issue as the engine reads it. */
export interface TrackerIssue {
  id: string;
  key: string;
  projectKey: string;
  /** Jira's `updated`, epoch ms. */
  updated: number;
  created: number;
  summary: string;
  description: AdfDoc | null;
  issueType: { id: string; name: string };
  comments: TrackerComment[];
  attachments: TrackerAttachment[];
  /** Entity properties Tandem reads (its twin marker), by key. */
  properties: Record<string, unknown>;
}

/** An issue as a search lists it: enough to queue a sync event. */
export interface TrackerIssueRef {
  id: string;
  key: string;
  updated: number;
}

export interface NewTrackerIssue {
  projectKey: string;
  issueTypeName: string;
  summary: string;
  description: AdfDoc | null;
  /** Entity properties set at create time, in the same request (Tandem's twin marker). */
  properties: Record<string, unknown>;
}

export interface FieldChanges {
  summary?: string;
  description?: AdfDoc | null;
  issueTypeName?: string;
}

export interface RemoteLinkInput {
  /** Stable id for upserts (Tandem uses `tandem:<connection>:<instance>:<issueId>`). */
  globalId: string;
  url: string;
  title: string;
  summary?: string;
}

export interface WebhookRegistrationInput {
  name: string;
  url: string;
  events: string[];
  jql: string;
  secret: string;
}

/**
 * One tracker instance. Every method throws {@link TrackerError} on failure; a missing issue is `null` from
 * getIssue, never an exception.
 */
export interface TrackerPort {
  readonly instance: string;
  readonly flavor: TrackerFlavor;
  /** The user Tandem acts as (its own writes carry this author). */
  myself(): Promise<TrackerUser>;
  getIssue(idOrKey: string): Promise<TrackerIssue | null>;
  /** Issues matching `jql`, every page; Cloud `/search/jql`, Data Center `/search`. */
  search(jql: string): AsyncIterable<TrackerIssueRef>;
  /** Issues whose entity property `key` has `path` equal to `value` (twin markers), read through JQL. */
  findByProperty(key: string, path: string, value: string): Promise<TrackerIssueRef[]>;
  /** Issue type names of a project (for the Basic mode type fallback) and its default type. */
  issueTypes(projectKey: string): Promise<{ names: string[]; defaultName: string }>;
  createIssue(issue: NewTrackerIssue): Promise<TrackerIssueRef>;
  updateFields(issueId: string, changes: FieldChanges): Promise<void>;
  addComment(issueId: string, body: AdfDoc): Promise<{ id: string }>;
  updateComment(issueId: string, commentId: string, body: AdfDoc): Promise<void>;
  deleteComment(issueId: string, commentId: string): Promise<void>;
  downloadAttachment(attachmentId: string): Promise<Buffer>;
  uploadAttachment(issueId: string, filename: string, mimeType: string, bytes: Buffer): Promise<{ id: string }>;
  deleteAttachment(attachmentId: string): Promise<void>;
  upsertRemoteLink(issueId: string, link: RemoteLinkInput): Promise<void>;
  setIssueProperty(issueId: string, key: string, value: unknown): Promise<void>;
  /** A person's URL of an issue (`<base>/browse/KEY`). */
  browseUrl(key: string): string;
  registerWebhook(input: WebhookRegistrationInput): Promise<{ id: string }>;
  listWebhooks(): Promise<{ id: string; name: string; url: string }[]>;
  deleteWebhook(id: string): Promise<void>;
}

export type TrackerErrorKind =
  | 'not-found'
  | 'bad-request'
  | 'auth'
  | 'forbidden'
  | 'conflict'
  | 'rate-limited'
  | 'server'
  | 'network'
  /** The request may or may not have taken effect (timeout, connection lost after sending). */
  | 'unknown-outcome';

/** Which callers a 429 slows down, from Jira's `RateLimit-Reason`. */
export type RateLimitScope = 'endpoint' | 'issue' | 'tenant' | 'global';

/**
 * A tracker call that failed, with what the engine needs to decide: retry or park, after how long, at what scope,
 * and Jira's own words (issue, field, message) for the person reading the error.
 */
export class TrackerError extends Error {
  override readonly name = 'TrackerError';
  constructor(
    readonly kind: TrackerErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** Milliseconds to wait before trying again (Retry-After or the adapter's backoff). */
      retryAfterMs?: number;
      rateLimitScope?: RateLimitScope;
      issue?: string;
      /** Jira's field errors, field id → message. */
      fieldErrors?: Record<string, string>;
      /** Jira's errorMessages. */
      jiraMessages?: string[];
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** Whether trying the same call again later can succeed. */
  get retryable(): boolean {
    return ['rate-limited', 'server', 'network', 'conflict'].includes(this.kind);
  }
}
