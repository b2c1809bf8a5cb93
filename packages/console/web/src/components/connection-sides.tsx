/** A connection's two sides: instance, project, trigger, sync method per direction; and the invitation card. */
import { useState } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { ConnectionView, SyncMethod } from '../api-types.ts';
import { InvitationCard } from './invitation-card.tsx';

/** The sides tab. */
export function ConnectionSides({
  connection,
  onChanged,
}: {
  connection: ConnectionView;
  onChanged: () => Promise<void>;
}) {
  const [error, setError] = useState<string | undefined>(undefined);
  const hasRemote = connection.sides.some((side) => side.remote);

  const setSync = async (instance: string, sync: SyncMethod) => {
    setError(undefined);
    try {
      await api('PUT', `/api/connections/${segment(connection.name)}/sides/${segment(instance)}`, { sync });
      await onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  return (
    <div className="stack">
      <div className="two-columns">
        {connection.sides.map((side, index) => {
          const other = connection.sides[index === 0 ? 1 : 0];
          return (
            <article
              key={side.instance}
              className="card"
              data-side={side.side}
              aria-label={`Side ${side.side}: ${side.instance}`}
            >
              <h2>
                Side {side.side}: {side.instance}
              </h2>
              {side.remote ? (
                <p className="muted">
                  Served by the peer node{connection.peer ? ` at ${connection.peer.url}` : ''}: its project, trigger and
                  rules stay there.
                </p>
              ) : (
                <dl className="facts">
                  <dt>Jira</dt>
                  <dd>
                    {side.url ? (
                      <a href={side.url} target="_blank" rel="noreferrer">
                        {side.url}
                      </a>
                    ) : (
                      '–'
                    )}
                  </dd>
                  <dt>Project</dt>
                  <dd>{side.project ?? '–'}</dd>
                  <dt>Trigger</dt>
                  <dd>
                    <code>{side.trigger ?? 'none (only issues synced by hand)'}</code>
                  </dd>
                  <dt>
                    Sync {side.instance} → {other.instance}
                  </dt>
                  <dd>
                    <select
                      aria-label={`Sync method of ${side.instance}`}
                      value={side.sync ?? 'auto'}
                      onChange={(event) => void setSync(side.instance, event.target.value as SyncMethod)}
                    >
                      <option value="auto">auto: changes travel at once</option>
                      <option value="manual">manual: only when asked</option>
                      <option value="off">off: nothing travels</option>
                    </select>
                  </dd>
                </dl>
              )}
            </article>
          );
        })}
      </div>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {hasRemote && <InvitationCard connection={connection} onChanged={onChanged} />}
    </div>
  );
}
