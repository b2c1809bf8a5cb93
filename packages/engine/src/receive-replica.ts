/**
 * The receiving side of a sync step: run this side's incoming rule, create the twin issue or merge into it (three
 * ways), move the status, then copy comments, attachments and worklogs and mirror links among twins. It runs on the node that owns the target instance — the same node in the one-node
 * topology, the peer node in the decentralized one — and answers what it did, so the sending side can record it.
 */
import { isDeepStrictEqual } from 'node:util';
import { normalizeAdf } from '@tandem/rich-text';
import {
  TrackerError,
  bodyHash,
  looksLikeTandemCopy,
  sameFieldValue,
  type FieldChanges,
  type FieldValue,
  type Replica,
  type SideName,
  type SyncBase,
  type TrackerAttachment,
  type TrackerIssue,
  type TrackerPort,
  type Twin,
} from '@tandem/core';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import {
  loadMappings,
  localValues,
  mappedIdsOn,
  mirrorsOn,
  planIncoming,
  worklogHash,
  type IncomingPlan,
} from './incoming-plan.ts';
import { ownAccountId } from './own-account.ts';
import { readBackOf } from './read-back.ts';
import type { AttachmentFetcher, DeliveryRequest, DeliveryResult, FieldDiff } from './replica-transport.ts';
import { toRuleIssue } from './rule-issue.ts';
import { rulesOf } from './side-rules.ts';
import { moveToStatus } from './status-walk.ts';
import { SyncStepError, parkedAtVersion } from './sync-step-error.ts';
import { withTwinHeld } from './twin-locks.ts';
import { TWIN_PROPERTY, readMarker, remoteLinkGlobalId, type TwinMarker } from './twin-marker.ts';

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

/** Fields a create sets in its own request; the rest follow in one edit (a create screen may not offer them). */
const CREATE_FIELDS = new Set(['summary', 'description', 'issuetype', 'parent']);
/** How long after a twin's record was made its original's side may hold back the copy's replicas (originalFirst). */
const ORIGINAL_FIRST_MS = 120_000;
/** Fields that change only through workflow transitions. */
const TRANSITION_FIELDS = new Set(['status', 'resolution']);

/** Stops the step when the rules found problems, or waits when a parent's twin does not exist yet. */
function checkPlan(context: ReceiveContext, plan: IncomingPlan, replica: Replica): void {
  const problems = [...plan.rule.problems, ...plan.resolved.problems];
  if (problems.length > 0) {
    throw new SyncStepError(
      `${replica.issueKey} → ${context.twin[context.target].instance}: ` +
        problems.map((problem) => `${problem.field}: ${problem.message}`).join('; '),
      { issue: replica.issueKey, problems },
    );
  }
  if (plan.resolved.waitingFor.length > 0) {
    const keys = plan.resolved.waitingFor.map((ref) => ref.key).join(', ');
    throw new SyncStepError(
      `${replica.issueKey} waits for the twin of ${keys} on ${context.twin[context.target].instance}`,
      { issue: replica.issueKey, waitingFor: keys },
      true,
      2_000,
    );
  }
}

/**
 * A copy's replica reaching its original while the original's side has no base yet: its own first step did not finish
 * (the answer lost, the node killed, the copy's receive failed after the create). A merge without a base can only guess
 * which side changed a field since the create, and both issues' `updated` move with Tandem's own writes (the create,
 * the remote links). The copy's side has its base from the create: so the original's side sends first — its step is
 * queued and this delivery refused for now (retryable) — the copy's side merges three ways, and the original's side
 * takes its base from that step's answer. Only while that step can run (this side syncs on its own, the step is not
 * parked on this version) and only for a young twin: should the step never record a base (its issue left the scope),
 * the copy's changes are not held back for good — the merge then goes by the untouched copy or the later `updated`.
 */
