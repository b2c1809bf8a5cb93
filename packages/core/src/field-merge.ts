/**
 * The receiving side's three-way merge, for every field, in local terms: the incoming rule has turned the replica into
 * the values this issue should hold ("intended"); base = the intended values last taken and how they read back here
 * after writing ("applied"); local = this issue now.
 * - only the other side changed a field → write it;
 * - only this side changed it → keep it (it travels the other way);
 * - both → the conflict policy decides (later Jira `updated` wins, tie → side a) and the decision is recorded;
 * - a field owned by one side is decided by ownership alone, and an overwritten change is recorded too.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf, type AdfDoc } from '@tandem/rich-text';
import type { FieldUser, FieldValue } from './issue-fields.ts';

export interface FieldBase {
  /** The intended value last taken from the other side, by local field id. */
  remote: Record<string, FieldValue>;
  /** How this side read after Tandem last wrote (or agreed on) the field, by local field id. */
  applied: Record<string, FieldValue>;
}

export interface FieldDecision {
  field: string;
  local: unknown;
  remote: unknown;
  winner: 'local' | 'remote';
  /** Why the winner won, for the audit log and the twin's timeline. */
  reason: string;
  kind: 'conflict' | 'ownership';
}

export interface IntendedMergeInput {
  intended: Record<string, FieldValue>;
  /** When the replica's issue was last updated (epoch ms). */
  remoteUpdated: number;
  /** This values now, by local field id (null when the issue is about to be created). */
  local: Record<string, FieldValue> | null;
  localUpdated: number;
  /** On equal `updated` times side `a` wins, so both sides decide the same way. */
  localSide: 'a' | 'b';
  /**
   * Which side wins a field neither side has a base for, when `updated` cannot tell: a copy Tandem created is always
   * updated after its original (the create, its remote link), though its values are the original's as they were then.
   * For such a twin both sides pass the original's side, so both decide the same way. Unset: the later `updated` wins.
   */
  firstContactWinner?: 'local' | 'remote';
  /**
   * When each field last changed on either side (epoch ms, by local field id), from the two issues' change histories:
   * a field without a base is then decided by its own changes, not by the issues' `updated` (a later edit of another
   * field on one side must not carry that side's older value of this one). A field missing from either map falls back
   * to `updated`. Read only where the merge has no base (see firstContact).
   */
  fieldChanged?: { local: Record<string, number>; remote: Record<string, number> };
  base: FieldBase | null;
  owners: Record<string, 'local' | 'remote'>;
  /** How a value written here reads back (Data Center stores rich text as wiki markup). Identity by default. */
  readBack?: (field: string, value: FieldValue) => FieldValue;
}

export interface IntendedMergeResult {
  /** Fields to write here, with the values to write. */
  writes: Record<string, FieldValue>;
  /** The base to keep once the writes are done. */
  base: FieldBase;
  decisions: FieldDecision[];
  /**
   * Fields whose local value is kept although the other side has another one: this side must send it (a local
   * change not yet sent, a conflict this side won, a field this side owns).
   */
  localOnly: string[];
  /**
   * Fields without a base whose two values differ, decided by the issues' `updated` for want of `fieldChanged`: the
   * caller may read when each changed and merge again with it.
   */
  firstContact: string[];
}

function isUser(value: unknown): value is FieldUser {
  return typeof value === 'object' && value !== null && 'displayName' in value && 'email' in value;
}

/** Whether a value is rich text (an ADF document). */
export function isAdfDoc(value: unknown): value is AdfDoc {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'doc';
}

function userKey(user: FieldUser): string {
  return user.id ?? user.email?.toLowerCase() ?? `name:${user.displayName}`;
}

/**
 * A value in the form two values are compared in: empty is null (no text, no list, no document), lists whose order
 * carries no meaning are sorted, rich text is in normal form, people compare by id (else e-mail, else name).
 */
export function comparableValue(value: FieldValue | undefined): unknown {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value)) {
    if (value.length === 0) return null;
    const keys = (value as unknown[]).map((item) => (isUser(item) ? userKey(item) : JSON.stringify(item)));
    return [...keys].sort();
  }
  if (isAdfDoc(value)) {
    const normal = normalizeAdf(value);
    return normal.content.length === 0 ? null : normal;
  }
  if (isUser(value)) return userKey(value);
  return value;
}

/** Whether two values of one field are the same. */
export function sameFieldValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  return isDeepStrictEqual(comparableValue(a), comparableValue(b));
}

/** The conflict policy: the later Jira `updated` wins; on a tie side `a` wins (both sides must agree). */
function remoteIsLater(input: IntendedMergeInput): boolean {
  if (input.remoteUpdated !== input.localUpdated) return input.remoteUpdated > input.localUpdated;
  return input.localSide === 'b';
}

