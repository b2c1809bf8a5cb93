/**
 * When each field of a twin last changed, from Jira's change history, for the merge of fields neither side has a base
 * for (a store restored to before the twin existed, two existing issues connected). Without it the whole issue's later
 * `updated` decides every such field, so one side's later edit of one field would also carry its older value of another.
 *
 * The history names Jira fields; the merge needs local field ids for both sides. The sender turns its fields' times
 * into the replica's field names, the receiver turns those into its own field ids: each by changing one input value of
 * its own rule at a time and seeing which outputs move (rules are free to rename and combine fields, so this asks the
 * rule itself rather than guessing). Only where there is no base: these are extra reads and rule runs.
 */
import { isDeepStrictEqual } from 'node:util';
import type {
  FieldValue,
  IncomingRuleInput,
  OutgoingRuleInput,
  Replica,
  RuleIssue,
  SideRules,
  TrackerChange,
  TrackerField,
  TrackerIssue,
  TrackerPort,
} from '@tandem/core';
import { catalogField } from './resolve-intended.ts';

const BUILT_IN = new Set(['summary', 'description', 'issuetype', 'status', 'resolution']);

/** A field's id on this instance from a rule's key or a history item's label; undefined when the catalog lacks it. */
function fieldIdOf(catalog: readonly TrackerField[], key: string): string | undefined {
  if (BUILT_IN.has(key)) return key;
  return catalogField(catalog, key)?.id;
}

/** By Jira field id, when each field changed last; fields never changed since the create are left out. */
export function lastChanges(changes: TrackerChange[], catalog: readonly TrackerField[]): Record<string, number> {
  const times: Record<string, number> = {};
  for (const change of changes) {
    for (const item of change.items) {
      const id = item.fieldId ?? fieldIdOf(catalog, item.field);
      if (id !== undefined) times[id] = Math.max(times[id] ?? 0, change.at);
    }
  }
  return times;
}

/** The issue's history by field id, or undefined when the tracker cannot tell (no changelog reader, a failed read). */
export async function issueFieldChanges(
  tracker: TrackerPort,
  issue: TrackerIssue,
  catalog: readonly TrackerField[],
): Promise<Record<string, number> | undefined> {
  if (!tracker.changelog) return undefined;
  try {
    return lastChanges(await tracker.changelog(issue.id), catalog);
  } catch {
    // Without the history the merge falls back to the issues' `updated`, as before.
    return undefined;
  }
}

/** Another value of the same shape, so a rule that passes the field on gives a different output. */
export function probeValue(value: FieldValue | undefined): FieldValue {
  const mark = '\u2063probe';
  if (value === null || value === undefined || value === '') return mark;
  if (typeof value === 'string') return `${value}${mark}`;
  if (typeof value === 'number') return value + 1;
  if (Array.isArray(value)) return value.length === 0 ? [mark] : [];
  return null;
}

function changedKeys(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => !isDeepStrictEqual(before[key], after[key]),
  );
}

/**
 * The sender's half: by replica field name, when the issue's fields behind it last changed (the issue's `created` for
 * fields unchanged since). Undefined when the history cannot be read or a probe of the rule fails.
 */
export async function replicaFieldChanges(
  rules: SideRules,
  input: OutgoingRuleInput,
  tracker: TrackerPort,
  issue: TrackerIssue,
): Promise<Record<string, number> | undefined> {
  const byField = await issueFieldChanges(tracker, issue, input.catalog);
  if (!byField) return undefined;
  try {
    const plain = await rules.outgoing(input);
    if (!plain) return undefined;
    const times: Record<string, number> = {};
    for (const key of Object.keys(plain.fields)) times[key] = issue.created;
    for (const [field, at] of Object.entries(byField)) {
      const known = field in input.issue.fields || field === 'issuetype' || field === 'status';
      if (!known) continue;
      const out = await rules.outgoing({ ...input, issue: probed(input.issue, field) });
      if (!out) return undefined;
      for (const key of changedKeys(plain.fields, out.fields))
        if (key in times) times[key] = Math.max(times[key] ?? 0, at);
    }
    return times;
  } catch {
    return undefined;
  }
}

function probed(issue: RuleIssue, field: string): RuleIssue {
  const current =
    issue.fields[field] ?? (field === 'issuetype' ? issue.issueType : field === 'status' ? issue.status : undefined);
  const value = probeValue(current);
  const copy: RuleIssue = { ...issue, fields: { ...issue.fields, [field]: value } };
  if (field === 'issuetype') copy.issueType = String(value);
  if (field === 'status') copy.status = String(value);
  return copy;
}

/**
 * The receiver's half: by local field id, when the other side's fields behind each value last changed (from the
 * replica's times), and when this issue's own field last changed (its history; `created` for fields unchanged since).
 * Undefined when either cannot be told.
 */
export async function mergeFieldChanges(input: {
  rules: SideRules;
  ruleInput: IncomingRuleInput;
  intended: Record<string, unknown>;
  replicaChanged: Record<string, number>;
  /** This issue's values of the fields the two sides disagree on. */
  candidates: FieldValue[];
  tracker: TrackerPort;
  local: TrackerIssue;
  catalog: readonly TrackerField[];
}): Promise<{ local: Record<string, number>; remote: Record<string, number> } | undefined> {
  const { rules, ruleInput, intended, replicaChanged, tracker, local, catalog, candidates } = input;
  const own = await issueFieldChanges(tracker, local, catalog);
  if (!own) return undefined;
  const remote: Record<string, number> = {};
  try {
    for (const [key, at] of Object.entries(replicaChanged)) {
      if (!(key in ruleInput.replica.fields)) continue;
      const value = ruleInput.replica.fields[key];
      // A made-up value may map to the same output as the real one (an unknown issue type becomes the project's
      // default): the values this issue holds where the two sides differ are tried next, as real values of the field.
      const probes = [
        probeValue(value),
        ...candidates.filter((other) => typeof other === typeof value && !isDeepStrictEqual(other, value)),
      ];
      for (const probe of probes) {
        const replica: Replica = { ...ruleInput.replica, fields: { ...ruleInput.replica.fields, [key]: probe } };
        const out = await rules.incoming({ ...ruleInput, replica });
        const changed = changedKeys(intended, out.fields);
        for (const field of changed) {
          const id = fieldIdOf(catalog, field);
          if (id !== undefined) remote[id] = Math.max(remote[id] ?? 0, at);
        }
        if (changed.length > 0) break;
      }
    }
  } catch {
    return undefined;
  }
  const mine: Record<string, number> = {};
  for (const key of Object.keys(intended)) {
    const id = fieldIdOf(catalog, key);
    if (id !== undefined) mine[id] = own[id] ?? local.created;
  }
  return { local: mine, remote };
}
