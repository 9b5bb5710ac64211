import { describe, expect, it } from 'vitest';
import { offeredTo, offersFor } from '../shop-offer.ts';

describe('shop offers', () => {
  const cases: { name: string; available: number; shops: number; splitBelow: number; want: number[] }[] = [
    { name: 'plenty: every shop sees everything', available: 500, shops: 3, splitBelow: 100, want: [500, 500, 500] },
    { name: 'at the threshold: still everything', available: 100, shops: 3, splitBelow: 100, want: [100, 100, 100] },
    { name: 'low: 5% held back, the rest split, remainder to the first shops', available: 50, shops: 3, splitBelow: 100, want: [16, 16, 15] },
    { name: 'fewer units than shops', available: 3, shops: 3, splitBelow: 100, want: [1, 1, 0] },
    { name: 'the last unit is held back', available: 1, shops: 3, splitBelow: 100, want: [0, 0, 0] },
    { name: 'nothing left', available: 0, shops: 3, splitBelow: 100, want: [0, 0, 0] },
    { name: 'negative availability offers nothing', available: -4, shops: 2, splitBelow: 100, want: [0, 0] },
    { name: 'splitting off', available: 5, shops: 3, splitBelow: 0, want: [5, 5, 5] },
    { name: 'one shop is never split', available: 5, shops: 1, splitBelow: 100, want: [5] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = Array.from({ length: c.shops }, (_, i) => offeredTo(c.available, i, c.shops, c.splitBelow));
      expect(got).toEqual(c.want);
      if (c.available > 0 && c.available < c.splitBelow && c.shops > 1)
        expect(got.reduce((a, b) => a + b, 0)).toBe(c.available - Math.ceil(c.available * 0.05));
    });
  }
  it('keys the offers by shop id', () => expect(offersFor(5, ['a', 'b', 'c'], 10)).toEqual({ a: 2, b: 1, c: 1 }));
});
