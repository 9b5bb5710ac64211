/**
 * Turning run-result series into chart points: time in ms since start on x, and the limit of
 * the standard judging a metric and stat, so a chart can draw it.
 */
import type { MetricSeriesPoint, RunResult } from '../../results/run-result.ts';
import type { Point } from '../svg/downsample.ts';

export function seriesPoints(series: readonly MetricSeriesPoint[] | undefined, pick: (p: MetricSeriesPoint) => number | undefined): Point[] {
  const out: Point[] = [];
  for (const p of series ?? []) {
    const y = pick(p);
    if (y !== undefined && Number.isFinite(y)) out.push({ x: p.t, y });
  }
  return out;
}

/** Count per interval as a per-second rate. */
export function ratePoints(series: readonly MetricSeriesPoint[] | undefined, intervalMs: number): Point[] {
  const perS = 1000 / Math.max(1, intervalMs);
  return seriesPoints(series, (p) => p.count * perS);
}

/** The limit of the standard on `metric` with `stat`, for a chart's limit line. */
export function limitFor(r: RunResult, metric: string, stat: string): { value: number; label: string } | undefined {
  const j = r.standards.find((s) => s.metric === metric && s.stat === stat && s.verdict !== 'disabled' && s.limit !== undefined);
  return j && j.limit !== undefined ? { value: j.limit, label: `${j.id}: ${j.limit_text}` } : undefined;
}
