/**
 * A metric (or a submetric: the same metric narrowed to samples carrying given tags).
 * Submetrics share their parent's type and value type, have their own sink, and no series.
 */
import { CounterSink, GaugeSink, RateSink, type MetricType, type Sink, type ValueType } from './sinks.ts';
import { TrendSink } from './trend-sink.ts';
import type { TimeSeries } from './time-series.ts';

export type Tags = Readonly<Record<string, string>>;

export class Metric {
  /** Submetrics of this metric, created by thresholds that name them. */
  readonly submetrics: Metric[] = [];
  readonly sink: Sink;
  /** Selector keys and values, parallel arrays (cheap to match per sample). */
  private readonly keys: readonly string[];
  private readonly values: readonly string[];

  constructor(
    readonly name: string,
    readonly type: MetricType,
    readonly contains: ValueType,
    readonly series: TimeSeries | null,
    /** The metric a submetric narrows; null for a metric. */
    readonly parent: Metric | null = null,
    selector: ReadonlyArray<readonly [string, string]> | null = null,
  ) {
    this.sink = createSink(type, contains);
    this.keys = selector ? selector.map((p) => p[0]) : [];
    this.values = selector ? selector.map((p) => p[1]) : [];
  }

  /** The selector as tags (empty for a metric). */
  get selector(): Tags {
    const out: Record<string, string> = {};
    this.keys.forEach((k, i) => (out[k] = this.values[i] as string));
    return out;
  }

  /** True when a sample with `tags` belongs to this submetric: every selector tag matches. */
  matches(tags: Tags): boolean {
    for (let i = 0; i < this.keys.length; i++) if (tags[this.keys[i] as string] !== this.values[i]) return false;
    return true;
  }

  /** Same selector (order-insensitive) as the given pairs. */
  sameSelector(pairs: ReadonlyArray<readonly [string, string]>): boolean {
    if (pairs.length !== this.keys.length) return false;
    const mine = this.selector;
    return pairs.every(([k, v]) => mine[k] === v);
  }
}

export function createSink(type: MetricType, contains: ValueType): Sink {
  switch (type) {
    case 'counter':
      return new CounterSink();
    case 'gauge':
      return new GaugeSink();
    case 'rate':
      return new RateSink();
    case 'trend':
      return new TrendSink(contains);
  }
}
