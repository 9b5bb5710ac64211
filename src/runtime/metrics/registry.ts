/**
 * The metrics registry: every sample of a run goes through `add`, which feeds the metric's
 * sink and time series, the submetrics whose tag selector matches, and the sample listeners
 * (outputs). Thresholds, the summary and the outputs read from here; the engine only emits.
 *
 * Hot path: one Map lookup, one sink update, one series update, a selector match only for
 * metrics that have submetrics, and a call per listener. No allocation per sample.
 *
 * `snapshot()` turns the whole registry into plain JSON (histograms in their encoded form)
 * and `merge()` adds such a snapshot in, so runs split across processes (execution segments)
 * combine exactly: counts, sums, min/max and every histogram bucket add up.
 *
 * API note: `all()` returns every metric including submetrics (those have `parent` set).
 */
import { BUILTIN_METRICS } from './builtins.ts';
import { Metric, type Tags } from './metric.ts';
import { parseMetricName } from './metric-name.ts';
import type { MetricType, SinkSnapshot, ValueType } from './sinks.ts';
import { DEFAULT_SERIES, TimeSeries, type SeriesOptions, type SeriesSnapshot } from './time-series.ts';
import { seriesRangeFor } from './trend-sink.ts';

export type { MetricType, ValueType } from './sinks.ts';
export type { Tags } from './metric.ts';
export { Metric } from './metric.ts';

/** k6 v1's rule for metric names (Prometheus-compatible). */
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;
const TYPES: readonly string[] = ['counter', 'gauge', 'rate', 'trend'];
const VALUE_TYPES: readonly string[] = ['default', 'time', 'data'];

export type SampleListener = (name: string, value: number, tags: Tags, time: number) => void;

export interface RegistryOptions {
  /** Start of the run, Unix ms: the time series align on it. Default: construction time. */
  readonly origin?: number;
  /** Time series settings, or false for none (cheaper, for unit uses). */
  readonly series?: SeriesOptions | false;
}

export interface SubmetricSnapshot {
  readonly name: string;
  readonly selector: ReadonlyArray<readonly [string, string]>;
  readonly sink: SinkSnapshot;
}
export interface MetricSnapshot {
  readonly name: string;
  readonly type: MetricType;
  readonly contains: ValueType;
  readonly sink: SinkSnapshot;
  readonly series: SeriesSnapshot | null;
  readonly submetrics: readonly SubmetricSnapshot[];
}
/** A whole registry as JSON: what crosses process boundaries and lands in summary files. */
export interface RegistrySnapshot {
  readonly format: 'peakday-metrics/1';
  readonly origin: number;
  readonly metrics: readonly MetricSnapshot[];
}

export class MetricsRegistry {
  readonly origin: number;
  private readonly byName = new Map<string, Metric>();
  private readonly ordered: Metric[] = [];
  private listeners: SampleListener[] = [];
  private readonly seriesOpts: SeriesOptions | false;
  /** Samples refused because their value was not a finite number. */
  invalidSamples = 0;

  constructor(opts: RegistryOptions = {}) {
    this.origin = opts.origin ?? Date.now();
    this.seriesOpts = opts.series ?? DEFAULT_SERIES;
  }

  /**
   * Defines a metric, or returns the existing one when type and value type agree (k6 lets
   * every VU run `new Trend('x')`). Throws on a bad name or a conflicting redefinition.
   */
  define(name: string, type: MetricType, contains: ValueType = 'default'): Metric {
    const existing = this.byName.get(name);
    if (existing) {
      if (existing.parent === null && existing.type === type && existing.contains === contains) return existing;
      throw new TypeError(
        `metric "${name}" is already defined as ${existing.type} (${existing.contains}); cannot redefine it as ${type} (${contains})`,
      );
    }
    if (!NAME.test(name)) {
      throw new TypeError(`invalid metric name "${name}": use letters, digits and _, not starting with a digit, at most 128 characters`);
    }
    if (!TYPES.includes(type)) throw new TypeError(`invalid metric type "${String(type)}" for "${name}": use ${TYPES.join(', ')}`);
    if (!VALUE_TYPES.includes(contains)) throw new TypeError(`invalid value type "${String(contains)}" for "${name}": use ${VALUE_TYPES.join(', ')}`);
    const series = this.seriesOpts ? new TimeSeries(type, type === 'trend' ? seriesRangeFor(contains) : null, this.origin, this.seriesOpts) : null;
    const m = new Metric(name, type, contains, series);
    this.byName.set(name, m);
    this.ordered.push(m);
    return m;
  }

