/** The engine's view of the configuration: connections with sides a and b, and timings from `poll` and `workers`. */
import type { AnySideConfig, ConnectionConfig, TandemConfig } from '@tandem/config';
import { DEFAULT_TIMINGS, type EngineConnection, type EngineSide, type EngineTimings } from '@tandem/engine';
import type { SideName } from '@tandem/core';

/**
 * A side without a trigger syncs only issues synced by hand. The engine expects a JQL trigger on every side, so such a
 * side gets one that matches no issue (valid JQL on every Jira, unlike a key that does not exist).
 */
export function noMatchTrigger(project: string): string {
  return `project = "${project}" AND created < "1970-01-02"`;
}

function engineSide(side: SideName, config: AnySideConfig): EngineSide {
  // The peer's side: the engine never polls, reads or writes it; it only addresses replicas to it.
  if (config.remote === true)
    return { side, instance: config.instance, project: '', trigger: '', sync: 'auto', remote: true };
  return {
    side,
    instance: config.instance,
    project: config.project,
    trigger: config.trigger ?? noMatchTrigger(config.project),
    sync: config.sync,
  };
}

/** One engine connection per configured connection: side a is the side the file lists first, b the second. */
export function engineConnectionOf(config: ConnectionConfig): EngineConnection {
  const [first, second] = config.sides;
  return { name: config.name, mode: config.mode, a: engineSide('a', first), b: engineSide('b', second) };
}

/** Every configured connection, in the file's order. */
export function engineConnections(config: TandemConfig): EngineConnection[] {
  return Object.values(config.connections).map(engineConnectionOf);
}

/** Timings from the config's `poll` and `workers`, the engine's defaults for the rest, then `overrides`. */
export function engineTimings(config: TandemConfig, overrides: Partial<EngineTimings> = {}): EngineTimings {
  return {
    ...DEFAULT_TIMINGS,
    pollIntervalMs: config.poll.intervalSeconds * 1000,
    pollOverlapMs: config.poll.overlapSeconds * 1000,
    concurrency: config.workers.concurrency,
    ...overrides,
  };
}
