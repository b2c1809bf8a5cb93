/**
 * Turns what an incoming rule returned into plain values of this side's fields: field names to ids (through the
 * instance's catalog), people to this instance's accounts (by e-mail, else by display name), issues of the other
 * instance to their local twins. A parent whose twin does not exist yet makes the step wait for it.
 */
import { TrackerCache } from './tracker-cache.ts';
import type {
  FieldIntent,
  FieldUser,
  FieldValue,
  IssueRef,
  RuleProblem,
  Store,
  TrackerField,
  TrackerPort,
  TrackerUser,
} from '@tandem/core';

export interface ResolveContext {
  tracker: TrackerPort;
  catalog: TrackerField[];
  store: Store;
  connection: string;
  /** The instance the replica came from (its issue references name issues there). */
  senderInstance: string;
  /** The receiving side's instance (twins are looked up on it). */
  targetInstance: string;
  now: number;
}

export interface ResolvedFields {
  values: Record<string, FieldValue>;
  problems: RuleProblem[];
  /** Issues of the sending instance whose twin must exist before these values can be written. */
  waitingFor: IssueRef[];
  /** People with no account here (left empty or set to the rule's fallback), for the step's log. */
  unmatchedPeople: string[];
}

const peopleFound = new TrackerCache<TrackerUser | null>(10 * 60_000);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainUser(value: unknown): value is FieldUser {
  return isObject(value) && typeof value['displayName'] === 'string' && 'email' in value && !('type' in value);
}

function isIssueRef(value: unknown): value is IssueRef {
  return isObject(value) && typeof value['id'] === 'string' && typeof value['key'] === 'string';
}

/** The catalog entry a rule's key names: an id, else a name (case-insensitive). */
export function catalogField(catalog: readonly TrackerField[], key: string): TrackerField | undefined {
  return (
    catalog.find((field) => field.id === key) ??
    catalog.find((field) => field.name.toLocaleLowerCase() === key.toLocaleLowerCase())
  );
}

/** Keys that are always fields, whether or not the catalog lists them. */
const BUILT_IN = new Set(['summary', 'description', 'issuetype', 'status', 'resolution']);

/** A person on this instance: by e-mail (exact), else by display name; remembered for ten minutes. */
export async function findUser(
  context: ResolveContext,
  query: { email: string | null; displayName: string | null },
): Promise<TrackerUser | null> {
  const attempts: ({ email: string } | { displayName: string })[] = [];
  if (query.email) attempts.push({ email: query.email });
  if (query.displayName) attempts.push({ displayName: query.displayName });
  for (const attempt of attempts) {
    const user = await peopleFound.get(context.tracker, JSON.stringify(attempt), context.now, () =>
      context.tracker.findUsers(attempt).then((found) => found[0] ?? null),
    );
    if (user) return user;
  }
  return null;
}

const toFieldUser = (user: TrackerUser): FieldUser => ({
  id: user.id,
  displayName: user.displayName,
  email: user.email,
});

/** Resolves a rule's field values; never writes anything. */
export async function resolveIntended(
  context: ResolveContext,
  fields: Record<string, FieldValue | FieldIntent>,
): Promise<ResolvedFields> {
  const result: ResolvedFields = { values: {}, problems: [], waitingFor: [], unmatchedPeople: [] };
  const person = async (query: { email: string | null; displayName: string | null }, fallback: FieldUser | null) => {
    const user = await findUser(context, query);
    if (user) return toFieldUser(user);
    result.unmatchedPeople.push(query.email ?? query.displayName ?? '(nobody)');
    // A fallback named by e-mail or name (a Visual default) is itself a person to find here.
    if (fallback && fallback.id === null) {
      const found = await findUser(context, { email: fallback.email, displayName: fallback.displayName });
      return found ? toFieldUser(found) : null;
    }
    return fallback;
  };
  const twinOf = async (ref: IssueRef): Promise<IssueRef | null> => {
    const twin = await context.store.findTwinByIssue(context.connection, context.senderInstance, ref.id);
    const side = twin && (twin.a.instance === context.targetInstance ? twin.a : twin.b);
    if (side?.issueId && side.issueKey) return { id: side.issueId, key: side.issueKey };
    result.waitingFor.push(ref);
    return null;
  };
  for (const [key, raw] of Object.entries(fields)) {
    const field = BUILT_IN.has(key) ? { id: key } : catalogField(context.catalog, key);
    if (!field) {
      result.problems.push({
        field: key,
        message: `no field "${key}" on ${context.tracker.instance} (neither an id nor a name in its field list)`,
      });
      continue;
    }
    let value: FieldValue;
    if (isObject(raw) && '$user' in raw) {
      const intent = (raw as Extract<FieldIntent, { $user: unknown }>).$user;
      value = await person(intent, intent.fallback ?? null);
    } else if (isObject(raw) && '$users' in raw) {
      const people = (raw as Extract<FieldIntent, { $users: unknown }>).$users;
      const found = await Promise.all(people.map((query) => person(query, null)));
      value = found.filter((user): user is FieldUser => user !== null);
    } else if (isObject(raw) && '$twinOf' in raw) {
      value = await twinOf((raw as Extract<FieldIntent, { $twinOf: IssueRef }>).$twinOf);
    } else if (isPlainUser(raw)) {
      // A person passed through as the other instance wrote it: their id means nothing here.
      value = await person({ email: raw.email, displayName: raw.displayName }, null);
    } else if (Array.isArray(raw) && raw.length > 0 && raw.every(isPlainUser)) {
      const found = await Promise.all(
        (raw as FieldUser[]).map((user) => person({ email: user.email, displayName: user.displayName }, null)),
      );
      value = found.filter((user): user is FieldUser => user !== null);
    } else if (isIssueRef(raw)) {
      value = await twinOf(raw);
    } else {
      value = raw as FieldValue;
    }
    result.values[field.id] = value;
  }
  return result;
}
