/**
 * The capacity search: the highest order rate at which every standard holds, found by probes
 * (short runs) bounded in number and in total time.
 *
 *   1. step: probe the start rate; while it holds, multiply by `step_factor` (up to max_rate);
 *      while it does not, divide (down to min_rate) — until one rate holds and the next does not;
 *   2. bisect between the highest rate that held and the lowest that did not, until they are
 *      within `resolution` (relative to the lower) or probes or time run out.
 *
 * A probe that is `untrusted` (the generator fell behind) bounds the search like a failure —
 * nothing above it can be measured — but is reported as the generator's limit, never the
 * stack's. A probe that errors stops the search. Before each probe the time budget is checked
 * against the mean probe duration so far, so the search stops before overrunning, not after.
 */
import type { ProbeResult } from './probe-result.ts';
import { utilisation } from './probe-result.ts';

export interface SearchOptions {
  start_rate: number;
  min_rate: number;
  max_rate: number;
  step_factor: number;
  /** Stop bisecting when hi − lo ≤ max(1, resolution × lo) orders/s. */
  resolution: number;
  max_probes: number;
  budget_ms: number;
}

export type Phase = 'step' | 'bisect';
export type LimitedBy = 'stack' | 'generator' | 'max-rate' | 'min-rate' | 'probes' | 'budget' | 'error';

export interface SearchResult {
  probes: (ProbeResult & { phase: Phase })[];
  /** Highest rate that held (null when none did). */
  max_sustainable_rate: number | null;
  /** Lowest rate that did not hold (failed or untrusted). */
  first_failing_rate: number | null;
  limited_by: LimitedBy;
  /** One sentence: why the search stopped where it did. */
  stopped: string;
  /** The standard that breaks first, and the lowest rate at which it was seen broken. */
  first_break?: { id: string; title: string; rate: number; measured: number | null; limit?: number; unit: string; also?: string[] };
}

export type Probe = (rate: number, phase: Phase) => Promise<ProbeResult>;

/** Every problem with the options; empty when valid. */
export function validateSearchOptions(o: SearchOptions): string[] {
  const e: string[] = [];
  if (!(o.min_rate >= 1)) e.push(`min rate must be >= 1 order/s, got ${o.min_rate}`);
  if (!(o.max_rate >= o.min_rate)) e.push(`max rate (${o.max_rate}) must be >= min rate (${o.min_rate})`);
  if (!(o.start_rate >= o.min_rate && o.start_rate <= o.max_rate)) e.push(`start rate ${o.start_rate} must lie within min..max (${o.min_rate}..${o.max_rate})`);
  if (!(o.step_factor > 1 && o.step_factor <= 10)) e.push(`step factor must be in (1, 10], got ${o.step_factor}`);
  if (!(o.resolution > 0 && o.resolution < 1)) e.push(`resolution must be a share in (0, 1), got ${o.resolution}`);
  if (!(Number.isInteger(o.max_probes) && o.max_probes >= 1 && o.max_probes <= 50)) e.push(`max probes must be a whole number 1..50, got ${o.max_probes}`);
  if (!(o.budget_ms > 0)) e.push(`the time budget must be > 0, got ${o.budget_ms} ms`);
  return e;
}

