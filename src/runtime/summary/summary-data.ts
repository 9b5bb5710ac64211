/**
 * The end-of-test data in k6's `handleSummary(data)` shape, built once from the registry,
 * the threshold verdicts and the group tree. textSummary, the legacy export and reports all
 * read this one object.
 *
 * Which metrics appear: every metric that received a sample, plus every metric and
 * submetric a threshold names (k6 marks those observed even when empty).
 */
import type { Metric, MetricsRegistry, MetricType, ValueType } from '../metrics/registry.ts';
import type { ThresholdEvaluator } from '../thresholds/evaluator.ts';
import { parseGoFloat } from '../thresholds/expression.ts';
import type { GroupNode, GroupTree } from './group-tree.ts';

export interface SummaryCheck {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly passes: number;
  readonly fails: number;
}
export interface SummaryGroup {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: SummaryGroup[];
  readonly checks: SummaryCheck[];
}
export interface SummaryMetric {
  readonly type: MetricType;
  readonly contains: ValueType;
  readonly values: Record<string, number>;
  /** Expression → verdict; present only on metrics with thresholds. */
  readonly thresholds?: Record<string, { ok: boolean }>;
}
export interface SummaryData {
  readonly root_group: SummaryGroup;
  readonly options: { summaryTrendStats: string[]; summaryTimeUnit: string; noColor: boolean };
  readonly state: { isStdOutTTY: boolean; isStdErrTTY: boolean; testRunDurationMs: number };
  readonly metrics: Record<string, SummaryMetric>;
}

export const DEFAULT_TREND_STATS: readonly string[] = ['avg', 'min', 'med', 'max', 'p(90)', 'p(95)'];
const PLAIN_STATS = ['avg', 'min', 'med', 'max', 'count'];
const TIME_UNITS = ['', 's', 'ms', 'us'];

/** Problems with `summaryTrendStats` / `summaryTimeUnit` options (for the engine's exit-104 check). */
export function validateSummaryOptions(options: { summaryTrendStats?: unknown; summaryTimeUnit?: unknown }): string[] {
  const errors: string[] = [];
  const stats = options.summaryTrendStats;
  if (stats !== undefined) {
    if (!Array.isArray(stats)) errors.push(`summaryTrendStats must be a list of stats, got ${JSON.stringify(stats)}`);
    else
      for (const s of stats) {
        if (typeof s !== 'string' || trendStatPercentile(s) === undefined) {
          errors.push(`summaryTrendStats: stat ${JSON.stringify(s)} is unknown (use avg, min, med, max, count or p(N) with 0 ≤ N ≤ 100)`);
        }
      }
  }
  const unit = options.summaryTimeUnit;
  if (unit !== undefined && (typeof unit !== 'string' || !TIME_UNITS.includes(unit))) {
    errors.push(`summaryTimeUnit ${JSON.stringify(unit)} is invalid (use s, ms or us)`);
  }
  return errors;
}

/** null for a plain stat, N for p(N), undefined when the stat is unknown. */
function trendStatPercentile(s: string): number | null | undefined {
  if (PLAIN_STATS.includes(s)) return null;
  if (!s.startsWith('p(') || !s.endsWith(')')) return undefined;
  const p = parseGoFloat(s.slice(2, -1));
  return Number.isFinite(p) && p >= 0 && p <= 100 ? p : undefined;
}

function metricValues(m: Metric, durationMs: number, trendStats: readonly string[]): Record<string, number> {
  const v: Record<string, number> = {};
  const put = (k: string, method: string, p?: number) => {
    v[k] = m.sink.stat(method, durationMs, p) ?? 0;
  };
  switch (m.type) {
    case 'counter':
      put('count', 'count');
      put('rate', 'rate');
      break;
    case 'gauge':
      put('value', 'value');
      put('min', 'min');
      put('max', 'max');
      break;
    case 'rate':
      put('rate', 'rate');
      put('passes', 'passes');
      put('fails', 'fails');
      break;
    case 'trend':
      for (const s of trendStats) {
        const p = trendStatPercentile(s);
        if (p === undefined) continue; // validateSummaryOptions reports it before the run
        if (p === null) put(s, s);
        else put(s, 'p', p);
      }
  }
  return v;
}

function copyGroup(g: GroupNode): SummaryGroup {
  return {
    name: g.name,
    path: g.path,
    id: g.id,
    groups: g.groups.map(copyGroup),
    checks: g.checks.map((c) => ({ name: c.name, path: c.path, id: c.id, passes: c.passes, fails: c.fails })),
  };
}

export interface SummaryInput {
  readonly registry: MetricsRegistry;
  /** Null when the run has no thresholds. Its last evaluation is used; a final one runs if none did. */
  readonly evaluator: ThresholdEvaluator | null;
  readonly groups: GroupTree;
  /** The script's options; summaryTrendStats, summaryTimeUnit and noColor are read. */
  readonly options: unknown;
  readonly testRunDurationMs: number;
  readonly isStdOutTTY: boolean;
  readonly isStdErrTTY: boolean;
}

export function buildSummaryData(input: SummaryInput): SummaryData {
  const o = (typeof input.options === 'object' && input.options !== null ? input.options : {}) as Record<string, unknown>;
  const trendStats = Array.isArray(o.summaryTrendStats) ? o.summaryTrendStats.filter((s): s is string => typeof s === 'string') : [...DEFAULT_TREND_STATS];
  const summaryTimeUnit = typeof o.summaryTimeUnit === 'string' ? o.summaryTimeUnit : '';
  const noColor = o.noColor === true;

  const ev = input.evaluator;
  if (ev && !ev.finalEvaluated) ev.evaluate(input.testRunDurationMs, true);
  const verdicts = new Map<string, Record<string, { ok: boolean }>>();
  for (const r of ev ? ev.results() : []) {
    const t = verdicts.get(r.metric) ?? {};
    // Two entries of one expression on one metric: failed if either failed.
    t[r.source] = { ok: (t[r.source]?.ok ?? true) && r.ok };
    verdicts.set(r.metric, t);
  }
  const thresholded = new Set(ev ? ev.targets() : []);

  const metrics: Record<string, SummaryMetric> = {};
  const shown = input.registry
    .all()
    .filter((m) => m.sink.samples > 0 || thresholded.has(m))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const m of shown) {
    const t = verdicts.get(m.name);
    metrics[m.name] = {
      type: m.type,
      contains: m.contains,
      values: metricValues(m, input.testRunDurationMs, trendStats),
      ...(t ? { thresholds: t } : {}),
    };
  }
  return {
    root_group: copyGroup(input.groups.root),
    options: { summaryTrendStats: trendStats, summaryTimeUnit, noColor },
    state: { isStdOutTTY: input.isStdOutTTY, isStdErrTTY: input.isStdErrTTY, testRunDurationMs: input.testRunDurationMs },
    metrics,
  };
}
