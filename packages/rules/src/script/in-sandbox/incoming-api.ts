/**
 * The incoming rule's context: the replica, the previous one, the local issue and the helpers (IncomingTandem),
 * which collect the result. Runs inside the sandbox.
 */
import type {
  AdfDoc,
  FieldIntent,
  FieldValue,
  IncomingComment,
  IncomingContext,
  IncomingLink,
  IncomingTandem,
  IncomingWorklog,
  ReplicaAttachment,
  ReplicaComment,
  ReplicaLink,
  ReplicaWorklog,
  RuleProject,
  TwinIntent,
} from '../tandem-script.d.ts';
import { asAdf, attributedBody } from './adf-text.ts';
import { commonTandem } from './common-api.ts';
import { filterOf, formatOf } from './merge-options.ts';
import type { FinishOutcome, SandboxIncomingInput } from './rule-inputs.ts';
import { serializeResult } from './serialize-result.ts';
import { byEmail, byMap } from './user-intents.ts';
import { mapValue } from './value-map.ts';

/** What the helpers collect: core's IncomingRuleResult without the log (the host keeps that). */
interface IncomingState {
  fields: Record<string, FieldValue | FieldIntent>;
  comments: IncomingComment[];
  attachments: string[];
  worklogs: IncomingWorklog[];
  links: IncomingLink[];
  owners: Record<string, 'local' | 'remote'>;
  problems: { field: string; message: string }[];
}

export interface IncomingSession {
  context: IncomingContext;
  finish(returned: unknown, budget: number): FinishOutcome;
}

/** Builds the incoming rule's context for one run. */
export function incomingSession(input: SandboxIncomingInput, hostLog: (line: string) => void): IncomingSession {
  const { tandem: common, catalog } = commonTandem({ ...input, hostLog });
  const { replica, project } = input;
  const state: IncomingState = {
    fields: {},
    comments: [],
    attachments: [],
    worklogs: [],
    links: [],
    owners: {},
    problems: [],
  };
  let wantedIssueType: string | undefined;
  const report = (field: string, message: string): void => {
    state.problems.push({ field: String(field), message: String(message) });
  };
  const name = (value: FieldValue | undefined, helper: string): string | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw new TypeError(`tandem.${helper} takes a name (a string)`);
    return value;
  };

  const tandem: IncomingTandem = {
    ...common,
    set(field, value) {
      const id = catalog.idOf(field);
      if (value !== undefined) state.fields[id] = value;
    },
    setStatus(value) {
      const status = name(value, 'setStatus');
      if (status !== undefined) state.fields[catalog.idOf('status')] = status;
    },
    setIssueType(value) {
      // Resolved when the rule is done: a sub-task type depends on whether the rule sets a parent.
      wantedIssueType = name(value, 'setIssueType') ?? wantedIssueType;
    },
    mapValue: (value, map, options) => mapValue(value, map, options, report),
    byEmail,
    byMap: (user, map, options) => byMap(user, map, options, report),
    twinOf(ref) {
      if (ref === null || ref === undefined) return null;
      const candidate = ref as Partial<TwinIntent['$twinOf']>;
      if (typeof candidate !== 'object' || typeof candidate.id !== 'string' || typeof candidate.key !== 'string') {
        throw new TypeError('tandem.twinOf takes an issue reference ({ id, key })');
      }
      return { $twinOf: { id: candidate.id, key: candidate.key } };
    },
    mergeComments(options) {
      const keep = filterOf<ReplicaComment>(options?.filter, 'mergeComments');
      const format = formatOf<ReplicaComment, AdfDoc | string>(options?.format, 'mergeComments');
      state.comments = replica.comments.filter(keep).map((comment) => ({
        originId: comment.id,
        body: format ? asAdf(format(comment), 'mergeComments format') : attributedBody(comment.author, comment.body),
      }));
      return state.comments;
    },
    mergeAttachments(options) {
      const keep = filterOf<ReplicaAttachment>(options?.filter, 'mergeAttachments');
      state.attachments = replica.attachments.filter(keep).map((attachment) => attachment.id);
      return state.attachments;
    },
    mergeWorklogs(options) {
      const keep = filterOf<ReplicaWorklog>(options?.filter, 'mergeWorklogs');
      const format = formatOf<ReplicaWorklog, AdfDoc | string | null>(options?.format, 'mergeWorklogs');
      state.worklogs = replica.worklogs.filter(keep).map((worklog) => {
        const comment = format ? format(worklog) : attributedBody(worklog.author, worklog.comment);
        return {
          originId: worklog.id,
          started: worklog.started,
          timeSpentSeconds: worklog.timeSpentSeconds,
          comment: comment === null ? null : asAdf(comment, 'mergeWorklogs format'),
        };
      });
      return state.worklogs;
    },
    mergeLinks(options) {
      const keep = filterOf<ReplicaLink>(options?.filter, 'mergeLinks');
      state.links = replica.links
        .filter(keep)
        .map((link) => ({ type: link.type, direction: link.direction, remote: link.issue }));
      return state.links;
    },
    owner(field, side) {
      if (side !== 'local' && side !== 'remote') throw new TypeError("tandem.owner: side is 'local' or 'remote'");
      state.owners[catalog.idOf(field)] = side;
    },
    problem: report,
  };

  const context: IncomingContext = {
    replica,
    previous: input.previous,
    firstSync: input.firstSync,
    issue: input.issue,
    project,
    tandem,
  };
  return {
    context,
    finish(returned, budget) {
      if (returned !== undefined) {
        return [
          'bad-result',
          'the incoming rule returned a value: it describes the local issue through tandem.set(…) and returns nothing',
        ];
      }
      if (wantedIssueType !== undefined) {
        const parent = state.fields[catalog.find('parent')?.id ?? 'parent'];
        state.fields[catalog.idOf('issuetype')] = issueTypeHere(wantedIssueType, project, parent != null, common.log);
      }
      const outcome = serializeResult(state, 'result', budget);
      return outcome.ok ? ['ok', outcome.json] : [outcome.reason, outcome.message];
    },
  };
}

/** The project's own spelling of `wanted`, or its default type when it has none (or a sub-task type lacks a parent). */
function issueTypeHere(wanted: string, project: RuleProject, hasParent: boolean, log: (line: string) => void): string {
  const folded = wanted.trim().toLowerCase();
  const find = (types: string[]) =>
    types.find((type) => type === wanted) ?? types.find((type) => type.toLowerCase() === folded);
  const standard = find(project.issueTypes);
  if (standard !== undefined) return standard;
  const subtask = find(project.subtaskIssueTypes);
  if (subtask !== undefined && hasParent) return subtask;
  const why =
    subtask !== undefined ? 'is a sub-task type and the rule sets no parent' : `does not exist in ${project.key}`;
  log(`Issue type "${wanted}" ${why}: using "${project.defaultIssueType}"`);
  return project.defaultIssueType;
}
