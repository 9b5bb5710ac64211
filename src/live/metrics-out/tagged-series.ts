/**
 * The runtime's metrics broken down by a few tags, as k6's Prometheus output labels them:
 * one aggregate per metric and label set, fed by the registry's sample listener. Only the tags
 * in `LABEL_TAGS` become labels — k6's `url` and `name` tags hold one value per SKU or order
 * here, and a label per URL would be a series per URL in the receiving Prometheus.
 */
import type { MetricsRegistry, MetricType, Tags, ValueType } from '../../runtime/metrics/registry.ts';
import { createSink } from '../../runtime/metrics/metric.ts';
import type { Sink } from '../../runtime/metrics/sinks.ts';

/** k6 tags kept as labels (bounded: a scenario name, an HTTP status, a method, true/false). */
export const LABEL_TAGS = ['scenario', 'status', 'method', 'expected_response'] as const;

export interface TaggedAggregate {
  name: string;
  type: MetricType;
  contains: ValueType;
  labels: Record<string, string>;
  sink: Sink;
}

export class TaggedSeries {
  private readonly byKey = new Map<string, TaggedAggregate>();
  private readonly unsubscribe: () => void;

  constructor(registry: MetricsRegistry) {
    this.unsubscribe = registry.onSample((name, value, tags, time) => this.add(registry, name, value, tags, time));
  }

  private add(registry: MetricsRegistry, name: string, value: number, tags: Tags, time: number): void {
    let key = name;
    for (const t of LABEL_TAGS) key += `\u0000${tags[t] ?? ''}`;
    let agg = this.byKey.get(key);
    if (!agg) {
      const m = registry.get(name);
      if (!m) return;
      const labels: Record<string, string> = {};
      for (const t of LABEL_TAGS) if (tags[t] !== undefined && tags[t] !== '') labels[t] = tags[t];
      agg = { name, type: m.type, contains: m.contains, labels, sink: createSink(m.type, m.contains) };
      this.byKey.set(key, agg);
    }
    agg.sink.add(value, time);
  }

  all(): TaggedAggregate[] {
    return [...this.byKey.values()];
  }

  close(): void {
    this.unsubscribe();
  }
}
