/**
 * Basic mode as a fixed Visual mapping: summary, description and issue type both ways (an issue type the receiving
 * project lacks becomes its default type), comments with their author's name and attachments both ways. The replica
 * keys are Basic's own (`summary`, `description`, `issueType`), so replicas read the same as before Visual mode.
 */
import type { SideRules } from '@tandem/core';
import { rulesOf } from './compile-visual-rules.ts';
import type { VisualMapping, VisualRules } from './visual-rules-config.ts';

/** The Visual rules Basic mode stands for, between instances `a` and `b`. */
export function basicVisualRules(a: string, b: string): VisualRules {
  const both = [a, b];
  const mapping = (key: string, field: string, unmatched: VisualMapping['unmatched']): VisualMapping => ({
    key,
    fields: { [a]: field, [b]: field },
    from: both,
    values: [],
    users: [],
    unmatched,
    default: {},
    owner: null,
  });
  return {
    fields: [
      mapping('summary', 'summary', 'ignore'),
      mapping('description', 'description', 'ignore'),
      mapping('issueType', 'issuetype', 'project-default'),
    ],
    comments: both,
    attachments: both,
    worklogs: [],
    links: [],
    constants: {},
    scope: {},
  };
}

/** The Basic-mode rules of one side of a connection. */
export function compileBasicRules(input: {
  connection: string;
  sideInstance: string;
  otherInstance: string;
}): SideRules {
  return rulesOf({ ...input, visual: basicVisualRules(input.sideInstance, input.otherInstance) }, 'basic');
}
