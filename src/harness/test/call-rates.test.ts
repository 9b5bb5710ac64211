import { describe, expect, it } from 'vitest';
import { callRates, rateLimitUnmeasured, secondsOverLimit } from '../call-rates.ts';
import type { CallsPerSecondStats, MockStats } from '../platform-view.ts';

const INV = 'POST /product/202309/products/{product_id}/inventory/update';
const SEARCH = 'POST /order/202309/orders/search';

/** A tally of seconds: [calls in the second, how many such seconds]. */
const tally = (...pairs: [number, number][]): Record<string, number> => Object.fromEntries(pairs.map(([c, n]) => [String(c), n]));
const limit = (qps: number, burst: number, shops: CallsPerSecondStats['shops']): CallsPerSecondStats => ({ qps, burst, shops });

describe('callRates', () => {
  const cases: { name: string; input: Record<string, CallsPerSecondStats>; want: ReturnType<typeof callRates>['endpoints']; over: number }[] = [
    { name: 'empty input: no endpoint, nothing over', input: {}, want: [], over: 0 },
    {
      name: 'one second: peak and p99 are its count',
      input: { [INV]: limit(50, 50, { s1: tally([38, 1]) }) },
      want: [{ endpoint: INV, qps: 50, burst: 50, window_limit: 100, shops: [{ shop_id: 's1', seconds: 1, calls: 38, peak: 38, p99: 38, seconds_over: 0 }] }],
      over: 0,
    },
    {
      name: 'p99 by nearest rank over the seconds with a call: one busy second in 100 or more is above it',
      input: { [INV]: limit(50, 50, { s1: tally([10, 150], [40, 49], [90, 1]) }) },
      want: [{ endpoint: INV, qps: 50, burst: 50, window_limit: 100, shops: [{ shop_id: 's1', seconds: 200, calls: 1500 + 1960 + 90, peak: 90, p99: 40, seconds_over: 0 }] }],
      over: 0,
    },
    {
      name: 'one busy second in fewer than 100 is the p99',
      input: { [INV]: limit(50, 50, { s1: tally([10, 49], [90, 1]) }) },
      want: [{ endpoint: INV, qps: 50, burst: 50, window_limit: 100, shops: [{ shop_id: 's1', seconds: 50, calls: 580, peak: 90, p99: 90, seconds_over: 0 }] }],
      over: 0,
    },
    {
      name: 'several shops and endpoints, each against its own limit, sorted',
      input: {
        [SEARCH]: limit(2, 2, { s2: tally([3, 4]), s1: tally([5, 2], [4, 1]) }),
        [INV]: limit(50, 50, { s1: tally([100, 3]), s2: tally([101, 2], [20, 8]) }),
      },
      want: [
        {
          endpoint: SEARCH, qps: 2, burst: 2, window_limit: 4,
          shops: [
            { shop_id: 's1', seconds: 3, calls: 14, peak: 5, p99: 5, seconds_over: 2 },
            { shop_id: 's2', seconds: 4, calls: 12, peak: 3, p99: 3, seconds_over: 0 },
          ],
        },
        {
          endpoint: INV, qps: 50, burst: 50, window_limit: 100,
          shops: [
            { shop_id: 's1', seconds: 3, calls: 300, peak: 100, p99: 100, seconds_over: 0 },
            { shop_id: 's2', seconds: 10, calls: 362, peak: 101, p99: 101, seconds_over: 2 },
          ],
        },
      ],
      over: 4,
    },
    {
      name: 'a shop over a limit that is not a whole number',
      input: { [INV]: limit(0.5, 1, { s1: tally([1, 4], [2, 1]) }) },
      want: [{ endpoint: INV, qps: 0.5, burst: 1, window_limit: 1.5, shops: [{ shop_id: 's1', seconds: 5, calls: 6, peak: 2, p99: 2, seconds_over: 1 }] }],
      over: 1,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = callRates(c.input);
      expect(r.endpoints).toEqual(c.want);
      expect(secondsOverLimit(r)).toBe(c.over);
    });
  }
});

describe('rateLimitUnmeasured', () => {
  const base: MockStats = {
    endpoints: {}, orders: { accepted: 0, refused_sold_out: 0 }, duplicate_shipments: 0,
    webhooks: { ack: '', outcomes: {}, pending: 0 }, faults: {}, pending_waits: 0,
  };
  it('names both figures when the mock has no rate_limit, the rate alone when it has no calls_per_second, none otherwise', () => {
    expect(Object.keys(rateLimitUnmeasured(base)).sort()).toEqual(['calls_over_rate_limit', 'rate_limit_early_calls']);
    expect(rateLimitUnmeasured(base).rate_limit_early_calls).toMatch(/no rate_limit figures/);
    const noCount = rateLimitUnmeasured({ ...base, rate_limit: { throttled: 0, early_calls: {} } });
    expect(Object.keys(noCount)).toEqual(['calls_over_rate_limit']);
    expect(noCount.calls_over_rate_limit).toMatch(/no rate_limit\.calls_per_second/);
    expect(rateLimitUnmeasured({ ...base, rate_limit: { throttled: 0, early_calls: {}, calls_per_second: {} } })).toEqual({});
  });
});
