/**
 * Test support: an emulated Jira of either flavour with a tracker pointed at it, a raw REST helper for arranging and
 * checking state the port does not expose, and the emulator's request counts.
 */
import { startJiraEmulator, type JiraEmulator } from '@tandem/jira-emulator';
import { createTracker, type JiraTracker, type JiraTrackerOptions } from '../../src/index.ts';

export interface FlavorSetup {
  readonly flavor: 'cloud' | 'datacenter';
  readonly type: 'jira-cloud' | 'jira-datacenter';
  readonly project: string;
  readonly otherProject: string;
  readonly apiPath: string;
  readonly credentials: { email?: string; token?: string };
  readonly authorization: string;
  /** How myself() identifies the admin. */
  readonly adminId: (emulator: JiraEmulator) => string;
  /** How the tracker identifies a user: accountId on Cloud, username on Data Center. */
  readonly userId: (user: EmulatedUser) => string;
  /** Whether a profile's hidden e-mail stays hidden from the tracker (Cloud) or shows anyway (Data Center). */
  readonly honoursHiddenEmail: boolean;
}

type EmulatedUser = JiraEmulator['context']['state']['data']['users'][number];

export const FLAVORS: readonly FlavorSetup[] = [
  {
    flavor: 'cloud',
    type: 'jira-cloud',
    project: 'BLUE',
    otherProject: 'SUP',
    apiPath: '/rest/api/3',
    credentials: { email: 'admin@example.com', token: 'emulator-token' },
    authorization: `Basic ${Buffer.from('admin@example.com:emulator-token').toString('base64')}`,
    adminId: (emulator) => emulator.context.state.data.users.find((user) => user.name === 'admin')?.accountId ?? '',
    userId: (user) => user.accountId,
    honoursHiddenEmail: true,
  },
  {
    flavor: 'datacenter',
    type: 'jira-datacenter',
    project: 'GREEN',
    otherProject: 'ENG',
    apiPath: '/rest/api/2',
    credentials: { token: 'emulator-token' },
    authorization: 'Bearer emulator-token',
    adminId: () => 'admin',
    userId: (user) => user.name,
    honoursHiddenEmail: false,
  },
];

/** 2026-05-01T10:00:00Z: every test starts from a frozen emulator clock. */
export const START = Date.parse('2026-05-01T10:00:00Z');

export async function startEmulator(setup: FlavorSetup): Promise<JiraEmulator> {
  return startJiraEmulator({ flavor: setup.flavor, port: 0, seed: 'demo', frozenClockAt: START });
}

export function trackerFor(setup: FlavorSetup, emulator: JiraEmulator, options: JiraTrackerOptions = {}): JiraTracker {
  return createTracker(
    { instance: `test-${setup.flavor}`, type: setup.type, url: emulator.url, ...setup.credentials },
    { clock: () => emulator.context.clock.now(), ...options },
  );
}

/** A seeded user (by username) as a field holds them, in the tracker's neutral form. */
export function fieldUser(
  setup: FlavorSetup,
  emulator: JiraEmulator,
  name: string,
): { id: string; displayName: string; email: string | null } {
  const user = emulator.context.state.data.users.find((candidate) => candidate.name === name);
  if (!user) throw new Error(`no user ${name} in the emulator`);
  const hidden = setup.honoursHiddenEmail && !user.emailVisible;
  return { id: setup.userId(user), displayName: user.displayName, email: hidden ? null : user.emailAddress };
}

/** A raw call to the emulator (Jira REST or control API) as the admin; JSON in, JSON (or null) out. */
export async function raw(
  setup: FlavorSetup,
  emulator: JiraEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { Authorization: setup.authorization, 'Content-Type': 'application/json', Accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

/** The emulator's count of Jira requests (control calls excluded) matching method, endpoint and status. */
export function emulatorCount(emulator: JiraEmulator, method: string, endpointPart: string, status?: number): number {
  return emulator.stats
    .list()
    .filter(
      (entry) =>
        entry.method === method &&
        entry.endpoint.endsWith(endpointPart) &&
        (status === undefined || entry.status === status),
    )
    .reduce((sum, entry) => sum + entry.count, 0);
}
