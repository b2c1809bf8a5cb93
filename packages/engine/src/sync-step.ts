/**
 * One sync step: bring twin T up to date from side S. State-based: it reads the source issue as it is now (duplicate
 * or reordered notifications do no harm), builds the replica, sends nothing when it equals the last one sent, and on
 * the receiving side merges three ways and writes only what changed. A create whose outcome is unknown is resolved by
 * the marker written into the created issue, never by a second create.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf } from '@tandem/rich-text';
import {
  TrackerError,
  basicFieldsOf,
  bodyHash,
  buildBasicReplica,
  mergeFields,
  mirrorIdsOn,
  planAttachments,
  planComments,
  replicaChanged,
  type BasicField,
  type FieldConflict,
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
import { readBackFor } from './read-back.ts';
import { TWIN_PROPERTY, readMarker, remoteLinkGlobalId, type TwinMarker } from './twin-marker.ts';

/** Why a step ended without an error. */
export type StepOutcome =
  | { kind: 'synced'; created: boolean; changes: string[] }
  | { kind: 'unchanged' }
  | { kind: 'skipped'; reason: string }
  | { kind: 'merged-duplicate'; into: string };

/** A failure that is not the tracker's: the twin is parked with this message until someone retries it. */
export class SyncStepError extends Error {
  override readonly name = 'SyncStepError';
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly retryable = false,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

interface StepContext {
  deps: EngineDeps;
  connection: EngineConnection;
  twin: Twin;
  source: SideName;
  target: SideName;
  sourceTracker: TrackerPort;
  targetTracker: TrackerPort;
}

function tracker(deps: EngineDeps, instance: string): TrackerPort {
  const found = deps.trackers.get(instance);
  if (!found) throw new SyncStepError(`no tracker configured for instance "${instance}"`);
  return found;
}

/** Runs one step for `twinId` from `source`. `force` skips the sync-method check (tandem sync KEY, bulk). */
export async function runSyncStep(
  deps: EngineDeps,
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
    targetTracker: tracker(deps, twin[target].instance),
  };
  const sourceIssueId = twin[source].issueId;
  if (!sourceIssueId) return { kind: 'skipped', reason: 'the source issue is not known yet' };
  const issue = await context.sourceTracker.getIssue(sourceIssueId);
  if (!issue) return { kind: 'skipped', reason: `${twin[source].issueKey ?? sourceIssueId} no longer exists` };

