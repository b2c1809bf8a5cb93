/**
 * One sync step: bring twin T up to date from side S. State-based: it reads the source issue as it is now (duplicate
 * or reordered notifications do no harm), builds the replica, sends nothing when it equals the last one sent, and on
 * the receiving side merges three ways and writes only what changed. A create whose outcome is unknown is resolved by
 * the marker written into the created issue, never by a second create.
 */
import {
  TrackerError,
  replicaChanged,
  sameFieldValue,
  type Replica,
  type RuleIssue,
  type SideName,
  type SyncBase,
  type TrackerField,
  type TrackerIssue,
  type TrackerPort,
  type Twin,
} from '@tandem/core';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { localValues, ruleProject } from './incoming-plan.ts';
import { replicaFieldChanges } from './field-change-times.ts';
import { buildOutgoingReplica } from './outgoing-replica.ts';
import { ownAccountId } from './own-account.ts';
import { resolveIntended } from './resolve-intended.ts';
import { rulesOf } from './side-rules.ts';
import type { DeliveryResult, ReplicaTransport } from './replica-transport.ts';
import { PARKED_AT_UPDATED, parkedAtVersion, SyncStepError } from './sync-step-error.ts';
import { TWIN_PROPERTY, isCopyOf, readMarker, remoteLinkGlobalId, type TwinMarker } from './twin-marker.ts';

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
  // Two detections of one change (the poll's overlap, a webhook) can both be queued while the first step runs: once that
  // step parked the twin on this version, the second would only fail the same way and count one more attempt.
  if (!force && parkedAtVersion(await deps.store.getError(twin.id), source, issue.updated))
    return { kind: 'skipped', reason: `${issue.key} is parked at this version` };

  const adopted = await adoptIfCopy(context, issue);
  if (adopted) return adopted;
  await adoptKnownTwin(context, issue);

  const { replica, ruleIssue, catalog, sourceState } = await buildOutgoingReplica(
    deps,
    connection,
    twin.id,
    source,
    context.sourceTracker,
    issue,
  );
  if (!replica || !(await inScopeJql(context, issue.id)))
    return { kind: 'skipped', reason: `${issue.key} is outside the scope of ${twin[source].instance}` };
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
  // A child needs its parent's twin first: the parent starts syncing now, and the child's step waits for it.
  await queueReferencedIssues(context, replica);
  const knownTarget = context.twin[target].issueId !== null;
  // No base here for a twin whose other issue exists (store restored to before the twin, two issues connected): the
  // receiver decides fields without a base by when each changed, so this side's times go with the replica.
  const fieldChanged =
    knownTarget && !sourceState?.base
      ? await replicaFieldChanges(
          rulesOf(connection, source),
          { connection: connection.name, instance: context.sourceTracker.instance, issue: ruleIssue, catalog },
          context.sourceTracker,
          issue,
        )
      : undefined;
  const tandemAttachments = await unmappedTandemAttachments(context, issue, replica);

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
        ...copyState(context, issue, sourceState?.base),
        ...(fieldChanged ? { fieldChanged } : {}),
        ...(tandemAttachments.length > 0 ? { tandemAttachments } : {}),
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
  await settleAttachmentCopies(context, received);

  // The other side now holds these values, as its echo shows: this side's base takes them, read through this side's
  // own incoming rule, so the same values coming back later are not news (nor a lossy conversion of them).
  const base = await baseFromEcho(context, issue, ruleIssue, catalog, sourceState?.base ?? null, received.echo);
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
        diff: received.diff ?? [],
        conflicts: received.conflicts,
        log: received.log ?? [],
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

/**
 * The sender's base after a delivery: its own incoming rule run on the receiver's echo gives, field by field, the
 * values this side would take from the other side as it now is; they are the base, with this issue's values as applied.
 */
