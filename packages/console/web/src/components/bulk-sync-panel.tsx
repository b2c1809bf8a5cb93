/**
 * Bulk sync: every current match of both sides' triggers, synced now, with a live progress bar (found, synced,
 * failed) and a cancel button. The latest run of the connection is shown when the page opens.
 */
import { useCallback, useEffect, useState } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { BulkRun, ConnectionView, Page } from '../api-types.ts';
import { dateTime, duration } from '../format.ts';
import { ProgressBar } from './progress-bar.tsx';

const POLL_MS = 400;

/** The bulk tab. */
export function BulkSyncPanel({ connection }: { connection: ConnectionView }) {
  const [run, setRun] = useState<BulkRun | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  useEffect(() => {
    api<Page<BulkRun>>('GET', `/api/bulk?connection=${segment(connection.name)}&limit=1`).then(
      (page) => setRun(page.items[0]),
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [connection.name]);

  const running = run !== undefined && !run.done;
  const runId = run?.runId;
  useEffect(() => {
    if (!running || !runId) return;
    const timer = setInterval(() => {
      api<BulkRun>('GET', `/api/bulk/${segment(runId)}`).then(setRun, (failure: unknown) =>
        setError(describeError(failure)),
      );
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, runId]);

  const start = useCallback(async () => {
    setError(undefined);
    try {
      setRun(await api<BulkRun>('POST', `/api/connections/${segment(connection.name)}/bulk`, {}));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [connection.name]);

  const cancel = async () => {
    if (!runId) return;
    try {
      setRun(await api<BulkRun>('DELETE', `/api/bulk/${segment(runId)}`));
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <article className="card" aria-label="Bulk sync">
      <h2>Bulk sync</h2>
      <p className="muted">
        Syncs every issue that matches a trigger of either side now, twinning those that have no twin yet.
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={start} disabled={running || connection.status === 'paused'}>
          Start bulk sync
        </button>
        {running && (
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        )}
      </div>
      {run && (
        <div className="bulk-run" data-state={run.done ? 'done' : run.state} data-testid="bulk-run">
          <ProgressBar
            label="Bulk sync progress"
            done={run.synced}
            failed={run.failed}
            total={Math.max(run.found, run.synced + run.failed)}
            finished={run.done}
          />
          <p className="bulk-numbers">
            <span data-count="found">{run.found} found</span> · <span data-count="synced">{run.synced} synced</span> ·{' '}
            <span data-count="pending">{run.pending} pending</span> ·{' '}
            <span data-count="failed">{run.failed} failed</span>
            {' — '}
            {run.cancelled
              ? 'cancelled'
              : run.done
                ? 'done'
                : run.state === 'scanning'
                  ? 'looking for matches…'
                  : 'syncing…'}
          </p>
          <p className="muted small">
            Started {dateTime(run.startedAt)}
            {run.finishedAt !== null && `, took ${duration(run.finishedAt - run.startedAt)}`}
          </p>
          {run.error && <p className="error-text">{run.error}</p>}
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}
