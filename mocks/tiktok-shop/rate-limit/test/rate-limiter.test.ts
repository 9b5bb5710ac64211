import { describe, expect, it } from 'vitest';
import { RateLimiter, RateLimitConfigError, validateRateLimitConfig } from '../rate-limiter.ts';

const INV = 'POST /product/202309/products/{id}/inventory/update';
const SEARCH = 'POST /product/202309/inventory/search';

/** A clock the test moves by hand. */
function clock(start = 1_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

function takeN(l: RateLimiter, n: number, app = 'app', shop = 's1', ep = INV): number {
  let ok = 0;
  for (let i = 0; i < n; i++) if (l.take(app, shop, ep)) ok++;
  return ok;
}

describe('RateLimiter', () => {
  it('allows a burst of qps calls at once by default, then throttles', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 50 }, c.now);
    expect(takeN(l, 50)).toBe(50);
    expect(l.take('app', 's1', INV)).toBe(false);
  });

  it('refills at qps tokens per second, computed from the clock', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 50 }, c.now);
    takeN(l, 50);
    c.advance(100); // 5 tokens
    expect(takeN(l, 10)).toBe(5);
    c.advance(19); // 0.95 token: not yet
    expect(l.take('app', 's1', INV)).toBe(false);
    c.advance(1); // now 1 token
    expect(l.take('app', 's1', INV)).toBe(true);
    c.advance(60_000); // idle a minute: capped at capacity
    expect(takeN(l, 100)).toBe(50);
  });

  it('honours an explicit burst different from qps', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 10, burst: 3 }, c.now);
    expect(takeN(l, 10)).toBe(3);
    c.advance(1000);
    expect(takeN(l, 10)).toBe(3); // 10 earned, capped at 3
  });

  it('keeps app x shop x endpoint buckets isolated', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 2 }, c.now);
    expect(takeN(l, 5, 'app', 's1', INV)).toBe(2);
    expect(takeN(l, 5, 'app', 's2', INV)).toBe(2);
    expect(takeN(l, 5, 'app', 's1', SEARCH)).toBe(2);
    expect(takeN(l, 5, 'other', 's1', INV)).toBe(2);
    expect(l.size).toBe(4);
  });

  it('applies per-endpoint overrides', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 50, perEndpoint: { [SEARCH]: 5 } }, c.now);
    expect(takeN(l, 100, 'a', 's', SEARCH)).toBe(5);
    expect(takeN(l, 100, 'a', 's', INV)).toBe(50);
    c.advance(1000);
    expect(takeN(l, 100, 'a', 's', SEARCH)).toBe(5);
  });

  it('reconfigures at run time without granting a free burst', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 50 }, c.now);
    takeN(l, 50);
    l.configure({ defaultQps: 1000 });
    expect(l.take('app', 's1', INV)).toBe(false); // still empty
    c.advance(10); // 10 tokens at the new rate
    expect(takeN(l, 100)).toBe(10);
    c.advance(10_000);
    expect(takeN(l, 5000)).toBe(1000); // new capacity
    l.configure({ defaultQps: 5 });
    c.advance(10_000);
    expect(takeN(l, 100)).toBe(5); // shrunk capacity
    expect(l.current()).toEqual({ defaultQps: 5 });
  });

  it('rejects an invalid reconfiguration and keeps the old limits', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 3 }, c.now);
    expect(() => l.configure({ defaultQps: -1 })).toThrow(RateLimitConfigError);
    expect(takeN(l, 10)).toBe(3);
  });

  it('bounds memory: past maxBuckets every bucket is forgotten and starts full', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 1 }, c.now, 100);
    for (let i = 0; i < 1000; i++) {
      l.take('app', `shop-${i}`, INV);
      expect(l.size).toBeLessThanOrEqual(100);
    }
    expect(l.size).toBeGreaterThan(0);
    expect(l.take('app', 'shop-999', INV)).toBe(false); // a surviving bucket keeps its state
  });

  it('does not refill when the clock goes backwards', () => {
    const c = clock();
    const l = new RateLimiter({ defaultQps: 1 }, c.now);
    expect(l.take('a', 's', INV)).toBe(true);
    c.advance(-5000);
    expect(l.take('a', 's', INV)).toBe(false);
  });
});

describe('validateRateLimitConfig', () => {
  const cases: { name: string; input: unknown; problems: string[] }[] = [
    { name: 'minimal valid', input: { defaultQps: 50 }, problems: [] },
    { name: 'fractional qps is valid', input: { defaultQps: 0.5 }, problems: [] },
    { name: 'full valid', input: { defaultQps: 50, burst: 100, perEndpoint: { [SEARCH]: 10 } }, problems: [] },
    { name: 'not an object', input: 50, problems: ['rate limit config: expected an object like {"defaultQps": 50}'] },
    { name: 'missing defaultQps', input: {}, problems: ['defaultQps: required'] },
    { name: 'zero qps', input: { defaultQps: 0 }, problems: ['defaultQps: expected a number > 0 and <= 1000000000, got 0'] },
    { name: 'string qps', input: { defaultQps: '50' }, problems: ['defaultQps: expected a number > 0 and <= 1000000000, got "50"'] },
    {
      name: 'unknown key and bad burst reported together',
      input: { defaultQPS: 50, burst: 0.5 },
      problems: [
        'defaultQPS: unknown key (expected one of defaultQps, burst, perEndpoint)',
        'defaultQps: required',
        'burst: expected a number >= 1 and <= 1000000000, got 0.5',
      ],
    },
    {
      name: 'bad route key and bad per-endpoint qps',
      input: { defaultQps: 1, perEndpoint: { '/no/method': 5, [INV]: -2 } },
      problems: [
        'perEndpoint["/no/method"]: expected a route key like "POST /product/202309/inventory/search"',
        `perEndpoint["${INV}"]: expected a number > 0 and <= 1000000000, got -2`,
      ],
    },
    { name: 'perEndpoint not an object', input: { defaultQps: 1, perEndpoint: [] }, problems: ['perEndpoint: expected an object of route key -> qps'] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(validateRateLimitConfig(c.input)).toEqual(c.problems);
    });
  }

  it('the constructor throws every problem at once', () => {
    try {
      new RateLimiter({ defaultQps: 0, burst: 0 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RateLimitConfigError);
      expect((e as RateLimitConfigError).problems).toHaveLength(2);
      expect((e as RateLimitConfigError).code).toBe('MOCK_RATE_LIMIT_CONFIG');
    }
  });
});
