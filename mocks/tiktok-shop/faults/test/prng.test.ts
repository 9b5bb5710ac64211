import { describe, expect, it } from 'vitest';
import { Prng, cyrb128 } from '../prng.ts';

describe('Prng (xoshiro128**)', () => {
  it('matches the reference sequence for state {1,2,3,4}', () => {
    const p = new Prng([1, 2, 3, 4]);
    const got = Array.from({ length: 10 }, () => p.nextUint32());
    expect(got).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('replays the same stream for the same seed string and differs for another', () => {
    const a = new Prng('peakday');
    const b = new Prng('peakday');
    const c = new Prng('peakday2');
    const sa = Array.from({ length: 100 }, () => a.float());
    expect(Array.from({ length: 100 }, () => b.float())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.float())).not.toEqual(sa);
    expect(cyrb128('x')).toEqual(cyrb128('x'));
  });

  it('floats are in [0,1) and roughly uniform', () => {
    const p = new Prng('u');
    const bins = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const f = p.float();
      if (!(f >= 0 && f < 1)) outside++;
      else bins[Math.floor(f * 10)]!++;
    }
    expect(outside).toBe(0);
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(600);
  });

  it('normal deviates have mean 0 and sd 1', () => {
    const p = new Prng('n');
    let s = 0;
    let s2 = 0;
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const z = p.normal();
      s += z;
      s2 += z * z;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(s2 / n) - 1)).toBeLessThan(0.03);
  });

  it('chance(0) and chance(1) are certain', () => {
    const p = new Prng('c');
    for (let i = 0; i < 100; i++) {
      expect(p.chance(0)).toBe(false);
      expect(p.chance(1)).toBe(true);
    }
  });
});
