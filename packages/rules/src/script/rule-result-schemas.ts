/**
 * What a script's result must look like (core's OutgoingRuleResult and IncomingRuleResult), checked with zod on the
 * host after the result left the sandbox as JSON. A bad shape is a RuleError with reason `bad-result` naming the
 * path and what is wrong with it. Items must come from the run's input: a comment, attachment or worklog id the
 * input does not have would leave the engine nothing to copy.
 */
import { z } from 'zod';
import type { AdfNode } from '@tandem/rich-text';
import {
  RuleError,
  type IncomingRuleInput,
  type IncomingRuleResult,
  type OutgoingRuleInput,
  type OutgoingRuleResult,
} from '@tandem/core';

const adfMark = z.looseObject({ type: z.string(), attrs: z.record(z.string(), z.unknown()).exactOptional() });
const adfNode: z.ZodType<AdfNode> = z.lazy(() =>
  z.looseObject({
    type: z.string(),
    attrs: z.record(z.string(), z.unknown()).exactOptional(),
    content: z.array(adfNode).exactOptional(),
    marks: z.array(adfMark).exactOptional(),
    text: z.string().exactOptional(),
  }),
);
const adfDoc = z.looseObject({ type: z.literal('doc'), version: z.literal(1), content: z.array(adfNode) });

const fieldUser = z.object({ id: z.string().nullable(), displayName: z.string(), email: z.string().nullable() });
const cascadingValue = z.object({ parent: z.string(), child: z.string().nullable() });
const issueRef = z.object({ id: z.string(), key: z.string() });

const FIELD_VALUE_KINDS =
  'text, number, list of texts, rich text (an ADF document), user, list of users, cascading value, issue reference or null';

const fieldValue = z.union(
  [
    z.null(),
    z.string(),
    z.number(),
    z.array(z.string()),
    adfDoc,
    fieldUser,
    z.array(fieldUser),
    cascadingValue,
    issueRef,
  ],
  { error: `expected a field value: ${FIELD_VALUE_KINDS}` },
);

const personRef = z.strictObject({ email: z.string().nullable(), displayName: z.string().nullable() });
const fieldIntent = z.union([
  z.strictObject({
    $user: z.strictObject({
      email: z.string().nullable(),
      displayName: z.string().nullable(),
      fallback: fieldUser.nullable().exactOptional(),
    }),
  }),
  z.strictObject({ $users: z.array(personRef) }),
  z.strictObject({ $twinOf: issueRef }),
]);
const fieldValueOrIntent = z.union([fieldValue, fieldIntent], {
  error: `expected a field value (${FIELD_VALUE_KINDS}) or an intent from tandem.byEmail or tandem.twinOf`,
});

const replicaUser = z.object({ displayName: z.string(), email: z.string().nullable() });
const direction = z.enum(['outward', 'inward']);

const outgoingResult = z.strictObject({
  fields: z.record(z.string(), fieldValue),
  comments: z.array(
    z.object({
      id: z.string(),
      author: replicaUser.nullable(),
      body: adfDoc,
      created: z.number(),
      updated: z.number(),
    }),
  ),
  attachments: z.array(z.object({ id: z.string(), filename: z.string(), mimeType: z.string(), size: z.number() })),
  worklogs: z.array(
    z.object({
      id: z.string(),
      author: replicaUser.nullable(),
      started: z.number(),
      timeSpentSeconds: z.number(),
      comment: adfDoc.nullable(),
    }),
  ),
  links: z.array(z.object({ type: z.string(), direction, issue: issueRef })),
}) satisfies z.ZodType<OutgoingRuleResult>;

const incomingResult = z.strictObject({
  fields: z.record(z.string(), fieldValueOrIntent),
  comments: z.array(z.strictObject({ originId: z.string(), body: adfDoc })),
  attachments: z.array(z.string()),
  worklogs: z.array(
    z.strictObject({
      originId: z.string(),
      started: z.number(),
      timeSpentSeconds: z.number(),
      comment: adfDoc.nullable(),
    }),
  ),
  links: z.array(z.strictObject({ type: z.string(), direction, remote: issueRef })),
  owners: z.record(z.string(), z.enum(['local', 'remote'])),
  problems: z.array(z.strictObject({ field: z.string(), message: z.string() })),
}) satisfies z.ZodType<Omit<IncomingRuleResult, 'log'>>;

