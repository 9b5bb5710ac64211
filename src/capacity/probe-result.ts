/**
 * One capacity probe: a short run at one order rate, reduced to what the search and the
 * report need. Built from the run's summary.json, so a probe recorded once can be replayed.
 */
import type { RunResult } from '../results/run-result.ts';
import type { Operator, Unit } from '../results/run-result.ts';

export type ProbeVerdict = 'pass' | 'fail' | 'untrusted' | 'error';

export interface ProbeStandard {
  id: string;
  title: string;
  unit: Unit;
  op?: Operator;
  limit?: number;
  measured: number | null;
  verdict: string;
}

export interface ProbeResult {
  /** Orders per second asked for. */
  rate: number;
  verdict: ProbeVerdict;
  /** Orders per second the platform accepted at the probe's height: the median of its 5 busiest intervals. */
  achieved_rate?: number;
  standards: ProbeStandard[];
  /** Ids of the standards that failed. */
  failed: string[];
  /** Why the run cannot judge the stack (the generator fell behind, the run did not complete). */
  untrusted_reasons: string[];
  result_dir?: string;
  error?: string;
  duration_ms: number;
}

export function probeFromRun(rate: number, r: RunResult, durationMs: number, resultDir?: string): ProbeResult {
  if (r.status === 'aborted') {
    // The runtime itself failed: neither the stack's limit nor the generator's.
    return { rate, verdict: 'error', standards: [], failed: [], untrusted_reasons: [], error: `the run aborted: ${r.status_reason ?? 'no reason given'}`, ...(resultDir ? { result_dir: resultDir } : {}), duration_ms: durationMs };
  }
  const achieved = busiestRate(r);
  return {
    rate,
    verdict: r.verdict,
    ...(achieved !== undefined ? { achieved_rate: achieved } : {}),
    standards: r.standards.map((s) => ({ id: s.id, title: s.title, unit: s.unit, ...(s.op ? { op: s.op } : {}), ...(s.limit !== undefined ? { limit: s.limit } : {}), measured: s.measured, verdict: s.verdict })),
    failed: r.standards.filter((s) => s.verdict === 'fail').map((s) => s.id),
    untrusted_reasons: r.trust.trusted && r.status === 'completed' ? [] : r.trust.reasons,
    ...(resultDir ? { result_dir: resultDir } : {}),
    duration_ms: durationMs,
  };
}

/**
 * How much of its limit a standard used: measured / limit for an upper bound, limit /
 * measured for a lower bound (a 99% success rate against 99.9% uses 100.9%). 1 is the limit.
 * Undefined when it cannot be said (not measured, no limit, a limit of 0 with 0 measured).
 */
export function utilisation(s: ProbeStandard): number | undefined {
  if (s.measured === null || s.limit === undefined || s.op === undefined) return undefined;
  if (s.op === '<=' || s.op === '<') {
    if (s.limit === 0) return s.measured > 0 ? Number.POSITIVE_INFINITY : undefined;
    return s.measured / s.limit;
  }
  if (s.op === '>=' || s.op === '>') {
    if (s.measured === 0) return s.limit > 0 ? Number.POSITIVE_INFINITY : undefined;
    return s.limit / s.measured;
  }
  return undefined;
}

/**
 * Orders per second accepted at the height of the run: the median of the 5 busiest series
 * intervals of orders_placed (a whole-run average would mix in the ramp and the drain; one
 * interval alone is a burst).
 */
function busiestRate(r: RunResult): number | undefined {
  const series = r.metrics.orders_placed?.series;
  if (!series || series.length === 0) return undefined;
  const perS = 1000 / Math.max(1, r.series_interval_ms);
  const top = series.map((p) => p.count * perS).sort((a, b) => b - a).slice(0, 5);
  return top[Math.floor((top.length - 1) / 2)];
}
