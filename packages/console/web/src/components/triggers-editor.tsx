/** Triggers: per side served here, JQL queries whose matches start syncing (each with an active flag and a note). */
import { useEffect, useState } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { ConnectionView, TriggerView } from '../api-types.ts';

interface TriggersDocument {
  connection: string;
  sides: { side: 'a' | 'b'; instance: string; remote: boolean; triggers: TriggerView[] }[];
}

/** The triggers tab. */
export function TriggersEditor({
  connection,
  onChanged,
}: {
  connection: ConnectionView;
  onChanged: () => Promise<void>;
}) {
  const path = `/api/connections/${segment(connection.name)}/triggers`;
  const [saved, setSaved] = useState<TriggersDocument | undefined>(undefined);
  const [draft, setDraft] = useState<Record<string, TriggerView[]>>({});
  const [error, setError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);

  const take = (document: TriggersDocument) => {
    setSaved(document);
    setDraft(
      Object.fromEntries(document.sides.filter((side) => !side.remote).map((side) => [side.instance, side.triggers])),
    );
  };

  useEffect(() => {
    api<TriggersDocument>('GET', path).then(take, (failure: unknown) => setError(describeError(failure)));
  }, [path]);

  const edit = (instance: string, index: number, patch: Partial<TriggerView>) =>
    setDraft((current) => ({
      ...current,
      [instance]: (current[instance] ?? []).map((trigger, i) => (i === index ? { ...trigger, ...patch } : trigger)),
    }));

  const save = async () => {
    setError(undefined);
    setMessage(undefined);
    try {
      const triggers = Object.fromEntries(
        Object.entries(draft).map(([instance, list]) => [
          instance,
          list.map((trigger) => ({
            jql: trigger.jql,
            active: trigger.active,
            note: trigger.note === '' ? null : trigger.note,
          })),
        ]),
      );
      take(await api<TriggersDocument>('PUT', path, { triggers }));
      setMessage('Saved to the config file and applied.');
      await onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (!saved) return error ? <p className="error-text">{error}</p> : <p className="muted">Loading the triggers…</p>;
  return (
    <div className="stack">
      {saved.sides.map((side) => (
        <article className="card" key={side.instance} aria-label={`Triggers of ${side.instance}`}>
          <h2>{side.instance}</h2>
          {side.remote ? (
            <p className="muted">Served by the peer node: its triggers are set there.</p>
          ) : (
            <>
              {(draft[side.instance] ?? []).length === 0 && (
                <p className="muted">No trigger: only issues synced by hand.</p>
              )}
              {(draft[side.instance] ?? []).map((trigger, index) => (
                <div className="trigger-row" key={index}>
                  <input
                    className="jql"
                    aria-label={`JQL of trigger ${index + 1} of ${side.instance}`}
                    value={trigger.jql}
                    onChange={(event) => edit(side.instance, index, { jql: event.target.value })}
                  />
                  <label className="inline">
                    <input
                      type="checkbox"
                      checked={trigger.active}
                      onChange={(event) => edit(side.instance, index, { active: event.target.checked })}
                    />{' '}
                    active
                  </label>
                  <input
                    aria-label={`Note of trigger ${index + 1} of ${side.instance}`}
                    placeholder="note"
                    value={trigger.note ?? ''}
                    onChange={(event) => edit(side.instance, index, { note: event.target.value })}
                  />
                  <button
                    type="button"
                    className="link-button"
                    onClick={() =>
                      setDraft((current) => ({
                        ...current,
                        [side.instance]: (current[side.instance] ?? []).filter((_trigger, i) => i !== index),
                      }))
                    }
                  >
                    Remove
                  </button>
                </div>
              ))}
              <button
                type="button"
                className="small-button"
                onClick={() =>
                  setDraft((current) => ({
                    ...current,
                    [side.instance]: [...(current[side.instance] ?? []), { jql: '', active: true, note: null }],
                  }))
                }
              >
                Add trigger
              </button>
            </>
          )}
        </article>
      ))}
      <div className="actions">
        <button type="button" className="primary" onClick={save}>
          Save triggers
        </button>
        {message && (
          <span className="good-text" role="status">
            {message}
          </span>
        )}
      </div>
      {error && (
        <pre className="error-text" role="alert">
          {error}
        </pre>
      )}
    </div>
  );
}