async function baseFromEcho(
  context: StepContext,
  issue: TrackerIssue,
  ruleIssue: RuleIssue,
  catalog: TrackerField[],
  previous: SyncBase | null,
  echo: Replica | null,
): Promise<SyncBase> {
  const base: SyncBase = {
    remote: { ...(previous?.remote ?? {}) },
    applied: { ...(previous?.applied ?? {}) },
    ...(previous?.received === undefined ? {} : { received: previous.received }),
    ...(previous?.links === undefined ? {} : { links: previous.links }),
  };
  if (!echo) return base;
  const { deps, connection, source, target, sourceTracker } = context;
  const incoming = await rulesOf(connection, source).incoming({
    connection: connection.name,
    instance: sourceTracker.instance,
    replica: echo,
    previous: previous?.received ?? null,
    firstSync: false,
    issue: ruleIssue,
    catalog,
    project: await ruleProject(deps, sourceTracker, sideOf(connection, source).project),
  });
  const resolved = await resolveIntended(
    {
      tracker: sourceTracker,
      catalog,
      store: deps.store,
      connection: connection.name,
      senderInstance: context.twin[target].instance,
      targetInstance: context.twin[source].instance,
      now: deps.now(),
    },
    incoming.fields,
  );
  const local = localValues(issue);
  for (const [field, value] of Object.entries(resolved.values)) {
    base.remote[field] = value;
    base.applied[field] = local[field] ?? null;
  }
  return base;
}

/**
 * Whether this issue is the copy Tandem created of the other side's issue (DeliveryRequest.senderIsCopy), and whether
 * it is untouched: every field as this side's base recorded it after Tandem's last write (or its create), so its values
 * are the original's as they were, however much later its `updated` (Tandem's own writes, its remote link). A copy
 * with no base here (the store lost it) or with a field a person changed since is `edited`.
 */
function copyState(
  context: StepContext,
  issue: TrackerIssue,
  base: SyncBase | null | undefined,
): { senderIsCopy?: 'untouched' | 'edited' } {
  const { connection, twin, target } = context;
  if (!isCopyOf(issue.properties, connection.name, twin[target].instance, twin[target].issueId)) return {};
  const now = localValues(issue);
  const untouched = base && Object.entries(base.applied).every(([field, value]) => sameFieldValue(value, now[field]));
  return { senderIsCopy: untouched ? 'untouched' : 'edited' };
}

/**
 * The replica's attachments Tandem's account wrote here that no mapping accounts for (DeliveryRequest.tandemAttachments).
 * The replica already leaves out the copies a mapping names; these are what is left: copies whose mapping the store lost,
 * or files uploaded through Tandem's account. Only known accounts are compared: no extra read.
 */
async function unmappedTandemAttachments(
  context: StepContext,
  issue: TrackerIssue,
  replica: Replica,
): Promise<{ id: string; created: number }[]> {
  if (replica.attachments.length === 0) return [];
  const account = await ownAccountId(context.sourceTracker).catch(() => undefined);
  if (account === undefined) return [];
  const sent = new Set(replica.attachments.map((attachment) => attachment.id));
  return issue.attachments
    .filter((attachment) => sent.has(attachment.id) && attachment.author?.id === account)
    .map((attachment) => ({ id: attachment.id, created: attachment.created }));
}

/**
 * What the receiver found about this side's unmapped attachments: copies of its own are recorded as such (on a peer
 * topology only this node's store holds what this side's copies are), and copies whose original a person deleted there
 * are deleted here, as the copy of a deleted attachment always is.
 */
async function settleAttachmentCopies(context: StepContext, received: DeliveryResult): Promise<void> {
  const found = received.attachmentCopies;
  if (!found) return;
  const { deps, twin, target, sourceTracker } = context;
  for (const copy of found.copies) {
    await deps.store.putAttachmentMapping({
      twinId: twin.id,
      originSide: target,
      originId: copy.originId,
      mirrorId: copy.mirrorId,
      originHash: '',
    });
  }
  for (const id of found.deleted) {
    try {
      await sourceTracker.deleteAttachment(id);
    } catch (error) {
      if (!(error instanceof TrackerError && error.kind === 'not-found')) throw error;
    }
  }
}

/** Whether the issue matches its side's scope JQL (Visual mode's `scope.jql`); true when there is none. */
async function inScopeJql(context: StepContext, issueId: string): Promise<boolean> {
  const scope = sideOf(context.connection, context.source).scopeJql;
  if (!scope) return true;
  for await (const match of context.sourceTracker.search(`(${scope}) AND id = ${issueId}`)) {
    if (match.id === issueId) return true;
  }
  return false;
}