  const adopted = await adoptIfCopy(context, issue);
  if (adopted) return adopted;

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
  });
  if (twin[target].issueId !== null && !replicaChanged(sourceState?.lastSent ?? null, replica))
    return { kind: 'unchanged' };

  const received = await receiveReplica(context, replica);

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
    if (fresh) await tx.updateTwin({ ...fresh, lastSyncedAt: deps.now(), updatedAt: deps.now() });
    await tx.clearError(twin.id);
    await tx.audit({
      at: deps.now(),
      connection: connection.name,
      twinId: twin.id,
      kind: received.created ? 'created' : 'applied',
      detail: {
        from: { instance: twin[source].instance, key: issue.key },
        to: { instance: twin[target].instance, key: received.targetKey },
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

interface ReceiveResult {
  created: boolean;
  targetKey: string;
  changes: string[];
  conflicts: FieldConflict[];
  adopted: BasicField[];
}

/** The receiving side: create the twin issue or merge into it, then comments and attachments. */
async function receiveReplica(context: StepContext, replica: Replica): Promise<ReceiveResult> {
  const { deps, twin, target, targetTracker } = context;
  let targetId = twin[target].issueId;
  let created = false;
  if (targetId === null) {
    targetId = await createTwinIssue(context, replica);
    created = true;
  }
  const local = await targetTracker.getIssue(targetId);
  if (!local) {
    throw new SyncStepError(
      `the twin issue ${twin[target].issueKey ?? targetId} on ${twin[target].instance} no longer exists`,
      {
        instance: twin[target].instance,
        issue: twin[target].issueKey ?? targetId,
      },
    );
  }
  const targetSide = sideOf(context.connection, target);
  const state = await deps.store.getSideState(twin.id, target);
  const types = await targetTracker.issueTypes(targetSide.project);
  const mapIssueType = (name: string) => (types.names.includes(name) ? name : types.defaultName);
  const readBack = readBackFor(targetTracker.flavor);
  // A twin just created holds the replica's values as written: its base is the replica, nothing to merge.
  const merge = created
    ? {
        changes: {},
        conflicts: [],
        localOnly: [] as BasicField[],
        base: {
          remote: { ...replica.fields },
          applied: {
            summary: replica.fields.summary,
            description: readBack('description', replica.fields.description) as ReplicaFields['description'],
            issueType: mapIssueType(replica.fields.issueType),
          },
        },
      }
    : mergeFields({
        remote: replica.fields,
        remoteUpdated: replica.updated,
        local: basicFieldsOf(local),
        localUpdated: local.updated,
        localSide: target,
        base: state?.base ?? null,
        mapIssueType,
        readBack,
      });
  const changes: string[] = [];
  if (Object.keys(merge.changes).length > 0) {
    await targetTracker.updateFields(local.id, merge.changes);
    changes.push(...Object.keys(merge.changes));
  }
  await deps.store.putSideState({ twinId: twin.id, side: target, lastSent: state?.lastSent ?? null, base: merge.base });
  changes.push(...(await applyComments(context, replica, local)));
  changes.push(...(await applyAttachments(context, replica, local)));
  const adopted = (['summary', 'description', 'issueType'] as const).filter(
    (field) => !merge.localOnly.includes(field),
  );
  return { created, targetKey: local.key, changes, conflicts: merge.conflicts, adopted };
}

/**
 * Creates the twin issue. The intent id is stored before the request and written into the new issue's marker, so
 * that after a lost response the next attempt finds the issue instead of creating a second one.
 */
async function createTwinIssue(context: StepContext, replica: Replica): Promise<string> {
  const { deps, connection, source, target, targetTracker } = context;
  let twin = (await deps.store.getTwin(context.twin.id)) ?? context.twin;
  const targetSide = sideOf(connection, target);
  if (twin.createIntent) {
    const found = await targetTracker.findByProperty(TWIN_PROPERTY, 'intent', twin.createIntent);
    const first = found[0];
    if (first) return finishCreate(context, twin, replica, first.id, first.key);
    if (deps.now() - twin.updatedAt < deps.timings.createSettleMs) {
      throw new SyncStepError(
        `waiting for an earlier create on ${twin[target].instance} to show up in search before trying again`,
        { intent: twin.createIntent },
        true,
        Math.min(5_000, deps.timings.createSettleMs),
      );
    }
  }
  const intent = twin.createIntent ?? deps.newId();
  twin = { ...twin, createIntent: intent, state: 'creating', updatedAt: deps.now() };
  await deps.store.updateTwin(twin);
  const types = await targetTracker.issueTypes(targetSide.project);
  const marker: TwinMarker = {
    connection: connection.name,
    twinId: twin.id,
    intent,
    origin: { instance: twin[source].instance, issueId: replica.issueId, issueKey: replica.issueKey },
  };
  const ref = await targetTracker.createIssue({
    projectKey: targetSide.project,
    issueTypeName: types.names.includes(replica.fields.issueType) ? replica.fields.issueType : types.defaultName,
    summary: replica.fields.summary,
    description: replica.fields.description,
    properties: { [TWIN_PROPERTY]: marker },
  });
  return finishCreate(context, twin, replica, ref.id, ref.key);
}

/** Records the created (or found) twin issue and leaves the traces on both issues: remote links and markers. */
async function finishCreate(
  context: StepContext,
  twin: Twin,
  replica: Replica,
  issueId: string,
  issueKey: string,
): Promise<string> {
  const { deps, connection, source, target, sourceTracker, targetTracker } = context;
  const active: Twin = {
    ...twin,
    [target]: { ...twin[target], issueId, issueKey },
    state: 'active',
    updatedAt: deps.now(),
  };
  await deps.store.transaction(async (tx) => {
    // The copy's webhook can arrive before this point and make a record of its own for the new issue (it does not
    // know the issue is a copy yet). That record is dropped here; its queued event goes with it.
    const early = await tx.findTwinByIssue(connection.name, twin[target].instance, issueId);
    if (early && early.id !== twin.id) {
      if (early[source].issueId !== null)
        throw new SyncStepError(`${issueKey} is already twinned with another issue`, { issue: issueKey });
      await tx.deleteTwin(early.id);
    }
    await tx.updateTwin(active);
  });
  context.twin = active;
  const sourceRef = { instance: twin[source].instance, issueId: replica.issueId, issueKey: replica.issueKey };
  const targetRef = { instance: twin[target].instance, issueId, issueKey };
  await targetTracker.upsertRemoteLink(issueId, {
    globalId: remoteLinkGlobalId(connection.name, sourceRef.instance, sourceRef.issueId),
    url: replica.issueUrl,
    title: `${replica.issueKey} (${sourceRef.instance})`,
    summary: 'Twin kept in sync by Tandem',
  });
  await sourceTracker.upsertRemoteLink(replica.issueId, {
    globalId: remoteLinkGlobalId(connection.name, targetRef.instance, issueId),
    url: targetTracker.browseUrl(issueKey),
    title: `${issueKey} (${targetRef.instance})`,
    summary: 'Twin kept in sync by Tandem',
  });
  const marker: TwinMarker = { connection: connection.name, twinId: twin.id, twin: targetRef };
  await sourceTracker.setIssueProperty(replica.issueId, TWIN_PROPERTY, marker);
  return issueId;
}

async function applyComments(context: StepContext, replica: Replica, local: TrackerIssue): Promise<string[]> {
  const { deps, twin, target, source, targetTracker } = context;
  const mappings = await deps.store.listCommentMappings(twin.id);
  const plan = planComments({
    localSide: target,
    comments: replica.comments,
    mappings,
    existingIds: new Set(local.comments.map((comment) => comment.id)),
  });
  const done: string[] = [];
  // A copy whose add had an unknown outcome (lost response) is on the issue without a mapping: adopt it instead of
  // writing it twice. It is recognised by its exact attributed body among the comments no mapping accounts for.
  const accounted = new Set(mappings.flatMap((mapping) => [mapping.originId, mapping.mirrorId]));
  const unaccounted = local.comments.filter((comment) => !accounted.has(comment.id));
  for (const entry of plan.add) {
    const expected = normalizeAdf(entry.body);
    const orphan = unaccounted.find((comment) => isDeepStrictEqual(normalizeAdf(comment.body), expected));
    if (orphan) unaccounted.splice(unaccounted.indexOf(orphan), 1);
    const { id } = orphan ?? (await targetTracker.addComment(local.id, entry.body));
    // Recorded at once: a copy without its mapping would be copied again on the next step.
    await deps.store.putCommentMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.origin.id,
      mirrorId: id,
      originHash: bodyHash(entry.origin.body),
    });
    done.push(`comment+${entry.origin.id}`);
  }
  for (const entry of plan.update) {
    await targetTracker.updateComment(local.id, entry.mirrorId, entry.body);
    await deps.store.putCommentMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.origin.id,
      mirrorId: entry.mirrorId,
      originHash: bodyHash(entry.origin.body),
    });
    done.push(`comment~${entry.origin.id}`);
  }
  for (const entry of plan.delete) {
    try {
      await targetTracker.deleteComment(local.id, entry.mirrorId);
    } catch (error) {
      if (!(error instanceof TrackerError && error.kind === 'not-found')) throw error;
    }
    await deps.store.deleteCommentMapping(twin.id, source, entry.originId);
    done.push(`comment-${entry.originId}`);
  }
  return done;
}

