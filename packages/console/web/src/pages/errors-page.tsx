/**
 * Errors, grouped by connection and cause: how far each reaches (one twin, or the whole connection), Jira's own
 * message, the script line, and retry or skip for each twin.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { api, describeError, segment } from '../api-client.ts';
import type { ErrorGroup, Page } from '../api-types.ts';
import { timeAgo } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

/** The errors page, refreshed every few seconds. */
export function ErrorsPage() {
  const { data, error, reload } = useApiData<Page<ErrorGroup>>('/api/errors?limit=200', 3000);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const groups = data?.items ?? [];
  const byConnection = new Map<string, ErrorGroup[]>();
  for (const group of groups)
    byConnection.set(group.connection, [...(byConnection.get(group.connection) ?? []), group]);

  const act = async (what: string, path: string, body: unknown = {}) => {
    setActionError(undefined);
    setMessage(undefined);
    try {
      await api('POST', path, body);
      setMessage(what);
      await reload();
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  return (
    <section>
      <header className="page-header">
        <h1>Errors</h1>
        {groups.length > 0 && (
          <button type="button" onClick={() => act('Every parked twin is queued again.', '/api/errors/retry')}>
            Retry all
          </button>
        )}
      </header>
      {(error || actionError) && (
        <pre className="error-text" role="alert">
          {actionError ?? error}
        </pre>
      )}
      {message && (
        <p className="good-text" role="status">
          {message}
        </p>
      )}
      {data && groups.length === 0 && (
        <p className="empty" data-testid="no-errors">
          No errors: every twin is in sync or on its way.
        </p>
      )}
      {[...byConnection.entries()].map(([connection, list]) => (
        <section key={connection} className="error-connection" aria-label={`Errors of ${connection}`}>
          <h2>
            <Link to={`/connections/${segment(connection)}`}>{connection}</Link>
          </h2>
          {list.map((group) => (
            <article
              key={group.id}
              className="card error-group"
              data-cause={group.cause}
              aria-label={`${group.cause}: ${group.message}`}
            >
              <header className="error-group-head">
                <span
                  className={`badge ${group.blastRadius === 'connection' ? 'badge-bad' : 'badge-wait'}`}
                  title="Blast radius"
                >
                  {group.blastRadius === 'connection'
                    ? 'whole connection blocked'
                    : `${group.count} twin${group.count === 1 ? '' : 's'} blocked`}
                </span>
                <span className="muted small" title="What the errors of this group have in common">
                  cause: {group.cause}
                </span>
              </header>
              <p className="error-message">{group.message}</p>
              {group.jira && (
                <div className="jira-message">
                  <span className="muted small">
                    Jira answered{group.jira.status !== null ? ` ${group.jira.status}` : ''}:
                  </span>
                  <ul>
                    {group.jira.messages.map((line, index) => (
                      <li key={index}>{line}</li>
                    ))}
                  </ul>
                </div>
              )}
              {group.script && (
                <p className="small">
                  Script line:{' '}
                  <code>
                    {group.script.file}
                    {group.script.line !== null ? `:${group.script.line}` : ''}
                    {group.script.column !== null ? `:${group.script.column}` : ''}
                  </code>
                </p>
              )}
              {group.twins.length > 0 && (
                <table className="table compact" aria-label="Twins blocked">
                  <thead>
                    <tr>
                      <th>Issues</th>
                      <th>Message</th>
                      <th>Attempts</th>
                      <th>Last</th>
                      <th />
                    </tr>
                  </thead>
                  <tbody>
                    {group.twins.map((twin) => (
                      <tr key={twin.twinId} data-twin={twin.twinId}>
                        <td>
                          <Link to={`/twins/${segment(twin.twinId)}`}>{twin.keys.join(' ⇄ ') || twin.twinId}</Link>
                        </td>
                        <td>{twin.message}</td>
                        <td className="number">
                          {twin.attempts}
                          {twin.retrying && <span className="muted small"> (retrying)</span>}
                        </td>
                        <td>{timeAgo(twin.lastAt)}</td>
                        <td className="row-actions">
                          <button
                            type="button"
                            onClick={() =>
                              act(
                                `${twin.keys[0] ?? 'The twin'} is queued again.`,
                                `/api/errors/${segment(twin.twinId)}/retry`,
                              )
                            }
                          >
                            Retry
                          </button>
                          <button
                            type="button"
                            onClick={() =>
                              act(
                                `${twin.keys[0] ?? 'The twin'}: error skipped.`,
                                `/api/errors/${segment(twin.twinId)}/skip`,
                              )
                            }
                          >
                            Skip
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </article>
          ))}
        </section>
      ))}
    </section>
  );
}
