/**
 * Value maps and people maps: lists of pairs, one entry per side, read in the direction a value travels. Several
 * pairs may share a value on one side (many-to-one); going back, the first pair with that value wins.
 */
import type { ReplicaUser } from '@tandem/core';
import { sameText } from './field-reference.ts';

type Pairs = readonly Readonly<Record<string, string>>[];

/** The value on side `to` paired with `value` on side `from`: an exact match first, then one ignoring case. */
export function mapValue(pairs: Pairs, from: string, to: string, value: string): string | undefined {
  const pair =
    pairs.find((candidate) => candidate[from] === value) ??
    pairs.find((candidate) => sameText(candidate[from] ?? '', value));
  return pair?.[to];
}

/** How the engine finds a person on the receiving instance: by e-mail address, else by display name. */
export interface PersonQuery {
  email: string | null;
  displayName: string | null;
}

/** A people map's entry as a query: an entry with `@` is an e-mail address, any other a display name. */
export function personEntry(entry: string): PersonQuery {
  return entry.includes('@') ? { email: entry, displayName: null } : { email: null, displayName: entry };
}

/** The person to look for on side `to` for `person` of side `from`: the people map first, else their own e-mail and name. */
export function mapPerson(pairs: Pairs, from: string, to: string, person: ReplicaUser): PersonQuery {
  const matches = (entry: string | undefined) =>
    entry !== undefined &&
    ((person.email !== null && sameText(entry, person.email)) || sameText(entry, person.displayName));
  const entry = pairs.find((pair) => matches(pair[from]))?.[to];
  return entry === undefined ? { email: person.email, displayName: person.displayName } : personEntry(entry);
}

/** Whether a person is one of `entries` (e-mail addresses or display names). */
export function isOneOf(person: ReplicaUser, entries: readonly string[]): boolean {
  return entries.some(
    (entry) => (person.email !== null && sameText(entry, person.email)) || sameText(entry, person.displayName),
  );
}
