/**
 * A latency histogram over the whole run plus one per interval of event time, so a lag can be
 * read both as a whole (the standard) and over time (drift in a soak, the break point in a
 * stress run). Intervals are bounded: past `maxIntervals` the interval width doubles and
 * neighbours merge, exactly (histograms add).
 */
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import type { LagSummary, MetricSeriesPoint } from '../results/run-result.ts';

export class TimedHistogram {
  readonly all = new LatencyHistogram();
  private intervals = new Map<number, LatencyHistogram>();

  constructor(
    private readonly startedAt: number,
    private intervalMs: number,
    private readonly maxIntervals = 3600,
  ) {}

  /** @param at event time (Unix ms) the sample belongs to; @param ms the duration. */
  record(at: number, ms: number): void {
    this.all.record(ms);
    const i = Math.max(0, Math.floor((at - this.startedAt) / this.intervalMs));
    let h = this.intervals.get(i);
    if (!h) {
      if (this.intervals.size >= this.maxIntervals) {
        this.coarsen();
        return this.record(at, ms);
      }
      this.intervals.set(i, (h = new LatencyHistogram()));
    }
    h.record(ms);
  }

  private coarsen(): void {
    const merged = new Map<number, LatencyHistogram>();
    for (const [i, h] of this.intervals) {
      const j = Math.floor(i / 2);
      const m = merged.get(j);
      if (m) m.add(h);
      else merged.set(j, h);
    }
    this.intervals = merged;
    this.intervalMs *= 2;
  }

  get interval(): number {
    return this.intervalMs;
  }

  series(): MetricSeriesPoint[] {
    return [...this.intervals.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([i, h]) => ({
        t: (i + 1) * this.intervalMs,
        count: h.count,
        p50: h.percentile(50),
        p95: h.percentile(95),
        p99: h.percentile(99),
        max: h.maxMs,
      }));
  }

  /** Percentile over the samples whose event time falls in [fromMs, toMs) since start. */
  windowPercentile(fromMs: number, toMs: number, p: number): { count: number; value: number } {
    const h = new LatencyHistogram();
    for (const [i, x] of this.intervals) {
      const t0 = i * this.intervalMs;
      if (t0 >= fromMs && t0 < toMs) h.add(x);
    }
    return { count: h.count, value: h.percentile(p) };
  }

  summary(): LagSummary {
    return {
      hdr: this.all.encode(),
      count: this.all.count,
      p50: this.all.percentile(50),
      p95: this.all.percentile(95),
      p99: this.all.percentile(99),
      max: this.all.maxMs,
      series: this.series(),
    };
  }
}
