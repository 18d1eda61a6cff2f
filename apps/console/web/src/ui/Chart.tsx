import { useEffect, useRef } from 'react';
import ChartJs from 'chart.js/auto';
import type { ChartConfiguration, ChartData, ChartOptions } from 'chart.js';

export type ChartKind = 'line' | 'bar' | 'doughnut';

const BASE_OPTIONS: ChartOptions = { responsive: true, maintainAspectRatio: false, animation: false };

/**
 * A Chart.js chart on a canvas, with an accessible name (the data is also in the table beside every
 * chart, for screen readers and for CSV). Redrawn in place when its data changes, not re-created.
 */
export function Chart({ type, data, options, label, height = 260 }: { type: ChartKind; data: ChartData<ChartKind>; options?: ChartOptions<ChartKind>; label: string; height?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<ChartJs>(undefined);

  // A new chart only for a new type; data and options are updated in place below.
  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new ChartJs(canvas.current, { type, data, options: { ...BASE_OPTIONS, ...options } } as ChartConfiguration);
    return () => chart.current?.destroy();
  }, [type]);

  useEffect(() => {
    if (!chart.current) return;
    chart.current.data = data as ChartData;
    chart.current.options = { ...BASE_OPTIONS, ...(options as ChartOptions) };
    chart.current.update();
  }, [data, options]);

  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} data-points={countPoints(data)} />
    </div>
  );
}

/** How many data points the chart draws: tests (and people) can tell an empty chart from a drawn one. */
function countPoints(data: ChartData<ChartKind>): number {
  return data.datasets.reduce((n, d) => n + d.data.length, 0);
}
