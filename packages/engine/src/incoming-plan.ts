/**
 * The receiving side's plan, computed without writing anything: run this side's incoming rule on the replica, resolve
 * names, people and parents, merge three ways with this issue, and list what would be written — fields, status,
 * comments, attachments, worklogs and links. `receiveReplica` carries the plan out; `tandem rules test` prints it.
 */
import type { AdfDoc } from '@tandem/rich-text';
import {
  bodyHash,
  mergeIntended,
  type FieldValue,
  type IncomingRuleInput,
  type IncomingRuleResult,
  type IntendedMergeInput,
  type IntendedMergeResult,
  type ItemMapping,
  type Replica,
  type ReplicaComment,
  type RuleIssue,
  type RuleProject,
  type SideName,
  type TrackerField,
  type TrackerIssue,
  type TrackerPort,
  type TwinSideState,
} from '@tandem/core';
import type { EngineConnection } from './engine-config.ts';
import { otherSide, sideOf } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { mergeFieldChanges } from './field-change-times.ts';
import { projectIssueTypes } from './issue-type-cache.ts';
import { ownAccountId } from './own-account.ts';
import { readBackOf } from './read-back.ts';
import { localizeMentions } from './mentions.ts';
import { findUser, resolveIntended, type ResolvedFields } from './resolve-intended.ts';
import { toRuleIssue } from './rule-issue.ts';
import { rulesOf } from './side-rules.ts';
import { SyncStepError } from './sync-step-error.ts';
import { isCopyOf } from './twin-marker.ts';

export interface ItemMappings {
  comments: ItemMapping[];
  attachments: ItemMapping[];
  worklogs: ItemMapping[];
}

export interface CommentWrite {
  originId: string;
  body: AdfDoc;
  origin: ReplicaComment | undefined;
}

export interface IncomingPlan {
  local: TrackerIssue | null;
  localRule: RuleIssue | null;
  state: TwinSideState | undefined;
  catalog: TrackerField[];
  project: RuleProject;
  rule: IncomingRuleResult;
  resolved: ResolvedFields;
  merge: IntendedMergeResult;
  mappings: ItemMappings;
  comments: {
    add: CommentWrite[];
    update: (CommentWrite & { mirrorId: string })[];
    delete: { originId: string; mirrorId: string }[];
  };
  attachments: { add: Replica['attachments']; delete: { originId: string; mirrorId: string }[] };
  worklogs: {
    add: { originId: string; started: number; timeSpentSeconds: number; comment: FieldValue }[];
    update: { originId: string; mirrorId: string; started: number; timeSpentSeconds: number; comment: FieldValue }[];
    delete: { originId: string; mirrorId: string }[];
  };
  links: { add: LinkSignature[]; remove: (LinkSignature & { linkId: string })[]; shared: string[] };
}

export interface LinkSignature {
  type: string;
  direction: 'outward' | 'inward';
  /** The local issue at the link's other end. */
  issueId: string;
  issueKey: string;
}

export const linkKey = (link: { type: string; direction: string; issueId: string }) =>
  `${link.type}|${link.direction}|${link.issueId}`;

/** A worklog copy's content hash: a change of any of these is an edit to copy. */
export function worklogHash(worklog: { started: number; timeSpentSeconds: number; comment: unknown }): string {
  return bodyHash({
    type: 'doc',
    version: 1,
    content: [{ type: 'text', text: JSON.stringify([worklog.started, worklog.timeSpentSeconds, worklog.comment]) }],
  });
}

/** Mirror ids on `side` (copies Tandem wrote there), by item kind. */
export function mirrorsOn(side: SideName, mappings: ItemMappings) {
  const on = (list: ItemMapping[]) =>
    new Set(list.filter((mapping) => mapping.originSide !== side).map((mapping) => mapping.mirrorId));
  return { comments: on(mappings.comments), attachments: on(mappings.attachments), worklogs: on(mappings.worklogs) };
}

/**
 * The ids on `side` that a mapping names: its originals there and its copies there. Ids are only unique within one
 * Jira, so the other side's ids must not be mixed in (the other side's item 10001 says nothing about this side's).
 */
