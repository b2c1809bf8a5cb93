/**
 * `tandem recover`: rebuilds the twin table of a connection from the traces Tandem leaves in Jira, after the store was
 * lost. Every twinned issue carries the `tandem.twin` property: copies name the issue they copy (`origin`), originals
 * name their twin (`twin`). Recovered twins start without a merge base; their next step finds both issues equal and
 * writes nothing, and it adopts the existing comment and attachment copies instead of copying them again.
 */
import type { SideName, Twin } from '@tandem/core';
import { sideOf } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { TWIN_PROPERTY, readMarker } from './twin-marker.ts';

export interface RecoveryReport {
  connection: string;
  /** Issues carrying a marker of this connection, per instance. */
  marked: Record<string, number>;
  recovered: number;
  alreadyKnown: number;
  /** Twins with only one issue found (the other instance is not served here, or its issue is gone). */
  incomplete: number;
}

export async function recoverTwins(deps: EngineDeps, connectionName: string): Promise<RecoveryReport> {
  const connection = deps.connections.find((candidate) => candidate.name === connectionName);
  if (!connection) throw new Error(`no connection named ${connectionName}`);
  const report: RecoveryReport = {
    connection: connectionName,
    marked: {},
    recovered: 0,
    alreadyKnown: 0,
    incomplete: 0,
  };
  const found = new Map<string, Twin>();
  for (const side of ['a', 'b'] as const) {
    const { instance } = sideOf(connection, side);
    const tracker = deps.trackers.get(instance);
    if (!tracker) continue;
    const refs = await tracker.findByProperty(TWIN_PROPERTY, 'connection', connectionName);
    report.marked[instance] = refs.length;
    for (const ref of refs) {
      const issue = await tracker.getIssue(ref.id);
      const marker = issue ? readMarker(issue.properties) : undefined;
      if (!issue || !marker) continue;
      const other: SideName = side === 'a' ? 'b' : 'a';
      const twin = found.get(marker.twinId) ?? {
        id: marker.twinId,
        connection: connectionName,
        a: { instance: connection.a.instance, issueId: null, issueKey: null },
        b: { instance: connection.b.instance, issueId: null, issueKey: null },
        origin: side,
        state: 'active' as const,
        createIntent: null,
        createdAt: deps.now(),
        updatedAt: deps.now(),
        lastSyncedAt: null,
      };
      twin[side] = { instance, issueId: issue.id, issueKey: issue.key };
      const peer = marker.origin ?? marker.twin;
      if (peer && twin[other].issueId === null)
        twin[other] = { instance: peer.instance, issueId: peer.issueId, issueKey: peer.issueKey };
      if (marker.origin) {
        twin.origin = other;
        if (marker.intent) twin.createIntent = marker.intent;
      }
      found.set(marker.twinId, twin);
    }
  }
  for (const twin of found.values()) {
    const known =
      (await deps.store.getTwin(twin.id)) ??
      (twin.a.issueId
        ? await deps.store.findTwinByIssue(connectionName, twin.a.instance, twin.a.issueId)
        : undefined) ??
      (twin.b.issueId ? await deps.store.findTwinByIssue(connectionName, twin.b.instance, twin.b.issueId) : undefined);
    if (known) {
      report.alreadyKnown++;
      continue;
    }
    if (!twin.a.issueId || !twin.b.issueId) report.incomplete++;
    await deps.store.transaction(async (tx) => {
      await tx.insertTwin(twin);
      for (const side of ['a', 'b'] as const) {
        if (twin[side].issueId && deps.trackers.has(twin[side].instance)) {
          await tx.enqueue({
            connection: connectionName,
            twinId: twin.id,
            sourceSide: side,
            reason: 'recover',
            availableAt: deps.now(),
          });
        }
      }
      await tx.audit({
        at: deps.now(),
        connection: connectionName,
        twinId: twin.id,
        kind: 'detected',
        detail: { recovered: true, a: twin.a.issueKey, b: twin.b.issueKey },
      });
    });
    report.recovered++;
  }
  return report;
}
