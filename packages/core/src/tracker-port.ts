/**
 * The tracker port: what the engine needs from one issue tracker instance (a Jira Cloud site or a Jira Data Center),
 * in Tandem's neutral shapes. Rich text is ADF on both flavours (Data Center adapters convert from and to wiki
 * markup); users carry a display name and, where the tracker shows it, an e-mail address.
 * Implemented by packages/jira-adapter (JiraCloudTracker, JiraDataCenterTracker).
 */
import type { AdfDoc } from '@tandem/rich-text';
import type {
  FieldValue,
  IssueLinkTypeInfo,
  NewWorklog,
  TrackerField,
  TrackerIssueLink,
  TrackerTransition,
  TrackerWorklog,
} from './issue-fields.ts';

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
  /** The workflow status now, with its category. */
  status: { name: string; category: 'new' | 'indeterminate' | 'done' };
  /**
   * Every field of the issue in neutral form (see issue-fields.ts), keyed by Jira field id: system fields
   * (`summary`, `description`, `environment`, `issuetype`, `status`, `resolution`, `priority`, `labels`, `components`,
   * `fixVersions`, `versions`, `assignee`, `reporter`, `duedate`, `parent`) and every custom field of a kind in the
   * catalog (`customfield_10010`). An empty field is present with `null` (or `[]` for list kinds).
   */
  fields: Record<string, FieldValue>;
  comments: TrackerComment[];
  attachments: TrackerAttachment[];
  worklogs: TrackerWorklog[];
  /** Issue links to other issues of the same instance. */
  links: TrackerIssueLink[];
  /** Entity properties Tandem reads (its twin marker), by key. */
  properties: Record<string, unknown>;
}

/** One entry of an issue's change history (Jira's changelog): who changed what, when. */
export interface TrackerChange {
  /** Epoch ms. */
  at: number;
  /** accountId on Cloud, username on Data Center; null when Jira names nobody (an automation). */
  authorId: string | null;
  items: {
    /** Jira's field label (`summary`, `Attachment`, a custom field's name). */
    field: string;
    /** The field id, where Jira gives one (`summary`, `customfield_10010`). */
    fieldId: string | null;
    from: string | null;
    fromString: string | null;
    to: string | null;
    toString: string | null;
  }[];
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
  /** Further fields set at create time, neutral values keyed by Jira field id (`parent` makes a sub-task's parent). */
  fields?: Record<string, FieldValue>;
}

export interface FieldChanges {
  summary?: string;
  description?: AdfDoc | null;
  issueTypeName?: string;
  /**
   * Any other editable field, neutral values keyed by Jira field id. The adapter converts them to Jira's form with
   * the field catalog: option texts to options, users by id, components and versions by name.
   */
  fields?: Record<string, FieldValue>;
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
  /**
   * The issue's change history, oldest first (extra reads: the engine asks only where it has no merge base). Optional:
   * a tracker without it leaves the engine to decide by the issues' `updated` alone.
   */
  changelog?(issueId: string): Promise<TrackerChange[]>;
  /** Issues matching `jql`, every page; Cloud `/search/jql`, Data Center `/search`. */
  search(jql: string): AsyncIterable<TrackerIssueRef>;
  /** Issues whose entity property `key` has `path` equal to `value` (twin markers), read through JQL. */
  findByProperty(key: string, path: string, value: string): Promise<TrackerIssueRef[]>;
  /**
   * Issue type names of a project (for the type fallback) and its default type; sub-task types (which need a
   * parent) are listed apart from the others.
   */
  issueTypes(projectKey: string): Promise<{ names: string[]; subtaskNames: string[]; defaultName: string }>;
  /** The new issue's id and key (Jira's create answer has no `updated`, and reading it back would cost a request). */
  createIssue(issue: NewTrackerIssue): Promise<{ id: string; key: string }>;
  updateFields(issueId: string, changes: FieldChanges): Promise<void>;
  addComment(issueId: string, body: AdfDoc): Promise<{ id: string }>;
  updateComment(issueId: string, commentId: string, body: AdfDoc): Promise<void>;
  deleteComment(issueId: string, commentId: string): Promise<void>;
  downloadAttachment(attachmentId: string): Promise<Buffer>;
  uploadAttachment(issueId: string, filename: string, mimeType: string, bytes: Buffer): Promise<{ id: string }>;
  deleteAttachment(attachmentId: string): Promise<void>;
  upsertRemoteLink(issueId: string, link: RemoteLinkInput): Promise<void>;
  setIssueProperty(issueId: string, key: string, value: unknown): Promise<void>;
  /** The instance's fields with their neutral kind (cached by the adapter; fields of unknown kinds are left out). */
  fieldCatalog(): Promise<TrackerField[]>;
  /** Transitions the issue offers now, with their screen fields. */
  transitions(issueId: string): Promise<TrackerTransition[]>;
  /** Runs one transition; `fields` fill its screen (neutral values keyed by field id, e.g. `resolution`). */
  transition(issueId: string, transitionId: string, fields: Record<string, FieldValue>): Promise<void>;
  /** One person by id (accountId on Cloud, username on Data Center); null when there is no such person. */
  userById(id: string): Promise<TrackerUser | null>;
  /** People matching an e-mail address (exact) or a display name (exact, case-insensitive). */
  findUsers(query: { email?: string; displayName?: string }): Promise<TrackerUser[]>;
  /** Names of a project's components and versions. */
  projectComponents(projectKey: string): Promise<string[]>;
  projectVersions(projectKey: string): Promise<string[]>;
  /** Creates a missing component or version (needs project admin rights). */
  createComponent(projectKey: string, name: string): Promise<void>;
  createVersion(projectKey: string, name: string): Promise<void>;
  issueLinkTypes(): Promise<IssueLinkTypeInfo[]>;
  /** Links two issues of this instance: `outwardIssueId` <type.outward> `inwardIssueId`. */
  addIssueLink(input: { type: string; outwardIssueId: string; inwardIssueId: string }): Promise<void>;
  deleteIssueLink(linkId: string): Promise<void>;
  addWorklog(issueId: string, worklog: NewWorklog): Promise<{ id: string }>;
  updateWorklog(issueId: string, worklogId: string, worklog: NewWorklog): Promise<void>;
  deleteWorklog(issueId: string, worklogId: string): Promise<void>;
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
