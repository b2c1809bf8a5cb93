/**
 * API tokens for scripts and tools: create one (its value is shown once, here, and never again), see when each was
 * last used, revoke. Requests carry a token as `Authorization: Bearer <token>`.
 */
import { useState, type FormEvent } from 'react';
import { api, describeError, segment } from '../api-client.ts';
import type { ApiTokenView, CreatedToken, Page } from '../api-types.ts';
import { dateTime, timeAgo } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

/** The tokens page. */
export function TokensPage() {
  const { data, error, reload } = useApiData<Page<ApiTokenView>>('/api/tokens?limit=200');
  const [name, setName] = useState('');
  const [created, setCreated] = useState<CreatedToken | undefined>(undefined);
  const [copied, setCopied] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>(undefined);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setActionError(undefined);
    setCopied(false);
    try {
      setCreated(await api<CreatedToken>('POST', '/api/tokens', { name: name.trim() }));
      setName('');
      await reload();
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  const revoke = async (token: ApiTokenView) => {
    if (!window.confirm(`Revoke the token "${token.name}"? Scripts using it get 401 from now on.`)) return;
    setActionError(undefined);
    try {
      await api('DELETE', `/api/tokens/${segment(token.id)}`);
      if (created?.token.id === token.id) setCreated(undefined);
      await reload();
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.value);
      setCopied(true);
    } catch {
      setActionError('the browser refused the clipboard: select the token and copy it by hand');
    }
  };

  const tokens = data?.items ?? [];
  return (
    <section>
      <header className="page-header">
        <h1>API tokens</h1>
      </header>
      <p className="muted">
        Scripts and tools call the node's API (documented at <a href="/api/openapi.json">/api/openapi.json</a>) with{' '}
        <code>Authorization: Bearer &lt;token&gt;</code>. The CLI has its own: <code>tandem token create NAME</code>.
      </p>
      <form className="card inline-form" onSubmit={create} aria-label="New token">
        <input
          aria-label="Token name"
          placeholder="e.g. nightly report"
          value={name}
          onChange={(event) => setName(event.target.value)}
          required
        />
        <button type="submit" className="primary">
          Create token
        </button>
      </form>
      {created && (
        <div className="card created-token" role="status">
          <p>
            The token <strong>{created.token.name}</strong> — copy it now, it is not shown again:
          </p>
          <div className="inline-form">
            <input className="token-value" readOnly value={created.value} aria-label="New token value" />
            <button type="button" onClick={copy}>
              {copied ? 'Copied' : 'Copy'}
            </button>
          </div>
        </div>
      )}
      {(error || actionError) && (
        <p className="error-text" role="alert">
          {actionError ?? error}
        </p>
      )}
      {data && tokens.length === 0 && <p className="empty">No API token yet.</p>}
      {tokens.length > 0 && (
        <table className="table" aria-label="Tokens">
          <thead>
            <tr>
              <th>Name</th>
              <th>Token</th>
              <th>Created</th>
              <th>Last used</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id} data-token={token.name}>
                <td>{token.name}</td>
                <td>
                  <code>{token.masked}</code>
                </td>
                <td>
                  {dateTime(token.createdAt)}
                  {token.createdBy && <span className="muted small"> by {token.createdBy.email}</span>}
                </td>
                <td>{timeAgo(token.lastUsedAt)}</td>
                <td>
                  <button type="button" className="danger" onClick={() => void revoke(token)}>
                    Revoke
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
