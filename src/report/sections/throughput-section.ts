/** Throughput: what the generator pushed through, per second, over the run. */
import type { RunResult } from '../../results/run-result.ts';
import { formatClock, lineChart } from '../svg/line-chart.ts';
import type { ChartSeries } from '../svg/line-chart.ts';
import { ratePoints } from './chart-data.ts';

const RATES: readonly [string, string][] = [
  ['http_reqs', 'requests/s'],
  ['orders_placed', 'orders/s'],
  ['stock_writes', 'stock writes/s'],
  ['shipments_marked', 'shipments/s'],
];

export function throughputSection(r: RunResult): string {
  const series: ChartSeries[] = RATES.filter(([m]) => r.metrics[m]?.series?.length).map(([m, name]) => ({
    name,
    points: ratePoints(r.metrics[m]?.series, r.series_interval_ms),
  }));
  const chart = lineChart({
    title: 'Throughput over time',
    width: 1100,
    height: 260,
    series,
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'per second', format: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 1 }) },
  });
  return `<section id="throughput"><h2>Throughput</h2>${chart}</section>`;
}
