/**
 * One human line per sync step, for the live log of `tandem serve` and `tandem demo`:
 * `BLUE-1 → GREEN-5 created: summary, description, 2 comments, 2 attachments`.
 */
import type { Twin } from '@tandem/core';
import type { StepReport } from '@tandem/engine';

const FIELD_NAMES: Record<string, string> = { summary: 'summary', description: 'description', issueType: 'issue type' };

const ITEM_CHANGES: [prefix: string, one: string, many: string][] = [
  ['comment+', 'comment', 'comments'],
  ['comment~', 'comment edited', 'comments edited'],
  ['comment-', 'comment deleted', 'comments deleted'],
  ['attachment+', 'attachment', 'attachments'],
  ['attachment-', 'attachment deleted', 'attachments deleted'],
];

/** Readable list of the engine's change names (`summary`, `comment+10001`, `attachment+log.txt`…). */
export function describeChanges(changes: readonly string[], created: boolean): string[] {
  const parts: string[] = created ? ['summary', 'description'] : [];
  for (const change of changes) {
    const field = FIELD_NAMES[change];
    if (field !== undefined && !parts.includes(field)) parts.push(field);
  }
  for (const [prefix, one, many] of ITEM_CHANGES) {
    const count = changes.filter((change) => change.startsWith(prefix)).length;
    if (count > 0) parts.push(`${count} ${count === 1 ? one : many}`);
  }
  const known = (change: string) =>
    FIELD_NAMES[change] !== undefined || ITEM_CHANGES.some(([prefix]) => change.startsWith(prefix));
  parts.push(...changes.filter((change) => !known(change)));
  return parts;
}

/** The line for one step; `twin` is the twin as stored after the step (undefined when it is gone). */
export function describeStep(report: StepReport, twin: Twin | undefined): string {
  const source = report.event.sourceSide;
  const target = source === 'a' ? 'b' : 'a';
  const from = twin?.[source].issueKey ?? `twin ${report.event.twinId}`;
  const to = twin?.[target].issueKey ?? `(new on ${twin?.[target].instance ?? 'the other side'})`;
  const route = `${from} → ${to}`;
  if (report.error) {
    const next = report.error.parked
      ? 'parked until retried (tandem retry)'
      : `will retry at ${new Date(report.error.retryAt ?? 0).toISOString()}`;
    return `${route} failed: ${report.error.message}; ${next}`;
  }
  const outcome = report.outcome;
  if (!outcome) return `${route} done`;
  switch (outcome.kind) {
    case 'synced': {
      const parts = describeChanges(outcome.changes, outcome.created);
      const verb = outcome.created ? 'created' : 'updated';
      return parts.length === 0 ? `${route} ${verb}` : `${route} ${verb}: ${parts.join(', ')}`;
    }
    case 'unchanged':
      return `${route} unchanged`;
    case 'skipped':
      return `${from} skipped: ${outcome.reason}`;
    case 'merged-duplicate':
      return `${from} is a copy Tandem created; merged into twin ${outcome.into}`;
  }
}

/** Whether a step changed something or failed (what a live log shows; steps that wrote nothing are echo checks). */
export function isNoteworthy(report: StepReport): boolean {
  const outcome = report.outcome;
  if (report.error !== undefined || outcome?.kind === 'merged-duplicate') return true;
  return outcome?.kind === 'synced' && (outcome.created || outcome.changes.length > 0);
}