export async function searchCapacity(o: SearchOptions, probe: Probe, now: () => number = Date.now): Promise<SearchResult> {
  const problems = validateSearchOptions(o);
  if (problems.length > 0) throw new RangeError(problems.join('; '));
  const started = now();
  const probes: (ProbeResult & { phase: Phase })[] = [];
  let lo: ProbeResult | undefined; // highest that held
  let hi: ProbeResult | undefined; // lowest that did not
  let stopped = '';
  let limit: LimitedBy | undefined;

  const outOfRoom = (): boolean => {
    if (probes.length >= o.max_probes) {
      stopped = `the probe limit (${o.max_probes}) was reached`;
      limit = 'probes';
      return true;
    }
    const elapsed = now() - started;
    const mean = probes.length === 0 ? 0 : elapsed / probes.length;
    if (elapsed + mean > o.budget_ms) {
      stopped = `the time budget (${Math.round(o.budget_ms / 1000)} s) would be exceeded by another probe`;
      limit = 'budget';
      return true;
    }
    return false;
  };
  const run = async (rate: number, phase: Phase): Promise<ProbeResult> => {
    const p = await probe(rate, phase);
    probes.push({ ...p, phase });
    if (p.verdict === 'pass') {
      if (!lo || p.rate > lo.rate) lo = p;
    } else if (p.verdict !== 'error' && (!hi || p.rate < hi.rate)) hi = p;
    return p;
  };

  // 1. step
  let rate = Math.round(o.start_rate);
  for (;;) {
    if (outOfRoom()) break;
    const p = await run(rate, 'step');
    if (p.verdict === 'error') {
      stopped = `the probe at ${rate}/s could not run: ${p.error ?? 'unknown error'}`;
      limit = 'error';
      break;
    }
    if (p.verdict === 'pass') {
      if (hi) break;
      if (rate >= o.max_rate) {
        stopped = `every standard held up to the maximum rate asked (${o.max_rate}/s)`;
        limit = 'max-rate';
        break;
      }
      rate = Math.min(Math.round(o.max_rate), Math.max(rate + 1, Math.round(rate * o.step_factor)));
    } else {
      if (lo) break;
      if (rate <= o.min_rate) {
        stopped = `a standard broke even at the minimum rate (${o.min_rate}/s)`;
        limit = 'min-rate';
        break;
      }
      rate = Math.max(Math.round(o.min_rate), Math.min(rate - 1, Math.round(rate / o.step_factor)));
    }
  }

  // 2. bisect
  while (limit === undefined && lo && hi) {
    const gap = hi.rate - lo.rate;
    if (gap <= Math.max(1, o.resolution * lo.rate)) {
      stopped = `the highest rate that held and the lowest that did not are within ${Math.round(o.resolution * 100)}% (${lo.rate}/s and ${hi.rate}/s)`;
      break;
    }
    if (outOfRoom()) break;
    const mid = Math.round((lo.rate + hi.rate) / 2);
    const p = await run(mid, 'bisect');
    if (p.verdict === 'error') {
      stopped = `the probe at ${mid}/s could not run: ${p.error ?? 'unknown error'}`;
      limit = 'error';
    }
  }

  const limitedBy: LimitedBy = limit === 'error' || limit === 'max-rate' || limit === 'min-rate' ? limit : hi ? (hi.verdict === 'untrusted' ? 'generator' : 'stack') : (limit ?? 'stack');
  const firstBreak = findFirstBreak(probes, lo);
  return {
    probes,
    max_sustainable_rate: lo?.rate ?? null,
    first_failing_rate: hi?.rate ?? null,
    limited_by: limitedBy,
    stopped,
    ...(firstBreak ? { first_break: firstBreak } : {}),
  };
}

/**
 * The standard that breaks first: among those failing at the lowest rate where any failed,
 * the one that was nearest its limit at the highest rate that held (it would have broken
 * first had a probe landed in between); without a rate that held, the one most beyond its limit.
 */
export function findFirstBreak(probes: readonly ProbeResult[], held: ProbeResult | undefined): SearchResult['first_break'] {
  const failing = probes.filter((p) => p.verdict === 'fail' && p.failed.length > 0).sort((a, b) => a.rate - b.rate)[0];
  if (!failing) return undefined;
  const ranked = failing.failed
    .map((id) => {
      const at = held?.standards.find((s) => s.id === id) ?? failing.standards.find((s) => s.id === id);
      return { id, u: at ? (utilisation(at) ?? -1) : -1 };
    })
    .sort((a, b) => b.u - a.u);
  const top = ranked[0];
  const s = failing.standards.find((x) => x.id === top?.id);
  if (!top || !s) return undefined;
  const also = ranked.slice(1).map((r) => r.id);
  return { id: s.id, title: s.title, rate: failing.rate, measured: s.measured, ...(s.limit !== undefined ? { limit: s.limit } : {}), unit: s.unit, ...(also.length > 0 ? { also } : {}) };
}
