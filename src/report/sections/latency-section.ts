/**
 * Latency: percentiles over time for the request-side trends (where a peak shows as a bulge),
 * and the full percentile distribution from the HDR histograms (where the tail shows).
 */
import { HdrView } from '../../results/hdr-view.ts';
import { formatMs } from '../../standards/format.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { formatClock, lineChart } from '../svg/line-chart.ts';
import type { ChartSeries } from '../svg/line-chart.ts';
import { limitFor, seriesPoints } from './chart-data.ts';

/** Trends drawn over time, in this order, when present with a series. */
const OVER_TIME: readonly [string, string][] = [
  ['erp_req_duration', 'ERP API latency over time'],
  ['webhook_ack_duration', 'Webhook ack latency over time'],
];

/** Percentiles of the distribution chart: dense where the tail lives. */
export const DISTRIBUTION_POINTS = [0, 10, 20, 30, 40, 50, 60, 70, 75, 80, 85, 90, 92.5, 95, 96, 97, 97.5, 98, 98.5, 99, 99.25, 99.5, 99.75, 99.9, 99.95, 99.99, 99.995, 99.999];

const msAxis = (v: number) => (v >= 1000 ? `${(v / 1000).toLocaleString('en-US', { maximumFractionDigits: 2 })} s` : `${v.toLocaleString('en-US', { maximumFractionDigits: 1 })} ms`);
export const msFormat = msAxis;

export function percentileCharts(r: RunResult, metric: string, title: string): string {
  const s = r.metrics[metric]?.series ?? r.lags[metric as keyof RunResult['lags']]?.series;
  if (!s || s.length === 0) return '';
  const series: ChartSeries[] = [
    { name: 'p50', points: seriesPoints(s, (p) => p.p50) },
    { name: 'p95', points: seriesPoints(s, (p) => p.p95) },
    { name: 'p99', points: seriesPoints(s, (p) => p.p99) },
  ];
  return lineChart({
    title,
    series,
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'latency', format: msAxis },
    ...(limitFor(r, metric, 'p(99)') ? { limit: limitFor(r, metric, 'p(99)') } : {}),
  });
}

function pointsOf(h: HdrView, ps: readonly number[]): { x: number; y: number }[] {
  const values = h.percentiles(ps);
  return ps.map((p, i) => ({ x: p, y: values[i] ?? 0 }));
}

/** Distribution points of every histogram named, on the nines scale. */
export function distributionChart(title: string, hists: readonly { name: string; hdr: string | undefined }[], note?: string): string {
  const series: ChartSeries[] = [];
  let maxP = 99;
  for (const h of hists) {
    if (!h.hdr) continue;
    const hist = HdrView.decode(h.hdr);
    if (hist.count === 0) continue;
    // Beyond ~1/count the percentiles repeat the max: stop where the data stops.
    const top = Math.min(99.999, 100 * (1 - 1 / hist.count));
    maxP = Math.max(maxP, top);
    series.push({ name: `${h.name} (${hist.count.toLocaleString('en-US')})`, points: pointsOf(hist, DISTRIBUTION_POINTS.filter((p) => p <= top)) });
  }
  const nines = [90, 99, 99.9, 99.99, 99.999];
  maxP = nines.find((n) => n >= maxP - 1e-9) ?? 99.999;
  return lineChart({
    title,
    series,
    x: { label: 'percentile', format: (p) => `${p}%`, scale: 'nines', min: 0, max: maxP },
    y: { label: 'latency (log)', format: msAxis, scale: 'log' },
    ...(note ? { note } : {}),
  });
}

export function latencySection(r: RunResult): string {
  const overTime = OVER_TIME.map(([m, t]) => percentileCharts(r, m, t)).filter((x) => x !== '');
  const trendNames = ['erp_req_duration', 'webhook_ack_duration'];
  const hists = trendNames.map((n) => ({ name: n, hdr: r.metrics[n]?.hdr ?? r.lags[n as keyof RunResult['lags']]?.hdr }));
  const erp = r.metrics.erp_req_duration?.hdr ? HdrView.decode(r.metrics.erp_req_duration.hdr) : undefined;
  const [p50 = 0, p99 = 0, p999 = 0] = erp ? erp.percentiles([50, 99, 99.9]) : [];
  const summary = erp && erp.count > 0 ? `<p>ERP API: ${esc(erp.count.toLocaleString('en-US'))} requests, p50 ${esc(formatMs(p50))}, p99 ${esc(formatMs(p99))}, p99.9 ${esc(formatMs(p999))}, max ${esc(formatMs(erp.maxMs))}.</p>` : '';
  const dist = distributionChart('Latency percentile distribution (HDR)', hists, 'Value at each percentile, the tail stretched to the right (90, 99, 99.9 … at equal steps).');
  const charts = overTime.length > 0 ? overTime.join('') : lineChart({ title: 'Latency over time', series: [], x: { label: '', format: String }, y: { label: '', format: String } });
  return `<section id="latency"><h2>Latency</h2>${summary}<div class="grid2">${charts}${dist}</div></section>`;
}
