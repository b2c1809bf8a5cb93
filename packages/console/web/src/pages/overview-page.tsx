/** Every connection of this node at a glance: status, issues under sync, last sync, errors, syncs per hour. */
import { Link } from 'react-router';
import type { ConnectionSide, ConnectionView, Page } from '../api-types.ts';
import { Sparkline } from '../components/sparkline.tsx';
import { StatusBadge } from '../components/status-badge.tsx';
import { timeAgo } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

/** "blue · BLUE" or "green (peer node)". */
export function sideLabel(side: ConnectionSide): string {
  if (side.remote) return `${side.instance} (peer node)`;
  return side.project ? `${side.instance} · ${side.project}` : side.instance;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function Kpi({ value, label, tone }: { value: number; label: string; tone?: 'bad' | undefined }) {
  return (
    <div className={tone ? `kpi kpi-${tone}` : 'kpi'}>
      <span className="kpi-value">{value}</span>
      <span className="kpi-label">{label}</span>
    </div>
  );
}

/** The overview page, refreshed every few seconds. */
export function OverviewPage() {
  const { data, error } = useApiData<Page<ConnectionView>>('/api/connections', 3000);
  const connections = data?.items ?? [];
  return (
    <section>
      <header className="page-header">
        <h1>Overview</h1>
        <Link className="button primary" to="/connections/new">
          New connection
        </Link>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {connections.length > 0 && (
        <div className="kpis" aria-label="Totals">
          <Kpi
            value={connections.filter((connection) => connection.status === 'active').length}
            label={`of ${connections.length} connections active`}
          />
          <Kpi value={sum(connections.map((connection) => connection.twins))} label="issue pairs under sync" />
          <Kpi value={sum(connections.map((connection) => connection.pending))} label="sync events waiting" />
          <Kpi
            value={sum(connections.map((connection) => sum(connection.syncsPerHour)))}
            label="syncs in the last 24 h"
          />
          <Kpi
            value={sum(connections.map((connection) => connection.errors))}
            label="twins with an error"
            tone={connections.some((connection) => connection.errors > 0) ? 'bad' : undefined}
          />
        </div>
      )}
      {data && connections.length === 0 && (
        <p className="empty">No connection yet. Create one, or accept another node's invitation.</p>
      )}
      {connections.length > 0 && (
        <table className="table" aria-label="Connections">
          <thead>
            <tr>
              <th>Connection</th>
              <th>Status</th>
              <th>Sides</th>
              <th className="number">Issues under sync</th>
              <th className="number">Pending</th>
              <th>Last sync</th>
              <th className="number">Errors</th>
              <th>Syncs per hour</th>
            </tr>
          </thead>
          <tbody>
            {connections.map((connection) => (
              <tr key={connection.name} data-connection={connection.name}>
                <td>
                  <Link to={`/connections/${encodeURIComponent(connection.name)}`}>{connection.name}</Link>
                  {connection.description && <div className="muted small">{connection.description}</div>}
                </td>
                <td>
                  <StatusBadge status={connection.status} title={connection.reason} />
                  {connection.reason && connection.status !== 'active' && (
                    <div className="muted small">{connection.reason}</div>
                  )}
                </td>
                <td>
                  {sideLabel(connection.sides[0])} ⇄ {sideLabel(connection.sides[1])}
                  {connection.mode && <div className="muted small">{connection.mode} mode</div>}
                </td>
                <td className="number" data-cell="twins">
                  {connection.twins}
                </td>
                <td className="number" data-cell="pending">
                  {connection.pending}
                </td>
                <td>{timeAgo(connection.lastSyncAt)}</td>
                <td className="number" data-cell="errors">
                  {connection.errors > 0 ? (
                    <Link to="/errors" className="error-text">
                      {connection.errors}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td>
                  <Sparkline values={connection.syncsPerHour ?? []} label={`Syncs per hour of ${connection.name}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
