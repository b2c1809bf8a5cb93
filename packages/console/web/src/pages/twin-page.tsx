/**
 * The twin page: find a twin by the key of either issue; see both issues side by side with links, the sync status,
 * the timeline with field-level diffs, and act on it (sync now, unsync, retry).
 */
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, describeError, segment } from '../api-client.ts';
import type { AuditEntryView, Page, TwinSideView, TwinSummary } from '../api-types.ts';
import { StatusBadge } from '../components/status-badge.tsx';
import { TwinTimeline } from '../components/twin-timeline.tsx';
import { dateTime, timeAgo } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

/** The twin's state in one word: error, pending, synced, unsynced. */
export function twinStatus(twin: TwinSummary): string {
  if (twin.state === 'unsynced') return 'unsynced';
  if (twin.error) return 'error';
  if (twin.pending || twin.state === 'creating') return 'pending';
  return 'synced';
}

function keyOf(side: TwinSideView): string {
  return side.issueKey ?? `(issue ${side.issueId || 'not created yet'})`;
}

/** Search, then one twin. */
export function TwinPage() {
  const id = useParams()['id'];
  const [search] = useSearchParams();
  const key = search.get('key');
  return (
    <section>
      <header className="page-header">
        <h1>Twins</h1>
        <TwinSearch initial={key ?? ''} />
      </header>
      {id ? (
        <TwinDetail id={id} />
      ) : key ? (
        <TwinSearchResults issueKey={key} />
      ) : (
        <>
          <p className="empty">Type the key of an issue on either side.</p>
          <ConnectForm />
        </>
      )}
    </section>
  );
}

/** Two existing issues made twins (nothing is created); the keys may come in either order. */
function ConnectForm() {
  const navigate = useNavigate();
  const [a, setA] = useState('');
  const [b, setB] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      const { twin } = await api<{ twin: TwinSummary }>('POST', '/api/connect', {
        a: a.trim().toUpperCase(),
        b: b.trim().toUpperCase(),
      });
      navigate(`/twins/${segment(twin.id)}`);
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <form className="card connect-form" onSubmit={submit} aria-label="Connect two issues">
      <h2>Connect two existing issues</h2>
      <p className="muted small">They become twins and are merged once; no issue is created.</p>
      <div className="inline-form">
        <input
          aria-label="First issue key"
          placeholder="BLUE-7"
          value={a}
          onChange={(event) => setA(event.target.value)}
          required
        />
        <span aria-hidden="true">⇄</span>
        <input
          aria-label="Second issue key"
          placeholder="GREEN-3"
          value={b}
          onChange={(event) => setB(event.target.value)}
          required
        />
        <button type="submit">Connect</button>
      </div>
      {error && (
        <pre className="error-text" role="alert">
          {error}
        </pre>
      )}
    </form>
  );
}

function TwinSearch({ initial }: { initial: string }) {
  const navigate = useNavigate();
  const [key, setKey] = useState(initial);
  useEffect(() => setKey(initial), [initial]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (key.trim() !== '') navigate(`/twins?key=${encodeURIComponent(key.trim().toUpperCase())}`);
  };
  return (
    <form className="inline-form" onSubmit={submit} role="search">
      <input
        aria-label="Issue key"
        placeholder="BLUE-1 or GREEN-1"
        value={key}
        onChange={(event) => setKey(event.target.value)}
      />
      <button type="submit">Find twin</button>
    </form>
  );
}

function TwinSearchResults({ issueKey }: { issueKey: string }) {
  const navigate = useNavigate();
  const { data, error } = useApiData<Page<TwinSummary>>(`/api/twins?key=${encodeURIComponent(issueKey)}`);
  const items = data?.items ?? [];
  useEffect(() => {
    const only = items.length === 1 ? items[0] : undefined;
    if (only) navigate(`/twins/${segment(only.id)}`, { replace: true });
  }, [items, navigate]);
  if (error)
    return (
      <p className="error-text" role="alert">
        {error}
      </p>
    );
  if (!data) return <p className="muted">Looking…</p>;
  if (items.length === 0) return <p className="empty">{issueKey} has no twin.</p>;
  return (
    <ul className="list">
      {items.map((twin) => (
        <li key={twin.id}>
          <Link to={`/twins/${segment(twin.id)}`}>
            {keyOf(twin.a)} ⇄ {keyOf(twin.b)}
          </Link>{' '}
          <span className="muted">({twin.connection})</span> <StatusBadge status={twinStatus(twin)} />
        </li>
      ))}
    </ul>
  );
}