export function mappedIdsOn(side: SideName, list: readonly ItemMapping[]): Set<string> {
  return new Set(list.map((mapping) => (mapping.originSide === side ? mapping.originId : mapping.mirrorId)));
}

export async function loadMappings(deps: EngineDeps, twinId: string): Promise<ItemMappings> {
  const [comments, attachments, worklogs] = await Promise.all([
    deps.store.listCommentMappings(twinId),
    deps.store.listAttachmentMappings(twinId),
    deps.store.listWorklogMappings(twinId),
  ]);
  return { comments, attachments, worklogs };
}

/** The receiving project's issue types, for the rules' fallbacks. */
export async function ruleProject(deps: EngineDeps, tracker: TrackerPort, projectKey: string): Promise<RuleProject> {
  const types = await projectIssueTypes(tracker, projectKey, deps.now(), deps.timings.issueTypesTtlMs);
  return {
    key: projectKey,
    issueTypes: types.names,
    subtaskIssueTypes: types.subtaskNames,
    defaultIssueType: types.defaultName,
  };
}

export interface PlanInput {
  deps: EngineDeps;
  connection: EngineConnection;
  twinId: string;
  /** The receiving side. */
  target: SideName;
  tracker: TrackerPort;
  replica: Replica;
  /** The local issue id, null when it is still to be created. */
  localIssueId: string | null;
  /** The replica's issue is the copy Tandem created of the local issue (see DeliveryRequest.senderIsCopy). */
  senderIsCopy?: boolean;
  /** When the replica's fields last changed on the sending side (see DeliveryRequest.fieldChanged). */
  fieldChanged?: Record<string, number>;
}

