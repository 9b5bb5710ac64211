import { describe, expect, it } from 'vitest';
import { FaultInjector, type FaultDecision } from '../fault-injector.ts';

const INV = 'POST /product/202309/products/{product_id}/inventory/update';
const ORDERS = 'POST /order/202309/orders/search';
const T0 = 1_700_000_000_000;

function injector(spec: unknown, seed = 'seed-1'): FaultInjector {
  const f = new FaultInjector(seed);
  expect(f.configure(spec, T0)).toEqual([]);
  return f;
}

function run(f: FaultInjector, n: number, endpoint = INV, now = T0): FaultDecision[] {
  return Array.from({ length: n }, () => f.forRequest(endpoint, now));
}

const MIXED = {
  latency: { kind: 'lognormal', medianMs: 10, p99Ms: 200 },
  errors: { share: 0.1 },
  hangs: { share: 0.02, ms: 5000 },
  webhooks: { drop: 0.1, duplicate: 0.1, reorder: 0.1, delay: { share: 0.2, kind: 'uniform', minMs: 10, maxMs: 100 } },
};

describe('FaultInjector determinism', () => {
  it('the same seed and the same calls give the same decisions', () => {
    const a = injector(MIXED);
    const b = injector(MIXED);
    const seqA = [...run(a, 500, INV), ...run(a, 200, ORDERS), ...Array.from({ length: 300 }, () => a.forWebhook(T0))];
    const seqB = [...run(b, 500, INV), ...run(b, 200, ORDERS), ...Array.from({ length: 300 }, () => b.forWebhook(T0))];
    expect(seqB).toEqual(seqA);
    expect(b.stats()).toEqual(a.stats());
  });

  it('another seed gives other decisions', () => {
    const a = run(injector(MIXED, 'x'), 200);
    const b = run(injector(MIXED, 'y'), 200);
    expect(b).not.toEqual(a);
  });

  it("an endpoint's decisions do not depend on traffic to other endpoints or on webhooks", () => {
    const alone = run(injector(MIXED), 300, INV);
    const busy = injector(MIXED);
    const interleaved: FaultDecision[] = [];
    for (let i = 0; i < 300; i++) {
      busy.forRequest(ORDERS, T0);
      busy.forWebhook(T0);
      interleaved.push(busy.forRequest(INV, T0));
    }
    expect(interleaved).toEqual(alone);
  });

  it('reconfiguring replays from the start; a seed in the spec overrides the constructor seed', () => {
    const f = injector(MIXED);
    const first = run(f, 100);
    f.configure(MIXED, T0);
    expect(run(f, 100)).toEqual(first);
    f.configure({ ...MIXED, seed: 'other' }, T0);
    const other = run(f, 100);
    expect(other).not.toEqual(first);
    expect(run(injector({ ...MIXED, seed: 'other' }, 'unrelated'), 100)).toEqual(other);
  });
});

