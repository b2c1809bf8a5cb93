/**
 * A chart drawn by uPlot (small and fast, canvas). Time series take epoch seconds on x; category charts (one bar
 * group per label) take the labels and draw bars. The chart follows its container's width.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
}

/** The x axis: hours (epoch seconds) or categories; `name` heads the legend's x value. */
export type ChartX =
  { kind: 'time'; seconds: number[]; name: string } | { kind: 'categories'; labels: string[]; name: string };

const HEIGHT = 220;

/** Lines over time, or bars by category; `title` names it for people and for screen readers. */
export function UplotChart({
  title,
  x,
  series,
  bars = false,
  unit,
}: {
  title: string;
  x: ChartX;
  series: ChartSeries[];
  bars?: boolean;
  unit?: string;
}) {
  const container = useRef<HTMLDivElement | null>(null);

  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const xs = x.kind === 'time' ? x.seconds : x.labels.map((_label, i) => i);
    const categories = x.kind === 'categories' ? x.labels : null;
    const asBars = bars || categories !== null;
    const xLabel = x.name;
    const barPaths = uPlot.paths.bars?.({ size: [0.6 / Math.max(1, series.length), 64], gap: 2 });
    const options: uPlot.Options = {
      width: Math.max(240, element.clientWidth),
      height: HEIGHT,
      scales: {
        x: {
          time: categories === null,
          ...(categories ? { range: [-0.5, categories.length - 0.5] as [number, number] } : {}),
        },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [
        categories
          ? {
              stroke: '#64748b',
              grid: { show: false },
              splits: () => categories.map((_label, i) => i),
              values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
            }
          : { stroke: '#64748b', grid: { stroke: '#e2e8f0' } },
        { stroke: '#64748b', grid: { stroke: '#e2e8f0' }, ...(unit ? { label: unit } : {}) },
      ],
      series: [
        categories
          ? { label: '', value: (_u: uPlot, v: number | null) => (v === null ? '' : (categories[v] ?? '')) }
          : { label: xLabel },
        ...series.map((entry, index) => ({
          label: entry.label,
          stroke: entry.color,
          fill: asBars ? entry.color : `${entry.color}22`,
          width: asBars ? 0 : 2,
          ...(asBars && barPaths
            ? {
                paths:
                  uPlot.paths.bars?.({
                    size: [0.6 / Math.max(1, series.length), 64],
                    gap: 2,
                    align: series.length > 1 ? ((index === 0 ? -1 : 1) as -1 | 1) : 0,
                  }) ?? barPaths,
                points: { show: false },
              }
            : {}),
        })),
      ],
      legend: { show: true },
    };
    const data = [xs, ...series.map((entry) => entry.values)] as uPlot.AlignedData;
    const chart = new uPlot(options, data, element);
    const resize = new ResizeObserver(() =>
      chart.setSize({ width: Math.max(240, element.clientWidth), height: HEIGHT }),
    );
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [x, series, bars, unit]);

  return (
    <figure className="chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={container} className="chart-canvas" />
    </figure>
  );
}