async function originalFirst(context: ReceiveContext, request: DeliveryRequest, plan: IncomingPlan): Promise<void> {
  const { deps, connection, twin, target } = context;
  if (!request.senderIsCopy || plan.local === null || plan.state?.base) return;
  if (twin.state === 'unsynced' || sideOf(connection, target).sync !== 'auto') return;
  if (deps.now() - twin.createdAt > ORIGINAL_FIRST_MS) return;
  if (parkedAtVersion(await deps.store.getError(twin.id), target, plan.local.updated)) return;
  await deps.store.enqueue({
    connection: connection.name,
    twinId: twin.id,
    sourceSide: target,
    reason: 'original-first',
    availableAt: deps.now(),
  });
  throw new SyncStepError(
    `${plan.local.key} sends first: this side has no merge base for the twin yet`,
    { twinId: twin.id, originalFirst: true },
    true,
    1_000,
  );
}

/**
 * A replica from the peer node (decentralized topology): applied while holding the twin on this node, so it never runs
 * alongside this node's own step for the twin or a second delivery of it (busy: a retryable error, the peer retries).
 */
export function receivePeerReplica(
  deps: EngineDeps,
  request: DeliveryRequest,
  fetchAttachment: AttachmentFetcher,
): Promise<ReceiveResult> {
  return withTwinHeld(deps, request.twinId, () => receiveReplica(deps, request, fetchAttachment));
}

