/**
 * Types for Tandem's Script mode rules, for editor completion and type checks. Copy this file next to your rule
 * files and import its types (type imports are erased; a rule file cannot import anything at run time):
 *
 *     import type { OutgoingRule } from './tandem-script';
 *
 *     const outgoing: OutgoingRule = ({ issue, replica, tandem }) => {
 *       replica.fields.summary = issue.fields.summary ?? null;
 *     };
 *     export default outgoing;
 *
 * In JavaScript, give the default export the JSDoc type `@type {import('./tandem-script').OutgoingRule}`.
 * Every value a rule receives is plain JSON data; every value it produces must be plain JSON data too.
 */

// ---------------------------------------------------------------------------------------------------------------------
// Values

/** One ADF mark (strong, em, link, …). */
export interface AdfMark {
  type: string;
  attrs?: Record<string, unknown>;
}

/** One ADF node. */
export interface AdfNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: AdfNode[];
  marks?: AdfMark[];
  text?: string;
}

/** Rich text (descriptions, comments, paragraph fields) in Atlassian Document Format, on Cloud and Data Center alike. */
export interface AdfDoc {
  type: 'doc';
  version: 1;
  content: AdfNode[];
}

/** A person as a field holds them. `id`: accountId on Cloud, username on Data Center. */
export interface FieldUser {
  id: string | null;
  displayName: string;
  /** Null when the instance hides it (Jira Cloud's privacy settings often do). */
  email: string | null;
}

/** A cascading select's value: the parent option and, optionally, its child option (by their text). */
export interface CascadingValue {
  parent: string;
  child: string | null;
}

/** An issue on the same instance as the value that names it (a parent, an epic, a link's other end). */
export interface IssueRef {
  id: string;
  key: string;
}

/**
 * One field's value:
 * - text, URL, issue type, status, priority, resolution, single select: `string` (names and option texts, never ids);
 * - rich text (description, environment, paragraph fields): `AdfDoc`;
 * - number: `number`; date: `'YYYY-MM-DD'`; date-time: ISO 8601 in UTC (`2026-11-22T04:15:11.000Z`);
 * - labels, multi-select, components, versions: `string[]`;
 * - user: `FieldUser`; multi-user: `FieldUser[]`; cascading select: `CascadingValue`; parent: `IssueRef`;
 * - `null`: the field is empty.
 */
export type FieldValue =
  null | string | number | string[] | AdfDoc | FieldUser | FieldUser[] | CascadingValue | IssueRef;

export type FieldKind =
  | 'string'
  | 'richtext'
  | 'number'
  | 'date'
  | 'datetime'
  | 'url'
  | 'option'
  | 'options'
  | 'cascading'
  | 'user'
  | 'users'
  | 'labels'
  | 'issuetype'
  | 'status'
  | 'priority'
  | 'resolution'
  | 'components'
  | 'versions'
  | 'issue';

/** One field of this instance's catalog. */
export interface CatalogField {
  /** Jira's field id: `summary`, `priority`, `customfield_10010`. */
  id: string;
  /** The name people see: `Priority`, `Story Points`. */
  name: string;
  kind: FieldKind;
  custom: boolean;
  /** Whether create and edit can set it (status and resolution go through transitions). */
  editable: boolean;
}

// ---------------------------------------------------------------------------------------------------------------------
// Issues and replicas

export interface ReplicaUser {
  displayName: string;
  /** Null when the sending instance hides it. */
  email: string | null;
}

export interface ReplicaComment {
  /** The comment's id on the side where it was written. */
  id: string;
  author: ReplicaUser | null;
  body: AdfDoc;
  /** Epoch milliseconds. */
  created: number;
  updated: number;
}

export interface ReplicaAttachment {
  id: string;
  filename: string;
  mimeType: string;
  /** Bytes. */
  size: number;
}

export interface ReplicaWorklog {
  id: string;
  author: ReplicaUser | null;
  /** Epoch milliseconds. */
  started: number;
  timeSpentSeconds: number;
  comment: AdfDoc | null;
}

