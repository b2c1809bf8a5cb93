/**
 * The dry run: what the rules being edited would do with one chosen issue — the replica its side sends, and the
 * exact changes on the other side — written nowhere. It runs again whenever the rules change (debounced).
 */
import { useEffect, useRef, useState } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { DryRunReport, RulesInput } from '../api-types.ts';
import { ValueCell } from './value-cell.tsx';

const DEBOUNCE_MS = 350;

/** A rule problem's script line, when it points at one. */
export function problemLine(problem: { details?: Record<string, unknown>; [key: string]: unknown }): number | null {
  const line = problem.details?.['line'] ?? problem['line'];
  return typeof line === 'number' ? line : null;
}

/** The panel; `rules` are the unsaved rules (undefined: the saved ones). `onReport` hears every new report. */
export function DryRunPanel({
  connection,
  rules,
  defaultKey = '',
  onReport,
}: {
  connection: string;
  rules: RulesInput | undefined;
  defaultKey?: string;
  onReport?: (report: DryRunReport | null) => void;
}) {
  const [key, setKey] = useState(defaultKey);
  const [appliedKey, setAppliedKey] = useState(defaultKey);
  const [report, setReport] = useState<DryRunReport | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  const [running, setRunning] = useState(false);
  const generation = useRef(0);
  const heard = useRef(onReport);
  heard.current = onReport;
  const rulesJson = JSON.stringify(rules ?? null);

  useEffect(() => {
    if (appliedKey.trim() === '') return;
    const mine = ++generation.current;
    const timer = setTimeout(() => {
      setRunning(true);
      const body = { key: appliedKey.trim().toUpperCase(), ...(rules ? { rules } : {}) };
      api<DryRunReport>('POST', `/api/connections/${segment(connection)}/dry-run`, body).then(
        (answer) => {
          if (mine !== generation.current) return;
          setReport(answer);
          setError(undefined);
          setRunning(false);
          heard.current?.(answer);
        },
        (failure: unknown) => {
          if (mine !== generation.current) return;
          setReport(undefined);
          setError(describeError(failure));
          setRunning(false);
          heard.current?.(null);
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // rulesJson stands for rules: a new object with the same content must not run again.
  }, [connection, appliedKey, rulesJson]);

  return (
    <aside className="card dry-run" aria-label="Dry run" data-running={running ? 'true' : 'false'}>
      <h2>Dry run</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setAppliedKey(key);
          if (key === appliedKey) generation.current++;
        }}
      >
        <input
          aria-label="Issue key for the dry run"
          value={key}
          onChange={(event) => setKey(event.target.value)}
          placeholder="BLUE-1"
        />
        <button type="submit">Try</button>
        {running && <span className="muted small">running…</span>}
      </form>
      <p className="muted small">Nothing is written: the report shows what a sync would do with these rules.</p>
      {error && (
        <pre className="error-text" role="alert">
          {error}
        </pre>
      )}
      {report && <DryRunReportView report={report} />}
    </aside>
  );
}

function DryRunReportView({ report }: { report: DryRunReport }) {
  const target = report.target;
  return (
    <div className="dry-run-report" data-testid="dry-run-report">
      <h3>
        Replica from {report.source.instance} · {report.source.issueKey}
      </h3>
      {report.replica === null ? (
        <p className="notice">Out of scope: this side's outgoing rules send nothing for this issue.</p>
      ) : (
        <table className="table compact" aria-label="Replica">
          <tbody>
            {Object.entries(report.replica.fields).map(([field, value]) => (
              <tr key={field} data-field={field}>
                <th>{field}</th>
                <ValueCell value={value} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {target && !target.served && <p className="muted">{target.note}</p>}
      {target && target.served && (
        <>
          <h3>
            {target.create
              ? `Would create an issue on ${target.instance}`
              : `Changes on ${target.instance} · ${target.issueKey ?? ''}`}
          </h3>
          {target.problems.length > 0 && (
            <ul className="problems" aria-label="Problems">
              {target.problems.map((problem, index) => (
                <li key={index} className="error-text">
                  {problem.message}
                  {problemLine(problem) !== null && <span className="muted"> (line {problemLine(problem)})</span>}
                </li>
              ))}
            </ul>
          )}
          {target.fields.length === 0 ? (
            <p className="muted">No field would change.</p>
          ) : (
            <table className="table compact" aria-label="Planned changes">
              <thead>
                <tr>
                  <th>Field</th>
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {target.fields.map((change) => (
                  <tr key={change.field} data-field={change.field}>
                    <th>{change.name}</th>
                    <ValueCell className="before" value={change.before} />
                    <ValueCell className="after" value={change.after} />
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <ItemCounts target={target} />
          {target.waitingFor.length > 0 && (
            <p className="muted">Waits for the twin of {target.waitingFor.join(', ')} first.</p>
          )}
          {target.log.length > 0 && (
            <details>
              <summary>Rules' log ({target.log.length})</summary>
              <pre className="log">{target.log.join('\n')}</pre>
            </details>
          )}
        </>
      )}
    </div>
  );
}

function ItemCounts({ target }: { target: Extract<NonNullable<DryRunReport['target']>, { served: true }> }) {
  const parts = [
    ['comments added', target.comments.add.length],
    ['comments updated', target.comments.update.length],
    ['comments deleted', target.comments.delete.length],
    ['attachments added', target.attachments.add.length],
    ['attachments deleted', target.attachments.delete.length],
    ['worklogs added', target.worklogs.add.length],
    ['links added', target.links.add.length],
    ['links removed', target.links.remove.length],
  ].filter(([, count]) => Number(count) > 0);
  if (parts.length === 0) return null;
  return <p className="muted small">{parts.map(([what, count]) => `${count} ${what}`).join(' · ')}</p>;
}
