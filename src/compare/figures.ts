/**
 * The figures of one run that a comparison lines up, each with an id stable across runs
 * (`erp_req_duration:p99`, `platform_call_success:rate`, `process:stack:cpu_avg`), a kind
 * (which tolerance applies), a unit and a direction (which way is worse).
 *
 * Percentiles come from the encoded HDR histograms, exactly, never from the runtime's
 * summary values (those hold p(90)/p(95) only); a Trend kept without its histogram falls back
 * to the summary's `med`/`p(95)`/`p(99)` when present. Lags the harness measured are taken
 * from `lags` unless the same name is already a metric.
 */
import { HdrView } from '../results/hdr-view.ts';
import type { MetricSummary, RunResult } from '../results/run-result.ts';
import type { ToleranceKind } from './tolerances.ts';

export type Direction = 'lower-is-better' | 'higher-is-better' | 'none';
export type FigureUnit = 'ms' | 'ratio' | 'count' | 'percent' | 'bytes';

export interface Figure {
  id: string;
  kind: ToleranceKind;
  unit: FigureUnit;
  direction: Direction;
  value: number;
  /** Percentiles: the samples in the histogram, and the percentile (what `min_tail_samples` reads). */
  samples?: number;
  percentile?: number;
  /** Rates: passes + fails, for the sampling noise of the rate. */
  total?: number;
}

export const PERCENTILES = [50, 95, 99] as const;

/**
 * Rates where a rise is bad: k6's `http_req_failed`, and anything named like a failure or an
 * error. Every other Rate (checks, platform_call_success, webhook_acked_within_3s) is a success
 * share: higher is better.
 */
const BAD_RATE = /fail|error|drop|timeout|reject/i;
/** Counters whose rise is bad; the rest (requests, orders, bytes) are what the scenario asked for. */
const BAD_COUNTER = /^(dropped_iterations)$|fail|error/i;

function percentileFigures(id: string, samples: number, values: readonly number[]): Figure[] {
  return PERCENTILES.map((p, i) => ({
    id: `${id}:p${p}`,
    kind: 'latency' as const,
    unit: 'ms' as const,
    direction: 'lower-is-better' as const,
    value: values[i] ?? 0,
    samples,
    percentile: p,
  }));
}

function trendFigures(name: string, m: { hdr?: string; values?: Record<string, number> }, contains: string): Figure[] {
  if (contains !== 'time') {
    // A Trend of sizes or counts: its histogram holds another unit, so only the summary's figures.
    const med = m.values?.med;
    return med === undefined ? [] : [{ id: `${name}:med`, kind: 'count', unit: 'count', direction: 'none', value: med }];
  }
  if (m.hdr) {
    const h = HdrView.decode(m.hdr);
    return percentileFigures(name, h.count, h.percentiles(PERCENTILES));
  }
  const v = m.values ?? {};
  const out: Figure[] = [];
  for (const [p, key] of [[50, 'med'], [95, 'p(95)'], [99, 'p(99)']] as const) {
    const x = v[key];
    if (x !== undefined) out.push({ id: `${name}:p${p}`, kind: 'latency', unit: 'ms', direction: 'lower-is-better', value: x, percentile: p });
  }
  return out;
}

function metricFigures(name: string, m: MetricSummary): Figure[] {
  switch (m.type) {
    case 'trend':
      return trendFigures(name, m, m.contains);
    case 'rate': {
      const rate = m.values.rate;
      if (rate === undefined) return [];
      const total = (m.values.passes ?? 0) + (m.values.fails ?? 0);
      return [{ id: `${name}:rate`, kind: 'rate', unit: 'ratio', direction: BAD_RATE.test(name) ? 'lower-is-better' : 'higher-is-better', value: rate, total }];
    }
    case 'counter': {
      const count = m.values.count;
      if (count === undefined) return [];
      return [{ id: `${name}:count`, kind: 'count', unit: 'count', direction: BAD_COUNTER.test(name) ? 'lower-is-better' : 'none', value: count }];
    }
    default:
      return []; // gauges (vus) describe the executor, not the system under test
  }
}

/** Every comparable figure of a run, in a stable order: metrics, lags, processes. */
export function extractFigures(r: RunResult): Figure[] {
  const out: Figure[] = [];
  for (const name of Object.keys(r.metrics).sort()) {
    const m = r.metrics[name];
    if (m) out.push(...metricFigures(name, m));
  }
  for (const name of Object.keys(r.lags).sort()) {
    const l = r.lags[name as keyof typeof r.lags];
    if (!l || r.metrics[name]?.hdr) continue;
    out.push(...(l.hdr ? trendFigures(name, { hdr: l.hdr }, 'time') : percentileFigures(name, l.count, [l.p50, l.p95, l.p99])));
  }
  for (const p of [...r.processes].sort((a, b) => a.role.localeCompare(b.role))) {
    out.push({ id: `process:${p.role}:cpu_avg`, kind: 'cpu', unit: 'percent', direction: 'lower-is-better', value: p.cpu.avg });
    out.push({ id: `process:${p.role}:rss_max`, kind: 'memory', unit: 'bytes', direction: 'lower-is-better', value: p.rss.max_bytes });
  }
  return out;
}

/** The figure id a metric standard's `metric` + `stat` reads (`p(99)` -> `:p99`), if any. */
export function figureIdForStat(metric: string, stat: string): string | undefined {
  const p = /^p\((\d+(?:\.\d+)?)\)$/.exec(stat);
  if (p) return `${metric}:p${p[1]}`;
  if (stat === 'med') return `${metric}:p50`;
  if (stat === 'rate') return `${metric}:rate`;
  if (stat === 'count') return `${metric}:count`;
  return undefined;
}
