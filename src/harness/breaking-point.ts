/**
 * Where a run broke: for each percentile standard on a metric kept as a per-second series,
 * the first moment its interval percentile stayed past the limit for `sustainS` seconds in a
 * row, and the order rate the generator was offering then. The stress scenario steps the rate
 * up; this says which standard broke first and at what rate — from the series any run keeps,
 * so it needs no knowledge of the scenario's step plan. Each break carries every process's CPU
 * from the start of the rate's window to the end of the breach, and whose limit it was: a break
 * while the generator was saturated is the generator's, not the stack's (cpu-at-break.ts).
 */
import type { BreakingPoint, MetricSeriesPoint, RunMeasurements } from '../results/run-result.ts';
import type { LagMetric } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import { compare } from '../standards/judge.ts';
import { cpuAround, limitedBy } from './cpu-at-break.ts';

const SERIES_STAT: Record<string, 'p50' | 'p95' | 'p99'> = { 'p(50)': 'p50', med: 'p50', 'p(95)': 'p95', 'p(99)': 'p99' };

function seriesOf(m: RunMeasurements, metric: string): MetricSeriesPoint[] | undefined {
  return m.metrics[metric]?.series ?? m.lags[metric as LagMetric]?.series;
}

/** How far back the offered rate at a break is averaged, ms. */
const RATE_WINDOW_MS = 5000;

/** Offered orders per second at time t (ms since start), averaged over the 5 s before. */
function orderRateAt(m: RunMeasurements, tMs: number): number {
  const interval = m.series_interval_ms;
  let n = 0;
  for (const name of ['orders_placed', 'orders_sold_out']) {
    for (const p of m.metrics[name]?.series ?? []) if (p.t > tMs - RATE_WINDOW_MS && p.t <= tMs) n += p.count;
  }
  return Math.round((n / Math.min(RATE_WINDOW_MS, Math.max(interval, tMs))) * 1000);
}

export function findBreakingPoints(m: RunMeasurements, standards: Standards, sustainS = 3): BreakingPoint[] {
  const out: BreakingPoint[] = [];
  for (const s of standards.standards) {
    if (s.kind !== 'metric') continue;
    const key = SERIES_STAT[s.stat];
    const series = seriesOf(m, s.metric);
    if (!key || !series) continue;
    let run = 0;
    for (let i = 0; i < series.length; i++) {
      const p = series[i] as MetricSeriesPoint;
      const v = p[key];
      const broke = v !== undefined && p.count > 0 && !compare(v, s.op, s.limit);
      run = broke ? run + 1 : 0;
      if (run === sustainS) {
        const first = series[i - sustainS + 1] as MetricSeriesPoint;
        const cpu = cpuAround(m.processes, first.t - RATE_WINDOW_MS, p.t, m.series_interval_ms);
        out.push({
          standard: s.id,
          metric: s.metric,
          at_s: Math.round((first.t - m.series_interval_ms) / 100) / 10,
          order_rate: orderRateAt(m, first.t),
          value: first[key] as number,
          limit: s.limit,
          cpu,
          limited_by: limitedBy(cpu, standards.trust),
        });
        break;
      }
    }
  }
  return out.sort((a, b) => a.at_s - b.at_s);
}