/** The same policy for one field, by when that field last changed on each side; undefined when either is unknown. */
function remoteFieldIsLater(input: IntendedMergeInput, field: string): boolean | undefined {
  const remote = input.fieldChanged?.remote[field];
  const local = input.fieldChanged?.local[field];
  if (remote === undefined || local === undefined) return undefined;
  if (remote !== local) return remote > local;
  return input.localSide === 'b';
}

export function mergeIntended(input: IntendedMergeInput): IntendedMergeResult {
  const readBack = input.readBack ?? ((_field: string, value: FieldValue) => value);
  const base: FieldBase = {
    remote: { ...(input.base?.remote ?? {}) },
    applied: { ...(input.base?.applied ?? {}) },
  };
  const writes: Record<string, FieldValue> = {};
  const decisions: FieldDecision[] = [];
  const localOnly: string[] = [];
  const firstContact: string[] = [];
  const local = input.local;

  const agrees = (field: string, value: FieldValue) =>
    local !== null && (sameFieldValue(value, local[field]) || sameFieldValue(readBack(field, value), local[field]));
  const take = (field: string, value: FieldValue) => {
    if (!agrees(field, value)) writes[field] = value;
    base.remote[field] = value;
    base.applied[field] = readBack(field, value);
  };
  const keep = (field: string, value: FieldValue) => {
    // The other side's value is remembered as seen, so the same value arriving again is not news; this side's
    // value stays and still has to travel.
    base.remote[field] = value;
    if (!(field in base.applied)) base.applied[field] = readBack(field, value);
    if (!agrees(field, value)) localOnly.push(field);
  };

  for (const [field, value] of Object.entries(input.intended)) {
    if (local === null) {
      take(field, value);
      continue;
    }
    const owner = input.owners[field];
    const seenBefore = input.base !== null && field in input.base.remote;
    const remoteChanged = !seenBefore || !sameFieldValue(value, input.base?.remote[field]);
    const localChanged = seenBefore && !sameFieldValue(local[field], input.base?.applied[field]);
    if (owner === 'remote') {
      if (!agrees(field, value) && localChanged) {
        decisions.push({
          field,
          local: local[field],
          remote: value,
          winner: 'remote',
          reason: 'the other side owns this field: the change made here is overwritten',
          kind: 'ownership',
        });
      }
      take(field, value);
      continue;
    }
    if (owner === 'local') {
      if (!agrees(field, value) && remoteChanged && seenBefore) {
        decisions.push({
          field,
          local: local[field],
          remote: value,
          winner: 'local',
          reason: 'this side owns this field: the change made on the other side is overwritten',
          kind: 'ownership',
        });
      }
      base.remote[field] = value;
      base.applied[field] = local[field] ?? null;
      if (!agrees(field, value)) localOnly.push(field);
      continue;
    }
    if (!seenBefore) {
      // First contact for this field (a twin connected from two existing issues, a mapping added later, a copy whose
      // first base was never recorded): the replica's value is taken unless this issue was changed more recently (or
      // is the original of the replica's copy); either way both sides end up equal.
      const byField = input.firstContactWinner ? undefined : remoteFieldIsLater(input, field);
      const remoteWins = input.firstContactWinner
        ? input.firstContactWinner === 'remote'
        : (byField ?? remoteIsLater(input));
      const differs = !agrees(field, value);
      if (differs && !input.firstContactWinner && byField === undefined) firstContact.push(field);
      if (!differs || remoteWins) take(field, value);
      else {
        decisions.push({
          field,
          local: local[field],
          remote: value,
          winner: 'local',
          reason: input.firstContactWinner
            ? 'first sync: this issue is the original, the other is a copy of an older state of it'
            : byField === undefined
              ? 'first sync: this issue was updated later'
              : 'first sync: this field was changed later here',
          kind: 'conflict',
        });
        base.applied[field] = local[field] ?? null;
        keep(field, value);
      }
      continue;
    }
    if (!remoteChanged) {
      if (localChanged) keep(field, value);
      continue;
    }
    if (!localChanged || agrees(field, value)) {
      take(field, value);
      continue;
    }
    const remoteWins = remoteIsLater(input);
    decisions.push({
      field,
      local: local[field],
      remote: value,
      winner: remoteWins ? 'remote' : 'local',
      reason: remoteWins ? 'the other side changed it later' : 'this side changed it later',
      kind: 'conflict',
    });
    if (remoteWins) take(field, value);
    else keep(field, value);
  }
  return { writes, base, decisions, localOnly, firstContact };
}
