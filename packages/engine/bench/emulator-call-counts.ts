/**
 * What the sync engine asked of each emulated Jira, from the emulators' own request counters: the count a Jira admin
 * would see in their access log, not what the engine believes it sent. The person's own requests (user alice) and the
 * emulator control API are left out.
 */
import type { JiraEmulator } from '@tandem/jira-emulator';

/** The user the benchmark acts as; the engine runs as the admin account. */
export const PERSON = 'alice';

export interface EndpointCount {
  instance: string;
  method: string;
  endpoint: string;
  calls: number;
  /** Answers with status 400 or more among `calls`. */
  failed: number;
  /** Answers with a 3xx status among `calls` (a redirect the client followed with a second request). */
  redirected: number;
}

export interface CallSnapshot {
  endpoints: EndpointCount[];
  reads: number;
  writes: number;
}

const isRead = (method: string) => method === 'GET' || method === 'HEAD';
const byInstanceThenEndpoint = (a: EndpointCount, b: EndpointCount) =>
  a.instance.localeCompare(b.instance) || a.endpoint.localeCompare(b.endpoint) || a.method.localeCompare(b.method);

/** The engine's requests counted by the named emulators since their counters were last reset. */
export function engineCalls(emulators: Record<string, JiraEmulator>): CallSnapshot {
  const byKey = new Map<string, EndpointCount>();
  for (const [instance, emulator] of Object.entries(emulators)) {
    for (const entry of emulator.stats.list()) {
      if (entry.endpoint.startsWith('/_emulator') || entry.user === PERSON) continue;
      const key = `${instance} ${entry.method} ${entry.endpoint}`;
      const found = byKey.get(key) ?? {
        instance,
        method: entry.method,
        endpoint: entry.endpoint,
        calls: 0,
        failed: 0,
        redirected: 0,
      };
      found.calls += entry.count;
      if (entry.status >= 400) found.failed += entry.count;
      else if (entry.status >= 300) found.redirected += entry.count;
      byKey.set(key, found);
    }
  }
  const endpoints = [...byKey.values()].sort(byInstanceThenEndpoint);
  return {
    endpoints,
    reads: endpoints.filter((entry) => isRead(entry.method)).reduce((sum, entry) => sum + entry.calls, 0),
    writes: endpoints.filter((entry) => !isRead(entry.method)).reduce((sum, entry) => sum + entry.calls, 0),
  };
}

/** Non-GET requests on one emulator since its counters were last reset, by anyone, control API excluded. */
export function writesOn(emulator: JiraEmulator): number {
  return emulator.stats
    .list()
    .filter((entry) => !isRead(entry.method) && !entry.endpoint.startsWith('/_emulator'))
    .reduce((sum, entry) => sum + entry.count, 0);
}

/** Zeroes the counters of every emulator given. */
export function resetCounts(...emulators: JiraEmulator[]): void {
  for (const emulator of emulators) emulator.stats.reset();
}

/** Several snapshots added up endpoint by endpoint (counters reset between them). */
export function sumSnapshots(snapshots: readonly CallSnapshot[]): CallSnapshot {
  const byKey = new Map<string, EndpointCount>();
  for (const snapshot of snapshots) {
    for (const entry of snapshot.endpoints) {
      const key = `${entry.instance} ${entry.method} ${entry.endpoint}`;
      const found = byKey.get(key) ?? { ...entry, calls: 0, failed: 0, redirected: 0 };
      found.calls += entry.calls;
      found.failed += entry.failed;
      found.redirected += entry.redirected;
      byKey.set(key, found);
    }
  }
  return {
    endpoints: [...byKey.values()].sort(byInstanceThenEndpoint),
    reads: snapshots.reduce((sum, snapshot) => sum + snapshot.reads, 0),
    writes: snapshots.reduce((sum, snapshot) => sum + snapshot.writes, 0),
  };
}