describe('FaultInjector effects', () => {
  it('no spec: no faults, no counts', () => {
    const f = new FaultInjector('s');
    expect(run(f, 10)).toEqual(Array(10).fill({ delayMs: 0 }));
    expect(f.forWebhook(T0)).toEqual({ drop: false, duplicate: false, delayMs: 0, reorder: false });
    expect(Object.values(f.stats()).every((v) => v === 0)).toBe(true);
  });

  it('fixed latency delays every matching call by exactly ms', () => {
    const f = injector({ latency: { kind: 'fixed', ms: 25 } });
    expect(run(f, 50).every((d) => d.delayMs === 25 && d.error === undefined)).toBe(true);
    expect(f.stats().latency).toBe(50);
  });

  it('uniform latency stays in [min, max] and spreads over it', () => {
    const ds = run(injector({ latency: { kind: 'uniform', minMs: 10, maxMs: 20 } }), 5000).map((d) => d.delayMs);
    expect(Math.min(...ds)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...ds)).toBeLessThan(20);
    const mean = ds.reduce((a, b) => a + b, 0) / ds.length;
    expect(mean).toBeGreaterThan(14.5);
    expect(mean).toBeLessThan(15.5);
  });

  it('lognormal latency has the median and p99 asked for', () => {
    const ds = run(injector({ latency: { kind: 'lognormal', medianMs: 20, p99Ms: 400 } }), 20_000)
      .map((d) => d.delayMs)
      .sort((a, b) => a - b);
    const median = ds[Math.floor(ds.length * 0.5)]!;
    const p99 = ds[Math.floor(ds.length * 0.99)]!;
    expect(median).toBeGreaterThan(18);
    expect(median).toBeLessThan(22);
    expect(p99).toBeGreaterThan(320);
    expect(p99).toBeLessThan(500);
  });

  it('lognormal samples are capped at maxMs', () => {
    const ds = run(injector({ latency: { kind: 'lognormal', mu: 5, sigma: 3, maxMs: 1000 } }), 2000).map((d) => d.delayMs);
    expect(Math.max(...ds)).toBe(1000);
  });

  it('error share: about that share of calls get 36009003 with HTTP 500', () => {
    const f = injector({ errors: { share: 0.2 } });
    const errs = run(f, 5000).filter((d) => d.error);
    expect(errs.length).toBeGreaterThan(850);
    expect(errs.length).toBeLessThan(1150);
    expect(errs[0]!.error).toEqual({ http: 500, code: 36009003, message: expect.any(String) });
    expect(f.stats().error).toBe(errs.length);
  });

  it('a plain 5xx of choice', () => {
    const d = run(injector({ errors: { share: 1, status: 503 } }), 1)[0]!;
    expect(d.error).toMatchObject({ http: 503, plain: true });
  });

  it('endpoint filters limit a fault to the calls they select', () => {
    const f = injector({ errors: { share: 1, endpoints: ['* /order/*'] }, latency: { kind: 'fixed', ms: 5, endpoints: [INV] } });
    expect(f.forRequest(INV, T0)).toEqual({ delayMs: 5 });
    expect(f.forRequest(ORDERS, T0)).toMatchObject({ delayMs: 0, error: { http: 500 } });
  });

  it('a periodic throttle storm answers 429/36009002 inside its windows only', () => {
    const f = injector({ throttle: { periodMs: 10_000, durationMs: 2000, offsetMs: 1000 } });
    const at = (ms: number) => f.forRequest(INV, T0 + ms);
    expect(at(500).throttle).toBeUndefined(); // before the offset
    expect(at(1000)).toMatchObject({ throttle: true, error: { http: 429, code: 36009002 } });
    expect(at(2999).throttle).toBe(true);
    expect(at(3000).throttle).toBeUndefined();
    expect(at(11_500).throttle).toBe(true); // next period
    expect(at(13_500).throttle).toBeUndefined();
    expect(f.stats().throttle).toBe(3);
  });

  it('a throttle schedule follows its [start, end) offsets, with a share', () => {
    const f = injector({ throttle: { windows: [[100, 200], [1000, 1100]] } });
    expect([50, 100, 199, 200, 999, 1050, 1100].map((ms) => f.forRequest(INV, T0 + ms).throttle === true)).toEqual([
      false, true, true, false, false, true, false,
    ]);
    const half = injector({ throttle: { windows: [[0, 1000]], share: 0.5 } });
    const n = run(half, 2000, INV, T0 + 10).filter((d) => d.throttle).length;
    expect(n).toBeGreaterThan(850);
    expect(n).toBeLessThan(1150);
  });

  it('hangs hold about their share of calls for ms, then time out', () => {
    const f = injector({ hangs: { share: 0.1, ms: 4000 } });
    const hung = run(f, 3000).filter((d) => d.hangMs !== undefined);
    expect(hung.length).toBeGreaterThan(220);
    expect(hung.length).toBeLessThan(380);
    expect(hung[0]).toMatchObject({ hangMs: 4000, error: { code: 36009007 } });
    expect(f.stats().hang).toBe(hung.length);
  });

  it('at most one failure per call: storm before hang before error', () => {
    const f = injector({ throttle: { windows: [[0, 10]] }, hangs: { share: 1, ms: 10 }, errors: { share: 1 } });
    expect(f.forRequest(INV, T0 + 5)).toMatchObject({ throttle: true, error: { code: 36009002 } });
    expect(f.forRequest(INV, T0 + 50)).toMatchObject({ hangMs: 10 });
    const s = f.stats();
    expect([s.throttle, s.hang, s.error]).toEqual([1, 1, 0]);
  });

  it('webhook faults come in their shares, drop excluding the others', () => {
    const f = injector({ webhooks: { drop: 0.1, duplicate: 0.2, reorder: 0.3, delay: { share: 0.4, kind: 'fixed', ms: 50 } } });
    const ds = Array.from({ length: 10_000 }, () => f.forWebhook(T0));
    const share = (p: (d: (typeof ds)[number]) => boolean) => ds.filter(p).length / ds.length;
    expect(share((d) => d.drop)).toBeCloseTo(0.1, 1);
    expect(ds.filter((d) => d.drop).every((d) => !d.duplicate && !d.reorder && d.delayMs === 0)).toBe(true);
    expect(share((d) => d.duplicate)).toBeCloseTo(0.2 * 0.9, 1);
    expect(share((d) => d.reorder)).toBeCloseTo(0.3 * 0.9, 1);
    expect(share((d) => d.delayMs === 50)).toBeCloseTo(0.4 * 0.9, 1);
    const s = f.stats();
    expect(s.webhook_drop).toBe(ds.filter((d) => d.drop).length);
    expect(s.webhook_duplicate).toBe(ds.filter((d) => d.duplicate).length);
    expect(s.webhook_reorder).toBe(ds.filter((d) => d.reorder).length);
    expect(s.webhook_delay).toBe(ds.filter((d) => d.delayMs > 0).length);
  });

  it('an invalid spec changes nothing and returns every problem', () => {
    const f = injector({ errors: { share: 1 } });
    const problems = f.configure({ errors: { share: 2 }, latency: { kind: 'nope' } }, T0);
    expect(problems).toHaveLength(2);
    expect(f.spec()).toEqual({ errors: { share: 1 } });
    expect(f.forRequest(INV, T0).error).toBeDefined();
  });

  it('reset zeroes the counts and keeps the spec', () => {
    const f = injector({ errors: { share: 1 } });
    run(f, 5);
    expect(f.stats().error).toBe(5);
    f.reset(T0);
    expect(f.stats().error).toBe(0);
    expect(f.forRequest(INV, T0).error).toBeDefined();
  });

  it('refuses an empty seed', () => {
    expect(() => new FaultInjector('')).toThrow('invalid seed');
  });
});
