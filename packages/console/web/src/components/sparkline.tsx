/** A tiny line of counts (syncs per hour) drawn as SVG, for the overview's table. */

/** Draws `values` (oldest first) in a width × height box; a flat line when all are zero. */
export function Sparkline({
  values,
  width = 120,
  height = 28,
  label,
}: {
  values: number[];
  width?: number;
  height?: number;
  label: string;
}) {
  const total = values.reduce((sum, value) => sum + value, 0);
  if (values.length === 0) return <span className="muted">–</span>;
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? width / (values.length - 1) : width;
  const points = values.map(
    (value, i) => `${(i * step).toFixed(1)},${(height - 2 - (value / max) * (height - 4)).toFixed(1)}`,
  );
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      role="img"
      aria-label={`${label}: ${total} in ${values.length} h`}
    >
      <title>{`${total} syncs in the last ${values.length} hours`}</title>
      <polyline points={`0,${height} ${points.join(' ')} ${width},${height}`} className="sparkline-area" />
      <polyline points={points.join(' ')} className="sparkline-line" />
    </svg>
  );
}