async function applyAttachments(context: StepContext, replica: Replica, local: TrackerIssue): Promise<string[]> {
  const { deps, twin, target, source, targetTracker, sourceTracker } = context;
  const mappings = await deps.store.listAttachmentMappings(twin.id);
  const plan = planAttachments({ localSide: target, attachments: replica.attachments, mappings });
  const done: string[] = [];
  // As with comments: an upload whose outcome was unknown is adopted (same name and size, no mapping) rather than repeated.
  const accounted = new Set(mappings.flatMap((mapping) => [mapping.originId, mapping.mirrorId]));
  const unaccounted = local.attachments.filter((attachment) => !accounted.has(attachment.id));
  for (const attachment of plan.add) {
    const orphan = unaccounted.find(
      (candidate) => candidate.filename === attachment.filename && candidate.size === attachment.size,
    );
    if (orphan) unaccounted.splice(unaccounted.indexOf(orphan), 1);
    const { id } =
      orphan ??
      (await targetTracker.uploadAttachment(
        local.id,
        attachment.filename,
        attachment.mimeType,
        await sourceTracker.downloadAttachment(attachment.id),
      ));
    await deps.store.putAttachmentMapping({
      twinId: twin.id,
      originSide: source,
      originId: attachment.id,
      mirrorId: id,
      originHash: '',
    });
    done.push(`attachment+${attachment.filename}`);
  }
  for (const entry of plan.delete) {
    try {
      await targetTracker.deleteAttachment(entry.mirrorId);
    } catch (error) {
      if (!(error instanceof TrackerError && error.kind === 'not-found')) throw error;
    }
    await deps.store.deleteAttachmentMapping(twin.id, source, entry.originId);
    done.push(`attachment-${entry.originId}`);
  }
  return done;
}
