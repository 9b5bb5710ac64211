/**
 * Latency distributions of the fault spec: their JSON form, validation and sampling.
 *
 *   {"kind": "fixed", "ms": 20}
 *   {"kind": "uniform", "minMs": 5, "maxMs": 50}
 *   {"kind": "lognormal", "medianMs": 20, "p99Ms": 400 [, "maxMs": 60000]}
 *   {"kind": "lognormal", "mu": 3.0, "sigma": 1.2 [, "maxMs": 60000]}   (of ln(ms))
 *
 * Lognormal is what real API latencies look like (a body near the median, a long right tail);
 * giving it by median and p99 lets a test author write the numbers they read off a dashboard.
 * Its samples are capped at maxMs (default 60 s) so one unlucky draw cannot stall a run.
 */
import type { Prng } from './prng.ts';
import { ObjectReader } from '../../../lib/config/object-reader.ts';

export type LatencyDistribution =
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'lognormal'; mu: number; sigma: number; maxMs: number };

export const MAX_LATENCY_MS = 3_600_000;
const DEFAULT_LOGNORMAL_CAP_MS = 60_000;
/** z such that P(Z <= z) = 0.99 for a standard normal. */
const Z99 = 2.3263478740408408;

export const DISTRIBUTION_KEYS = ['kind', 'ms', 'minMs', 'maxMs', 'medianMs', 'p99Ms', 'mu', 'sigma'] as const;

/**
 * Reads a distribution from the fields of `r` (which may hold other keys of the enclosing
 * fault; the caller checks unknown keys). Returns undefined when invalid (problems are in r).
 */
export function readDistribution(r: ObjectReader): LatencyDistribution | undefined {
  const kind = r.get('kind');
  const allowed = { fixed: ['ms'], uniform: ['minMs', 'maxMs'], lognormal: ['medianMs', 'p99Ms', 'mu', 'sigma', 'maxMs'] } as const;
  if (kind !== 'fixed' && kind !== 'uniform' && kind !== 'lognormal') {
    r.problem('kind', `expected fixed|uniform|lognormal, got ${JSON.stringify(kind)}`);
    return undefined;
  }
  for (const k of ['ms', 'minMs', 'maxMs', 'medianMs', 'p99Ms', 'mu', 'sigma']) {
    if (r.has(k) && !(allowed[kind] as readonly string[]).includes(k)) r.problem(k, `not a field of a ${kind} distribution (expected ${allowed[kind].join(', ')})`);
  }
  const before = r.count;
  if (kind === 'fixed') {
    const ms = r.number('ms', { min: 0, max: MAX_LATENCY_MS, required: true });
    return r.count === before && ms !== undefined ? { kind, ms } : undefined;
  }
  if (kind === 'uniform') {
    const minMs = r.number('minMs', { min: 0, max: MAX_LATENCY_MS, required: true });
    const maxMs = r.number('maxMs', { min: 0, max: MAX_LATENCY_MS, required: true });
    if (minMs !== undefined && maxMs !== undefined && minMs > maxMs) r.problem('maxMs', `must be >= minMs (${minMs}), got ${maxMs}`);
    return r.count === before && minMs !== undefined && maxMs !== undefined ? { kind, minMs, maxMs } : undefined;
  }
  const cap = r.number('maxMs', { min: 0, max: MAX_LATENCY_MS }) ?? DEFAULT_LOGNORMAL_CAP_MS;
  const byQuantiles = r.has('medianMs') || r.has('p99Ms');
  const byParams = r.has('mu') || r.has('sigma');
  if (byQuantiles === byParams) {
    r.problem('kind', 'a lognormal needs either medianMs and p99Ms, or mu and sigma');
    return undefined;
  }
  if (byQuantiles) {
    const median = r.number('medianMs', { min: 0, exclusiveMin: true, max: MAX_LATENCY_MS, required: true });
    const p99 = r.number('p99Ms', { min: 0, exclusiveMin: true, max: MAX_LATENCY_MS, required: true });
    if (median !== undefined && p99 !== undefined && p99 <= median) r.problem('p99Ms', `must be > medianMs (${median}), got ${p99}`);
    if (r.count !== before || median === undefined || p99 === undefined) return undefined;
    return { kind, mu: Math.log(median), sigma: Math.log(p99 / median) / Z99, maxMs: cap };
  }
  const mu = r.number('mu', { min: -20, max: 20, required: true });
  const sigma = r.number('sigma', { min: 0, max: 10, required: true });
  return r.count === before && mu !== undefined && sigma !== undefined ? { kind, mu, sigma, maxMs: cap } : undefined;
}

/** One sample in ms. */
export function sampleLatency(d: LatencyDistribution, rng: Prng): number {
  switch (d.kind) {
    case 'fixed':
      return d.ms;
    case 'uniform':
      return d.minMs + (d.maxMs - d.minMs) * rng.float();
    case 'lognormal':
      return Math.min(d.maxMs, Math.exp(d.mu + d.sigma * rng.normal()));
  }
}
