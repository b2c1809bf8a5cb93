/**
 * One connection: its sides and invitation, its rules (Visual mapping or Script editor, each with a dry run),
 * triggers, and bulk sync. Pause and resume sit in the header.
 */
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, describeError, segment } from '../api-client.ts';
import type { ConnectionView } from '../api-types.ts';
import { BulkSyncPanel } from '../components/bulk-sync-panel.tsx';
import { ConnectionSides } from '../components/connection-sides.tsx';
import { RulesSection } from '../components/rules-section.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { TriggersEditor } from '../components/triggers-editor.tsx';
import { timeAgo } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

const TABS = [
  { id: 'sides', label: 'Sides' },
  { id: 'rules', label: 'Rules' },
  { id: 'triggers', label: 'Triggers' },
  { id: 'bulk', label: 'Bulk sync' },
] as const;

type TabId = (typeof TABS)[number]['id'];

/** The connection page; the tab is kept in the URL (`?tab=rules`). */
export function ConnectionPage() {
  const name = useParams()['name'] ?? '';
  const [search, setSearch] = useSearchParams();
  const tab: TabId = TABS.find((entry) => entry.id === search.get('tab'))?.id ?? 'sides';
  const path = `/api/connections/${segment(name)}`;
  const { data: connection, error, reload } = useApiData<ConnectionView>(path, 3000);
  const [actionError, setActionError] = useState<string | undefined>(undefined);

  const pauseOrResume = async () => {
    if (!connection) return;
    setActionError(undefined);
    try {
      await api('POST', `${path}/${connection.status === 'paused' ? 'resume' : 'pause'}`);
      await reload();
    } catch (failure) {
      setActionError(describeError(failure));
    }
  };

  return (
    <section>
      <p className="breadcrumbs">
        <Link to="/">Overview</Link> / {name}
      </p>
      <header className="page-header">
        <h1>
          {name} {connection && <StatusBadge status={connection.status} title={connection.reason} />}
        </h1>
        {connection && (
          <div className="actions">
            <span className="muted small">
              {connection.twins} issues under sync · {connection.pending} pending · last sync{' '}
              {timeAgo(connection.lastSyncAt)}
            </span>
            <button type="button" onClick={pauseOrResume} disabled={connection.status === 'pending'}>
              {connection.status === 'paused' ? 'Resume' : 'Pause'}
            </button>
          </div>
        )}
      </header>
      {connection?.description && <p className="muted">{connection.description}</p>}
      {connection?.reason && connection.status !== 'active' && <p className="notice">{connection.reason}</p>}
      {(error || actionError) && (
        <p className="error-text" role="alert">
          {actionError ?? error}
        </p>
      )}
      <div className="tabs" role="tablist">
        {TABS.map((entry) => (
          <button
            key={entry.id}
            type="button"
            role="tab"
            aria-selected={tab === entry.id}
            className={tab === entry.id ? 'tab active' : 'tab'}
            onClick={() => setSearch({ tab: entry.id }, { replace: true })}
          >
            {entry.label}
          </button>
        ))}
      </div>
      {connection && (
        <div className="tab-panel" role="tabpanel">
          {tab === 'sides' && <ConnectionSides connection={connection} onChanged={reload} />}
          {tab === 'rules' && <RulesSection connection={connection} onChanged={reload} />}
          {tab === 'triggers' && <TriggersEditor connection={connection} onChanged={reload} />}
          {tab === 'bulk' && <BulkSyncPanel connection={connection} />}
        </div>
      )}
    </section>
  );
}