  /** A metric or submetric by name (`http_req_duration{scenario:promo}` as the threshold wrote it). */
  get(name: string): Metric | undefined {
    return this.byName.get(name);
  }

  /**
   * The submetric an expression like `http_req_duration{scenario:promo}` names, created if new
   * (one per distinct tag set). Throws on a malformed expression or an unknown parent metric.
   */
  submetric(expr: string): Metric {
    const known = this.byName.get(expr);
    if (known) return known;
    const parsed = parseMetricName(expr);
    if (!parsed.ok) throw new TypeError(parsed.error);
    const { name, selector, fullName } = parsed.value;
    const parent = this.byName.get(name);
    if (!parent || parent.parent !== null) throw new TypeError(`no metric named "${name}" for submetric "${expr}"`);
    if (selector === null) return parent;
    const same = parent.submetrics.find((s) => s.sameSelector(selector));
    if (same) {
      this.byName.set(expr, same);
      return same;
    }
    const sub = new Metric(fullName, parent.type, parent.contains, null, parent, selector);
    parent.submetrics.push(sub);
    this.byName.set(fullName, sub);
    if (expr !== fullName) this.byName.set(expr, sub);
    this.ordered.push(sub);
    return sub;
  }

  /** Records one sample. Throws if the metric was never defined (a runtime bug, not user input). */
  add(name: string, value: number, tags: Tags, time: number = Date.now()): void {
    this.record(this.metric(name), value, tags, time);
  }

  /** A defined metric (not a submetric), for `record`. Throws if it was never defined. */
  metric(name: string): Metric {
    const m = this.byName.get(name);
    if (m === undefined || m.parent !== null) throw new TypeError(`sample for undefined metric "${name}"`);
    return m;
  }

  /** `add` for a metric already looked up with `metric` (hot paths record several per request). */
  record(m: Metric, value: number, tags: Tags, time: number): void {
    const name = m.name;
    if (!Number.isFinite(value)) {
      this.invalidSamples++;
      return;
    }
    m.sink.add(value, time);
    if (m.series !== null) m.series.add(time, value);
    const subs = m.submetrics;
    for (let i = 0; i < subs.length; i++) {
      const s = subs[i] as Metric;
      if (s.matches(tags)) s.sink.add(value, time);
    }
    const ls = this.listeners;
    for (let i = 0; i < ls.length; i++) (ls[i] as SampleListener)(name, value, tags, time);
  }

  /** Subscribes to every sample; returns the unsubscribe function. */
  onSample(listener: SampleListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Every metric in definition order, submetrics included (they have `parent` set). */
  all(): Metric[] {
    return this.ordered.slice();
  }

  snapshot(): RegistrySnapshot {
    const metrics: MetricSnapshot[] = [];
    for (const m of this.ordered) {
      if (m.parent !== null) continue;
      metrics.push({
        name: m.name,
        type: m.type,
        contains: m.contains,
        sink: m.sink.snapshot(),
        series: m.series ? m.series.snapshot() : null,
        submetrics: m.submetrics.map((s) => ({ name: s.name, selector: Object.entries(s.selector), sink: s.sink.snapshot() })),
      });
    }
    return { format: 'peakday-metrics/1', origin: this.origin, metrics };
  }

  /** Adds a snapshot (from this or another process) into this registry. */
  merge(s: RegistrySnapshot): void {
    if (s.format !== 'peakday-metrics/1') throw new TypeError(`unknown metrics snapshot format ${JSON.stringify(s.format)}`);
    for (const ms of s.metrics) {
      const m = this.define(ms.name, ms.type, ms.contains);
      m.sink.merge(ms.sink);
      if (m.series && ms.series) m.series.merge(ms.series);
      for (const ss of ms.submetrics) {
        let sub = m.submetrics.find((x) => x.sameSelector(ss.selector));
        if (!sub) sub = this.submetric(ss.name);
        sub.sink.merge(ss.sink);
      }
    }
  }

  static fromSnapshot(s: RegistrySnapshot, opts: RegistryOptions = {}): MetricsRegistry {
    const r = new MetricsRegistry({ origin: s.origin, ...opts });
    r.merge(s);
    return r;
  }
}

/** Defines all k6 built-in metrics plus `iteration_start_delay`. */
export function defineBuiltins(r: MetricsRegistry): void {
  for (const [name, type, contains] of BUILTIN_METRICS) r.define(name, type, contains);
}
