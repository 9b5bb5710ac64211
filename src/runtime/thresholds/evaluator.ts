/**
 * Evaluates parsed thresholds against the registry, with k6's rules:
 * - during the run (every 2 s, `final` false) a metric with no samples is skipped and keeps
 *   its previous verdict; at the end (`final` true) every threshold gets a verdict;
 * - "a metric with no samples passes, except a Counter": at the end an empty Counter is
 *   evaluated as count 0 / rate 0 (so `count>0` fails), other empty metrics pass;
 * - a failing `abortOnFail` threshold asks for an abort once the test has run longer than its
 *   `delayAbortEval` (at once without one); the request latches, as k6's does.
 * Submetrics named by thresholds are created in the registry here, so samples feed them from
 * the start. `validate()` reports unknown metrics and methods the metric's type lacks (both
 * exit 104 in k6) without throwing.
 */
import type { Metric, MetricsRegistry } from '../metrics/registry.ts';
import { compare, METHODS_BY_TYPE } from './expression.ts';
import type { MetricThresholds, ParsedThreshold, ParsedThresholds } from './config.ts';

export interface ThresholdResult {
  /** Metric or submetric name as the threshold wrote it. */
  readonly metric: string;
  readonly source: string;
  readonly ok: boolean;
  /** The left-hand side the expression was compared with; null when not evaluated. */
  readonly value: number | null;
  readonly abortOnFail: boolean;
}

interface Entry {
  readonly spec: MetricThresholds;
  target: Metric | undefined;
  readonly state: { t: ParsedThreshold; ok: boolean; value: number | null }[];
}

export class ThresholdEvaluator {
  private readonly entries: Entry[];
  private abortLatched = false;
  private finalDone = false;

  constructor(
    private readonly registry: MetricsRegistry,
    parsed: ParsedThresholds,
  ) {
    this.entries = parsed.map((spec) => ({ spec, target: undefined, state: spec.thresholds.map((t) => ({ t, ok: true, value: null })) }));
    for (const e of this.entries) this.resolve(e);
  }

  /** The metric (or submetric, created now) an entry names, once its parent metric exists. */
  private resolve(e: Entry): Metric | undefined {
    if (e.target) return e.target;
    const parent = this.registry.get(e.spec.metricName);
    if (!parent || parent.parent !== null) return undefined;
    e.target = e.spec.selector === null ? parent : this.registry.submetric(e.spec.metric);
    return e.target;
  }

  /** Problems that make the configuration invalid (exit 104); empty when all is well. */
  validate(): string[] {
    const errors: string[] = [];
    for (const e of this.entries) {
      const m = this.resolve(e);
      if (!m) {
        errors.push(`invalid threshold defined on ${e.spec.metric}; reason: no metric name "${e.spec.metricName}" found`);
        continue;
      }
      const allowed = METHODS_BY_TYPE[m.type] ?? [];
      for (const t of e.spec.thresholds) {
        if (!allowed.includes(t.method)) {
          errors.push(
            `invalid threshold "${t.source}" applied on metric ${e.spec.metric}; reason: unsupported aggregation method ${t.method === 'p' ? 'p(N)' : t.method} on metric of type ${m.type}; supported aggregation methods for this metric are: ${allowed.map((a) => (a === 'p' ? 'p(N)' : a)).join(', ')}`,
          );
        }
      }
    }
    return errors;
  }

  /** Metrics and submetrics that carry thresholds (the summary lists them even when empty). */
  targets(): Metric[] {
    return this.entries.map((e) => this.resolve(e)).filter((m): m is Metric => m !== undefined);
  }

  evaluate(testRunDurationMs: number, final: boolean): { failed: boolean; abort: boolean; results: ThresholdResult[] } {
    for (const e of this.entries) {
      const m = this.resolve(e);
      if (!m) continue; // validate() reported it
      const empty = m.sink.samples === 0;
      if (empty && !final) continue;
      for (const s of e.state) {
        if (empty && m.type !== 'counter') {
          s.ok = true;
          s.value = null;
          continue;
        }
        const lhs = m.sink.stat(s.t.method, testRunDurationMs, s.t.percentile ?? undefined);
        s.value = lhs ?? null;
        s.ok = lhs !== undefined && compare(lhs, s.t.operator, s.t.value);
        if (!s.ok && s.t.abortOnFail && !this.abortLatched) {
          this.abortLatched = s.t.delayAbortEvalMs === null || s.t.delayAbortEvalMs < testRunDurationMs;
        }
      }
    }
    if (final) this.finalDone = true;
    const results = this.results();
    return { failed: results.some((r) => !r.ok), abort: this.abortLatched, results };
  }

  /** Verdicts of the last evaluation (all ok before the first). */
  results(): ThresholdResult[] {
    const out: ThresholdResult[] = [];
    for (const e of this.entries) {
      for (const s of e.state) out.push({ metric: e.target?.name ?? e.spec.metric, source: s.t.source, ok: s.ok, value: s.value, abortOnFail: s.t.abortOnFail });
    }
    return out;
  }

  /** True once a final evaluation ran. */
  get finalEvaluated(): boolean {
    return this.finalDone;
  }
}
