/**
 * Drift over a run: does anything get worse the longer it runs? For each process, the slope of
 * its RSS and of its event-loop delay; for each lag and the ERP latency, the slope of the
 * per-second p99. Slopes are least-squares over the second half of the run (the first half
 * holds warm-up: JIT, caches, pools filling), per minute. A soak passes when none of them
 * climbs; `DRIFT_LIMITS` says how much climbing is noise.
 */
import type { DriftFigure, MetricSeriesPoint, RunMeasurements, SeriesPoint } from '../results/run-result.ts';
import { slope } from './process-monitor.ts';

/**
 * Growth per minute that counts as drift: beyond both the absolute and the relative part.
 * Memory gets 16 MiB/min: over a short window a healthy V8 heap still grows toward its steady
 * size between major GCs (seen here: ~12 MiB/min in the first minutes of a 30-order/s soak),
 * and the mock keeps its ledger by design (~1.5 KB per order). A leak of 1 KB per request at
 * 300 requests/s grows 18 MiB/min and is caught; the hour-long soak settles the rest.
 */
export const DRIFT_LIMITS = {
  rssBytesPerMin: 16 * 1024 * 1024,
  rssSharePerMin: 0.05,
  msPerMin: 50,
  msSharePerMin: 0.25,
};

function secondHalf<T extends { t: number }>(points: readonly T[]): T[] {
  if (points.length === 0) return [];
  const end = points[points.length - 1]!.t;
  const start = points[0]!.t;
  return points.filter((p) => p.t >= start + (end - start) / 2);
}

function figure(what: string, points: readonly { t: number; v: number }[]): DriftFigure {
  const half = secondHalf(points);
  const mean = half.length === 0 ? 0 : half.reduce((a, p) => a + p.v, 0) / half.length;
  return { what, per_min: slope(half.map((p) => [p.t / 60_000, p.v] as const)), mean, points: half.length };
}

export function measureDrift(m: RunMeasurements): DriftFigure[] {
  const out: DriftFigure[] = [];
  for (const p of m.processes) {
    out.push(figure(`${p.role} rss`, p.rss.series));
    if (p.event_loop_delay) out.push(figure(`${p.role} event-loop delay p99`, p.event_loop_delay.series));
  }
  const p99 = (series: readonly MetricSeriesPoint[] | undefined): SeriesPoint[] =>
    (series ?? []).filter((x) => x.p99 !== undefined && x.count > 0).map((x) => ({ t: x.t, v: x.p99 as number }));
  for (const [name, lag] of Object.entries(m.lags)) if (lag?.series) out.push(figure(`${name} p99`, p99(lag.series)));
  const erp = m.metrics.erp_req_duration?.series;
  if (erp) out.push(figure('erp_req_duration p99', p99(erp)));
  return out;
}

/** The figures that climb beyond the limits: empty when nothing drifts. */
export function drifting(figures: readonly DriftFigure[], limits = DRIFT_LIMITS): DriftFigure[] {
  return figures.filter((f) => {
    if (f.points < 5) return false;
    if (f.what.endsWith(' rss')) return f.per_min > Math.max(limits.rssBytesPerMin, limits.rssSharePerMin * f.mean);
    return f.per_min > Math.max(limits.msPerMin, limits.msSharePerMin * f.mean);
  });
}
