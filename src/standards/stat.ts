/**
 * The aggregation a metric standard compares: k6's threshold aggregation methods, which
 * standards keep so they compile to thresholds one to one.
 *
 * Grammar (no whitespace inside; the whole string must match):
 *   stat    = percentile | "avg" | "min" | "max" | "med" | "rate" | "count" | "value"
 *   percentile = "p(" number ")"           0 <= number <= 100
 *   number  = digit+ ( "." digit+ )?
 * Allowed by metric type (as k6): trend -> p(N) avg min max med; rate -> rate;
 * counter -> count rate; gauge -> value.
 */
import type { MetricContains, MetricType, Unit } from '../results/run-result.ts';

export type Stat =
  | { kind: 'percentile'; p: number }
  | { kind: 'avg' | 'min' | 'max' | 'med' | 'rate' | 'count' | 'value' };

export type StatParse = { ok: true; stat: Stat } | { ok: false; error: string };

const WORDS = new Set(['avg', 'min', 'max', 'med', 'rate', 'count', 'value']);
const PERCENTILE = /^p\((\d+(?:\.\d+)?)\)$/;

export function parseStat(text: string): StatParse {
  if (WORDS.has(text)) return { ok: true, stat: { kind: text as Exclude<Stat['kind'], 'percentile'> } };
  const m = PERCENTILE.exec(text);
  if (!m) {
    return {
      ok: false,
      error: `"${text}" is not an aggregation; expected p(N), avg, min, max, med, rate, count or value`,
    };
  }
  const p = Number(m[1]);
  if (p > 100) return { ok: false, error: `percentile in "${text}" must be between 0 and 100` };
  return { ok: true, stat: { kind: 'percentile', p } };
}

const ALLOWED: Record<MetricType, readonly Stat['kind'][]> = {
  trend: ['percentile', 'avg', 'min', 'max', 'med'],
  rate: ['rate'],
  counter: ['count', 'rate'],
  gauge: ['value'],
};

export function statAllowed(stat: Stat, type: MetricType): boolean {
  return ALLOWED[type].includes(stat.kind);
}

/** Methods a metric type accepts, for error messages. */
export function allowedStatsText(type: MetricType): string {
  return ALLOWED[type].map((k) => (k === 'percentile' ? 'p(N)' : k)).join(', ');
}

/** The unit a limit on this metric and stat is written in. */
export function unitOf(stat: Stat, type: MetricType, contains: MetricContains): Unit {
  if (type === 'trend') return contains === 'time' ? 'ms' : 'value';
  if (type === 'rate') return 'ratio';
  if (type === 'counter') return stat.kind === 'rate' ? 'per_s' : 'count';
  return 'value';
}

/** The k6 summary key for a stat (`p(99)` -> `p(99)`, `med` -> `med`). */
export function statKey(stat: Stat): string {
  return stat.kind === 'percentile' ? `p(${stat.p})` : stat.kind;
}
