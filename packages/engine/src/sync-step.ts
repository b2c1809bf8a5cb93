/**
 * One sync step: bring twin T up to date from side S. State-based: it reads the source issue as it is now (duplicate
 * or reordered notifications do no harm), builds the replica, sends nothing when it equals the last one sent, and on
 * the receiving side merges three ways and writes only what changed. A create whose outcome is unknown is resolved by
 * the marker written into the created issue, never by a second create.
 */
import {
  basicFieldsOf,
  buildBasicReplica,
  mirrorIdsOn,
  replicaChanged,
  type BasicField,
  type Replica,
  type ReplicaFields,
  type SideName,
  type SyncBase,
  type TrackerIssue,
  type TrackerPort,
  type Twin,
} from '@tandem/core';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import type { DeliveryResult, ReplicaTransport } from './replica-transport.ts';
import { ownAccountId } from './own-account.ts';
import { PARKED_AT_UPDATED, SyncStepError } from './sync-step-error.ts';
import { TWIN_PROPERTY, readMarker, remoteLinkGlobalId, type TwinMarker } from './twin-marker.ts';

/** Why a step ended without an error. */
export type StepOutcome =
  | { kind: 'synced'; created: boolean; changes: string[] }
  | { kind: 'unchanged' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'merged-duplicate'; into: string };

interface StepContext {
  deps: EngineDeps;
  connection: EngineConnection;
  twin: Twin;
  source: SideName;
  target: SideName;
  sourceTracker: TrackerPort;
}

function tracker(deps: EngineDeps, instance: string): TrackerPort {
  const found = deps.trackers.get(instance);
  if (!found) throw new SyncStepError(`no tracker configured for instance "${instance}"`);
  return found;
}

/** Runs one step for `twinId` from `source`. `force` skips the sync-method check (tandem sync KEY, bulk). */
export async function runSyncStep(
  deps: EngineDeps,
  transport: ReplicaTransport,
  twinId: string,
  source: SideName,
  force: boolean,
): Promise<StepOutcome> {
  const twin = await deps.store.getTwin(twinId);
  if (!twin) return { kind: 'skipped', reason: 'twin no longer exists' };
  if (twin.state === 'unsynced') return { kind: 'skipped', reason: 'unsynced' };
  const connection = deps.connections.find((candidate) => candidate.name === twin.connection);
  if (!connection) return { kind: 'skipped', reason: `connection ${twin.connection} is not configured` };
  const method = sideOf(connection, source).sync;
  if (!force && method !== 'auto') return { kind: 'skipped', reason: `sync from this side is ${method}` };
  const target = otherSide(source);
  const context: StepContext = {
    deps,
    connection,
    twin,
    source,
    target,
    sourceTracker: tracker(deps, twin[source].instance),
  };
  const sourceIssueId = twin[source].issueId;
  if (!sourceIssueId) return { kind: 'skipped', reason: 'the source issue is not known yet' };
  const issue = await context.sourceTracker.getIssue(sourceIssueId);
  if (!issue) return { kind: 'skipped', reason: `${twin[source].issueKey ?? sourceIssueId} no longer exists` };

  const adopted = await adoptIfCopy(context, issue);
  if (adopted) return adopted;
  await adoptKnownTwin(context, issue);

  const [sourceState, commentMappings, attachmentMappings] = await Promise.all([
    deps.store.getSideState(twin.id, source),
    deps.store.listCommentMappings(twin.id),
    deps.store.listAttachmentMappings(twin.id),
  ]);
  const replica = buildBasicReplica({
    connection: connection.name,
    instance: twin[source].instance,
    issue,
    issueUrl: context.sourceTracker.browseUrl(issue.key),
    mirrorCommentIds: mirrorIdsOn(source, commentMappings),
    mirrorAttachmentIds: mirrorIdsOn(source, attachmentMappings),
    base: sourceState?.base ?? null,
    tandemAccountId: await ownAccountId(context.sourceTracker),
  });
  if (
    context.twin[target].issueId !== null &&
    sourceState?.lastSent &&
    !replicaChanged(sourceState.lastSent, replica)
  ) {
    // Remember how recent the issue was when found unchanged: the poll skips it until Jira's `updated` moves again.
    if (issue.updated > sourceState.lastSent.updated) {
      await deps.store.putSideState({ ...sourceState, lastSent: { ...sourceState.lastSent, updated: issue.updated } });
    }
    return { kind: 'unchanged' };
  }

  let received: DeliveryResult;
  try {
    received = await transport.deliver(
      {
        connection: connection.name,
        twinId: twin.id,
        origin: twin.origin,
        senderSide: source,
        replica,
        ...(context.twin[target].issueId === null
          ? {}
          : { knownTarget: { issueId: context.twin[target].issueId, issueKey: context.twin[target].issueKey } }),
      },
      (attachmentId) => context.sourceTracker.downloadAttachment(attachmentId),
    );
  } catch (error) {
    // Parked for good (e.g. the twin issue was deleted): the poll leaves the twin alone until this issue changes again.
    if (error instanceof SyncStepError && !error.retryable)
      error.details[PARKED_AT_UPDATED] = { side: source, updated: issue.updated };
    throw error;
  }
  if (received.created) await leaveSourceTraces(context, replica, received);

  // The other side adopted these values: they are now what both agree on, from this side's point of view too.
  const base: SyncBase = sourceState?.base ?? { remote: { ...replica.fields }, applied: basicFieldsOf(issue) };
  const localFields = basicFieldsOf(issue);
  for (const field of received.adopted) {
    setField(base.remote, field, replica.fields[field]);
    setField(base.applied, field, localFields[field]);
  }
  await deps.store.transaction(async (tx) => {
    await tx.putSideState({ twinId: twin.id, side: source, lastSent: replica, base });
    const fresh = await tx.getTwin(twin.id);
    if (fresh) {
      // On a peer topology the receiver's node recorded its new issue in its own store; this node records it here.
      const known = fresh[target].issueId !== null;
      await tx.updateTwin({
        ...fresh,
        ...(known
          ? {}
          : { [target]: { ...fresh[target], issueId: received.targetIssue.id, issueKey: received.targetIssue.key } }),
        state: 'active',
        lastSyncedAt: deps.now(),
        updatedAt: deps.now(),
      });
    }
    await tx.clearError(twin.id);
    await tx.audit({
      at: deps.now(),
      connection: connection.name,
      twinId: twin.id,
      kind: received.created ? 'created' : 'applied',
      detail: {
        from: { instance: twin[source].instance, key: issue.key },
        to: { instance: twin[target].instance, key: received.targetIssue.key },
        changes: received.changes,
        conflicts: received.conflicts,
      },
    });
    for (const conflict of received.conflicts) {
      await tx.audit({
        at: deps.now(),
        connection: connection.name,
        twinId: twin.id,
        kind: 'conflict',
        detail: { ...conflict },
      });
    }
  });
  return { kind: 'synced', created: received.created, changes: received.changes };
}

