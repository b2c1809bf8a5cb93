/**
 * What the host passes into the sandbox (as JSON): core's OutgoingRuleInput and IncomingRuleInput, in the types of
 * tandem-script.d.ts that the sandbox code is written against.
 */
import type { CatalogField, Replica, RuleIssue, RuleProject } from '../tandem-script.d.ts';

export interface SandboxOutgoingInput {
  connection: string;
  instance: string;
  issue: RuleIssue;
  catalog: CatalogField[];
}

export interface SandboxIncomingInput {
  connection: string;
  instance: string;
  replica: Replica;
  previous: Replica | null;
  firstSync: boolean;
  issue: RuleIssue | null;
  catalog: CatalogField[];
  project: RuleProject;
}

/** How a run ends, as the host reads it: `ok` with the result's JSON, `skip` (outgoing: out of scope) or a failure. */
export type FinishOutcome = ['ok', string] | ['skip', ''] | ['bad-result', string] | ['output-limit', string];
