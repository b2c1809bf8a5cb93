/** A coloured word for a connection's or a twin's state. */

const TONES: Record<string, string> = {
  active: 'good',
  synced: 'good',
  pending: 'wait',
  paused: 'wait',
  error: 'bad',
  parked: 'bad',
  retrying: 'wait',
};

/** `status` as a badge; `title` explains it on hover (e.g. the reason of an error). */
export function StatusBadge({ status, title }: { status: string; title?: string | null }) {
  return (
    <span className={`badge badge-${TONES[status] ?? 'neutral'}`} title={title ?? undefined} data-status={status}>
      {status}
    </span>
  );
}
