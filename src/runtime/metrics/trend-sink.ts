/**
 * A Trend's aggregator: an HDR histogram (bounded memory, exact merge) plus the exact count,
 * sum, min and max, so avg/min/max are exact and percentiles are within the histogram's 0.1%.
 *
 * k6 keeps every value and sorts them (k6 issue #763); this does not, so memory is flat from
 * one sample to billions. Time Trends record ms as µs up to one hour; other Trends (sizes,
 * counts) record to a resolution of 0.001 up to 10^12. Negative values (possible only in
 * custom non-time Trends) count in avg/min exactly but enter the histogram as 0, which the
 * percentiles then reflect; `negatives` says how many did.
 */
import { LatencyHistogram, NUMBER_RANGE, TIME_RANGE, type ValueRange } from '../../../lib/hdr/latency-histogram.ts';
import type { Sink, SinkSnapshot, TrendSnapshot, ValueType } from './sinks.ts';

// Flat storage: Trends sit on the per-request hot path and their interval histograms are
// encoded every second; packed storage is ~6× slower to record and ~10× slower to encode.
const TREND_TIME: ValueRange = { ...TIME_RANGE, storage: 32 };
const TREND_NUMBER: ValueRange = { ...NUMBER_RANGE, storage: 32 };

export function rangeFor(contains: ValueType): ValueRange {
  return contains === 'time' ? TREND_TIME : TREND_NUMBER;
}

/**
 * Interval histograms of the time series: 2 significant digits (1%) — enough for per-second
 * percentiles in charts and HDR logs — make them ~8× smaller, so encoding one per second per
 * Trend and merging them when the series downsamples stay cheap.
 */
export function seriesRangeFor(contains: ValueType): ValueRange {
  return { ...rangeFor(contains), significantDigits: 2 };
}

export class TrendSink implements Sink {
  samples = 0;
  sum = 0;
  min = 0;
  max = 0;
  negatives = 0;
  readonly hist: LatencyHistogram;
  readonly range: ValueRange;

  constructor(contains: ValueType) {
    this.range = rangeFor(contains);
    this.hist = LatencyHistogram.withRange(this.range);
  }

  add(value: number, _time?: number): void {
    if (this.samples === 0 || value < this.min) this.min = value;
    if (this.samples === 0 || value > this.max) this.max = value;
    this.samples++;
    this.sum += value;
    if (value < 0) {
      this.negatives++;
      this.hist.record(0);
    } else {
      this.hist.record(value);
    }
  }

  /** Percentile p (0..100), kept inside the exact [min, max] the bucket edges may overshoot. */
  percentile(p: number): number {
    if (this.samples === 0) return 0;
    const v = this.hist.percentile(p);
    return v < this.min ? this.min : v > this.max ? this.max : v;
  }

  stat(method: string, _durationMs: number, percentile?: number): number | undefined {
    switch (method) {
      case 'avg':
        return this.samples === 0 ? 0 : this.sum / this.samples;
      case 'min':
        return this.min;
      case 'max':
        return this.max;
      case 'med':
        return this.percentile(50);
      case 'count':
        return this.samples;
      case 'p':
        return percentile === undefined ? undefined : this.percentile(percentile);
      default:
        return undefined;
    }
  }

  snapshot(): TrendSnapshot {
    return { type: 'trend', count: this.samples, sum: this.sum, min: this.min, max: this.max, negatives: this.negatives, hist: this.hist.encode() };
  }

  merge(t: SinkSnapshot): void {
    if (t.type !== 'trend') throw new TypeError(`cannot merge a ${t.type} snapshot into a trend`);
    if (t.count === 0) return;
    if (this.samples === 0 || t.min < this.min) this.min = t.min;
    if (this.samples === 0 || t.max > this.max) this.max = t.max;
    this.samples += t.count;
    this.sum += t.sum;
    this.negatives += t.negatives;
    this.hist.add(LatencyHistogram.decode(t.hist, this.range));
  }
}