/** Computes the plan; reads Jira and the store, writes nothing. */
export async function planIncoming(input: PlanInput): Promise<IncomingPlan> {
  const { deps, connection, target, tracker, replica } = input;
  const source = otherSide(target);
  const local = input.localIssueId === null ? null : await tracker.getIssue(input.localIssueId);
  if (input.localIssueId !== null && !local) {
    throw new SyncStepError(`the twin issue ${input.localIssueId} on ${tracker.instance} no longer exists`, {
      instance: tracker.instance,
      issue: input.localIssueId,
    });
  }
  const targetSide = sideOf(connection, target);
  const [state, mappings, catalog, project, tandemAccount] = await Promise.all([
    deps.store.getSideState(input.twinId, target),
    loadMappings(deps, input.twinId),
    tracker.fieldCatalog(),
    ruleProject(deps, tracker, targetSide.project),
    ownAccountId(tracker).catch(() => undefined),
  ]);
  const localRule = local ? toRuleIssue(local, mirrorsOn(target, mappings), tandemAccount) : null;
  const ruleInput: IncomingRuleInput = {
    connection: connection.name,
    instance: tracker.instance,
    replica,
    previous: state?.base?.received ?? null,
    firstSync: local === null,
    issue: localRule,
    catalog,
    project,
  };
  const rule = await rulesOf(connection, target).incoming(ruleInput);
  const resolveContext = {
    tracker,
    catalog,
    store: deps.store,
    connection: connection.name,
    senderInstance: sideOf(connection, source).instance,
    targetInstance: targetSide.instance,
    now: deps.now(),
  };
  const resolved = await resolveIntended(resolveContext, rule.fields);
  // Mentions name people of the other instance: pointed at the same people here (or written as their name).
  const people = replica.people ?? {};
  const find = async (person: { displayName: string; email: string | null }) =>
    (await findUser(resolveContext, { email: person.email, displayName: person.displayName }))?.id ?? null;
  for (const [field, value] of Object.entries(resolved.values))
    resolved.values[field] = await localizeMentions(value, people, find);
  for (const comment of rule.comments) comment.body = await localizeMentions(comment.body, people, find);
  for (const worklog of rule.worklogs)
    if (worklog.comment) worklog.comment = await localizeMentions(worklog.comment, people, find);
  const readBack = readBackOf(tracker.flavor, catalog);
  // Between a copy and its original, a field without a base (the copy's first receive failed after the create, or
  // its create's answer was lost) is the original's: the copy holds the original's older values, and its `updated`
  // is later only because Tandem made it. Both sides decide so, whichever receives first. Only while nobody has changed
  // the copy since its create (`updated` still `created`): a copy a person edited since (after a store restore, whose
  // base is gone) is decided by the later `updated` like any other first contact, so that person's edit stands.
  const localIsCopy =
    local !== null &&
    local.updated <= local.created &&
    isCopyOf(local.properties, connection.name, sideOf(connection, source).instance, replica.issueId);
  const firstContactWinner = localIsCopy ? 'remote' : input.senderIsCopy ? 'local' : undefined;
  const mergeInput: IntendedMergeInput = {
    intended: resolved.values,
    remoteUpdated: replica.updated,
    local: local ? localValues(local) : null,
    localUpdated: local?.updated ?? 0,
    localSide: target,
    ...(firstContactWinner ? { firstContactWinner } : {}),
    base: state?.base ?? null,
    owners: ownersById(rule.owners, catalog),
    readBack,
  };
  let merge = mergeIntended(mergeInput);
  // Fields neither side has a base for, whose values differ: decided by when each field changed on either side (the
  // sender sent its times), not by which issue was updated last. The history is read only here.
  if (merge.firstContact.length > 0 && local && input.fieldChanged) {
    const fieldChanged = await mergeFieldChanges({
      rules: rulesOf(connection, target),
      ruleInput,
      intended: rule.fields,
      replicaChanged: input.fieldChanged,
      candidates: merge.firstContact.map((field) => localValues(local)[field] ?? null),
      tracker,
      local,
      catalog,
    });
    if (fieldChanged) merge = mergeIntended({ ...mergeInput, fieldChanged });
  }

  const comments = planCommentWrites(rule, replica, mappings.comments, source, local);
  const wantedAttachments = new Set(rule.attachments);
  const sourceAttachments = mappings.attachments.filter((mapping) => mapping.originSide === source);
  const mappedAttachments = new Set(sourceAttachments.map((mapping) => mapping.originId));
  // The sender's copies of this side's attachments (found so by an earlier receive, see applyAttachments) never come back.
  for (const mapping of mappings.attachments)
    if (mapping.originSide === target) mappedAttachments.add(mapping.mirrorId);
  const attachments = {
    add: replica.attachments.filter(
      (attachment) => wantedAttachments.has(attachment.id) && !mappedAttachments.has(attachment.id),
    ),
    delete: sourceAttachments
      .filter((mapping) => !wantedAttachments.has(mapping.originId))
      .map((mapping) => ({ originId: mapping.originId, mirrorId: mapping.mirrorId })),
  };
  const worklogs = planWorklogWrites(rule, mappings.worklogs, source, local);
  const links = await planLinks(input, rule, local, state);
  return {
    local,
    localRule,
    state,
    catalog,
    project,
    rule,
    resolved,
    merge,
    mappings,
    comments,
    attachments,
    worklogs,
    links,
  };
}

/** An issue's values by field id, as the merge compares them. */
export function localValues(issue: TrackerIssue): Record<string, FieldValue> {
  return {
    ...issue.fields,
    summary: issue.summary,
    description: issue.description,
    issuetype: issue.issueType.name,
    status: issue.status.name,
  };
}

function ownersById(
  owners: Record<string, 'local' | 'remote'>,
  catalog: readonly TrackerField[],
): Record<string, 'local' | 'remote'> {
  const byId: Record<string, 'local' | 'remote'> = {};
  for (const [key, owner] of Object.entries(owners)) {
    const field =
      catalog.find((entry) => entry.id === key) ??
      catalog.find((entry) => entry.name.toLocaleLowerCase() === key.toLocaleLowerCase());
    byId[field?.id ?? key] = owner;
  }
  return byId;
}

