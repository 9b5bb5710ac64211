/**
 * `options.thresholds` as a script writes it, validated in one pass that reports every
 * problem and changes nothing:
 *
 *   thresholds = { metric_expr: [ threshold, ... ] }
 *   threshold  = "expression" | { threshold: "expression", abortOnFail?: boolean,
 *                                 delayAbortEval?: duration }
 *
 * `metric_expr` follows metric-name.ts (`http_req_duration{scenario:promo}`), the expression
 * follows expression.ts, the duration follows ../duration.ts. Unknown keys in the long
 * form are rejected (k6 ignores them silently; a typo like `abortOnFial` should not).
 * Whether the metric exists and supports the method is checked later, against the registry
 * (ThresholdEvaluator.validate), because custom metrics are only known after the init context.
 */
import { parseMetricName } from '../metrics/metric-name.ts';
import { parseDuration } from '../duration.ts';
import { parseThresholdExpression, type ThresholdExpression } from './expression.ts';
import { isObject } from '../../../lib/json/is-object.ts';

export interface ParsedThreshold extends ThresholdExpression {
  /** The expression as written: the summary's key for it. */
  readonly source: string;
  readonly abortOnFail: boolean;
  /** Minimum test time before a failure may abort; null aborts at the first failure. */
  readonly delayAbortEvalMs: number | null;
}

export interface MetricThresholds {
  /** The key as written in options.thresholds. */
  readonly metric: string;
  /** The metric's own name (before any selector). */
  readonly metricName: string;
  readonly selector: ReadonlyArray<readonly [string, string]> | null;
  readonly thresholds: readonly ParsedThreshold[];
}

export type ParsedThresholds = readonly MetricThresholds[];

const LONG_FORM_KEYS = ['threshold', 'abortOnFail', 'delayAbortEval'];

function parseOne(metric: string, raw: unknown, at: string, errors: string[]): ParsedThreshold | null {
  let source: unknown = raw;
  let abortOnFail = false;
  let delayAbortEvalMs: number | null = null;
  let ok = true;
  if (isObject(raw)) {
    for (const k of Object.keys(raw)) {
      if (!LONG_FORM_KEYS.includes(k)) {
        errors.push(`threshold ${at} of metric "${metric}": unknown key "${k}" (allowed: ${LONG_FORM_KEYS.join(', ')})`);
        ok = false;
      }
    }
    source = raw.threshold;
    if (raw.abortOnFail !== undefined) {
      if (typeof raw.abortOnFail !== 'boolean') {
        errors.push(`threshold ${at} of metric "${metric}": abortOnFail must be true or false, got ${JSON.stringify(raw.abortOnFail)}`);
        ok = false;
      } else abortOnFail = raw.abortOnFail;
    }
    if (raw.delayAbortEval !== undefined && raw.delayAbortEval !== null) {
      const d = parseDuration(raw.delayAbortEval);
      if (!d.ok) {
        errors.push(`threshold ${at} of metric "${metric}": delayAbortEval: ${d.error}`);
        ok = false;
      } else delayAbortEvalMs = d.ms;
    }
  }
  if (typeof source !== 'string') {
    errors.push(`threshold ${at} of metric "${metric}": expected an expression string or {threshold, abortOnFail, delayAbortEval}, got ${JSON.stringify(source) ?? 'undefined'}`);
    return null;
  }
  const e = parseThresholdExpression(source);
  if (!e.ok) {
    errors.push(`failed parsing threshold expression ${JSON.stringify(source)} of metric "${metric}": ${e.error}`);
    return null;
  }
  return ok ? { ...e.value, source, abortOnFail, delayAbortEvalMs } : null;
}

/** Parses options.thresholds; `errors` lists every problem (empty when all is valid). */
export function parseThresholds(raw: unknown): { thresholds: ParsedThresholds; errors: string[] } {
  const errors: string[] = [];
  const out: MetricThresholds[] = [];
  if (raw === undefined || raw === null) return { thresholds: out, errors };
  if (!isObject(raw)) {
    return { thresholds: out, errors: [`thresholds must be an object of metric name to a list of expressions, got ${JSON.stringify(raw)}`] };
  }
  for (const [metric, list] of Object.entries(raw)) {
    const name = parseMetricName(metric);
    if (!name.ok) errors.push(`invalid threshold metric: ${name.error}`);
    if (!Array.isArray(list)) {
      errors.push(`thresholds of metric "${metric}" must be a list of expressions, got ${JSON.stringify(list)}`);
      continue;
    }
    const parsed: ParsedThreshold[] = [];
    list.forEach((item, i) => {
      const t = parseOne(metric, item, `#${i + 1}`, errors);
      if (t) parsed.push(t);
    });
    if (name.ok) out.push({ metric, metricName: name.value.name, selector: name.value.selector, thresholds: parsed });
  }
  return { thresholds: out, errors };
}