function IssueCard({ side, label }: { side: TwinSideView; label: string }) {
  const issue = side.issue;
  return (
    <article className="card issue-card" aria-label={`${label}: ${side.instance}`}>
      <p className="muted small">{side.instance}</p>
      <h2>
        {side.url && side.issueKey ? (
          <a href={side.url} target="_blank" rel="noreferrer">
            {side.issueKey}
          </a>
        ) : (
          keyOf(side)
        )}
      </h2>
      {issue ? (
        <>
          <p className="issue-summary">{issue.summary}</p>
          <dl className="facts">
            <dt>Status</dt>
            <dd>{issue.status}</dd>
            <dt>Type</dt>
            <dd>{issue.issueType}</dd>
            <dt>Updated</dt>
            <dd>
              {issue.updated === null
                ? '–'
                : typeof issue.updated === 'number'
                  ? dateTime(issue.updated)
                  : issue.updated}
            </dd>
          </dl>
        </>
      ) : (
        <p className="muted">Not readable from this node (the peer's side, or Jira did not answer).</p>
      )}
    </article>
  );
}

function TwinDetail({ id }: { id: string }) {
  const navigate = useNavigate();
  const twin = useApiData<TwinSummary>(`/api/twins/${segment(id)}`, 2000);
  const timeline = useApiData<Page<AuditEntryView>>(`/api/twins/${segment(id)}/timeline?limit=100`, 2000);
  const [actionError, setActionError] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);

  const act = async (what: string, method: 'POST', path: string) => {
    setActionError(undefined);
    setMessage(undefined);
    try {
      await api(method, path, {});
      setMessage(what);
      await Promise.all([twin.reload(), timeline.reload()]);
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  if (twin.error && !twin.data)
    return (
      <p className="error-text" role="alert">
        {twin.error}
      </p>
    );
  const data = twin.data;
  if (!data) return <p className="muted">Loading…</p>;
  const status = twinStatus(data);
  return (
    <div className="stack">
      <div className="twin-sides">
        <IssueCard side={data.a} label="Side a" />
        <div className="twin-middle">
          <StatusBadge status={status} />
          <span className="muted small">{data.connection}</span>
          <span className="muted small">last sync {timeAgo(data.lastSyncedAt)}</span>
          <span className="twin-arrows" aria-hidden="true">
            ⇄
          </span>
        </div>
        <IssueCard side={data.b} label="Side b" />
      </div>
      {data.error && (
        <div className="card error-card" role="alert">
          <strong>{data.error.message}</strong>
          <p className="muted small">
            {data.error.attempts} attempts, first {dateTime(data.error.firstAt)}, last {dateTime(data.error.lastAt)}
          </p>
        </div>
      )}
      <div className="actions">
        <button
          type="button"
          onClick={() => act('Queued: the twin syncs now.', 'POST', `/api/twins/${segment(id)}/sync`)}
          disabled={data.state === 'unsynced'}
        >
          Sync now
        </button>
        {data.error && (
          <button type="button" onClick={() => act('Queued again.', 'POST', `/api/errors/${segment(id)}/retry`)}>
            Retry
          </button>
        )}
        <button
          type="button"
          className="danger"
          disabled={data.state === 'unsynced'}
          onClick={() => {
            if (window.confirm('Stop syncing these two issues? Both stay as they are.'))
              void act('Unsynced.', 'POST', `/api/twins/${segment(id)}/unsync`);
          }}
        >
          Unsync
        </button>
        {message && (
          <span className="good-text" role="status">
            {message}
          </span>
        )}
        <span className="spacer" />
        <button type="button" className="link-button" onClick={() => navigate('/twins')}>
          Find another
        </button>
      </div>
      {actionError && (
        <pre className="error-text" role="alert">
          {actionError}
        </pre>
      )}
      <section className="card">
        <h2>Timeline</h2>
        {timeline.error && <p className="error-text">{timeline.error}</p>}
        <TwinTimeline entries={timeline.data?.items ?? []} />
      </section>
    </div>
  );
}