/** The outgoing rule's result, checked against its input; throws a RuleError (`bad-result`) naming what is wrong. */
export function checkOutgoingResult(value: unknown, input: OutgoingRuleInput, file: string): OutgoingRuleResult {
  const parsed = outgoingResult.safeParse(value);
  if (!parsed.success) throw badResult(describeIssues(parsed.error.issues, 'replica'), file);
  const result = parsed.data as OutgoingRuleResult;
  const problems = [
    ...unknownIds(result.comments, input.issue.comments, 'replica.comments', 'a comment of the issue'),
    ...unknownIds(result.attachments, input.issue.attachments, 'replica.attachments', 'an attachment of the issue'),
    ...unknownIds(result.worklogs, input.issue.worklogs, 'replica.worklogs', 'a worklog of the issue'),
  ];
  if (problems.length > 0) throw badResult(problems, file);
  return result;
}

/** The incoming rule's result with its log, checked against its input; throws a RuleError (`bad-result`). */
export function checkIncomingResult(
  value: unknown,
  input: IncomingRuleInput,
  log: string[],
  file: string,
): IncomingRuleResult {
  const parsed = incomingResult.safeParse(value);
  if (!parsed.success) throw badResult(describeIssues(parsed.error.issues, 'result'), file);
  const result = parsed.data as Omit<IncomingRuleResult, 'log'>;
  const replica = input.replica;
  const problems = [
    ...unknownIds(
      result.comments.map((comment) => ({ id: comment.originId })),
      replica.comments,
      'result.comments',
      'a comment of the replica',
    ),
    ...unknownIds(
      result.attachments.map((id) => ({ id })),
      replica.attachments,
      'result.attachments',
      'an attachment of the replica',
    ),
    ...unknownIds(
      result.worklogs.map((worklog) => ({ id: worklog.originId })),
      replica.worklogs,
      'result.worklogs',
      'a worklog of the replica',
    ),
  ];
  if (problems.length > 0) throw badResult(problems, file);
  return { ...result, log };
}

function unknownIds(items: { id: string }[], known: { id: string }[], path: string, what: string): string[] {
  const ids = new Set(known.map((item) => item.id));
  return items.flatMap((item, index) => (ids.has(item.id) ? [] : [`${path}[${index}]: "${item.id}" is not ${what}`]));
}

const MAX_REPORTED = 5;

function badResult(problems: string[], file: string): RuleError {
  const shown = problems.slice(0, MAX_REPORTED);
  const more = problems.length > MAX_REPORTED ? ` (and ${problems.length - MAX_REPORTED} more)` : '';
  return new RuleError(`The rule's result has the wrong shape: ${shown.join('; ')}${more}`, {
    file,
    reason: 'bad-result',
  });
}

type Issue = z.core.$ZodIssue;
type PathKey = PropertyKey;

/** One line per problem: `path: message`. A union that failed names its closest option's problem, if any. */
function describeIssues(issues: readonly Issue[], root: string, prefix: readonly PathKey[] = []): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (closer(branch, best) ? branch : best));
      if (depthOf(closest) > 0) return describeIssues(closest, root, path);
    }
    return [`${formatPath(root, path)}: ${issue.message}`];
  });
}

/** Whether a union's option came closer than another: it failed deeper into the value, or with fewer problems. */
function closer(branch: readonly Issue[], than: readonly Issue[]): boolean {
  const depth = depthOf(branch) - depthOf(than);
  return depth > 0 || (depth === 0 && branch.length < than.length);
}

/** How far into the value an option got before failing: the deeper, the likelier the option meant. */
function depthOf(issues: readonly Issue[]): number {
  return Math.max(
    0,
    ...issues.map(
      (issue) =>
        issue.path.length +
        (issue.code === 'invalid_union' ? Math.max(0, ...issue.errors.map((branch) => depthOf(branch))) : 0),
    ),
  );
}

function formatPath(root: string, path: readonly PathKey[]): string {
  return path.reduce<string>((text, key) => {
    if (typeof key === 'number') return `${text}[${key}]`;
    const name = String(key);
    return /^[A-Za-z_$][\w$]*$/.test(name) ? `${text}.${name}` : `${text}[${JSON.stringify(name)}]`;
  }, root);
}
