/**
 * Visual mode's outgoing rule: this side's issue → the replica. Every mapping whose changes travel from this side puts
 * the field's value, as it is here, under the mapping's key (value maps are read by the receiving side); comments,
 * attachments, worklogs and links go as the toggles say. An issue outside this side's scope is not sent.
 */
import { normalRichText } from '@tandem/core';
import type { FieldValue, OutgoingRuleInput, OutgoingRuleResult, RuleIssue } from '@tandem/core';
import { fieldReference } from './field-reference.ts';
import { inScope } from './scope-filter.ts';
import { isAdfDoc, isTextList } from './value-shapes.ts';
import type { CompileVisualInput } from './visual-rules-config.ts';

/** The value of a field on the issue; undefined when the issue does not carry it. */
export function issueValue(issue: RuleIssue, id: string): FieldValue | undefined {
  const value = issue.fields[id];
  if (value !== undefined) return value;
  // The issue's type and status are always known, even when `fields` leaves them out.
  if (id === 'issuetype') return issue.issueType;
  if (id === 'status') return issue.status;
  return undefined;
}

/** The outgoing rule of `rules.sideInstance`. */
export function visualOutgoing(rules: CompileVisualInput, input: OutgoingRuleInput): OutgoingRuleResult | null {
  const { visual, sideInstance: self } = rules;
  const { issue } = input;
  if (!inScope(visual.scope[self], issue)) return null;

  const constants = visual.constants[self] ?? {};
  const added = new Map<string, ReadonlySet<string>>();
  for (const [name, constant] of Object.entries(constants)) {
    if (constant !== null && typeof constant === 'object' && !Array.isArray(constant)) {
      added.set(fieldReference(input.catalog, name).id, new Set((constant as { add: readonly string[] }).add));
    }
  }

  const fields: Record<string, FieldValue> = {};
  for (const mapping of visual.fields) {
    const name = mapping.fields[self];
    // The side that does not own a field still reports it, so the owner sees a change made here and overwrites it.
    const ownedElsewhere = mapping.owner !== null && mapping.owner !== self;
    if (name === undefined || (!mapping.from.includes(self) && !ownedElsewhere)) continue;
    const field = fieldReference(input.catalog, name);
    let value = issueValue(issue, field.id);
    if (value === undefined) continue;
    if (isAdfDoc(value)) value = normalRichText(value);
    // Items this side's constants add are this side's own: they never travel back as the other side's.
    const own = added.get(field.id);
    if (own && isTextList(value)) value = value.filter((item) => !own.has(item));
    fields[mapping.key] = value;
  }
  return {
    fields,
    comments: visual.comments.includes(self) ? issue.comments : [],
    attachments: visual.attachments.includes(self) ? issue.attachments : [],
    worklogs: visual.worklogs.includes(self) ? issue.worklogs : [],
    links: visual.links.includes(self) ? issue.links : [],
  };
}
