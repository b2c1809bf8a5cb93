/**
 * The receiving side's three-way merge of Basic fields: base = what both sides last agreed on, local = this issue now,
 * remote = the replica. Remote-only changes are applied, local-only changes are kept (they travel the other way),
 * changes on both sides are resolved by the conflict policy — the later Jira `updated` wins — and recorded.
 */
import { BASIC_FIELDS, sameValue, type BasicField } from './field-values.ts';
import type { ReplicaFields } from './replica.ts';
import type { SyncBase } from './store-port.ts';
import type { FieldChanges } from './tracker-port.ts';

export interface FieldConflict {
  field: BasicField;
  local: unknown;
  remote: unknown;
  winner: 'local' | 'remote';
  /** Why the winner won, for the audit log. */
  reason: string;
}

export interface FieldMergeInput {
  remote: ReplicaFields;
  /** When the replica's issue was last updated (epoch ms). */
  remoteUpdated: number;
  local: ReplicaFields;
  localUpdated: number;
  /** This side's name: on equal `updated` times side `a` wins, so both sides decide the same way. */
  localSide: 'a' | 'b';
  base: SyncBase | null;
  /**
   * How a remote value is written here: the issue type falls back to the project's default when the name is
   * missing. Identity for the other fields.
   */
  mapIssueType: (name: string) => string;
  /** How a value written here reads back (Data Center turns ADF into wiki markup and back). */
  readBack: (field: BasicField, value: ReplicaFields[BasicField]) => ReplicaFields[BasicField];
}

export interface FieldMergeResult {
  /** What to write on this side (empty when nothing). */
  changes: FieldChanges;
  /** The base to store after the changes are written. */
  base: SyncBase;
  conflicts: FieldConflict[];
  /** Fields whose local change is kept and still has to travel to the other side. */
  localOnly: BasicField[];
}

/** The conflict policy: the later Jira `updated` wins; on a tie side `a` wins (both sides must agree). */
function remoteIsLater(input: FieldMergeInput): boolean {
  if (input.remoteUpdated !== input.localUpdated) return input.remoteUpdated > input.localUpdated;
  return input.localSide === 'b';
}

/** Whether this side already holds the replica's value, as it would read after writing it. */
function agrees(input: FieldMergeInput, field: BasicField): boolean {
  const value = mapped(input, field, input.remote[field]);
  return (
    sameValue(field, value, input.local[field]) || sameValue(field, input.readBack(field, value), input.local[field])
  );
}

function mapped(
  input: FieldMergeInput,
  field: BasicField,
  value: ReplicaFields[BasicField],
): ReplicaFields[BasicField] {
  return field === 'issueType' ? input.mapIssueType(value as string) : value;
}

export function mergeFields(input: FieldMergeInput): FieldMergeResult {
  const changes: FieldChanges = {};
  const base: SyncBase = input.base
    ? { remote: { ...input.base.remote }, applied: { ...input.base.applied } }
    : { remote: { ...input.remote }, applied: { ...input.local } };
  const conflicts: FieldConflict[] = [];
  const localOnly: BasicField[] = [];

  const write = (field: BasicField) => {
    const value = mapped(input, field, input.remote[field]);
    if (!agrees(input, field)) {
      if (field === 'summary') changes.summary = value as string;
      else if (field === 'description') changes.description = value as ReplicaFields['description'];
      else changes.issueTypeName = value as string;
    }
    set(base.remote, field, input.remote[field]);
    set(base.applied, field, input.readBack(field, value));
  };

  for (const field of BASIC_FIELDS) {
    const remote = input.remote[field];
    const local = input.local[field];
    if (!input.base) {
      // First contact (a twin just created, or two existing issues connected): the replica's values are taken
      // unless this issue was changed more recently; either way both sides end up equal.
      if (agrees(input, field) || remoteIsLater(input)) write(field);
      else {
        conflicts.push({ field, local, remote, winner: 'local', reason: 'first sync: this issue was updated later' });
        localOnly.push(field);
        set(base.remote, field, remote);
        set(base.applied, field, input.readBack(field, mapped(input, field, remote)));
      }
      continue;
    }
    const remoteChanged = !sameValue(field, remote, input.base.remote[field]);
    const localChanged = !sameValue(field, local, input.base.applied[field]);
    if (!remoteChanged) {
      if (localChanged) localOnly.push(field);
      continue;
    }
    if (!localChanged || agrees(input, field)) {
      write(field);
      continue;
    }
    const remoteWins = remoteIsLater(input);
    conflicts.push({
      field,
      local,
      remote,
      winner: remoteWins ? 'remote' : 'local',
      reason: remoteWins ? 'the other side changed it later' : 'this side changed it later',
    });
    if (remoteWins) write(field);
    else localOnly.push(field);
  }
  return { changes, base, conflicts, localOnly };
}

function set(fields: ReplicaFields, field: BasicField, value: ReplicaFields[BasicField]): void {
  (fields as unknown as Record<string, unknown>)[field] = value;
}
