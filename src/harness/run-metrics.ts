/**
 * The runtime's metrics as the run result keeps them: k6's summary values, plus for every
 * Trend its whole HDR histogram and for every metric its per-second series, so reports and
 * comparisons can take any percentile exactly and draw the run over time — at the end of the
 * run, and so far while it goes on (the live dashboard and outputs).
 */
import type { Metric, MetricsRegistry, MetricType } from '../runtime/metrics/registry.ts';
import type { SummaryData } from '../runtime/summary/index.ts';
import type { MetricSummary, MetricSeriesPoint } from '../results/run-result.ts';

export function metricsFromRun(registry: MetricsRegistry, summary: SummaryData | null, startedAt: number): Record<string, MetricSummary> {
  return collectMetrics(registry, startedAt, (m) => summary?.metrics[m.name]?.values);
}

/** k6's statistics a run in progress has so far (the summary comes only at the end). */
const LIVE_STATS: Record<MetricType, readonly string[]> = {
  counter: ['count', 'rate'],
  rate: ['rate', 'passes', 'fails'],
  gauge: ['value', 'min', 'max'],
  trend: ['avg', 'min', 'med', 'max'],
};

/** The metrics of a run still going, `elapsedMs` into it: what the live dashboard and outputs read. */
export function metricsSoFar(registry: MetricsRegistry, startedAt: number, elapsedMs: number): Record<string, MetricSummary> {
  return collectMetrics(registry, startedAt, (m) => {
    if (m.sink.samples === 0) return undefined;
    const values: Record<string, number> = {};
    for (const stat of LIVE_STATS[m.type]) {
      const v = m.sink.stat(stat, elapsedMs);
      if (v !== undefined && Number.isFinite(v)) values[stat] = v;
    }
    return values;
  });
}

function collectMetrics(registry: MetricsRegistry, startedAt: number, valuesOf: (m: Metric) => Record<string, number> | undefined): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const m of registry.all()) {
    if (m.parent !== null) continue; // submetrics live in the summary's values
    const known = valuesOf(m);
    const snap = m.sink.snapshot();
    const values = known ? { ...known } : {};
    const entry: MetricSummary = { type: m.type, contains: m.contains, values };
    if (snap.type === 'trend') {
      if (snap.count === 0 && !known) continue;
      entry.hdr = snap.hist;
    } else if (!known) continue;
    if (m.series) {
      const interval = m.series.intervalMs;
      entry.series = m.series.list().map((p): MetricSeriesPoint => {
        const point: MetricSeriesPoint = { t: Math.max(0, p.t + interval - startedAt), count: p.count };
        if (p.p50 !== undefined) Object.assign(point, { p50: p.p50, p95: p.p95, p99: p.p99, max: p.max });
        if (m.type === 'rate') point.rate = p.count === 0 ? 0 : p.value / p.count;
        return point;
      });
    }
    out[m.name] = entry;
  }
  return out;
}

/** A Rate metric made by the harness from counted outcomes (platform calls, webhook acks). */
export function rateMetric(passes: number, fails: number): MetricSummary {
  const total = passes + fails;
  return { type: 'rate', contains: 'default', values: { rate: total === 0 ? 0 : passes / total, passes, fails } };
}
