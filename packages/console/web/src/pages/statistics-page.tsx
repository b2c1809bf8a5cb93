/** Statistics as charts: syncs per hour, latency percentiles, API calls and 429s by reason, queue depth. */
import { useMemo, useState } from 'react';
import type { ConnectionView, Page, StatisticsDocument } from '../api-types.ts';
import { UplotChart, type ChartSeries, type ChartX } from '../components/uplot-chart.tsx';
import { duration } from '../format.ts';
import { useApiData } from '../use-api-data.ts';

const COLORS = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#7c3aed', '#0891b2'];

/** The statistics page, refreshed every 5 s. */
export function StatisticsPage() {
  const [connection, setConnection] = useState('');
  const [hours, setHours] = useState(24);
  const connections = useApiData<Page<ConnectionView>>('/api/connections');
  const query = `/api/statistics?hours=${hours}${connection ? `&connection=${encodeURIComponent(connection)}` : ''}`;
  const { data, error } = useApiData<StatisticsDocument>(query, 5000);
  const dataJson = JSON.stringify(data ?? null);

  // Charts rebuild only when the numbers change, not on every refresh.
  const charts = useMemo(() => {
    const stats = JSON.parse(dataJson) as StatisticsDocument | null;
    if (!stats) return null;
    const perHour: { x: ChartX; series: ChartSeries[] } = {
      x: {
        kind: 'time',
        name: 'hour',
        seconds: stats.syncsPerHour.map((bucket) => Math.round(bucket.hour / 1000)),
      },
      series: [
        { label: 'syncs', values: stats.syncsPerHour.map((bucket) => bucket.syncs), color: COLORS[0] ?? '#2563eb' },
        { label: 'errors', values: stats.syncsPerHour.map((bucket) => bucket.errors), color: COLORS[1] ?? '#dc2626' },
      ],
    };
    const latency: { x: ChartX; series: ChartSeries[] } = {
      x: { kind: 'categories', name: 'percentile', labels: ['p50', 'p90', 'p99', 'max'] },
      series: [
        {
          label: 'ms',
          values: [stats.latency.p50, stats.latency.p90, stats.latency.p99, stats.latency.max],
          color: COLORS[2] ?? '#16a34a',
        },
      ],
    };
    const calls: { x: ChartX; series: ChartSeries[] } = {
      x: { kind: 'categories', name: 'instance', labels: stats.apiCalls.map((entry) => entry.instance) },
      series: [
        { label: 'requests', values: stats.apiCalls.map((entry) => entry.requests), color: COLORS[0] ?? '#2563eb' },
        { label: '429s', values: stats.apiCalls.map((entry) => entry.rateLimited), color: COLORS[1] ?? '#dc2626' },
      ],
    };
    const reasons = [...new Set(stats.apiCalls.flatMap((entry) => Object.keys(entry.rateLimitedByReason)))].sort();
    const byReason: { x: ChartX; series: ChartSeries[] } | null =
      reasons.length === 0
        ? null
        : {
            x: { kind: 'categories', name: 'reason', labels: reasons },
            series: stats.apiCalls.map((entry, index) => ({
              label: entry.instance,
              values: reasons.map((reason) => entry.rateLimitedByReason[reason] ?? 0),
              color: COLORS[index % COLORS.length] ?? '#2563eb',
            })),
          };
    const queueNames = Object.keys(stats.queue.byConnection).sort();
    const queue: { x: ChartX; series: ChartSeries[] } = {
      x: { kind: 'categories', name: 'connection', labels: queueNames.length > 0 ? queueNames : ['all'] },
      series: [
        {
          label: 'events waiting',
          values:
            queueNames.length > 0 ? queueNames.map((name) => stats.queue.byConnection[name] ?? 0) : [stats.queue.depth],
          color: COLORS[3] ?? '#d97706',
        },
      ],
    };
    return { stats, perHour, latency, calls, byReason, queue };
  }, [dataJson]);

  return (
    <section>
      <header className="page-header">
        <h1>Statistics</h1>
        <div className="actions">
          <label className="inline">
            Connection
            <select aria-label="Connection" value={connection} onChange={(event) => setConnection(event.target.value)}>
              <option value="">all</option>
              {(connections.data?.items ?? []).map((entry) => (
                <option key={entry.name} value={entry.name}>
                  {entry.name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            Period
            <select aria-label="Period" value={hours} onChange={(event) => setHours(Number(event.target.value))}>
              <option value={6}>6 hours</option>
              <option value={24}>24 hours</option>
              <option value={72}>3 days</option>
              <option value={168}>7 days</option>
            </select>
          </label>
        </div>
      </header>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {charts && (
        <>
          <div className="kpis">
            <div className="kpi">
              <span className="kpi-value">
                {charts.stats.syncsPerHour.reduce((sum, bucket) => sum + bucket.syncs, 0)}
              </span>
              <span className="kpi-label">syncs in {charts.stats.hours} h</span>
            </div>
            <div className="kpi">
              <span className="kpi-value">{duration(charts.stats.latency.p50)}</span>
              <span className="kpi-label">median latency ({charts.stats.latency.count} changes)</span>
            </div>
            <div className="kpi">
              <span className="kpi-value">{charts.stats.apiCalls.reduce((sum, entry) => sum + entry.requests, 0)}</span>
              <span className="kpi-label">Jira API calls</span>
            </div>
            <div className="kpi">
              <span className="kpi-value">
                {charts.stats.apiCalls.reduce((sum, entry) => sum + entry.rateLimited, 0)}
              </span>
              <span className="kpi-label">answered 429</span>
            </div>
            <div className="kpi">
              <span className="kpi-value" data-testid="queue-depth">
                {charts.stats.queue.depth}
              </span>
              <span className="kpi-label">events in the queue</span>
            </div>
          </div>
          <div className="charts">
            <UplotChart title="Syncs per hour" x={charts.perHour.x} series={charts.perHour.series} bars />
            <UplotChart title="Latency, detected → applied (ms)" x={charts.latency.x} series={charts.latency.series} />
            <UplotChart title="Jira API calls and 429s, by instance" x={charts.calls.x} series={charts.calls.series} />
            {charts.byReason ? (
              <UplotChart title="429s by reason" x={charts.byReason.x} series={charts.byReason.series} />
            ) : (
              <figure className="chart">
                <figcaption>429s by reason</figcaption>
                <p className="empty">No request was rate limited.</p>
              </figure>
            )}
            <UplotChart title="Queue depth, by connection" x={charts.queue.x} series={charts.queue.series} />
          </div>
        </>
      )}
    </section>
  );
}