function planCommentWrites(
  rule: IncomingRuleResult,
  replica: Replica,
  mappings: ItemMapping[],
  source: SideName,
  local: TrackerIssue | null,
): IncomingPlan['comments'] {
  const mine = mappings.filter((mapping) => mapping.originSide === source);
  const byOrigin = new Map(mine.map((mapping) => [mapping.originId, mapping]));
  const existing = new Set(local?.comments.map((comment) => comment.id) ?? []);
  const origins = new Map(replica.comments.map((comment) => [comment.id, comment]));
  const plan: IncomingPlan['comments'] = { add: [], update: [], delete: [] };
  for (const wanted of rule.comments) {
    const mapping = byOrigin.get(wanted.originId);
    const write = { originId: wanted.originId, body: wanted.body, origin: origins.get(wanted.originId) };
    if (!mapping) plan.add.push(write);
    // A copy a person deleted on this side is not written again.
    else if (mapping.originHash !== bodyHash(wanted.body) && existing.has(mapping.mirrorId))
      plan.update.push({ ...write, mirrorId: mapping.mirrorId });
  }
  const wantedIds = new Set(rule.comments.map((comment) => comment.originId));
  for (const mapping of mine) {
    if (!wantedIds.has(mapping.originId)) plan.delete.push({ originId: mapping.originId, mirrorId: mapping.mirrorId });
  }
  return plan;
}

function planWorklogWrites(
  rule: IncomingRuleResult,
  mappings: ItemMapping[],
  source: SideName,
  local: TrackerIssue | null,
): IncomingPlan['worklogs'] {
  const mine = mappings.filter((mapping) => mapping.originSide === source);
  const byOrigin = new Map(mine.map((mapping) => [mapping.originId, mapping]));
  const existing = new Set(local?.worklogs.map((worklog) => worklog.id) ?? []);
  const plan: IncomingPlan['worklogs'] = { add: [], update: [], delete: [] };
  for (const wanted of rule.worklogs) {
    const mapping = byOrigin.get(wanted.originId);
    if (!mapping) plan.add.push({ ...wanted });
    else if (mapping.originHash !== worklogHash(wanted) && existing.has(mapping.mirrorId))
      plan.update.push({ ...wanted, mirrorId: mapping.mirrorId });
  }
  const wantedIds = new Set(rule.worklogs.map((worklog) => worklog.originId));
  for (const mapping of mine) {
    if (!wantedIds.has(mapping.originId)) plan.delete.push({ originId: mapping.originId, mirrorId: mapping.mirrorId });
  }
  return plan;
}

/**
 * Links among twins: the rule's links whose other end has a twin here become local links; a link Tandem made or
 * found shared before is removed when the other side no longer has it. Links to issues without a twin stay as they are.
 */
async function planLinks(
  input: PlanInput,
  rule: IncomingRuleResult,
  local: TrackerIssue | null,
  state: TwinSideState | undefined,
): Promise<IncomingPlan['links']> {
  const { deps, connection, target } = input;
  const senderInstance = sideOf(connection, otherSide(target)).instance;
  const targetInstance = sideOf(connection, target).instance;
  const desired: LinkSignature[] = [];
  for (const link of rule.links) {
    const twin = await deps.store.findTwinByIssue(connection.name, senderInstance, link.remote.id);
    const here = twin && (twin.a.instance === targetInstance ? twin.a : twin.b);
    if (here?.issueId && here.issueKey)
      desired.push({ type: link.type, direction: link.direction, issueId: here.issueId, issueKey: here.issueKey });
  }
  const present = new Map(
    (local?.links ?? []).map((link) => [
      linkKey({ type: link.type, direction: link.direction, issueId: link.issue.id }),
      link,
    ]),
  );
  const desiredKeys = new Set(desired.map(linkKey));
  const known = new Set(state?.base?.links ?? []);
  const add = desired.filter((link) => !present.has(linkKey(link)));
  const remove: IncomingPlan['links']['remove'] = [];
  for (const key of known) {
    const link = present.get(key);
    if (link && !desiredKeys.has(key)) {
      remove.push({
        type: link.type,
        direction: link.direction,
        issueId: link.issue.id,
        issueKey: link.issue.key,
        linkId: link.id,
      });
    }
  }
  return { add, remove, shared: [...desiredKeys] };
}
