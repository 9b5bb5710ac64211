/** The generator's health: the figures trust is judged on, and how late iterations started. */
import { formatCount, formatMs, formatPercent } from '../../standards/format.ts';
import type { RunResult } from '../../results/run-result.ts';
import { esc } from '../escape-html.ts';
import { formatClock, lineChart } from '../svg/line-chart.ts';
import { seriesPoints } from './chart-data.ts';
import { cards } from './html-table.ts';
import { msFormat } from './latency-section.ts';

export function generatorSection(r: RunResult): string {
  const g = r.generator;
  const due = g.iterations + g.dropped_iterations;
  const lim = r.trust.limits;
  const trust = r.trust.trusted
    ? '<p>The generator kept up: its figures can be trusted.</p>'
    : `<p><b>The generator fell behind or the run was cut short:</b></p><ul>${r.trust.reasons.map((x) => `<li>${esc(x)}</li>`).join('')}</ul>`;
  const figures = cards([
    { k: 'iterations', v: esc(formatCount(g.iterations)) },
    {
      k: 'dropped iterations',
      v: `${esc(formatCount(g.dropped_iterations))}${due > 0 ? ` (${esc(formatPercent(g.dropped_iterations / due))})` : ''}`,
      bad: due > 0 && g.dropped_iterations / due > (lim?.dropped_iterations_max_share ?? 0),
    },
    {
      k: 'iteration start delay p99',
      v: g.iteration_start_delay_p99_ms !== undefined ? esc(formatMs(g.iteration_start_delay_p99_ms)) : '—',
      bad: lim !== undefined && (g.iteration_start_delay_p99_ms ?? 0) > lim.iteration_start_delay_p99_max_ms,
    },
    { k: 'generator CPU max', v: g.cpu_max_percent !== undefined ? `${Math.round(g.cpu_max_percent)}%` : '—' },
    {
      k: 'CPU saturated share',
      v: g.cpu_saturated_share !== undefined ? esc(formatPercent(g.cpu_saturated_share)) : '—',
      bad: lim !== undefined && (g.cpu_saturated_share ?? 0) > lim.generator_cpu_saturated_max_share,
    },
  ]);
  const delay = r.metrics.iteration_start_delay?.series;
  const delayChart = lineChart({
    title: 'Iteration start delay over time',
    note: 'How late arrival-rate iterations started after their schedule (coordinated omission made visible).',
    series: [
      { name: 'p50', points: seriesPoints(delay, (p) => p.p50) },
      { name: 'p95', points: seriesPoints(delay, (p) => p.p95) },
      { name: 'p99', points: seriesPoints(delay, (p) => p.p99) },
    ],
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'delay', format: msFormat },
  });
  const droppedSeries = r.metrics.dropped_iterations?.series;
  const droppedChart = lineChart({
    title: 'Dropped iterations over time',
    series: [{ name: 'dropped per interval', points: seriesPoints(droppedSeries, (p) => p.count), color: '#dc2626' }],
    x: { label: 'time since start (m:ss)', format: formatClock, min: 0 },
    y: { label: 'dropped', format: (v) => v.toLocaleString('en-US', { maximumFractionDigits: 1 }) },
  });
  const droppedPart = droppedSeries?.length ? droppedChart : `<p>Dropped iterations in total: ${esc(formatCount(g.dropped_iterations))} (no per-interval series recorded).</p>`;
  return `<section id="generator"><h2>Generator health</h2>${trust}${figures}<div class="grid2">${delayChart}${droppedPart}</div></section>`;
}