/** The receiving side: create the twin issue or merge into it, then status, comments, attachments, worklogs, links. */
export async function receiveReplica(
  deps: EngineDeps,
  request: DeliveryRequest,
  fetchAttachment: AttachmentFetcher,
): Promise<ReceiveResult> {
  const context = await receiverContext(deps, request, fetchAttachment);
  const { replica } = request;
  const { twin, target, targetTracker, connection } = context;
  const planFor = (localIssueId: string | null) =>
    planIncoming({
      deps,
      connection,
      twinId: twin.id,
      target,
      tracker: targetTracker,
      replica,
      localIssueId,
      ...(request.senderIsCopy === 'untouched' ? { senderIsCopy: true } : {}),
      ...(request.fieldChanged ? { fieldChanged: request.fieldChanged } : {}),
    });
  let plan = await planFor(twin[target].issueId);
  checkPlan(context, plan, replica);
  await originalFirst(context, request, plan);
  const changes: string[] = [];
  let writes = { ...plan.merge.writes };
  let local = plan.local;
  let created = false;
  /** The issue was created by this very step: it holds nothing but what this replica gave it. */
  let fresh = false;
  if (local === null) {
    const made = await createTwinIssue(context, replica, writes, plan);
    created = true;
    if (made.found) {
      // An issue an earlier attempt created (its answer lost), or a copy the store had forgotten: a person may have
      // edited it since, so it is merged like any twin issue, against the base recorded before that create.
      plan = await planFor(made.id);
      checkPlan(context, plan, replica);
      writes = { ...plan.merge.writes };
      local = plan.local;
      if (!local) throw new SyncStepError(`the issue found on ${targetTracker.instance} cannot be read`, {}, true);
    } else {
      fresh = true;
      local = await targetTracker.getIssue(made.id);
      if (!local)
        throw new SyncStepError(`the issue just created on ${targetTracker.instance} cannot be read`, {}, true);
      // What the create already holds needs no edit. Nor does a field the create itself set that now reads otherwise:
      // a person changed it in the moment between the create and this read, and writing the create's value again
      // would undo their edit (chaos seed 378). Their value travels back like any edit.
      const now = localValues(local);
      for (const field of Object.keys(writes)) {
        if (
          sameFieldValue(writes[field], now[field]) ||
          sameFieldValue(plan.merge.base.applied[field], now[field]) ||
          setByCreate(field, writes[field])
        )
          delete writes[field];
      }
    }
    // What the new issue holds is the base from now on, recorded at once: should a later write of this step fail (an
    // attachment the sender no longer has), the next replica merges against it, so a person's edit of the new issue
    // meanwhile is kept and the other side's newer values are taken. The fields still to write get theirs below.
    const held: SyncBase = {
      ...(plan.state?.base ?? {}),
      remote: { ...plan.merge.base.remote },
      applied: { ...plan.merge.base.applied },
    };
    for (const field of Object.keys(writes)) {
      delete held.remote[field];
      delete held.applied[field];
    }
    await deps.store.putSideState({
      twinId: twin.id,
      side: target,
      lastSent: plan.state?.lastSent ?? null,
      base: held,
    });
  }
  const before = localValues(local);
  // A new issue shows every value it was given (at create or in the edit after it).
  const diff: FieldDiff[] = Object.entries(fresh ? plan.merge.writes : writes).map(([field, after]) => ({
    field,
    name: plan.catalog.find((entry) => entry.id === field)?.name ?? field,
    before: fresh ? null : (before[field] ?? null),
    after,
  }));
  changes.push(...(await writeFields(context, plan, local, writes)));
  changes.push(...(await applyComments(context, plan, local)));
  const tandemWritten = new Map((request.tandemAttachments ?? []).map((entry) => [entry.id, entry.created]));
  const attachments = await applyAttachments(context, plan, local, tandemWritten);
  changes.push(...attachments.done);
  changes.push(...(await applyWorklogs(context, plan, local)));
  const links = await applyLinks(context, plan, local);
  changes.push(...links.changes);

  // What this side would now send back is what it just received: recorded as already sent, so the webhook of
  // Tandem's own writes finds nothing new (no echo round trip). Fields this side kept are recorded with the other
  // side's value, so they still differ and travel on the step queued below.
  const echo = await echoReplica(context, plan, local, fresh);
  await deps.store.transaction(async (tx) => {
    await tx.putSideState({
      twinId: twin.id,
      side: target,
      lastSent: echo ?? plan.state?.lastSent ?? null,
      base: { ...plan.merge.base, received: replica, links: links.shared },
    });
    if (plan.merge.localOnly.length > 0) {
      await tx.enqueue({
        connection: connection.name,
        twinId: twin.id,
        sourceSide: target,
        reason: 'kept-here',
        availableAt: deps.now(),
      });
    }
  });
  return {
    created,
    targetIssue: { id: local.id, key: local.key, url: targetTracker.browseUrl(local.key) },
    changes,
    diff,
    conflicts: plan.merge.decisions,
    echo,
    log: plan.rule.log,
    ...(attachments.copies.length + attachments.deleted.length > 0
      ? { attachmentCopies: { copies: attachments.copies, deleted: attachments.deleted } }
      : {}),
  };
}

/**
 * What this side is now known to have sent: its outgoing rule's replica as if it were sent right after these writes.
 * Only what the writes touched takes the written values (read back as this instance stores them); everything else is
 * what the other side last got from here (the previous replica sent) — a change a person made here meanwhile (a
 * comment, a field) must still look new to the next step, or it would never travel. Keys the other side never got
 * are left out for the same reason. A twin issue just created holds nothing but what the other side sent.
 */
