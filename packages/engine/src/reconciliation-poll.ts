/**
 * The reconciliation poll: the safety net under webhooks, enough on its own for correctness. Each run asks every
 * connection side's tracker for issues updated since the previous run (with an overlap for late webhooks and search
 * index lag): matches of the trigger start or continue syncing; other changed issues of the project are queued only
 * when they are already twins. The first run of a side has no cursor and takes every current match of the trigger.
 */
import type { SideName, TrackerIssueRef } from '@tandem/core';
import { sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { detectChange, jqlString } from './detection.ts';
import { parkedAtVersion } from './sync-step-error.ts';

export interface PollResult {
  connection: string;
  instance: string;
  seen: number;
  queued: number;
}

/** Polls one side of one connection. */
export async function pollSide(deps: EngineDeps, connection: EngineConnection, side: SideName): Promise<PollResult> {
  const { instance, trigger, project } = sideOf(connection, side);
  const tracker = deps.trackers.get(instance);
  if (!tracker) throw new Error(`no tracker configured for instance "${instance}"`);
  const startedAt = deps.now();
  const cursor = await deps.store.getPollCursor(connection.name, instance);
  // Relative JQL dates avoid any time-zone question between Tandem and the tracker; minutes are JQL's precision.
  const window =
    cursor === undefined ? undefined : Math.ceil((startedAt - cursor + deps.timings.pollOverlapMs) / 60_000);
  const since = window === undefined ? '' : ` AND updated >= -${window}m`;
  const result: PollResult = { connection: connection.name, instance, seen: 0, queued: 0 };
  const queuedIds = new Set<string>();
  for await (const ref of tracker.search(`(${trigger})${since} ORDER BY updated ASC`)) {
    result.seen++;
    queuedIds.add(ref.id);
    if (await alreadySeen(deps, connection.name, instance, side, ref)) continue;
    const twins = await detectChange(
      deps,
      { instance, issueId: ref.id, issueKey: ref.key, reason: 'poll' },
      true,
      false,
      connection.name,
    );
    result.queued += twins.length;
  }
  if (window !== undefined) {
    for await (const ref of tracker.search(`project = ${jqlString(project)}${since} ORDER BY updated ASC`)) {
      if (queuedIds.has(ref.id)) continue;
      result.seen++;
      const twin = await deps.store.findTwinByIssue(connection.name, instance, ref.id);
      if (!twin || (await alreadySeen(deps, connection.name, instance, side, ref))) continue;
      const twins = await detectChange(
        deps,
        { instance, issueId: ref.id, issueKey: ref.key, reason: 'poll' },
        true,
        false,
        connection.name,
      );
      result.queued += twins.length;
    }
  }
  await deps.store.setPollCursor(connection.name, instance, startedAt);
  return result;
}

/**
 * Whether a twin's issue has not changed since its last step looked at it: Jira's `updated` is not newer than the one
 * recorded with the last replica. The overlapping windows then cost a search, not a read per issue.
 */
async function alreadySeen(
  deps: EngineDeps,
  connection: string,
  instance: string,
  side: SideName,
  ref: TrackerIssueRef,
): Promise<boolean> {
  const twin = await deps.store.findTwinByIssue(connection, instance, ref.id);
  if (!twin || twin.state === 'unsynced') return false;
  const state = await deps.store.getSideState(twin.id, side);
  if (state?.lastSent && ref.updated <= state.lastSent.updated) return true;
  // A twin parked after reading this very version of the issue would only fail the same way again.
  return parkedAtVersion(await deps.store.getError(twin.id), side, ref.updated);
}