/**
 * Issues the replica refers to by field (a parent, an epic) that have no twin yet start syncing: their twin record is
 * made and a sync event queued, in one transaction. The receiver waits for those twins before writing the reference.
 */
async function queueReferencedIssues(context: StepContext, replica: Replica): Promise<void> {
  const { deps, connection, twin, source } = context;
  for (const value of Object.values(replica.fields)) {
    if (!isIssueRef(value) || value.id === replica.issueId) continue;
    const known = await deps.store.findTwinByIssue(connection.name, twin[source].instance, value.id);
    if (known) continue;
    const now = deps.now();
    const dependency: Twin = {
      id: deps.newId(),
      connection: connection.name,
      a: { instance: twin.a.instance, issueId: null, issueKey: null },
      b: { instance: twin.b.instance, issueId: null, issueKey: null },
      origin: source,
      state: 'creating',
      createIntent: null,
      createdAt: now,
      updatedAt: now,
      lastSyncedAt: null,
    };
    dependency[source] = { instance: twin[source].instance, issueId: value.id, issueKey: value.key };
    await deps.store.transaction(async (tx) => {
      if (await tx.findTwinByIssue(connection.name, twin[source].instance, value.id)) return;
      await tx.insertTwin(dependency);
      await tx.enqueue({
        connection: connection.name,
        twinId: dependency.id,
        sourceSide: source,
        reason: 'parent',
        availableAt: now,
      });
    });
  }
}

function isIssueRef(value: unknown): value is { id: string; key: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 2 &&
    typeof (value as { id?: unknown }).id === 'string' &&
    typeof (value as { key?: unknown }).key === 'string'
  );
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
  // No record of the marker's twin: the store lost it (restored from an older copy). The marker still names the other
  // issue (`origin` on a copy, `twin` on an original), so the twin is rebuilt from it, as `tandem recover` would.
  const peer = marker.origin ?? marker.twin;
  if (!owner && peer && peer.instance === twin[target].instance) return rejoinLostTwin(context, issue, marker, peer);
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
 * An issue whose marker names a twin the store no longer has, and the other issue of that twin: the two are one twin
 * again. The other issue's own new record (made when it was detected since) takes this issue; else the twin is made
 * under the marker's id. Both sides are queued: with no base yet, their first steps agree field by field (see
 * mergeIntended) and adopt the comment, attachment and worklog copies already there instead of copying them again.
 */
async function rejoinLostTwin(
  context: StepContext,
  issue: TrackerIssue,
  marker: TwinMarker,
  peer: { instance: string; issueId: string; issueKey: string },
): Promise<StepOutcome> {
  const { deps, twin, source, target } = context;
  const into = await deps.store.transaction(async (tx) => {
    // This record holds this issue's id; it goes first so the rejoined twin can take it.
    await tx.deleteTwin(twin.id);
    const holder = await tx.findTwinByIssue(twin.connection, peer.instance, peer.issueId);
    // The other issue is twinned with a different issue on this side: this one stays alone (as a copy of a copy would).
    if (holder && holder[source].issueId !== null) return undefined;
    const rejoined: Twin = holder
      ? { ...holder, [source]: { ...holder[source], issueId: issue.id, issueKey: issue.key } }
      : {
          ...twin,
          id: marker.twinId,
          [target]: { ...twin[target], issueId: peer.issueId, issueKey: peer.issueKey },
          origin: marker.origin ? target : source,
          createIntent: marker.intent ?? null,
          createdAt: deps.now(),
        };
    rejoined.state = 'active';
    rejoined.updatedAt = deps.now();
    if (holder) await tx.updateTwin(rejoined);
    else await tx.insertTwin(rejoined);
    for (const side of [source, target]) {
      if (!deps.trackers.has(rejoined[side].instance)) continue;
      await tx.enqueue({
        connection: rejoined.connection,
        twinId: rejoined.id,
        sourceSide: side,
        reason: 'rejoined',
        availableAt: deps.now(),
      });
    }
    await tx.audit({
      at: deps.now(),
      connection: twin.connection,
      twinId: rejoined.id,
      kind: 'detected',
      detail: { rejoined: true, issue: issue.key, twin: peer.issueKey, markerTwin: marker.twinId },
    });
    return rejoined.id;
  });
  return { kind: 'merged-duplicate', into: into ?? marker.twinId };
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
