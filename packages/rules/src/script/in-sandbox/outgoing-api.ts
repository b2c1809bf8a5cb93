/**
 * The outgoing rule's context: the issue, the replica to fill and the helpers (OutgoingTandem). Runs inside the
 * sandbox.
 */
import type {
  AdfDoc,
  OutgoingContext,
  OutgoingReplica,
  OutgoingTandem,
  ReplicaAttachment,
  ReplicaComment,
  ReplicaLink,
  ReplicaWorklog,
} from '../tandem-script.d.ts';
import { asAdf } from './adf-text.ts';
import { commonTandem } from './common-api.ts';
import { filterOf, formatOf } from './merge-options.ts';
import type { FinishOutcome, SandboxOutgoingInput } from './rule-inputs.ts';
import { serializeResult } from './serialize-result.ts';

export interface OutgoingSession {
  context: OutgoingContext;
  /** The result as JSON, from what the rule returned (settled). */
  finish(returned: unknown, budget: number): FinishOutcome;
}

/** Builds the outgoing rule's context for one run. */
export function outgoingSession(input: SandboxOutgoingInput, hostLog: (line: string) => void): OutgoingSession {
  const { tandem: common } = commonTandem({ ...input, hostLog });
  const issue = input.issue;
  const replica: OutgoingReplica = { fields: {}, comments: [], attachments: [], worklogs: [], links: [] };
  let skipped = false;

  const tandem: OutgoingTandem = {
    ...common,
    skip() {
      skipped = true;
      return null;
    },
    mergeComments(options) {
      const keep = filterOf<ReplicaComment>(options?.filter, 'mergeComments');
      const format = formatOf<ReplicaComment, AdfDoc | string>(options?.format, 'mergeComments');
      replica.comments = issue.comments
        .filter(keep)
        .map((comment) => (format ? { ...comment, body: asAdf(format(comment), 'mergeComments format') } : comment));
      return replica.comments;
    },
    mergeAttachments(options) {
      replica.attachments = issue.attachments.filter(filterOf<ReplicaAttachment>(options?.filter, 'mergeAttachments'));
      return replica.attachments;
    },
    mergeWorklogs(options) {
      const keep = filterOf<ReplicaWorklog>(options?.filter, 'mergeWorklogs');
      const format = formatOf<ReplicaWorklog, AdfDoc | string | null>(options?.format, 'mergeWorklogs');
      replica.worklogs = issue.worklogs.filter(keep).map((worklog) => {
        if (!format) return worklog;
        const comment = format(worklog);
        return { ...worklog, comment: comment === null ? null : asAdf(comment, 'mergeWorklogs format') };
      });
      return replica.worklogs;
    },
    mergeLinks(options) {
      replica.links = issue.links.filter(filterOf<ReplicaLink>(options?.filter, 'mergeLinks'));
      return replica.links;
    },
  };

  return {
    context: { issue, replica, tandem },
    finish(returned, budget) {
      if (skipped || returned === null) return ['skip', ''];
      const value = returned === undefined ? replica : returned;
      if (typeof value !== 'object') {
        return [
          'bad-result',
          `the outgoing rule returned a ${typeof value}: return nothing (the replica is sent), null or tandem.skip()`,
        ];
      }
      const outcome = serializeResult(value, 'replica', budget);
      return outcome.ok ? ['ok', outcome.json] : [outcome.reason, outcome.message];
    },
  };
}
