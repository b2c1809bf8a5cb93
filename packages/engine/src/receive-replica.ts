/**
 * The receiving side of a sync step: create the twin issue or merge the replica into it (three ways), then copy
 * comments and attachments. It runs on the node that owns the target instance — the same node in the one-node
 * topology, the peer node in the decentralized one — and answers what it did, so the sending side can record it.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf } from '@tandem/rich-text';
import {
  TrackerError,
  basicFieldsOf,
  looksLikeTandemCopy,
  bodyHash,
  mergeFields,
  planAttachments,
  planComments,
  type BasicField,
  type Replica,
  type ReplicaFields,
  type SideName,
  type TrackerIssue,
  type TrackerPort,
  type Twin,
} from '@tandem/core';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { projectIssueTypes } from './issue-type-cache.ts';
import { ownAccountId } from './own-account.ts';
import { readBackFor } from './read-back.ts';
import type { AttachmentFetcher, DeliveryRequest, DeliveryResult } from './replica-transport.ts';
import { SyncStepError } from './sync-step-error.ts';
import { TWIN_PROPERTY, remoteLinkGlobalId, type TwinMarker } from './twin-marker.ts';

interface ReceiveContext {
  deps: EngineDeps;
  connection: EngineConnection;
  twin: Twin;
  /** The sending side. */
  source: SideName;
  target: SideName;
  targetTracker: TrackerPort;
  fetchAttachment: AttachmentFetcher;
}

/**
 * The receiver's record of the twin: the same record as the sender's on one node; on a peer node, created from the
 * delivery the first time (same twin id, the sender's issue known, this side's issue still to create).
 */
async function receiverContext(
  deps: EngineDeps,
  request: DeliveryRequest,
  fetchAttachment: AttachmentFetcher,
): Promise<ReceiveContext> {
  const connection = deps.connections.find((candidate) => candidate.name === request.connection);
  if (!connection) throw new SyncStepError(`connection ${request.connection} is not configured on this node`);
  const target = otherSide(request.senderSide);
  const targetTracker = deps.trackers.get(sideOf(connection, target).instance);
  if (!targetTracker)
    throw new SyncStepError(`this node does not serve instance "${sideOf(connection, target).instance}"`);
  let twin = await deps.store.getTwin(request.twinId);
  if (!twin) {
    const now = deps.now();
    twin = {
      id: request.twinId,
      connection: connection.name,
      a: { instance: connection.a.instance, issueId: null, issueKey: null },
      b: { instance: connection.b.instance, issueId: null, issueKey: null },
      origin: request.origin,
      state: 'creating',
      createIntent: null,
      createdAt: now,
      updatedAt: now,
      lastSyncedAt: null,
    };
    if (request.knownTarget)
      twin[target] = { ...twin[target], issueId: request.knownTarget.issueId, issueKey: request.knownTarget.issueKey };
    twin[request.senderSide] = {
      ...twin[request.senderSide],
      issueId: request.replica.issueId,
      issueKey: request.replica.issueKey,
    };
    await deps.store.insertTwin(twin);
  }
  return { deps, connection, twin, source: request.senderSide, target, targetTracker, fetchAttachment };
}

export type ReceiveResult = DeliveryResult;

