/**
 * Rules decide what crosses a connection and how. Each side has two:
 * - the outgoing rule turns this side's issue into the replica's content (which fields, under which names, which
 *   comments, attachments and worklogs);
 * - the incoming rule turns the other side's replica into the values this side's issue should hold.
 * Basic mode is a fixed Visual mapping; Visual mode compiles the config's mappings into these two functions; Script
 * mode runs the user's files in a sandbox. The engine runs all three the same way: merge, write, record.
 *
 * Rules are pure: no I/O. Whatever needs a tracker or the store (finding a user by e-mail, the local twin of a remote
 * parent) is returned as an intent ({@link FieldIntent}) that the engine resolves after the rule ran.
 */
import type { AdfDoc } from '@tandem/rich-text';
import type { FieldUser, FieldValue, IssueRef, TrackerField } from './issue-fields.ts';
import type { Replica, ReplicaAttachment, ReplicaComment, ReplicaWorklog, ReplicaLink } from './replica.ts';

/** An issue as rules see it: neutral values, and only what may leave (no restricted comments, no Tandem copies). */
export interface RuleIssue {
  id: string;
  key: string;
  projectKey: string;
  issueType: string;
  status: string;
  statusCategory: 'new' | 'indeterminate' | 'done';
  /** Every field by Jira field id (see TrackerIssue.fields). Rules reach custom fields by name through the catalog. */
  fields: Record<string, FieldValue>;
  /** Comments people wrote on this side that may leave it. */
  comments: ReplicaComment[];
  /** Attachments people added on this side. */
  attachments: ReplicaAttachment[];
  /** Worklogs people logged on this side. */
  worklogs: ReplicaWorklog[];
  links: ReplicaLink[];
}

export interface OutgoingRuleInput {
  connection: string;
  /** This side's instance name. */
  instance: string;
  issue: RuleIssue;
  catalog: TrackerField[];
}

/** What the outgoing rule puts in the replica (the engine adds the issue's identity and `updated`). */
export interface OutgoingRuleResult {
  /** Replica fields under the names the rules agree on (Basic and Visual: the mapping's key). */
  fields: Record<string, FieldValue>;
  /** A subset of `issue.comments` (by id; bodies may be reformatted). */
  comments: ReplicaComment[];
  attachments: ReplicaAttachment[];
  worklogs: ReplicaWorklog[];
  links: ReplicaLink[];
}

/** What the receiving project offers, for fallbacks (issue type missing here → the project's default). */
export interface RuleProject {
  key: string;
  /** Issue types an issue can be created with on its own. */
  issueTypes: string[];
  /** Sub-task types: they need a parent, so only rules that carry the parent may choose them. */
  subtaskIssueTypes: string[];
  defaultIssueType: string;
}

export interface IncomingRuleInput {
  connection: string;
  /** This (the receiving) side's instance name. */
  instance: string;
  replica: Replica;
  /** The replica received before this one (null on the first sync). */
  previous: Replica | null;
  /** No local issue yet: the values are those of the issue about to be created. */
  firstSync: boolean;
  /** The local issue as it is now; null when it is about to be created. */
  issue: RuleIssue | null;
  catalog: TrackerField[];
  project: RuleProject;
}

/**
 * A value the engine resolves after the rule ran:
 * - `$user`: the local person with this e-mail (exact), else this display name, else `fallback` (null: leave empty);
 * - `$twinOf`: the local twin of an issue on the sending instance (a parent, an epic); the step waits until it exists.
 */
export type FieldIntent =
  | { $user: { email: string | null; displayName: string | null; fallback?: FieldUser | null } }
  | { $users: { email: string | null; displayName: string | null }[] }
  | { $twinOf: IssueRef };

/** A comment of the replica to copy here, with the body to write (attribution and formatting applied). */
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

/** A link the local issue should have to the local twin of `remote` (an issue on the sending instance). */
export interface IncomingLink {
  type: string;
  direction: 'outward' | 'inward';
  remote: IssueRef;
}

export interface RuleProblem {
  /** The field (local id or name) or mapping the problem is about. */
  field: string;
  message: string;
}

export interface IncomingRuleResult {
  /**
   * The values the local issue should hold, keyed by local field id (or name: the engine resolves it through the
   * catalog). Fields left out are not touched. `issuetype` is a name; `status` and `resolution` go through transitions.
   */
  fields: Record<string, FieldValue | FieldIntent>;
  /** Comments to mirror here (all the ones wanted: a mirrored comment missing from the list is deleted here). */
  comments: IncomingComment[];
  /** Origin ids of the replica's attachments to copy here. */
  attachments: string[];
  worklogs: IncomingWorklog[];
  /** The links the local issue should have among twinned issues (links to issues without a twin are left out). */
  links: IncomingLink[];
  /**
   * Who decides a field (by local id): `remote` — the other side owns it, local changes are overwritten and recorded;
   * `local` — this side owns it, the replica's value is never taken and the other side gets this side's value back.
   * Fields left out are merged by the connection's conflict policy.
   */
  owners: Record<string, 'local' | 'remote'>;
  /** Problems that stop the twin (a value-map miss with policy `error`): it is parked with these messages. */
  problems: RuleProblem[];
  /** Lines the rule logged (shown by the dry run and kept with the twin's timeline). */
  log: string[];
}

/** The rules of one side of a connection, whatever the mode. */
export interface SideRules {
  readonly mode: 'basic' | 'visual' | 'script';
  /** Null: the issue is outside this side's scope and is not sent. */
  outgoing(input: OutgoingRuleInput): Promise<OutgoingRuleResult | null>;
  incoming(input: IncomingRuleInput): Promise<IncomingRuleResult>;
  /**
   * Checks the rules against this side's field catalog at start (fields named in the config that do not exist);
   * problems put the connection in error with their config paths. Optional: Script mode has nothing to check up front.
   */
  check?(catalog: readonly TrackerField[]): RuleProblem[];
}

/** A rule failed (a script threw, hit its CPU or memory limit, or returned a bad shape): the twin is parked with it. */
export class RuleError extends Error {
  override readonly name = 'RuleError';
  constructor(
    message: string,
    readonly details: {
      /** The script file (as written in the config) and the 1-based line and column, when a script is at fault. */
      file?: string;
      line?: number;
      column?: number;
      /** What stopped it: a thrown error, a limit, or a result of the wrong shape. */
      reason: 'error' | 'cpu-limit' | 'memory-limit' | 'output-limit' | 'bad-result' | 'syntax';
      cause?: unknown;
    },
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }
}