function setField(fields: ReplicaFields, field: BasicField, value: ReplicaFields[BasicField]): void {
  (fields as unknown as Record<string, unknown>)[field] = value;
}

/**
 * A copy Tandem created whose twin record does not know it yet (the create's response was lost, or its webhook
 * arrived first) shows up as a new issue on its side. Its marker names the issue it copies: the copy joins that twin
 * and this record goes away — never a sync back that would create a third issue.
 */
async function adoptIfCopy(context: StepContext, issue: TrackerIssue): Promise<StepOutcome | undefined> {
  const { deps, twin, source, target } = context;
  if (twin[target].issueId !== null) return undefined;
  const marker = readMarker(issue.properties);
  if (!marker || marker.connection !== twin.connection || marker.twinId === twin.id) return undefined;
  const owner =
    (await deps.store.getTwin(marker.twinId)) ??
    (marker.intent ? await deps.store.findTwinByIntent(marker.intent) : undefined);
  await deps.store.transaction(async (tx) => {
    // This record holds the copy's issue id; it goes first so the owner can take the id.
    await tx.deleteTwin(twin.id);
    if (owner && owner[source].issueId === null && owner[source].instance === twin[source].instance) {
      await tx.updateTwin({
        ...owner,
        [source]: { ...owner[source], issueId: issue.id, issueKey: issue.key },
        state: 'active',
        updatedAt: deps.now(),
      });
      await tx.enqueue({
        connection: owner.connection,
        twinId: owner.id,
        sourceSide: otherSide(source),
        reason: 'adopted-copy',
        availableAt: deps.now(),
      });
    }
    await tx.audit({
      at: deps.now(),
      connection: twin.connection,
      twinId: owner?.id ?? null,
      kind: 'skipped',
      detail: { reason: 'issue is a copy Tandem created', issue: issue.key, markerTwin: marker.twinId },
    });
  });
  return { kind: 'merged-duplicate', into: owner?.id ?? marker.twinId };
}

/**
 * After the other side created the twin: a remote link to it and the twin marker on this side's issue, so people see
 * the twin and `tandem recover` can rebuild the twin table from Jira alone.
 */
async function leaveSourceTraces(context: StepContext, replica: Replica, received: DeliveryResult): Promise<void> {
  const { connection, twin, target, sourceTracker } = context;
  const targetRef = {
    instance: twin[target].instance,
    issueId: received.targetIssue.id,
    issueKey: received.targetIssue.key,
  };
  await sourceTracker.upsertRemoteLink(replica.issueId, {
    globalId: remoteLinkGlobalId(connection.name, targetRef.instance, targetRef.issueId),
    url: received.targetIssue.url,
    title: `${targetRef.issueKey} (${targetRef.instance})`,
    summary: 'Twin kept in sync by Tandem',
  });
  const marker: TwinMarker = { connection: connection.name, twinId: twin.id, twin: targetRef };
  await sourceTracker.setIssueProperty(replica.issueId, TWIN_PROPERTY, marker);
}

/**
 * An original whose twin record was lost (store restored or deleted) still names its twin in its marker: the twin
 * issue is taken from there instead of being created a second time.
 */
async function adoptKnownTwin(context: StepContext, issue: TrackerIssue): Promise<void> {
  const { deps, twin, target } = context;
  if (twin[target].issueId !== null) return;
  const marker = readMarker(issue.properties);
  const known = marker?.connection === twin.connection ? marker.twin : undefined;
  if (!known || known.instance !== twin[target].instance) return;
  const holder = await deps.store.findTwinByIssue(twin.connection, known.instance, known.issueId);
  if (holder && holder.id !== twin.id) return;
  const updated: Twin = {
    ...twin,
    [target]: { instance: known.instance, issueId: known.issueId, issueKey: known.issueKey },
    state: 'active',
    updatedAt: deps.now(),
  };
  await deps.store.updateTwin(updated);
  context.twin = updated;
}