async function echoReplica(
  context: ReceiveContext,
  plan: IncomingPlan,
  local: TrackerIssue,
  created: boolean,
): Promise<Replica | null> {
  const { deps, connection, target, targetTracker } = context;
  const readBack = readBackOf(targetTracker.flavor, plan.catalog);
  const fields = { ...local.fields };
  for (const [field, value] of Object.entries(plan.resolved.values)) fields[field] = readBack(field, value);
  const simulated: TrackerIssue = {
    ...local,
    fields,
    summary: typeof fields['summary'] === 'string' ? fields['summary'] : local.summary,
    description: 'description' in fields ? (fields['description'] as TrackerIssue['description']) : local.description,
    issueType: typeof fields['issuetype'] === 'string' ? { id: '', name: fields['issuetype'] } : local.issueType,
    status: typeof fields['status'] === 'string' ? { ...local.status, name: fields['status'] } : local.status,
  };
  const mappings = await loadMappings(deps, context.twin.id);
  const tandemAccount = await ownAccountId(targetTracker).catch(() => undefined);
  const mirrors = mirrorsOn(target, mappings);
  const outgoing = (issue: TrackerIssue) =>
    rulesOf(connection, target).outgoing({
      connection: connection.name,
      instance: targetTracker.instance,
      issue: toRuleIssue(issue, mirrors, tandemAccount),
      catalog: plan.catalog,
    });
  const after = await outgoing(simulated);
  if (!after) return null;
  const previous = plan.state?.lastSent ?? null;
  // Comments, attachments, worklogs and links: only what the other side already got from here. A twin issue "just
  // created" may be one an earlier attempt made (its answer lost) that a person has commented on since: claiming its
  // items as sent would mean they never travel.
  const items = {
    comments: previous?.comments ?? [],
    attachments: previous?.attachments ?? [],
    worklogs: previous?.worklogs ?? [],
    links: previous?.links ?? [],
  };
  let content: Omit<Replica, 'version' | 'connection' | 'instance' | 'issueId' | 'issueKey' | 'issueUrl' | 'updated'> =
    {
      fields: after.fields,
      ...items,
    };
  if (!created) {
    const before = await outgoing(local);
    const echoFields: Replica['fields'] = {};
    for (const [key, value] of Object.entries(after.fields)) {
      if (!before || !sameFieldValue(before.fields[key], value)) echoFields[key] = value;
      else if (previous && key in previous.fields) echoFields[key] = previous.fields[key] ?? null;
    }
    content = { fields: echoFields, ...items };
  }
  return {
    version: 2,
    connection: connection.name,
    instance: targetTracker.instance,
    issueId: local.id,
    issueKey: local.key,
    issueUrl: targetTracker.browseUrl(local.key),
    updated: local.updated,
    ...content,
  };
}

/** Field edits in one request, then the status through the workflow (its screens filled from the same values). */
async function writeFields(
  context: ReceiveContext,
  plan: IncomingPlan,
  local: TrackerIssue,
  writes: Record<string, FieldValue>,
): Promise<string[]> {
  const { targetTracker } = context;
  const changes: FieldChanges = {};
  const other: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(writes)) {
    if (TRANSITION_FIELDS.has(field)) continue;
    if (field === 'summary' && typeof value === 'string') changes.summary = value;
    else if (field === 'description') changes.description = value as TrackerIssue['description'];
    else if (field === 'issuetype' && typeof value === 'string') changes.issueTypeName = value;
    else other[field] = value;
  }
  await ensureProjectValues(context, local.projectKey, plan, other);
  if (Object.keys(other).length > 0) changes.fields = other;
  const done: string[] = [];
  if (Object.keys(changes).length > 0) {
    await targetTracker.updateFields(local.id, changes);
    done.push(...Object.keys(writes).filter((field) => !TRANSITION_FIELDS.has(field)));
  }
  const status = writes['status'];
  if (typeof status === 'string' && status.toLocaleLowerCase() !== local.status.name.toLocaleLowerCase()) {
    const run = await moveToStatus(targetTracker, {
      issueId: local.id,
      issueKey: local.key,
      projectKey: local.projectKey,
      issueType: typeof writes['issuetype'] === 'string' ? writes['issuetype'] : local.issueType.name,
      current: local.status.name,
      target: status,
      screenValues: { ...plan.resolved.values },
    });
    done.push(`status(${run.join(' → ')})`);
  }
  return done;
}

