/**
 * Where a run broke: for each percentile standard on a metric kept as a per-second series,
 * the first moment its interval percentile stayed past the limit for `sustainS` seconds in a
 * row, and the order rate the generator was offering then. The stress scenario steps the rate
 * up; this says which standard broke first and at what rate — from the series any run keeps,
 * so it needs no knowledge of the scenario's step plan. Each break carries every process's CPU
 * from the start of the rate's window to the end of the breach, and whose limit it was: a break
 * while the generator was saturated is the generator's, not the stack's (cpu-at-break.ts).
 * How far a run went (the top offered rate, the CPU then) says the same of a run that did not break.
 */
import type { BreakingPoint, MetricSeriesPoint, RunMeasurements, TopLoad } from '../results/run-result.ts';
import type { LagMetric } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import { compare } from '../standards/judge.ts';
import { cpuAround, generatorSaturated, limitedBy } from './cpu-at-break.ts';

const SERIES_STAT: Record<string, 'p50' | 'p95' | 'p99'> = { 'p(50)': 'p50', med: 'p50', 'p(95)': 'p95', 'p(99)': 'p99' };

function seriesOf(m: RunMeasurements, metric: string): MetricSeriesPoint[] | undefined {
  return m.metrics[metric]?.series ?? m.lags[metric as LagMetric]?.series;
}

/** How far back an offered rate is averaged, ms. */
const RATE_WINDOW_MS = 5000;

/** Orders offered (placed + sold out) per series point, by the point's end time, in time order. */
function offeredPoints(m: RunMeasurements): [t: number, count: number][] {
  const byT = new Map<number, number>();
  for (const name of ['orders_placed', 'orders_sold_out']) {
    for (const p of m.metrics[name]?.series ?? []) byT.set(p.t, (byT.get(p.t) ?? 0) + p.count);
  }
  return [...byT].sort((a, b) => a[0] - b[0]);
}

/** Orders per second of `n` orders offered in the 5 s up to t (less at the start of the run). */
function perSecond(n: number, tMs: number, intervalMs: number): number {
  return Math.round((n / Math.min(RATE_WINDOW_MS, Math.max(intervalMs, tMs))) * 1000);
}

/** Offered orders per second at time t (ms since start), averaged over the 5 s before. */
function orderRateAt(m: RunMeasurements, tMs: number): number {
  const n = offeredPoints(m).reduce((sum, [t, count]) => (t > tMs - RATE_WINDOW_MS && t <= tMs ? sum + count : sum), 0);
  return perSecond(n, tMs, m.series_interval_ms);
}

/** The 5 s of the highest offered order rate (the first, on a tie), each process's CPU over them, and whether the generator was saturated. */
export function findTopLoad(m: RunMeasurements, standards: Standards): TopLoad | undefined {
  const points = offeredPoints(m);
  let top: { t: number; rate: number } | undefined;
  let lo = 0;
  let sum = 0;
  for (const [t, count] of points) {
    sum += count;
    for (; (points[lo] as [number, number])[0] <= t - RATE_WINDOW_MS; lo++) sum -= (points[lo] as [number, number])[1];
    const rate = perSecond(sum, t, m.series_interval_ms);
    if (top === undefined || rate > top.rate) top = { t, rate };
  }
  if (top === undefined || top.rate === 0) return undefined;
  const cpu = cpuAround(m.processes, top.t - RATE_WINDOW_MS, top.t, m.series_interval_ms);
  return { at_s: Math.round(top.t / 100) / 10, order_rate: top.rate, cpu, generator_saturated: generatorSaturated(cpu, standards.trust) };
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
