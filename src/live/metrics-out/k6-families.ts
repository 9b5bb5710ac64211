/**
 * The runtime's metrics under the names and labels of k6's Prometheus remote-write output, so a
 * dashboard built for k6 reads a peakday run unchanged:
 *   Counter -> counter `k6_<name>_total`        Rate  -> gauge `k6_<name>_rate`
 *   Gauge   -> gauge   `k6_<name>`              Trend -> gauges `k6_<name>_<stat>`
 * Trend stats are k6's (`p99`, `p95`, `p90`, `med`, `avg`, `min`, `max`, `count`); like k6, time
 * values are converted to seconds, Prometheus's base unit. Labels are the k6 tags kept by
 * `TaggedSeries` (scenario, status, method, expected_response).
 */
import type { Family, Sample } from './metric-family.ts';
import type { TaggedAggregate } from './tagged-series.ts';

/** [suffix, k6 stat method, percentile]. */
export const TREND_STATS: readonly (readonly [string, string, number?])[] = [
  ['p99', 'p', 99],
  ['p95', 'p', 95],
  ['p90', 'p', 90],
  ['med', 'med'],
  ['avg', 'avg'],
  ['min', 'min'],
  ['max', 'max'],
  ['count', 'count'],
];

function family(byName: Map<string, Family>, name: string, type: Family['type'], help: string): Family {
  let f = byName.get(name);
  if (!f) {
    f = { name, type, help, samples: [] };
    byName.set(name, f);
  }
  return f;
}

export function k6Families(aggregates: readonly TaggedAggregate[], elapsedMs: number, extraLabels: Readonly<Record<string, string>>): Family[] {
  const byName = new Map<string, Family>();
  const push = (name: string, type: Family['type'], help: string, labels: Record<string, string>, value: number | undefined) => {
    if (value === undefined || !Number.isFinite(value)) return;
    const s: Sample = { labels: { ...labels, ...extraLabels }, value };
    family(byName, name, type, help).samples.push(s);
  };
  for (const a of aggregates) {
    const base = `k6_${a.name}`;
    switch (a.type) {
      case 'counter':
        push(base, 'counter', `k6 counter ${a.name}`, a.labels, a.sink.stat('count', elapsedMs));
        break;
      case 'gauge':
        push(base, 'gauge', `k6 gauge ${a.name}`, a.labels, a.sink.stat('value', elapsedMs));
        break;
      case 'rate':
        push(`${base}_rate`, 'gauge', `k6 rate ${a.name}: share of non-zero samples`, a.labels, a.sink.stat('rate', elapsedMs));
        break;
      case 'trend':
        for (const [suffix, method, p] of TREND_STATS) {
          const v = a.sink.stat(method, elapsedMs, p);
          const scaled = v === undefined || suffix === 'count' || a.contains !== 'time' ? v : v / 1000;
          const unit = a.contains === 'time' && suffix !== 'count' ? ' (seconds)' : '';
          push(`${base}_${suffix}`, 'gauge', `k6 trend ${a.name} ${suffix}${unit}`, a.labels, scaled);
        }
        break;
    }
  }
  return [...byName.values()];
}
