import { describe, expect, it } from 'vitest';
import { judgeChange, median, percentileJudgeable, rateNoise, samplesNeeded } from '../noise-band.ts';

const tol = { relative: 0.25, absolute: 5 };

describe('judgeChange', () => {
  const cases: { name: string; base: number[]; cur: number; dir: 'lower-is-better' | 'higher-is-better' | 'none'; want: string; allowed?: number; tol?: { relative: number; absolute: number } }[] = [
    { name: 'unchanged is same', base: [100], cur: 100, dir: 'lower-is-better', want: 'same', allowed: 25 },
    { name: 'exactly at the band is same (strict)', base: [100], cur: 125, dir: 'lower-is-better', want: 'same' },
    { name: 'just beyond the band, latency up, is worse', base: [100], cur: 125.01, dir: 'lower-is-better', want: 'worse' },
    { name: 'latency down beyond the band is better', base: [100], cur: 60, dir: 'lower-is-better', want: 'better' },
    { name: 'success rate down is worse', base: [0.99], cur: 0.98, dir: 'higher-is-better', want: 'worse', tol: { relative: 0, absolute: 0.005 } },
    { name: 'success rate up is better', base: [0.98], cur: 0.99, dir: 'higher-is-better', want: 'better', tol: { relative: 0, absolute: 0.005 } },
    { name: 'absolute floor for tiny values', base: [0.2], cur: 4, dir: 'lower-is-better', want: 'same', allowed: 5 },
    { name: 'no direction is never better or worse', base: [1], cur: 1000, dir: 'none', want: 'same' },
    { name: 'spread of three runs widens the band', base: [100, 140, 110], cur: 170, dir: 'lower-is-better', want: 'same', allowed: 27.5 + 40 },
    { name: 'beyond the widened band is worse', base: [100, 140, 110], cur: 180, dir: 'lower-is-better', want: 'worse' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const b = judgeChange(c.base, c.cur, c.dir, c.tol ?? tol, 1);
      expect(b.verdict).toBe(c.want);
      if (c.allowed !== undefined) expect(b.allowed).toBeCloseTo(c.allowed, 9);
    });
  }
  it('centre is the median; change ratio null from 0', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(judgeChange([0], 3, 'lower-is-better', tol, 1).change_ratio).toBeNull();
    expect(() => judgeChange([], 1, 'none', tol, 1)).toThrow(RangeError);
  });
});

describe('sampling noise', () => {
  it('rates: 1 vs 2 failures in 11 is noise, 1 vs 50 in 10,000 is not', () => {
    const small = rateNoise(10 / 11, 11, 9 / 11, 11, 3);
    expect(Math.abs(10 / 11 - 9 / 11)).toBeLessThan(small);
    const big = rateNoise(0.9999, 10_000, 0.995, 10_000, 3);
    expect(0.9999 - 0.995).toBeGreaterThan(big);
    expect(rateNoise(1, 0, 1, 10, 3)).toBe(0);
  });
  it('percentiles need min_tail samples above them', () => {
    expect(percentileJudgeable(500, 99, 5)).toBe(true);
    expect(percentileJudgeable(499, 99, 5)).toBe(false);
    expect(percentileJudgeable(10, 50, 5)).toBe(true);
    expect(samplesNeeded(99, 5)).toBe(500);
    expect(samplesNeeded(95, 5)).toBe(100);
  });
});