/** The receiving side: create the twin issue or merge into it, then comments and attachments. */
export async function receiveReplica(
  deps: EngineDeps,
  request: DeliveryRequest,
  fetchAttachment: AttachmentFetcher,
): Promise<ReceiveResult> {
  const context = await receiverContext(deps, request, fetchAttachment);
  const { replica } = request;
  const { twin, target, targetTracker } = context;
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
  const types = await projectIssueTypes(targetTracker, targetSide.project, deps.now(), deps.timings.issueTypesTtlMs);
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
  // What this side would now send back is what it just received: recorded as already sent, so the webhook of
  // Tandem's own write finds nothing new (no echo round trip). Fields this side kept (changed later here) keep the
  // value last sent, so they still travel; comments and attachments are untouched (copies never travel back).
  const previous = state?.lastSent ?? null;
  let lastSent: Replica | null = null;
  if (created) {
    lastSent = {
      version: 1,
      connection: context.connection.name,
      instance: targetTracker.instance,
      issueId: local.id,
      issueKey: local.key,
      issueUrl: targetTracker.browseUrl(local.key),
      updated: local.updated,
      fields: { ...merge.base.remote },
      comments: [],
      attachments: [],
    };
  } else if (previous) {
    const fields = { ...merge.base.remote };
    for (const field of merge.localOnly) setField(fields, field, previous.fields[field]);
    lastSent = { ...previous, fields };
  }
  await deps.store.putSideState({ twinId: twin.id, side: target, lastSent, base: merge.base });
  changes.push(...(await applyComments(context, replica, local)));
  changes.push(...(await applyAttachments(context, replica, local)));
  const adopted = (['summary', 'description', 'issueType'] as const).filter(
    (field) => !merge.localOnly.includes(field),
  );
  return {
    created,
    targetIssue: { id: local.id, key: local.key, url: targetTracker.browseUrl(local.key) },
    changes,
    conflicts: merge.conflicts,
    adopted,
  };
}

/**
 * Creates the twin issue. The intent id is stored before the request and written into the new issue's marker, so
 * that after a lost response the next attempt finds the issue instead of creating a second one.
 */
async function createTwinIssue(context: ReceiveContext, replica: Replica): Promise<string> {
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
  const types = await projectIssueTypes(targetTracker, targetSide.project, deps.now(), deps.timings.issueTypesTtlMs);
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
  context: ReceiveContext,
  twin: Twin,
  replica: Replica,
  issueId: string,
  issueKey: string,
): Promise<string> {
  const { deps, connection, source, target, targetTracker } = context;
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
  await targetTracker.upsertRemoteLink(issueId, {
    globalId: remoteLinkGlobalId(connection.name, sourceRef.instance, sourceRef.issueId),
    url: replica.issueUrl,
    title: `${replica.issueKey} (${sourceRef.instance})`,
    summary: 'Twin kept in sync by Tandem',
  });
  return issueId;
}

async function applyComments(context: ReceiveContext, replica: Replica, local: TrackerIssue): Promise<string[]> {
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
  // writing it twice. It is recognised among the comments no mapping accounts for: first by its exact attributed
  // body, else as one of Tandem's attributed copies naming the same author (the original may have been edited since
  // the lost add); an adopted copy whose body differs is brought up to date.
  const accounted = new Set(mappings.flatMap((mapping) => [mapping.originId, mapping.mirrorId]));
  const tandemAccount = await ownAccountId(targetTracker).catch(() => undefined);
  const unaccounted = local.comments.filter((comment) => !accounted.has(comment.id));
  for (const entry of plan.add) {
    const expected = normalizeAdf(entry.body);
    const exact = unaccounted.find((comment) => isDeepStrictEqual(normalizeAdf(comment.body), expected));
    const orphan =
      exact ??
      unaccounted.find(
        (comment) =>
          looksLikeTandemCopy(comment, tandemAccount) &&
          comment.body.content[0]?.content?.[0]?.text === (entry.origin.author?.displayName ?? 'Someone'),
      );
    if (orphan) unaccounted.splice(unaccounted.indexOf(orphan), 1);
    if (orphan && !exact) await targetTracker.updateComment(local.id, orphan.id, entry.body);
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

async function applyAttachments(context: ReceiveContext, replica: Replica, local: TrackerIssue): Promise<string[]> {
  const { deps, twin, target, source, targetTracker, fetchAttachment } = context;
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
        await fetchAttachment(attachment.id),
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

function setField(fields: ReplicaFields, field: BasicField, value: ReplicaFields[BasicField]): void {
  (fields as unknown as Record<string, unknown>)[field] = value;
}