/** Components and versions the values name but the project lacks are created first (Jira rejects unknown names). */
async function ensureProjectValues(
  context: ReceiveContext,
  projectKey: string,
  plan: IncomingPlan,
  values: Record<string, FieldValue>,
): Promise<void> {
  const { targetTracker } = context;
  const kindOf = (field: string) =>
    field === 'components'
      ? 'components'
      : field === 'fixVersions' || field === 'versions'
        ? 'versions'
        : plan.catalog.find((entry) => entry.id === field)?.kind;
  for (const kind of ['components', 'versions'] as const) {
    const wanted = new Set<string>();
    for (const [field, value] of Object.entries(values)) {
      if (kindOf(field) === kind && Array.isArray(value))
        for (const name of value) if (typeof name === 'string') wanted.add(name);
    }
    if (wanted.size === 0) continue;
    const existing = new Set(
      kind === 'components'
        ? await targetTracker.projectComponents(projectKey)
        : await targetTracker.projectVersions(projectKey),
    );
    for (const name of wanted) {
      if (existing.has(name)) continue;
      if (kind === 'components') await targetTracker.createComponent(projectKey, name);
      else await targetTracker.createVersion(projectKey, name);
    }
  }
}

/**
 * Creates the twin issue. The intent id is stored before the request and written into the new issue's marker, so
 * that after a lost response the next attempt finds the issue instead of creating a second one.
 */
async function createTwinIssue(
  context: ReceiveContext,
  replica: Replica,
  writes: Record<string, FieldValue>,
  plan: IncomingPlan,
): Promise<{ id: string; found: boolean }> {
  const { deps, connection, source, target, targetTracker } = context;
  let twin = (await deps.store.getTwin(context.twin.id)) ?? context.twin;
  const targetSide = sideOf(connection, target);
  if (twin.createIntent) {
    const found = await targetTracker.findByProperty(TWIN_PROPERTY, 'intent', twin.createIntent);
    const first = found[0];
    if (first) return { id: await finishCreate(context, twin, replica, first.id, first.key), found: true };
    if (deps.now() - twin.updatedAt < deps.timings.createSettleMs) {
      throw new SyncStepError(
        `waiting for an earlier create on ${twin[target].instance} to show up in search before trying again`,
        { intent: twin.createIntent },
        true,
        Math.min(5_000, deps.timings.createSettleMs),
      );
    }
  }
  if (!twin.createIntent) {
    // A copy made before the store lost its record (restored from an older copy, or deleted) still names its
    // original in its marker: it is taken instead of a second copy.
    const copy = await findExistingCopy(context, replica);
    if (copy) return { id: await finishCreate(context, twin, replica, copy.id, copy.key), found: true };
  }
  const summary = writes['summary'];
  if (typeof summary !== 'string' || summary.trim() === '') {
    throw new SyncStepError(
      `${replica.issueKey}: the incoming rules of ${targetTracker.instance} give no summary for the new issue`,
      { issue: replica.issueKey, field: 'summary' },
    );
  }
  const intent = twin.createIntent ?? deps.newId();
  twin = { ...twin, createIntent: intent, state: 'creating', updatedAt: deps.now() };
  // With the intent, the values the create is about to set, as this side's base: should its answer be lost, the
  // issue found later by the intent is merged against them — a person's edit of it meanwhile is kept, not overwritten.
  const createBase: SyncBase = { remote: {}, applied: {} };
  for (const field of Object.keys(writes)) {
    if (!CREATE_FIELDS.has(field)) continue;
    createBase.remote[field] = plan.merge.base.remote[field] ?? null;
    createBase.applied[field] = plan.merge.base.applied[field] ?? null;
  }
  const creating = twin;
  await deps.store.transaction(async (tx) => {
    await tx.updateTwin(creating);
    await tx.putSideState({ twinId: twin.id, side: target, lastSent: plan.state?.lastSent ?? null, base: createBase });
  });
  const marker: TwinMarker = {
    connection: connection.name,
    twinId: twin.id,
    intent,
    origin: { instance: twin[source].instance, issueId: replica.issueId, issueKey: replica.issueKey },
  };
  const issueType = writes['issuetype'];
  const extra: Record<string, FieldValue> = {};
  for (const [field, value] of Object.entries(writes)) {
    if (setByCreate(field, value) && !['summary', 'description', 'issuetype'].includes(field)) extra[field] = value;
  }
  const ref = await targetTracker.createIssue({
    projectKey: targetSide.project,
    issueTypeName: typeof issueType === 'string' ? issueType : plan.project.defaultIssueType,
    summary,
    description: (writes['description'] as TrackerIssue['description'] | undefined) ?? null,
    properties: { [TWIN_PROPERTY]: marker },
    ...(Object.keys(extra).length > 0 ? { fields: extra } : {}),
  });
  return { id: await finishCreate(context, twin, replica, ref.id, ref.key), found: false };
}

