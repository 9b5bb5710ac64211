import { describe, expect, it } from 'vitest';
import { CallsPerSecond } from '../calls-per-second.ts';

const INV = 'POST /product/202309/products/{product_id}/inventory/update';
const SEARCH = 'POST /order/202309/orders/search';

/** A call: [ms, shop, endpoint]. */
type Seen = [number, string, string];

describe('CallsPerSecond', () => {
  const cases: { name: string; calls: Seen[]; readAt: number; tally: ReturnType<CallsPerSecond['tally']> }[] = [
    { name: 'no call: nothing tallied', calls: [], readAt: 5_000, tally: {} },
    {
      name: 'seconds are whole seconds of the clock: 999 and 1000 ms fall in two windows',
      calls: [[0, 's1', INV], [999, 's1', INV], [1000, 's1', INV]],
      readAt: 2_000,
      tally: { [INV]: { s1: { '2': 1, '1': 1 } } },
    },
    {
      name: 'the second in progress is not tallied until it is over',
      calls: [[1000, 's1', INV], [1500, 's1', INV], [2100, 's1', INV]],
      readAt: 2_900,
      tally: { [INV]: { s1: { '2': 1 } } },
    },
    {
      name: 'seconds without a call are not tallied; equal counts add up',
      calls: [[0, 's1', INV], [5_000, 's1', INV], [9_000, 's1', INV], [9_001, 's1', INV]],
      readAt: 60_000,
      tally: { [INV]: { s1: { '1': 2, '2': 1 } } },
    },
    {
      name: 'each shop and each endpoint counts apart',
      calls: [[0, 's1', INV], [1, 's1', INV], [2, 's2', INV], [3, 's1', SEARCH]],
      readAt: 1_000,
      tally: { [INV]: { s1: { '2': 1 }, s2: { '1': 1 } }, [SEARCH]: { s1: { '1': 1 } } },
    },
    {
      name: 'a clock that steps back keeps counting into the open second',
      calls: [[2_000, 's1', INV], [1_500, 's1', INV]],
      readAt: 3_000,
      tally: { [INV]: { s1: { '2': 1 } } },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const cps = new CallsPerSecond();
      for (const [ms, shop, ep] of c.calls) cps.see(shop, ep, ms);
      expect(cps.tally(c.readAt)).toEqual(c.tally);
    });
  }

  it('reads are repeatable and cumulative; reset forgets everything', () => {
    const cps = new CallsPerSecond();
    cps.see('s1', INV, 0);
    expect(cps.tally(1_000)).toEqual({ [INV]: { s1: { '1': 1 } } });
    expect(cps.tally(1_000)).toEqual({ [INV]: { s1: { '1': 1 } } });
    cps.see('s1', INV, 1_200);
    expect(cps.tally(2_000)).toEqual({ [INV]: { s1: { '1': 2 } } });
    cps.reset();
    expect(cps.tally(3_000)).toEqual({});
  });
});
