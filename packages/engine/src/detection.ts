/**
 * Detection: turning "issue X on instance I changed" (from a webhook, the reconciliation poll, a bulk run or a person)
 * into a sync event. Known twins are queued at once; an unknown issue becomes a new twin only when it matches its
 * side's trigger. The event is written in the same transaction as the twin it belongs to.
 */
import type { SideName, Twin } from '@tandem/core';
import { sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';

export interface DetectedChange {
  instance: string;
  issueId: string;
  issueKey: string;
  /** webhook, poll, bulk, manual, retry */
  reason: string;
}

/** Connection sides served by an instance. */
export function sidesOfInstance(
  connections: EngineConnection[],
  instance: string,
): { connection: EngineConnection; side: SideName }[] {
  const found: { connection: EngineConnection; side: SideName }[] = [];
  for (const connection of connections) {
    if (connection.a.instance === instance) found.push({ connection, side: 'a' });
    if (connection.b.instance === instance) found.push({ connection, side: 'b' });
  }
  return found;
}

/** Escapes a value for a JQL string literal. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Whether an issue matches a side's trigger, asked of the tracker itself (its JQL is the truth). */
async function matchesTrigger(
  deps: EngineDeps,
  connection: EngineConnection,
  side: SideName,
  issueId: string,
): Promise<boolean> {
  const { instance, trigger } = sideOf(connection, side);
  const tracker = deps.trackers.get(instance);
  if (!tracker) return false;
  for await (const match of tracker.search(`(${trigger}) AND id = ${issueId}`)) {
    if (match.id === issueId) return true;
  }
  return false;
}

/**
 * Queues the change for every connection the instance takes part in, or only for `onlyConnection`. `knownTrigger`
 * says the caller already knows the issue matches the trigger (the poll's or a bulk run's trigger query), so no extra
 * search is needed; it is only true of the connection whose trigger was asked, so such callers pass `onlyConnection`
 * (otherwise every other connection of the instance would twin the issue without its own trigger matching).
 * Returns the twins queued.
 */
export async function detectChange(
  deps: EngineDeps,
  change: DetectedChange,
  knownTrigger = false,
  force = false,
  onlyConnection?: string,
): Promise<string[]> {
  const queued: string[] = [];
  for (const { connection, side } of sidesOfInstance(deps.connections, change.instance)) {
    if (onlyConnection !== undefined && connection.name !== onlyConnection) continue;
    const existing = await deps.store.findTwinByIssue(connection.name, change.instance, change.issueId);
    if (existing) {
      if (existing.state === 'unsynced' && !force) continue;
      await deps.store.transaction(async (tx) => {
        if (existing.state === 'unsynced') await tx.updateTwin({ ...existing, state: 'active', updatedAt: deps.now() });
        await tx.enqueue({
          connection: connection.name,
          twinId: existing.id,
          sourceSide: side,
          reason: change.reason,
          availableAt: deps.now(),
        });
        await tx.audit({
          at: deps.now(),
          connection: connection.name,
          twinId: existing.id,
          kind: 'detected',
          detail: { ...change },
        });
      });
      queued.push(existing.id);
      continue;
    }
    if (!force && sideOf(connection, side).sync === 'off') continue;
    if (!knownTrigger && !force && !(await matchesTrigger(deps, connection, side, change.issueId))) continue;
    const now = deps.now();
    const twin: Twin = {
      id: deps.newId(),
      connection: connection.name,
      a: { instance: connection.a.instance, issueId: null, issueKey: null },
      b: { instance: connection.b.instance, issueId: null, issueKey: null },
      origin: side,
      state: 'creating',
      createIntent: null,
      createdAt: now,
      updatedAt: now,
      lastSyncedAt: null,
    };
    twin[side] = { instance: change.instance, issueId: change.issueId, issueKey: change.issueKey };
    const created = await deps.store.transaction(async (tx) => {
      // Another detection may have created it meanwhile: the store's uniqueness decides, not a race.
      const again = await tx.findTwinByIssue(connection.name, change.instance, change.issueId);
      const target = again ?? twin;
      if (!again) await tx.insertTwin(twin);
      await tx.enqueue({
        connection: connection.name,
        twinId: target.id,
        sourceSide: side,
        reason: change.reason,
        availableAt: now,
      });
      await tx.audit({
        at: now,
        connection: connection.name,
        twinId: target.id,
        kind: 'detected',
        detail: { ...change, newTwin: !again },
      });
      return target.id;
    });
    queued.push(created);
  }
  return queued;
}
