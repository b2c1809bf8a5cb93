/**
 * People across instances: `tandem.byEmail` and `tandem.byMap`. Users are found by the engine after the rule ran (an
 * intent); an explicit map can name a local user directly. Runs inside the sandbox.
 */
import type { FieldIntent, FieldUser, FieldValue, ReplicaUser } from '../tandem-script.d.ts';
import type { ReportProblem } from './value-map.ts';

type UserLike = { displayName: string; email: string | null; id?: string | null };

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function asUser(value: unknown, helper: string): UserLike {
  const candidate = value as Partial<UserLike> | null;
  if (candidate === null || typeof candidate !== 'object' || typeof candidate.displayName !== 'string') {
    throw new TypeError(`tandem.${helper} takes a user (an object with displayName and email)`);
  }
  return {
    displayName: candidate.displayName,
    email: typeof candidate.email === 'string' && candidate.email.length > 0 ? candidate.email : null,
    id: typeof candidate.id === 'string' ? candidate.id : null,
  };
}

/** The `$user` intent for one person (a list: `$users`); null stays null. */
export function byEmail(
  user: FieldValue | ReplicaUser | undefined,
  options?: { fallback?: FieldUser | null },
): FieldIntent | null {
  if (user === null || user === undefined) return null;
  if (Array.isArray(user)) {
    const people = (user as unknown[]).map((item) => asUser(item, 'byEmail'));
    return { $users: people.map((person) => ({ email: person.email, displayName: person.displayName })) };
  }
  const person = asUser(user, 'byEmail');
  const intent: FieldIntent = { $user: { email: person.email, displayName: person.displayName } };
  if (options !== undefined && options.fallback !== undefined) intent.$user.fallback = options.fallback;
  return intent;
}

type MapTarget = string | FieldUser | FieldIntent | null;

/** The person an explicit map names for `user`: by e-mail (ignoring case), then id, then display name. */
export function byMap(
  user: FieldValue | ReplicaUser | undefined,
  map: Readonly<Record<string, MapTarget>>,
  options: { default?: MapTarget; field?: string } | undefined,
  report: ReportProblem,
): FieldUser | FieldIntent | null | undefined {
  if (map === null || typeof map !== 'object') throw new TypeError('tandem.byMap needs a map object');
  if (user === null || user === undefined) return null;
  if (Array.isArray(user)) throw new TypeError('tandem.byMap takes one user: for several, map each of them');
  const person = asUser(user, 'byMap');
  const keys = Object.keys(map);
  const email = person.email?.toLowerCase();
  const key =
    (email !== undefined ? keys.find((candidate) => candidate.toLowerCase() === email) : undefined) ??
    (person.id !== null && person.id !== undefined && hasOwn(map, person.id) ? person.id : undefined) ??
    (hasOwn(map, person.displayName) ? person.displayName : undefined);
  if (key !== undefined) return localUser(map[key] ?? null, person);
  if (options !== undefined && hasOwn(options, 'default')) return localUser(options.default ?? null, person);
  report(options?.field ?? 'user map', `No user mapped for "${person.email ?? person.displayName}" and no default`);
  return undefined;
}

/** A map's target as a field value: a bare id names the same person, known here under that id. */
function localUser(target: MapTarget, person: UserLike): FieldUser | FieldIntent | null {
  if (typeof target === 'string') return { id: target, displayName: person.displayName, email: null };
  return target;
}
