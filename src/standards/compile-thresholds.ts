/**
 * Metric standards as k6 thresholds, so the runtime can evaluate them live (every 2 s, and
 * abort on fail if asked) with the same grammar k6 uses:
 *   `{"webhook_ack_duration": ["p(99)<=500"], "platform_call_success": ["rate>=0.999"]}`.
 * Expressions follow k6's threshold grammar exactly (`method ws* operator ws* number`), so
 * they parse with src/runtime/thresholds/ and with k6 itself. Accuracy standards are not
 * thresholds: they are judged on the reconciliation after the drain.
 */
import type { MetricStandard, Standards } from './standard.ts';

/** A number in plain decimal notation: k6's grammar has no exponent form. */
export function formatThresholdNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`threshold limit must be finite, got ${n}`);
  const s = String(n);
  if (!/e/i.test(s)) return s;
  // toFixed itself switches to exponents at 1e21; such numbers are integers anyway.
  if (Math.abs(n) >= 1e21) return BigInt(n).toString();
  return n.toFixed(20).replace(/\.?0+$/, '');
}

export function thresholdExpression(s: MetricStandard): string {
  return `${s.stat}${s.op}${formatThresholdNumber(s.limit)}`;
}

/** Every enabled metric standard, grouped by metric, in file order. */
export function compileThresholds(standards: Pick<Standards, 'standards'>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of standards.standards) {
    if (s.kind !== 'metric') continue;
    (out[s.metric] ??= []).push(thresholdExpression(s));
  }
  return out;
}