/** Whether the create request carries this field's value (summary, description and type always; others when set). */
function setByCreate(field: string, value: FieldValue | undefined): boolean {
  if (!CREATE_FIELDS.has(field)) return false;
  return ['summary', 'description', 'issuetype'].includes(field) || (value !== null && value !== undefined);
}

/** An issue on the target already copied from this replica's issue through this connection, found by its marker. */
async function findExistingCopy(
  context: ReceiveContext,
  replica: Replica,
): Promise<{ id: string; key: string } | undefined> {
  const { connection, source, twin, targetTracker } = context;
  const candidates = await targetTracker.findByProperty(TWIN_PROPERTY, 'origin.issueId', replica.issueId);
  for (const candidate of candidates) {
    const issue = await targetTracker.getIssue(candidate.id);
    const marker = issue && readMarker(issue.properties);
    if (
      marker?.connection === connection.name &&
      marker.origin?.instance === twin[source].instance &&
      marker.origin.issueId === replica.issueId
    )
      return { id: candidate.id, key: candidate.key };
  }
  return undefined;
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

async function applyComments(context: ReceiveContext, plan: IncomingPlan, local: TrackerIssue): Promise<string[]> {
  const { deps, twin, source, target, targetTracker } = context;
  const done: string[] = [];
  // A copy whose add had an unknown outcome (lost response) is on the issue without a mapping: adopt it instead of
  // writing it twice. It is recognised among the comments no mapping accounts for: first by its exact body, else as
  // one of Tandem's attributed copies naming the same author (the original may have been edited since the lost add);
  // an adopted copy whose body differs is brought up to date.
  const accounted = mappedIdsOn(target, plan.mappings.comments);
  const tandemAccount = await ownAccountId(targetTracker).catch(() => undefined);
  const unaccounted = local.comments.filter((comment) => !accounted.has(comment.id));
  for (const entry of plan.comments.add) {
    const expected = normalizeAdf(entry.body);
    const exact = unaccounted.find((comment) => isDeepStrictEqual(normalizeAdf(comment.body), expected));
    const orphan =
      exact ??
      unaccounted.find(
        (comment) =>
          looksLikeTandemCopy(comment, tandemAccount) &&
          comment.body.content[0]?.content?.[0]?.text === (entry.origin?.author?.displayName ?? 'Someone'),
      );
    if (orphan) unaccounted.splice(unaccounted.indexOf(orphan), 1);
    if (orphan && !exact) await targetTracker.updateComment(local.id, orphan.id, entry.body);
    const { id } = orphan ?? (await targetTracker.addComment(local.id, entry.body));
    // Recorded at once: a copy without its mapping would be copied again on the next step.
    await deps.store.putCommentMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.originId,
      mirrorId: id,
      originHash: bodyHash(entry.body),
    });
    done.push(`comment+${entry.originId}`);
  }
  for (const entry of plan.comments.update) {
    await targetTracker.updateComment(local.id, entry.mirrorId, entry.body);
    await deps.store.putCommentMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.originId,
      mirrorId: entry.mirrorId,
      originHash: bodyHash(entry.body),
    });
    done.push(`comment~${entry.originId}`);
  }
  for (const entry of plan.comments.delete) {
    await ignoreMissing(targetTracker.deleteComment(local.id, entry.mirrorId));
    await deps.store.deleteCommentMapping(twin.id, source, entry.originId);
    done.push(`comment-${entry.originId}`);
  }
  return done;
}