/** A link between two issues of one instance; `issue` is the other end. */
export interface ReplicaLink {
  /** The link type's name: `Blocks`, `Relates`. */
  type: string;
  /** `outward`: this issue is the link's outward end ("blocks" the other). */
  direction: 'outward' | 'inward';
  issue: IssueRef;
}

/** An issue as rules see it: only what may leave (no restricted or internal comments, no Tandem copies). */
export interface RuleIssue {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  /** Every field by Jira field id (`summary`, `customfield_10010`); read custom fields by name with `tandem.get`. */
  fields: Record<string, FieldValue>;
  comments: ReplicaComment[];
  attachments: ReplicaAttachment[];
  worklogs: ReplicaWorklog[];
  links: ReplicaLink[];
}

/** What the other side's outgoing rule sent. */
export interface Replica {
  version: 2;
  connection: string;
  /** The sending instance's name. */
  instance: string;
  issueId: string;
  issueKey: string;
  issueUrl: string;
  /** The sending issue's last update, epoch milliseconds. */
  updated: number;
  /** Under the names the other side's outgoing rule chose. Issue references name issues of the sending instance. */
  fields: Record<string, FieldValue>;
  comments: ReplicaComment[];
  attachments: ReplicaAttachment[];
  worklogs: ReplicaWorklog[];
  links: ReplicaLink[];
}

/** The replica an outgoing rule fills. Everything starts empty: only what the rule puts here leaves. */
export interface OutgoingReplica {
  /** Under names both sides agree on (`summary`, `storyPoints`, …). */
  fields: Record<string, FieldValue>;
  /** A subset of `issue.comments` (bodies may be reformatted). */
  comments: ReplicaComment[];
  /** A subset of `issue.attachments`. */
  attachments: ReplicaAttachment[];
  /** A subset of `issue.worklogs` (comments may be reformatted). */
  worklogs: ReplicaWorklog[];
  links: ReplicaLink[];
}

/** The project the local issue lives in. */
export interface RuleProject {
  key: string;
  /** Issue types an issue can be created with on its own. */
  issueTypes: string[];
  /** Sub-task types: they need a parent. */
  subtaskIssueTypes: string[];
  defaultIssueType: string;
}

// ---------------------------------------------------------------------------------------------------------------------
// Values Tandem resolves after the rule ran

/**
 * A person found on this instance after the rule ran: by e-mail (exact), else by display name, else `fallback`
 * (null or left out: the field is left empty).
 */
export interface UserIntent {
  $user: { email: string | null; displayName: string | null; fallback?: FieldUser | null };
}

/** Several people, each found as a {@link UserIntent} is (people not found are left out). */
export interface UsersIntent {
  $users: { email: string | null; displayName: string | null }[];
}

/** The local twin of an issue of the sending instance (a parent, an epic): the sync waits until the twin exists. */
export interface TwinIntent {
  $twinOf: IssueRef;
}

export type FieldIntent = UserIntent | UsersIntent | TwinIntent;

/** A comment to mirror here, with the body to write. */
export interface IncomingComment {
  originId: string;
  body: AdfDoc;
}

export interface IncomingWorklog {
  originId: string;
  started: number;
  timeSpentSeconds: number;
  comment: AdfDoc | null;
}

/** A link the local issue should have to the local twin of `remote` (an issue of the sending instance). */
export interface IncomingLink {
  type: string;
  direction: 'outward' | 'inward';
  remote: IssueRef;
}

// ---------------------------------------------------------------------------------------------------------------------
// The helper library

/** Something a field can be read from: an issue (fields by id, reachable by name) or a replica (fields by name). */
export type FieldSource = RuleIssue | Replica | OutgoingReplica;

