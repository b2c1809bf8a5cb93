/**
 * `tandem rules test --connection C --issue KEY`: what the rules would do with one issue, writing nothing. The issue's
 * side runs its outgoing rule; the other side (when this node serves it) plans the receive against its twin, or
 * against the issue it would create: the replica, every field it would write with the value before and after, the
 * status path, comments, attachments, worklogs and links, the conflict decisions and the rules' problems and log.
 */
import type { FieldDecision, FieldValue, Replica, RuleProblem, SideName, TrackerIssue } from '@tandem/core';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { localValues, planIncoming } from './incoming-plan.ts';
import { buildOutgoingReplica } from './outgoing-replica.ts';

export interface DryRunFieldChange {
  field: string;
  /** The field's name on the receiving instance, where its catalog knows it. */
  name: string;
  before: FieldValue | undefined;
  after: FieldValue;
}

export interface DryRunReport {
  connection: string;
  source: { side: SideName; instance: string; issueKey: string };
  /** Null: the issue is outside the scope of its side's outgoing rule. */
  replica: Replica | null;
  target:
    | { served: false; instance: string; note: string }
    | {
        served: true;
        instance: string;
        /** The twin issue, or null when the sync would create one. */
        issueKey: string | null;
        create: boolean;
        fields: DryRunFieldChange[];
        comments: { add: string[]; update: string[]; delete: string[] };
        attachments: { add: string[]; delete: string[] };
        worklogs: { add: string[]; update: string[]; delete: string[] };
        links: { add: string[]; remove: string[] };
        /** Fields this side keeps although the other side differs (they would travel back). */
        keptHere: string[];
        decisions: FieldDecision[];
        problems: RuleProblem[];
        /** Issues on the source instance whose twin must exist first (a parent). */
        waitingFor: string[];
        unmatchedPeople: string[];
        log: string[];
      }
    | null;
}

/** Plans one issue's sync through `connection` without writing anything to Jira or the store. */
export async function dryRun(deps: EngineDeps, connection: EngineConnection, issueKey: string): Promise<DryRunReport> {
  const project = issueKey.split('-')[0]?.toUpperCase();
  let source: SideName | undefined;
  let found: TrackerIssue | null = null;
  for (const side of ['a', 'b'] as const) {
    const config = sideOf(connection, side);
    if (config.remote || config.project.toUpperCase() !== project) continue;
    const issue = await deps.trackers.get(config.instance)?.getIssue(issueKey);
    if (issue) {
      source = side;
      found = issue;
      break;
    }
  }
  if (!source || !found) {
    throw new Error(`${issueKey} was not found in a project of connection ${connection.name} served by this node`);
  }
  const sourceSide = sideOf(connection, source);
  const tracker = deps.trackers.get(sourceSide.instance);
  if (!tracker) throw new Error(`no tracker for ${sourceSide.instance}`);
  const twin = await deps.store.findTwinByIssue(connection.name, sourceSide.instance, found.id);
  const { replica } = await buildOutgoingReplica(deps, connection, twin?.id ?? '', source, tracker, found);
  const target = otherSide(source);
  const targetSide = sideOf(connection, target);
  const report: DryRunReport = {
    connection: connection.name,
    source: { side: source, instance: sourceSide.instance, issueKey: found.key },
    replica,
    target: null,
  };
  if (!replica) return report;
  const targetTracker = deps.trackers.get(targetSide.instance);
  if (targetSide.remote || !targetTracker) {
    report.target = {
      served: false,
      instance: targetSide.instance,
      note: 'the other side is served by the peer node: its incoming rules run there',
    };
    return report;
  }
  const plan = await planIncoming({
    deps,
    connection,
    twinId: twin?.id ?? '',
    target,
    tracker: targetTracker,
    replica,
    localIssueId: twin?.[target].issueId ?? null,
  });
  const before = plan.local ? localValues(plan.local) : {};
  const name = (field: string) => plan.catalog.find((entry) => entry.id === field)?.name ?? field;
  report.target = {
    served: true,
    instance: targetSide.instance,
    issueKey: plan.local?.key ?? null,
    create: plan.local === null,
    fields: Object.entries(plan.merge.writes).map(([field, after]) => ({
      field,
      name: name(field),
      before: before[field],
      after,
    })),
    comments: {
      add: plan.comments.add.map((entry) => entry.originId),
      update: plan.comments.update.map((entry) => entry.originId),
      delete: plan.comments.delete.map((entry) => entry.originId),
    },
    attachments: {
      add: plan.attachments.add.map((attachment) => attachment.filename),
      delete: plan.attachments.delete.map((entry) => entry.originId),
    },
    worklogs: {
      add: plan.worklogs.add.map((entry) => entry.originId),
      update: plan.worklogs.update.map((entry) => entry.originId),
      delete: plan.worklogs.delete.map((entry) => entry.originId),
    },
    links: {
      add: plan.links.add.map((link) => `${link.type} (${link.direction}) ${link.issueKey}`),
      remove: plan.links.remove.map((link) => `${link.type} (${link.direction}) ${link.issueKey}`),
    },
    keptHere: plan.merge.localOnly,
    decisions: plan.merge.decisions,
    problems: [...plan.rule.problems, ...plan.resolved.problems],
    waitingFor: plan.resolved.waitingFor.map((ref) => ref.key),
    unmatchedPeople: plan.resolved.unmatchedPeople,
    log: plan.rule.log,
  };
  return report;
}
