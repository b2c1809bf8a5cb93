/** A progress bar with its numbers, for bulk runs. */

/**
 * `done` and `failed` of `total` as a bar (failed in red at the end). Until `finished`, it stops at 99 %: a run
 * still looking for matches may find more.
 */
export function ProgressBar({
  done,
  failed = 0,
  total,
  finished,
  label,
}: {
  done: number;
  failed?: number;
  total: number;
  finished: boolean;
  label: string;
}) {
  const share = total === 0 ? 0 : (done + failed) / total;
  const percent = finished ? 100 : Math.min(99, Math.floor(share * 100));
  const failedPercent = total === 0 ? 0 : Math.min(percent, (failed / total) * 100);
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
    >
      <div className="progress-fill" style={{ width: `${percent - failedPercent}%` }} />
      <div className="progress-failed" style={{ width: `${failedPercent}%` }} />
      <span className="progress-text">{percent} %</span>
    </div>
  );
}
