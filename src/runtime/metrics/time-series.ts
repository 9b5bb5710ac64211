/**
 * A metric's history for reports: one point per fixed interval (1 s by default) with the
 * interval's sample count and, for Trends, the interval histogram (encoded, 2 significant
 * digits: 1%) and its p50/p95/p99/max. Bounded: past `maxPoints` points the interval doubles and neighbouring
 * points merge (exactly, through their histograms), so a 10-hour soak costs what a
 * 10-minute run does, at a coarser grain.
 *
 * Points are sparse (an interval with no sample has no point) and aligned on `origin`.
 * A sample timed before the open interval (clocks are per VU; a response's sample can be
 * stamped slightly late) is counted in the open interval rather than reopening a closed one.
 */
import { LatencyHistogram, type ValueRange } from '../../../lib/hdr/latency-histogram.ts';
import type { MetricType } from './sinks.ts';

export interface SeriesPoint {
  /** Interval start, Unix ms. */
  readonly t: number;
  readonly count: number;
  /** Counter: sum; Rate: non-zero samples; Gauge: last value; Trend: sum of values. */
  readonly value: number;
  readonly p50?: number;
  readonly p95?: number;
  readonly p99?: number;
  readonly max?: number;
  /** Trend only: the interval's histogram, HdrHistogram compressed base64. */
  readonly hist?: string;
}

export interface SeriesSnapshot {
  readonly intervalMs: number;
  readonly origin: number;
  readonly points: readonly SeriesPoint[];
}

export interface SeriesOptions {
  readonly intervalMs: number;
  readonly maxPoints: number;
}

export const DEFAULT_SERIES: SeriesOptions = { intervalMs: 1000, maxPoints: 600 };

export class TimeSeries {
  private width: number;
  private readonly points: SeriesPoint[] = [];
  private cur = Number.NEGATIVE_INFINITY;
  private count = 0;
  private value = 0;
  private readonly hist: LatencyHistogram | null;

  constructor(
    private readonly type: MetricType,
    private readonly range: ValueRange | null,
    private readonly origin: number,
    private readonly opts: SeriesOptions = DEFAULT_SERIES,
  ) {
    if (!(opts.intervalMs > 0) || !(opts.maxPoints >= 2)) throw new RangeError(`invalid series options ${JSON.stringify(opts)}`);
    this.width = opts.intervalMs;
    this.hist = type === 'trend' && range ? LatencyHistogram.withRange(range) : null;
  }

  get intervalMs(): number {
    return this.width;
  }

  add(time: number, v: number): void {
    let idx = Math.floor((time - this.origin) / this.width);
    if (idx > this.cur) {
      if (this.count > 0) {
        this.close(); // may downsample: recompute on the new grid
        idx = Math.floor((time - this.origin) / this.width);
      }
      if (idx > this.cur) this.cur = idx;
    }
    this.count++;
    switch (this.type) {
      case 'gauge':
        this.value = v;
        break;
      case 'rate':
        if (v !== 0) this.value++;
        break;
      default:
        this.value += v;
    }
    if (this.hist) this.hist.record(v < 0 ? 0 : v);
  }

  /** Closed points plus the open interval, without closing it. */
  list(): SeriesPoint[] {
    const open = this.openPoint();
    if (!open) return this.points.slice();
    const last = this.points[this.points.length - 1];
    if (last && last.t === open.t) return [...this.points.slice(0, -1), this.combine(last, open)];
    return [...this.points, open];
  }

  snapshot(): SeriesSnapshot {
    return { intervalMs: this.width, origin: this.origin, points: this.list() };
  }

  /** Adds another series' points (another process, same metric) onto this grid. */
  merge(s: SeriesSnapshot): void {
    if (this.count > 0) this.close();
    this.cur = Number.NEGATIVE_INFINITY;
    while (this.width < s.intervalMs) this.width *= 2;
    const all = [...this.points, ...s.points].sort((a, b) => a.t - b.t);
    this.points.length = 0;
    for (const p of all) this.push({ ...p, t: this.align(p.t) });
    while (this.points.length > this.opts.maxPoints) this.downsample();
  }

  private align(t: number): number {
    return this.origin + Math.floor((t - this.origin) / this.width) * this.width;
  }

  private openPoint(): SeriesPoint | null {
    if (this.count === 0) return null;
    const t = this.origin + this.cur * this.width;
    if (!this.hist) return { t, count: this.count, value: this.value };
    return { t, count: this.count, value: this.value, ...this.stats(this.hist), hist: this.hist.encode() };
  }

  private stats(h: LatencyHistogram): { p50: number; p95: number; p99: number; max: number } {
    return { p50: h.percentile(50), p95: h.percentile(95), p99: h.percentile(99), max: h.maxMs };
  }

  private close(): void {
    const p = this.openPoint();
    this.count = 0;
    this.value = 0;
    this.hist?.reset();
    if (!p) return;
    this.push(p);
    if (this.points.length > this.opts.maxPoints) this.downsample();
  }

  /** Appends, merging into the last point when both fall in the same interval. */
  private push(p: SeriesPoint): void {
    const last = this.points[this.points.length - 1];
    if (last && last.t === p.t) this.points[this.points.length - 1] = this.combine(last, p);
    else this.points.push(p);
  }

  private combine(a: SeriesPoint, b: SeriesPoint): SeriesPoint {
    const count = a.count + b.count;
    if (this.type === 'gauge') return { t: a.t, count, value: b.value };
    if (this.type !== 'trend' || !this.range || a.hist === undefined || b.hist === undefined) return { t: a.t, count, value: a.value + b.value };
    const h = LatencyHistogram.decode(a.hist, this.range);
    h.add(LatencyHistogram.decode(b.hist, this.range));
    return { t: a.t, count, value: a.value + b.value, ...this.stats(h), hist: h.encode() };
  }

  /** Doubles the interval and merges the points that now share one. */
  private downsample(): void {
    this.width *= 2;
    const old = this.points.splice(0);
    for (const p of old) this.push({ ...p, t: this.align(p.t) });
    if (this.cur !== Number.NEGATIVE_INFINITY) this.cur = Math.floor(this.cur / 2);
  }
}