async function ignoreMissing(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof TrackerError && error.kind === 'not-found')) throw error;
  }
}

/**
 * Copies the replica's new attachments here and deletes the copies of removed ones. An attachment with no mapping may
 * already be here: Tandem's copy of it (an upload whose answer was lost, a mapping the store lost) is adopted by its
 * file name and size, as comments are by their body. One the sender's Tandem account wrote (`tandemAttachments`) may
 * instead be the sender's copy of an attachment of this issue: of one still here (same name and size) it is recorded
 * as that copy; of one a person deleted here (this issue's history shows that name added by someone other than
 * Tandem before the copy was written, and removed after it) it is not copied back, and the sender deletes it. Uploads
 * through Tandem's account are not ruled out as such: one without such a match here is copied like any other.
 */
async function applyAttachments(
  context: ReceiveContext,
  plan: IncomingPlan,
  local: TrackerIssue,
  tandemWritten: ReadonlyMap<string, number>,
): Promise<{ done: string[]; copies: { originId: string; mirrorId: string }[]; deleted: string[] }> {
  const { deps, twin, source, target, targetTracker, fetchAttachment } = context;
  const done: string[] = [];
  const copies: { originId: string; mirrorId: string }[] = [];
  const deleted: string[] = [];
  const accounted = mappedIdsOn(target, plan.mappings.attachments);
  const unaccounted = local.attachments.filter((attachment) => !accounted.has(attachment.id));
  const tandemAccount = tandemWritten.size > 0 ? await ownAccountId(targetTracker).catch(() => undefined) : undefined;
  let removedHere: RemovedAttachment[] | undefined;
  for (const attachment of plan.attachments.add) {
    const same = (candidate: TrackerAttachment) =>
      candidate.filename === attachment.filename && candidate.size === attachment.size;
    const byTandem = (candidate: TrackerAttachment) =>
      tandemAccount !== undefined && candidate.author?.id === tandemAccount;
    const written = tandemWritten.get(attachment.id);
    if (written !== undefined) {
      const original = unaccounted.find((candidate) => same(candidate) && !byTandem(candidate));
      if (original) {
        unaccounted.splice(unaccounted.indexOf(original), 1);
        await deps.store.putAttachmentMapping({
          twinId: twin.id,
          originSide: target,
          originId: original.id,
          mirrorId: attachment.id,
          originHash: '',
        });
        copies.push({ originId: original.id, mirrorId: attachment.id });
        done.push(`attachment=${attachment.filename}`);
        continue;
      }
      if (!unaccounted.some(same)) {
        removedHere ??= await attachmentsRemovedHere(targetTracker, local, tandemAccount);
        // Copied while the original was here: written after it was added and before it was removed.
        const copied = removedHere.some(
          (removed) =>
            removed.filename === attachment.filename && removed.added <= written && written <= removed.removed,
        );
        if (copied) {
          deleted.push(attachment.id);
          done.push(`attachment×${attachment.filename}`);
          continue;
        }
      }
    }
    const orphan = unaccounted.find((candidate) => same(candidate) && byTandem(candidate)) ?? unaccounted.find(same);
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
  for (const entry of plan.attachments.delete) {
    await ignoreMissing(targetTracker.deleteAttachment(entry.mirrorId));
    await deps.store.deleteAttachmentMapping(twin.id, source, entry.originId);
    done.push(`attachment-${entry.originId}`);
  }
  return { done, copies, deleted };
}

interface RemovedAttachment {
  filename: string;
  /** When it was added and removed (epoch ms). */
  added: number;
  removed: number;
}

/**
 * Attachments a person (not Tandem's account) added to this issue and that were removed since, from its history;
 * none when the tracker cannot tell. Read only for the rare attachment checked above.
 */
async function attachmentsRemovedHere(
  tracker: TrackerPort,
  issue: TrackerIssue,
  tandemAccount: string | undefined,
): Promise<RemovedAttachment[]> {
  if (!tracker.changelog) return [];
  const history = await tracker.changelog(issue.id);
  const added = new Map<string, { by: string | null; at: number }>();
  const removed: RemovedAttachment[] = [];
  for (const change of history) {
    for (const item of change.items) {
      if (item.field !== 'Attachment') continue;
      if (item.to !== null && item.toString !== null) added.set(item.to, { by: change.authorId, at: change.at });
      if (item.from !== null && item.fromString !== null && item.to === null) {
        const addition = added.get(item.from);
        if (addition && addition.by !== tandemAccount)
          removed.push({ filename: item.fromString, added: addition.at, removed: change.at });
      }
    }
  }
  return removed;
}

async function applyWorklogs(context: ReceiveContext, plan: IncomingPlan, local: TrackerIssue): Promise<string[]> {
  const { deps, twin, source, target, targetTracker } = context;
  const done: string[] = [];
  // A worklog add with an unknown outcome is adopted by its start and duration among Tandem's unmapped worklogs.
  const accounted = mappedIdsOn(target, plan.mappings.worklogs);
  const tandemAccount = await ownAccountId(targetTracker).catch(() => undefined);
  const unaccounted = local.worklogs.filter(
    (worklog) => !accounted.has(worklog.id) && worklog.author?.id === tandemAccount,
  );
  const content = (entry: IncomingPlan['worklogs']['add'][number]) => ({
    started: entry.started,
    timeSpentSeconds: entry.timeSpentSeconds,
    comment: entry.comment as TrackerIssue['description'],
  });
  for (const entry of plan.worklogs.add) {
    const orphan = unaccounted.find(
      (worklog) => worklog.started === entry.started && worklog.timeSpentSeconds === entry.timeSpentSeconds,
    );
    if (orphan) unaccounted.splice(unaccounted.indexOf(orphan), 1);
    const { id } = orphan ?? (await targetTracker.addWorklog(local.id, content(entry)));
    await deps.store.putWorklogMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.originId,
      mirrorId: id,
      originHash: worklogHash(entry),
    });
    done.push(`worklog+${entry.originId}`);
  }
  for (const entry of plan.worklogs.update) {
    await targetTracker.updateWorklog(local.id, entry.mirrorId, content(entry));
    await deps.store.putWorklogMapping({
      twinId: twin.id,
      originSide: source,
      originId: entry.originId,
      mirrorId: entry.mirrorId,
      originHash: worklogHash(entry),
    });
    done.push(`worklog~${entry.originId}`);
  }
  for (const entry of plan.worklogs.delete) {
    await ignoreMissing(targetTracker.deleteWorklog(local.id, entry.mirrorId));
    await deps.store.deleteWorklogMapping(twin.id, source, entry.originId);
    done.push(`worklog-${entry.originId}`);
  }
  return done;
}

async function applyLinks(
  context: ReceiveContext,
  plan: IncomingPlan,
  local: TrackerIssue,
): Promise<{ changes: string[]; shared: string[] }> {
  const { targetTracker } = context;
  const changes: string[] = [];
  for (const link of plan.links.add) {
    await targetTracker.addIssueLink({
      type: link.type,
      outwardIssueId: link.direction === 'outward' ? local.id : link.issueId,
      inwardIssueId: link.direction === 'outward' ? link.issueId : local.id,
    });
    changes.push(`link+${link.type}:${link.issueKey}`);
  }
  for (const link of plan.links.remove) {
    await ignoreMissing(targetTracker.deleteIssueLink(link.linkId));
    changes.push(`link-${link.type}:${link.issueKey}`);
  }
  return { changes, shared: plan.links.shared };
}
