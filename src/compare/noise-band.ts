/**
 * The noise band: whether a change between baseline runs and the current run is more than
 * run-to-run noise, and in which direction. Pure arithmetic, so it is tested on numbers alone.
 *
 * Centre: the median of the baseline runs (one odd run among three cannot move it).
 * Allowed: max(absolute, relative × |centre|) + spread_factor × (max − min of the baseline
 * runs) + extra (the sampling noise of a rate, computed by the caller). A change beyond the
 * allowed band in the bad direction is `worse`, in the good direction `better`; strictly
 * beyond, so a tolerance of 10% admits a change of exactly 10%.
 */
import type { Direction } from './figures.ts';
import type { Tolerance } from './tolerances.ts';

export type ChangeVerdict = 'better' | 'same' | 'worse';

export interface Band {
  centre: number;
  spread: number;
  change: number;
  /** change / |centre|; null when the centre is 0 (any change from nothing is "new"). */
  change_ratio: number | null;
  allowed: number;
  verdict: ChangeVerdict;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function judgeChange(baselines: readonly number[], current: number, direction: Direction, tol: Tolerance, spreadFactor: number, extra = 0): Band {
  if (baselines.length === 0) throw new RangeError('judgeChange needs at least one baseline value');
  const centre = median(baselines);
  const spread = Math.max(...baselines) - Math.min(...baselines);
  const change = current - centre;
  const allowed = Math.max(tol.absolute, tol.relative * Math.abs(centre)) + spreadFactor * spread + extra;
  let verdict: ChangeVerdict = 'same';
  if (direction !== 'none' && Math.abs(change) > allowed) {
    const up = change > 0;
    verdict = up === (direction === 'lower-is-better') ? 'worse' : 'better';
  }
  return { centre, spread, change, change_ratio: centre === 0 ? null : change / Math.abs(centre), allowed, verdict };
}

/**
 * Sampling noise of a difference of two rates, as z standard errors of a two-proportion
 * test on the pooled rate: 1 failure in 11 requests vs 2 in 11 is not a regression; 1 in
 * 10,000 vs 50 in 10,000 is. 0 when either side's sample count is unknown.
 */
export function rateNoise(baseRate: number, baseN: number, curRate: number, curN: number, z: number): number {
  if (!(baseN > 0) || !(curN > 0) || !(z > 0)) return 0;
  const pooled = (baseRate * baseN + curRate * curN) / (baseN + curN);
  return z * Math.sqrt(Math.max(0, pooled * (1 - pooled)) * (1 / baseN + 1 / curN));
}

/**
 * Whether a percentile rests on enough samples to compare: at least `minTail` samples lie
 * above it (p99 of 500 samples rests on 5). Below that, one slow request moves it at will.
 */
export function percentileJudgeable(samples: number, percentile: number, minTail: number): boolean {
  return samples * (1 - percentile / 100) >= minTail - 1e-9;
}

/** Samples a percentile needs to be judged, for the note that says why it was not. */
export function samplesNeeded(percentile: number, minTail: number): number {
  return Math.ceil(minTail / (1 - percentile / 100) - 1e-9);
}
