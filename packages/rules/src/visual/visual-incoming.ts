/**
 * Visual mode's incoming rule: the other side's replica → the values this side's issue should hold. Each mapping
 * whose changes travel to this side gives its field (value maps, people, parents, the unmatched policy); owners come
 * from `owner:`; this side's constants come last; comments (and worklogs' comments) are copied with their author's
 * name, as in Basic mode.
 */
import { attributedBody } from '@tandem/core';
import type { IncomingRuleInput, IncomingRuleResult } from '@tandem/core';
import { applyConstants } from './constant-values.ts';
import { fieldReference } from './field-reference.ts';
import { incomingValue } from './incoming-value.ts';
import type { CompileVisualInput } from './visual-rules-config.ts';

/** The config path of a connection's mapping, as problems and log lines name it. */
export function mappingPath(connection: string, index: number): string {
  return `connections.${connection}.visual.fields.${index}`;
}

/** The incoming rule of `rules.sideInstance`. */
export function visualIncoming(rules: CompileVisualInput, input: IncomingRuleInput): IncomingRuleResult {
  const { visual, sideInstance: self, otherInstance: other } = rules;
  const { replica } = input;
  const result: IncomingRuleResult = {
    fields: {},
    comments: [],
    attachments: [],
    worklogs: [],
    links: [],
    owners: {},
    problems: [],
    log: [],
  };

  // A sub-task type can only be chosen when the parent travels too (Jira creates no sub-task without one).
  const carriesParent = visual.fields.some(
    (mapping) =>
      mapping.fields[self] !== undefined &&
      fieldReference(input.catalog, mapping.fields[self]).id === 'parent' &&
      mapping.from.includes(other),
  );
  const project = carriesParent
    ? { ...input.project, issueTypes: [...input.project.issueTypes, ...input.project.subtaskIssueTypes] }
    : input.project;

  visual.fields.forEach((mapping, index) => {
    const name = mapping.fields[self];
    if (name === undefined) return;
    const field = fieldReference(input.catalog, name);
    const owned = mapping.owner === self && mapping.from.includes(self);
    if (owned) result.owners[field.id] = 'local';
    // A field this side owns still takes the other side's value into the rule's result: the engine never writes it,
    // but seeing it differ is how a change made on the other side gets overwritten by this side's value.
    if (!mapping.from.includes(other) && !owned) return;
    if (mapping.owner === other) result.owners[field.id] = 'remote';
    const raw = replica.fields[mapping.key];
    if (raw === undefined) return;
    const path = mappingPath(rules.connection, index);
    const value = incomingValue({ mapping, path, from: other, to: self, kind: field.kind, project }, raw);
    if (value.value !== undefined) result.fields[field.id] = value.value;
    if (owned) return;
    result.log.push(...value.log);
    result.problems.push(...value.problems);
  });

  applyConstants({
    constants: visual.constants[self] ?? {},
    catalog: input.catalog,
    issue: input.issue,
    fields: result.fields,
    owners: result.owners,
  });

  if (visual.comments.includes(other)) {
    result.comments = replica.comments.map((comment) => ({
      originId: comment.id,
      body: attributedBody(comment.author, comment.body),
    }));
  }
  if (visual.attachments.includes(other)) result.attachments = replica.attachments.map((attachment) => attachment.id);
  if (visual.worklogs.includes(other)) {
    // Copies are logged under Tandem's account: the comment names who logged the time, as Script mode's does.
    result.worklogs = replica.worklogs.map((worklog) => ({
      originId: worklog.id,
      started: worklog.started,
      timeSpentSeconds: worklog.timeSpentSeconds,
      comment: attributedBody(worklog.author, worklog.comment ?? { type: 'doc', version: 1, content: [] }),
    }));
  }
  if (visual.links.includes(other)) {
    result.links = replica.links.map((link) => ({ type: link.type, direction: link.direction, remote: link.issue }));
  }
  return result;
}
