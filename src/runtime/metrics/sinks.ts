/**
 * Aggregators behind each metric type (k6 "sinks"). Each keeps O(1) memory whatever the
 * sample count, answers the aggregation methods thresholds and the summary ask for, and
 * round-trips through a plain-JSON snapshot so runs split across processes merge exactly.
 */

export type MetricType = 'counter' | 'gauge' | 'rate' | 'trend';
export type ValueType = 'default' | 'time' | 'data';

export interface CounterSnapshot {
  readonly type: 'counter';
  readonly count: number;
  readonly sum: number;
}
export interface GaugeSnapshot {
  readonly type: 'gauge';
  readonly count: number;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  /** Time of the last sample: merging keeps the later process's value. */
  readonly lastTime: number;
}
export interface RateSnapshot {
  readonly type: 'rate';
  readonly count: number;
  readonly trues: number;
}
/** A Trend's sink in snapshot form (trend-sink.ts): its HDR histogram encoded. */
export interface TrendSnapshot {
  readonly type: 'trend';
  readonly count: number;
  readonly sum: number;
  readonly min: number;
  readonly max: number;
  readonly negatives: number;
  /** The histogram in HdrHistogram's compressed base64 form. */
  readonly hist: string;
}

export type SinkSnapshot = CounterSnapshot | GaugeSnapshot | RateSnapshot | TrendSnapshot;

export interface Sink {
  /** Number of samples seen (also for Counters, whose `count` statistic is their sum). */
  readonly samples: number;
  add(value: number, time: number): void;
  /**
   * One statistic by k6's name (`count rate value passes fails avg min med max p(N)`), or
   * undefined when this type has no such statistic. `percentile` is N for `p`.
   */
  stat(method: string, testRunDurationMs: number, percentile?: number): number | undefined;
  snapshot(): SinkSnapshot;
  merge(s: SinkSnapshot): void;
}

/** `s` as a snapshot of `type`: a sink merges only a snapshot of its own type. */
function ofType<T extends SinkSnapshot['type']>(s: SinkSnapshot, type: T): Extract<SinkSnapshot, { type: T }> {
  if (s.type !== type) throw new TypeError(`cannot merge a ${s.type} snapshot into a ${type}`);
  return s as Extract<SinkSnapshot, { type: T }>;
}

function perSecond(n: number, durationMs: number): number {
  return durationMs > 0 ? n / (durationMs / 1000) : 0;
}

export class CounterSink implements Sink {
  samples = 0;
  sum = 0;
  add(value: number): void {
    this.samples++;
    this.sum += value;
  }
  stat(method: string, durationMs: number): number | undefined {
    if (method === 'count') return this.sum;
    if (method === 'rate') return perSecond(this.sum, durationMs);
    return undefined;
  }
  snapshot(): CounterSnapshot {
    return { type: 'counter', count: this.samples, sum: this.sum };
  }
  merge(snapshot: SinkSnapshot): void {
    const s = ofType(snapshot, 'counter');
    this.samples += s.count;
    this.sum += s.sum;
  }
}

export class GaugeSink implements Sink {
  samples = 0;
  value = 0;
  min = 0;
  max = 0;
  lastTime = Number.NEGATIVE_INFINITY;
  add(value: number, time: number): void {
    if (this.samples === 0 || value < this.min) this.min = value;
    if (this.samples === 0 || value > this.max) this.max = value;
    this.samples++;
    this.value = value;
    this.lastTime = time;
  }
  stat(method: string): number | undefined {
    if (method === 'value') return this.value;
    if (method === 'min') return this.min;
    if (method === 'max') return this.max;
    return undefined;
  }
  snapshot(): GaugeSnapshot {
    return { type: 'gauge', count: this.samples, value: this.value, min: this.min, max: this.max, lastTime: this.lastTime };
  }
  merge(snapshot: SinkSnapshot): void {
    const s = ofType(snapshot, 'gauge');
    if (s.count === 0) return;
    if (this.samples === 0 || s.min < this.min) this.min = s.min;
    if (this.samples === 0 || s.max > this.max) this.max = s.max;
    if (this.samples === 0 || s.lastTime >= this.lastTime) {
      this.value = s.value;
      this.lastTime = s.lastTime;
    }
    this.samples += s.count;
  }
}

export class RateSink implements Sink {
  samples = 0;
  trues = 0;
  add(value: number): void {
    this.samples++;
    if (value !== 0) this.trues++; // k6: any non-zero value is a pass
  }
  stat(method: string): number | undefined {
    if (method === 'rate') return this.samples === 0 ? 0 : this.trues / this.samples;
    if (method === 'passes') return this.trues;
    if (method === 'fails') return this.samples - this.trues;
    return undefined;
  }
  snapshot(): RateSnapshot {
    return { type: 'rate', count: this.samples, trues: this.trues };
  }
  merge(snapshot: SinkSnapshot): void {
    const s = ofType(snapshot, 'rate');
    this.samples += s.count;
    this.trues += s.trues;
  }
}
