/**
 * A twin's timeline: every audit entry, newest first — detected, sent, received, applied or created with the
 * field-level diff, conflicts with the reason of the decision, errors with Jira's message or the script line.
 */
import type { AuditEntryView, FieldDiff } from '../api-types.ts';
import { dateTime, valueText } from '../format.ts';
import { ValueCell } from './value-cell.tsx';

const KIND_LABELS: Record<AuditEntryView['kind'], string> = {
  detected: 'Detected',
  sent: 'Sent',
  received: 'Received',
  applied: 'Applied',
  created: 'Created',
  conflict: 'Conflict',
  error: 'Error',
  skipped: 'Skipped',
};

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function issueRef(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const { instance, key } = value as { instance?: unknown; key?: unknown };
  return typeof key === 'string' ? `${key}${typeof instance === 'string' ? ` (${instance})` : ''}` : null;
}

/** One line saying what happened, from the entry's detail. */
function summaryOf(entry: AuditEntryView): string {
  const detail = entry.detail;
  switch (entry.kind) {
    case 'detected': {
      if (Array.isArray(detail['connect'])) return `connected ${detail['connect'].join(' and ')} as twins`;
      const reason = text(detail['reason']);
      if (!text(detail['issueKey']))
        return `sync asked${reason ? ` (${reason})` : ''}${detail['by'] === 'api' ? ' through the console or the API' : ''}`;
      const key = text(detail['issueKey']) ?? 'an issue';
      return `${key} changed${reason ? ` (${reason})` : ''}${detail['newTwin'] === true ? ': a new twin' : ''}`;
    }
    case 'applied':
    case 'created': {
      const from = issueRef(detail['from']);
      const to = issueRef(detail['to']);
      const verb = entry.kind === 'created' ? 'created' : 'updated';
      return `${to ?? 'the twin'} ${verb}${from ? ` from ${from}` : ''}`;
    }
    case 'conflict': {
      const field = text(detail['field']) ?? 'a field';
      const winner = text(detail['winner']);
      return `${field}: ${winner ? `${winner} side kept` : 'decided'}${text(detail['reason']) ? ` — ${String(detail['reason'])}` : ''}`;
    }
    case 'error':
      return text(detail['message']) ?? 'the sync step failed';
    case 'skipped':
      if (text(detail['unsynced'])) return `unsynced (${String(detail['unsynced'])})`;
      if (text(detail['skippedError'])) return `error skipped: ${String(detail['skippedError'])}`;
      return text(detail['reason']) ?? 'skipped';
    default:
      return text(detail['message']) ?? text(detail['reason']) ?? '';
  }
}

function diffOf(entry: AuditEntryView): FieldDiff[] {
  const diff = entry.detail['diff'];
  return Array.isArray(diff) ? (diff.filter((item) => typeof item === 'object' && item !== null) as FieldDiff[]) : [];
}

function scriptWhere(detail: Record<string, unknown>): string | null {
  const file = text(detail['file']);
  if (!file) return null;
  const line = typeof detail['line'] === 'number' ? `:${detail['line']}` : '';
  return `${file}${line}`;
}

/** The timeline list. */
export function TwinTimeline({ entries }: { entries: AuditEntryView[] }) {
  if (entries.length === 0) return <p className="muted">Nothing recorded yet.</p>;
  return (
    <ol className="timeline" aria-label="Timeline">
      {entries.map((entry, index) => {
        const diff = diffOf(entry);
        const where = entry.kind === 'error' ? scriptWhere(entry.detail) : null;
        const log = Array.isArray(entry.detail['log']) ? (entry.detail['log'] as unknown[]).map(String) : [];
        return (
          <li key={`${entry.id}-${index}`} className={`timeline-entry entry-${entry.kind}`} data-kind={entry.kind}>
            <div className="timeline-head">
              <span className={`kind kind-${entry.kind}`}>{KIND_LABELS[entry.kind] ?? entry.kind}</span>
              <span className="timeline-summary">{summaryOf(entry)}</span>
              <time className="muted small" dateTime={new Date(entry.at).toISOString()}>
                {dateTime(entry.at)}
              </time>
            </div>
            {where && (
              <p className="small">
                Script line: <code>{where}</code>
              </p>
            )}
            {entry.kind === 'conflict' && (
              <p className="small muted">
                here: {valueText(entry.detail['local'])} · other side: {valueText(entry.detail['remote'])}
              </p>
            )}
            {diff.length > 0 && (
              <table className="table compact diff" aria-label="Field changes">
                <thead>
                  <tr>
                    <th>Field</th>
                    <th>Before</th>
                    <th>After</th>
                  </tr>
                </thead>
                <tbody>
                  {diff.map((change, i) => (
                    <tr key={`${change.field}-${i}`} data-field={change.field}>
                      <th>{change.name ?? change.field}</th>
                      <ValueCell className="before" value={change.before} />
                      <ValueCell className="after" value={change.after} />
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {log.length > 0 && (
              <details className="small">
                <summary>Rules' log ({log.length})</summary>
                <pre className="log">{log.join('\n')}</pre>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