/** Helpers both rules get. */
export interface CommonTandem {
  /** The connection's name. */
  readonly connection: string;
  /** This side's instance name. */
  readonly instance: string;
  /** This instance's fields. */
  readonly catalog: readonly CatalogField[];
  /**
   * A field of this instance by id or name (exact, then ignoring case). Null when there is none; throws when a name
   * matches several fields (use the id then).
   */
  field(nameOrId: string): CatalogField | null;
  /**
   * A field's value. From an issue: by id or by name through the catalog (`tandem.get(issue, 'Story Points')`);
   * throws when this instance has no such field. From a replica: by the name the sending rule used. Missing → null.
   */
  get(source: FieldSource | null, field: string): FieldValue;
  /** Adds a line to the rule's log (shown by the dry run, kept with the twin's timeline). `console.log` does the same. */
  log(...values: unknown[]): void;
  /** Tandem's attributed copy: a bold line "Name wrote:" and then the body (what `mergeComments` writes by default). */
  attributedBody(author: ReplicaUser | FieldUser | null, body: AdfDoc | null): AdfDoc;
  /** Plain text (one paragraph per line) as rich text. */
  textToAdf(text: string): AdfDoc;
  /** The plain text of rich text (paragraphs and line breaks become new lines). */
  adfToText(doc: AdfDoc | null): string;
}

export interface OutgoingTandem extends CommonTandem {
  /** This issue is out of scope: nothing is sent (`return tandem.skip()`; calling it is enough). */
  skip(): null;
  /**
   * Shares the issue's comments (all, or those `filter` keeps), with their bodies as they are or as `format` makes
   * them (rich text, or plain text made into rich text). Replaces `replica.comments`; returns it.
   */
  mergeComments(options?: {
    filter?: (comment: ReplicaComment) => boolean;
    format?: (comment: ReplicaComment) => AdfDoc | string;
  }): ReplicaComment[];
  /** Shares the issue's attachments (all, or those `filter` keeps). Replaces `replica.attachments`; returns it. */
  mergeAttachments(options?: { filter?: (attachment: ReplicaAttachment) => boolean }): ReplicaAttachment[];
  /** Shares the issue's worklogs; `format` may rewrite their comments. Replaces `replica.worklogs`; returns it. */
  mergeWorklogs(options?: {
    filter?: (worklog: ReplicaWorklog) => boolean;
    format?: (worklog: ReplicaWorklog) => AdfDoc | string | null;
  }): ReplicaWorklog[];
  /** Shares the issue's links (all, or those `filter` keeps). Replaces `replica.links`; returns it. */
  mergeLinks(options?: { filter?: (link: ReplicaLink) => boolean }): ReplicaLink[];
}

/** What a value map does with a value it has no entry for. */
export interface MapValueOptions {
  /** The value to use instead (null: empty). Without it, the miss is a problem that parks the twin. */
  default?: string | null;
  /** The field the problem names (default `value map`). */
  field?: string;
}

