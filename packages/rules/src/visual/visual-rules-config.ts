/**
 * What the Visual compiler takes: a connection's `visual:` block as @tandem/config parses it (VisualConfig there, the
 * same shape: this package may not import the config package). Sides are named by instance everywhere.
 */

/**
 * What a mapping does with a value that has no match in its value map (or, for an issue type, no type of that name in
 * the receiving project): leave the field as it is, stop the issue with a problem, write the mapping's default, or
 * (Basic mode only) write the receiving project's default issue type.
 */
export type VisualUnmatchedPolicy = 'ignore' | 'error' | 'default' | 'project-default';

/** One field mapping. Pairs (values, users) are read in the direction the value travels; the first match wins. */
export interface VisualMapping {
  /** The name the value travels under in the replica; both sides use the same. */
  key: string;
  /** The local field on each side, by instance: a field id (`priority`, `customfield_10010`) or a field name. */
  fields: Readonly<Record<string, string>>;
  /** The sides whose changes travel (both, or one). */
  from: readonly string[];
  /** Value pairs, one value per side; empty: values travel as they are. */
  values: readonly Readonly<Record<string, string>>[];
  /** Person pairs, an e-mail address (with `@`) or a display name per side, tried before matching by e-mail. */
  users: readonly Readonly<Record<string, string>>[];
  unmatched: VisualUnmatchedPolicy;
  /** With `unmatched: default`: the value written on each receiving side (a person: e-mail address or name). */
  default: Readonly<Record<string, string>>;
  /** The only side that may change the field; the other side's changes are overwritten. Null: merged as usual. */
  owner: string | null;
}

/** A value a side's issues always hold: set as given, or list items (labels, components) added and removed. */
export type VisualConstantValue =
  string | number | null | readonly string[] | { add: readonly string[]; remove: readonly string[] };

/** Which of a side's issues are sent: every filter given must match; one value of a list is enough. */
export interface VisualScopeFilter {
  labels: readonly string[] | null;
  issueTypes: readonly string[] | null;
  statuses: readonly string[] | null;
  priorities: readonly string[] | null;
  /** E-mail addresses or display names. */
  assignees: readonly string[] | null;
  reporters: readonly string[] | null;
  /** JQL the issue must match as well: rules cannot run a query, the engine checks it (see visualScopeJql). */
  jql: string | null;
}

/** A connection's Visual rules. */
export interface VisualRules {
  fields: readonly VisualMapping[];
  /** The sides whose comments, attachments, worklogs and issue links travel. */
  comments: readonly string[];
  attachments: readonly string[];
  worklogs: readonly string[];
  links: readonly string[];
  /** Per side (by instance): constants by field id or name, applied when that side receives a replica. */
  constants: Readonly<Record<string, Readonly<Record<string, VisualConstantValue>>>>;
  /** Per side (by instance); a side without an entry sends every issue. */
  scope: Readonly<Record<string, VisualScopeFilter>>;
}

/** The side a set of rules is compiled for, and the connection's rules. */
export interface CompileVisualInput {
  /** The connection's name (problems name the config path `connections.<connection>.visual...`). */
  connection: string;
  /** This side's instance. */
  sideInstance: string;
  /** The other side's instance. */
  otherInstance: string;
  visual: VisualRules;
}
