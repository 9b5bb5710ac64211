/**
 * The runtime's metrics as the run result keeps them: k6's summary values, plus for every
 * Trend its whole HDR histogram and for every metric its per-second series, so reports and
 * comparisons can take any percentile exactly and draw the run over time.
 */
import type { MetricsRegistry } from '../runtime/metrics/registry.ts';
import type { SummaryData } from '../runtime/summary/index.ts';
import type { MetricSummary, MetricSeriesPoint } from '../results/run-result.ts';

export function metricsFromRun(registry: MetricsRegistry, summary: SummaryData | null, startedAt: number): Record<string, MetricSummary> {
  const out: Record<string, MetricSummary> = {};
  for (const m of registry.all()) {
    if (m.parent !== null) continue; // submetrics live in the summary's values
    const s = summary?.metrics[m.name];
    const snap = m.sink.snapshot();
    const values = s ? { ...s.values } : {};
    const entry: MetricSummary = { type: m.type, contains: m.contains, values };
    if (snap.type === 'trend') {
      if (snap.count === 0 && !s) continue;
      entry.hdr = snap.hist;
    } else if (!s) continue;
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
