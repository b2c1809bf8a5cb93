/**
 * Creating a connection: a name, a mode and two sides, each either served here (instance, project, trigger, sync
 * method) or by a peer node (remote; the invitation on the connection's page pairs the two nodes).
 */
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, describeError } from '../api-client.ts';
import type { ConnectionView, InstanceView, Page, SyncMethod } from '../api-types.ts';
import { useApiData } from '../use-api-data.ts';

interface SideForm {
  instance: string;
  remote: boolean;
  project: string;
  trigger: string;
  sync: SyncMethod;
}

const EMPTY_SIDE: SideForm = { instance: '', remote: false, project: '', trigger: '', sync: 'auto' };

/** The form, then the new connection's page. */
export function NewConnectionPage() {
  const navigate = useNavigate();
  const instances = useApiData<Page<InstanceView>>('/api/instances');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [sides, setSides] = useState<[SideForm, SideForm]>([{ ...EMPTY_SIDE }, { ...EMPTY_SIDE }]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const update = (index: 0 | 1, patch: Partial<SideForm>) =>
    setSides((current) => {
      const next: [SideForm, SideForm] = [{ ...current[0] }, { ...current[1] }];
      next[index] = { ...next[index], ...patch };
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        sides: sides.map((side) =>
          side.remote
            ? { instance: side.instance.trim(), remote: true }
            : {
                instance: side.instance.trim(),
                remote: false,
                project: side.project.trim(),
                ...(side.trigger.trim() ? { trigger: side.trigger.trim() } : {}),
                sync: side.sync,
              },
        ),
      };
      const created = await api<ConnectionView>('POST', '/api/connections', body);
      navigate(`/connections/${encodeURIComponent(created.name)}`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };

  const known = instances.data?.items ?? [];
  return (
    <section>
      <header className="page-header">
        <h1>New connection</h1>
      </header>
      <form className="card form" onSubmit={submit} aria-label="New connection">
        <label>
          Name
          <input
            name="name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="blue_green"
            required
          />
        </label>
        <label>
          Description
          <input name="description" value={description} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <p className="muted small">
          The connection starts in Basic mode; choose Visual or Script rules on its page. A side served by another node
          is paired with an invitation code.
        </p>
        <div className="two-columns">
          {([0, 1] as const).map((index) => {
            const side = sides[index];
            const prefix = `side-${index === 0 ? 'a' : 'b'}`;
            return (
              <fieldset key={index} className="side-form" data-side={index === 0 ? 'a' : 'b'}>
                <legend>Side {index === 0 ? 'a' : 'b'}</legend>
                <label>
                  Instance
                  <input
                    name={`${prefix}-instance`}
                    list="known-instances"
                    value={side.instance}
                    onChange={(event) => update(index, { instance: event.target.value })}
                    required
                  />
                </label>
                <label className="inline">
                  <input
                    type="checkbox"
                    name={`${prefix}-remote`}
                    checked={side.remote}
                    onChange={(event) => update(index, { remote: event.target.checked })}
                  />
                  Served by a peer node
                </label>
                {!side.remote && (
                  <>
                    <label>
                      Project
                      <input
                        name={`${prefix}-project`}
                        value={side.project}
                        onChange={(event) => update(index, { project: event.target.value })}
                        required
                      />
                    </label>
                    <label>
                      Trigger (JQL)
                      <input
                        name={`${prefix}-trigger`}
                        value={side.trigger}
                        onChange={(event) => update(index, { trigger: event.target.value })}
                        placeholder="project = BLUE"
                      />
                    </label>
                    <label>
                      Sync method
                      <select
                        name={`${prefix}-sync`}
                        value={side.sync}
                        onChange={(event) => update(index, { sync: event.target.value as SyncMethod })}
                      >
                        <option value="auto">auto</option>
                        <option value="manual">manual</option>
                        <option value="off">off</option>
                      </select>
                    </label>
                  </>
                )}
              </fieldset>
            );
          })}
        </div>
        <datalist id="known-instances">
          {known.map((instance) => (
            <option key={instance.name} value={instance.name}>
              {instance.type} · {instance.url}
            </option>
          ))}
        </datalist>
        {error && (
          <pre className="error-text" role="alert">
            {error}
          </pre>
        )}
        <button type="submit" className="primary" disabled={busy}>
          Create connection
        </button>
      </form>
    </section>
  );
}
