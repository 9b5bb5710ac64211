/**
 * Drift over a run: does anything get worse the longer it runs? For each process, the slope of
 * the heap it still holds after full collections, of its RSS and of its event-loop delay; for
 * each lag and the ERP latency, the slope of the per-second p99. Slopes are per minute, the
 * median of pairwise slopes (median-slope.ts: one slow second is not a climb), over a window that leaves out the warm-up (JIT, caches, pools filling): the second
 * half of the run, or after its first quarter for the heap after GC, whose points come only
 * every 15-30 s. A soak passes when none of them climbs; `DRIFT_LIMITS` says how much
 * climbing is noise, and a figure with too little behind it is reported as not judged, never
 * as flat.
 */
import type { DriftFigure, MetricSeriesPoint, ProcessStats, RunMeasurements, SeriesPoint } from '../results/run-result.ts';
import { medianSlope } from './median-slope.ts';

/**
 * Growth that counts as drift: a slope beyond the absolute part per minute, and a rise over the
 * whole window beyond the share of the figure's mean (a noisy figure's slope over a short window
 * says little; the share is of the rise, not of the slope, so a steady climb over an hour-long
 * window, whose mean climbs with it, is still caught). Memory gets 16 MiB/min of heap after GC: the mock keeps its ledger by design (~1.5 KB per
 * order), while a leak of 1 KB per request at 300 requests/s grows 18 MiB/min and is caught.
 * RSS is judged only over a window of 10 minutes or more: over shorter ones a healthy V8 heap
 * still grows toward its steady size and the allocator keeps freed pages (seen here and in CI:
 * 9 to 23 MiB/min of RSS in the second minute of a 30-order/s soak whose heap after GC grew
 * 3 MiB/min), so only the hour-long soak can say anything from it.
 */
export const DRIFT_LIMITS = {
  memoryBytesPerMin: 16 * 1024 * 1024,
  memoryShareOfWindow: 0.05,
  msPerMin: 50,
  msShareOfWindow: 0.25,
  /** Fewest points a slope is judged on: per-second series, and heap after GC. */
  minPoints: 5,
  minHeapPoints: 3,
  rssMinWindowMs: 10 * 60_000,
};

/** The points from `fraction` of the way through [start, end] on. */
function after<T extends { t: number }>(points: readonly T[], start: number, end: number, fraction: number): T[] {
  return points.filter((p) => p.t >= start + (end - start) * fraction);
}

function figure(what: string, window: readonly { t: number; v: number }[]): DriftFigure {
  const mean = window.length === 0 ? 0 : window.reduce((a, p) => a + p.v, 0) / window.length;
  const windowMs = window.length < 2 ? 0 : window[window.length - 1]!.t - window[0]!.t;
  return { what, per_min: medianSlope(window.map((p) => [p.t / 60_000, p.v] as const)), mean, points: window.length, window_ms: windowMs };
}

function secondHalf(points: readonly SeriesPoint[]): SeriesPoint[] {
  return points.length === 0 ? [] : after(points, points[0]!.t, points[points.length - 1]!.t, 0.5);
}

function processFigures(p: ProcessStats): DriftFigure[] {
  const out: DriftFigure[] = [];
  const rss = p.rss.series;
  if (p.heap_after_gc && rss.length > 0) out.push(figure(`${p.role} heap after GC`, after(p.heap_after_gc.series, rss[0]!.t, rss[rss.length - 1]!.t, 0.25)));
  out.push(figure(`${p.role} rss`, secondHalf(rss)));
  if (p.event_loop_delay) out.push(figure(`${p.role} event-loop delay p99`, secondHalf(p.event_loop_delay.series)));
  return out;
}

export function measureDrift(m: RunMeasurements): DriftFigure[] {
  const out = m.processes.flatMap(processFigures);
  const p99 = (series: readonly MetricSeriesPoint[] | undefined): SeriesPoint[] =>
    (series ?? []).filter((x) => x.p99 !== undefined && x.count > 0).map((x) => ({ t: x.t, v: x.p99 as number }));
  for (const [name, lag] of Object.entries(m.lags)) if (lag?.series) out.push(figure(`${name} p99`, secondHalf(p99(lag.series))));
  const erp = m.metrics.erp_req_duration?.series;
  if (erp) out.push(figure('erp_req_duration p99', secondHalf(p99(erp))));
  return out;
}

const isMemory = (f: DriftFigure) => f.what.endsWith(' rss') || f.what.endsWith(' heap after GC');

/** Why a figure cannot be judged, or undefined when it can. */
export function notJudged(f: DriftFigure, limits = DRIFT_LIMITS): string | undefined {
  if (f.what.endsWith(' heap after GC')) return f.points < limits.minHeapPoints ? `${f.points} full collections after warm-up, ${limits.minHeapPoints} needed` : undefined;
  if (f.points < limits.minPoints) return `${f.points} points, ${limits.minPoints} needed`;
  if (f.what.endsWith(' rss') && f.window_ms < limits.rssMinWindowMs) return `RSS is judged over ${limits.rssMinWindowMs / 60_000} min or more (the heap after GC is the leak signal)`;
  return undefined;
}

function climbs(f: DriftFigure, perMin: number, shareOfWindow: number): boolean {
  return f.per_min > perMin && f.per_min * (f.window_ms / 60_000) > shareOfWindow * f.mean;
}

/** The figures that climb beyond the limits: empty when nothing drifts. */
export function drifting(figures: readonly DriftFigure[], limits = DRIFT_LIMITS): DriftFigure[] {
  return figures.filter((f) => {
    if (notJudged(f, limits) !== undefined) return false;
    return isMemory(f) ? climbs(f, limits.memoryBytesPerMin, limits.memoryShareOfWindow) : climbs(f, limits.msPerMin, limits.msShareOfWindow);
  });
}

/** How a figure's growth reads to a person: MiB/min for memory, ms/min otherwise. */
export function growthText(f: DriftFigure): string {
  return isMemory(f) ? `${(f.per_min / 1048576).toFixed(1)} MiB/min` : `${f.per_min.toFixed(1)} ms/min`;
}