export interface IncomingTandem extends CommonTandem {
  /**
   * The value a local field should hold, by field id or name (`'summary'`, `'Story Points'`, `'customfield_10010'`).
   * `undefined` leaves the field alone; `null` empties it. Throws when this instance has no such field.
   * Status and resolution go through workflow transitions; prefer `setStatus`.
   */
  set(field: string, value: FieldValue | FieldIntent | undefined): void;
  /** The status the local issue should reach: Tandem walks the shortest transition path to it. `undefined`: leave it. */
  setStatus(name: FieldValue | undefined): void;
  /**
   * The local issue type by name; when this project has no such type, its default type (and a log line). A sub-task
   * type is kept only when the rule also sets a parent.
   */
  setIssueType(name: FieldValue | undefined): void;
  /**
   * Looks a value up in `map` (exact, then ignoring case and surrounding spaces); a list maps each of its values.
   * Null stays null. No entry and no `default`: a problem is recorded (the twin is parked) and `undefined` returned,
   * so that `set` leaves the field alone.
   */
  mapValue(
    value: FieldValue | undefined,
    map: Readonly<Record<string, string | null>>,
    options?: MapValueOptions,
  ): string | string[] | null | undefined;
  /**
   * The person on this instance with the same e-mail. Jira Cloud can hide e-mails (then `email` is null): the person
   * is then found by display name, and failing that `fallback` is used (left out: the field is left empty).
   * A list of people gives a multi-user value. Null stays null.
   */
  byEmail(user: FieldValue | ReplicaUser | undefined, options?: { fallback?: FieldUser | null }): FieldIntent | null;
  /**
   * The person an explicit map names. Keys: the sending side's e-mail (ignoring case), user id, or display name.
   * Values: a local user id (accountId on Cloud, username on Data Center), a `FieldUser`, an intent such as
   * `tandem.byEmail(user)`, or null (leave empty). No entry and no `default`: a problem, and `undefined`.
   */
  byMap(
    user: FieldValue | ReplicaUser | undefined,
    map: Readonly<Record<string, string | FieldUser | FieldIntent | null>>,
    options?: { default?: string | FieldUser | FieldIntent | null; field?: string },
  ): FieldUser | FieldIntent | null | undefined;
  /** The local twin of an issue of the sending instance (a parent, an epic). Null stays null. */
  twinOf(ref: FieldValue | IssueRef | undefined): TwinIntent | null;
  /**
   * Mirrors the replica's comments (all, or those `filter` keeps). The body written is `format(comment)`, by default
   * `tandem.attributedBody(comment.author, comment.body)`. Mirrors left out (or when this is never called) are deleted.
   */
  mergeComments(options?: {
    filter?: (comment: ReplicaComment) => boolean;
    format?: (comment: ReplicaComment) => AdfDoc | string;
  }): IncomingComment[];
  /** Copies the replica's attachments (all, or those `filter` keeps). Copies left out are deleted. */
  mergeAttachments(options?: { filter?: (attachment: ReplicaAttachment) => boolean }): string[];
  /**
   * Mirrors the replica's worklogs. The comment written is `format(worklog)`, by default
   * `tandem.attributedBody(worklog.author, worklog.comment)` (Tandem logs the time under its own account).
   */
  mergeWorklogs(options?: {
    filter?: (worklog: ReplicaWorklog) => boolean;
    format?: (worklog: ReplicaWorklog) => AdfDoc | string | null;
  }): IncomingWorklog[];
  /** Keeps the replica's links (all, or those `filter` keeps) between the local twins of both ends. */
  mergeLinks(options?: { filter?: (link: ReplicaLink) => boolean }): IncomingLink[];
  /**
   * Who decides a field: `remote` — the other side; local changes are overwritten. `local` — this side; the
   * replica's value is never taken. Fields without an owner follow the connection's conflict policy.
   */
  owner(field: string, side: 'local' | 'remote'): void;
  /** Parks the twin with this message (shown with the twin until the rule or the data changes). */
  problem(field: string, message: string): void;
}

// ---------------------------------------------------------------------------------------------------------------------
// The rules

export interface OutgoingContext {
  /** This side's issue. */
  issue: RuleIssue;
  /** The replica to fill (empty at first). */
  replica: OutgoingReplica;
  tandem: OutgoingTandem;
}

export interface IncomingContext {
  /** What the other side sent now. */
  replica: Replica;
  /** What it sent before (null on the first sync): compare to see what changed. */
  previous: Replica | null;
  /** No local issue yet: the values describe the issue about to be created. */
  firstSync: boolean;
  /** The local issue as it is now; null on the first sync. */
  issue: RuleIssue | null;
  project: RuleProject;
  tandem: IncomingTandem;
}

/**
 * The outgoing rule: this side's issue → the replica. Return nothing (the filled `replica` is sent), a replica-shaped
 * object, or `null` / `tandem.skip()` (the issue is out of scope: nothing is sent). May be async.
 */
export type OutgoingRule = (
  context: OutgoingContext,
) => OutgoingReplica | null | undefined | void | Promise<OutgoingReplica | null | undefined | void>;

/** The incoming rule: the other side's replica → the local issue's values, described through `tandem`. May be async. */
export type IncomingRule = (context: IncomingContext) => void | Promise<void>;
