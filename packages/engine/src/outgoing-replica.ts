/** The sending side's half of a step: this side's outgoing rule on the issue, as a replica ready to deliver. */
import type {
  Replica,
  RuleIssue,
  SideName,
  TrackerField,
  TrackerIssue,
  TrackerPort,
  TwinSideState,
} from '@tandem/core';
import type { EngineConnection } from './engine-config.ts';
import type { EngineDeps } from './engine-deps.ts';
import { loadMappings, mirrorsOn } from './incoming-plan.ts';
import { mentionedPeople } from './mentions.ts';
import { ownAccountId } from './own-account.ts';
import { toRuleIssue } from './rule-issue.ts';
import { rulesOf } from './side-rules.ts';

export interface OutgoingReplica {
  /** Null: the issue is outside this side's scope. */
  replica: Replica | null;
  ruleIssue: RuleIssue;
  catalog: TrackerField[];
  sourceState: TwinSideState | undefined;
}

/** Builds the replica of `issue` (read on side `source` of the twin); reads only. */
export async function buildOutgoingReplica(
  deps: EngineDeps,
  connection: EngineConnection,
  twinId: string,
  source: SideName,
  tracker: TrackerPort,
  issue: TrackerIssue,
): Promise<OutgoingReplica> {
  const [sourceState, mappings, catalog, tandemAccount] = await Promise.all([
    deps.store.getSideState(twinId, source),
    loadMappings(deps, twinId),
    tracker.fieldCatalog(),
    ownAccountId(tracker).catch(() => undefined),
  ]);
  const ruleIssue = toRuleIssue(issue, mirrorsOn(source, mappings), tandemAccount);
  const out = await rulesOf(connection, source).outgoing({
    connection: connection.name,
    instance: tracker.instance,
    issue: ruleIssue,
    catalog,
  });
  const replica: Replica | null = out && {
    version: 2,
    connection: connection.name,
    instance: tracker.instance,
    issueId: issue.id,
    issueKey: issue.key,
    issueUrl: tracker.browseUrl(issue.key),
    updated: issue.updated,
    ...out,
  };
  if (replica) {
    const people = await mentionedPeople(tracker, replica, deps.now());
    if (Object.keys(people).length > 0) replica.people = people;
  }
  return { replica, ruleIssue, catalog, sourceState };
}
