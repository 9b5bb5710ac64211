import { describe, expect, it } from 'vitest';
import { compileFaultSpec } from '../fault-spec.ts';

const INV = 'POST /product/202309/products/{product_id}/inventory/update';

describe('compileFaultSpec: valid specs', () => {
  const valid: { name: string; spec: unknown }[] = [
    { name: 'empty spec = no faults', spec: {} },
    { name: 'fixed latency', spec: { latency: { kind: 'fixed', ms: 20 } } },
    { name: 'uniform latency on some endpoints', spec: { latency: { kind: 'uniform', minMs: 5, maxMs: 50, endpoints: ['POST /order/*'] } } },
    { name: 'lognormal by median and p99', spec: { latency: { kind: 'lognormal', medianMs: 20, p99Ms: 400, share: 0.5 } } },
    { name: 'lognormal by mu and sigma with cap', spec: { latency: { kind: 'lognormal', mu: 3, sigma: 1, maxMs: 2000 } } },
    { name: 'several latency faults', spec: { latency: [{ kind: 'fixed', ms: 1 }, { kind: 'fixed', ms: 2, endpoints: [INV] }] } },
    { name: 'error rate, TikTok 500', spec: { errors: { share: 0.05 } } },
    { name: 'plain 503', spec: { errors: { share: 0.05, status: 503 } } },
    { name: 'periodic throttle storm', spec: { throttle: { periodMs: 10_000, durationMs: 2000, offsetMs: 5000 } } },
    { name: 'scheduled throttle windows', spec: { throttle: { windows: [[0, 1000], [5000, 6000]], share: 0.8 } } },
    { name: 'hangs', spec: { hangs: { share: 0.01, ms: 5000, endpoints: ['* /order/*'] } } },
    {
      name: 'all webhook faults',
      spec: { webhooks: { drop: 0.01, duplicate: 0.05, reorder: 0.05, reorderHoldMs: 500, delay: { share: 0.1, kind: 'uniform', minMs: 100, maxMs: 2000 } } },
    },
    { name: 'seed override', spec: { seed: 'run-42', errors: { share: 0.1 } } },
  ];
  for (const c of valid) {
    it(c.name, () => {
      const r = compileFaultSpec(c.spec);
      expect(r.problems).toEqual([]);
      expect(r.spec).toBeDefined();
    });
  }

  it('lognormal by median/p99 compiles to the matching mu and sigma', () => {
    const r = compileFaultSpec({ latency: { kind: 'lognormal', medianMs: 20, p99Ms: 400 } });
    const d = r.spec!.latency[0]!.dist;
    expect(d.kind).toBe('lognormal');
    if (d.kind !== 'lognormal') return;
    expect(Math.exp(d.mu)).toBeCloseTo(20, 6);
    expect(Math.exp(d.mu + 2.3263478740408408 * d.sigma)).toBeCloseTo(400, 6);
    expect(d.maxMs).toBe(60_000);
  });

  it('a plain 5xx has no envelope unless asked', () => {
    expect(compileFaultSpec({ errors: { share: 1, status: 502 } }).spec!.errors[0]!.envelope).toBe(false);
    expect(compileFaultSpec({ errors: { share: 1, status: 502, envelope: true } }).spec!.errors[0]!.envelope).toBe(true);
    expect(compileFaultSpec({ errors: { share: 1 } }).spec!.errors[0]!).toMatchObject({ http: 500, envelope: true });
  });
});

describe('compileFaultSpec: invalid specs report every problem with its path', () => {
  const invalid: { name: string; spec: unknown; problems: string[] }[] = [
    { name: 'not an object', spec: [], problems: ['spec: expected an object, got []'] },
    { name: 'unknown root key', spec: { latancy: {} }, problems: ['latancy: unknown key (expected one of seed, latency, errors, throttle, hangs, webhooks)'] },
    { name: 'unknown latency kind', spec: { latency: { kind: 'normal', ms: 1 } }, problems: ['latency.kind: expected fixed|uniform|lognormal, got "normal"'] },
    { name: 'fixed without ms', spec: { latency: { kind: 'fixed' } }, problems: ['latency.ms: required'] },
    { name: 'negative fixed ms', spec: { latency: { kind: 'fixed', ms: -1 } }, problems: ['latency.ms: expected a number in [0, 3600000], got -1'] },
    { name: 'field of another kind', spec: { latency: { kind: 'fixed', ms: 1, minMs: 0 } }, problems: ['latency.minMs: not a field of a fixed distribution (expected ms)'] },
    { name: 'uniform min > max', spec: { latency: { kind: 'uniform', minMs: 50, maxMs: 5 } }, problems: ['latency.maxMs: must be >= minMs (50), got 5'] },
    { name: 'lognormal p99 below median', spec: { latency: { kind: 'lognormal', medianMs: 50, p99Ms: 10 } }, problems: ['latency.p99Ms: must be > medianMs (50), got 10'] },
    {
      name: 'lognormal mixing both forms',
      spec: { latency: { kind: 'lognormal', medianMs: 5, sigma: 1 } },
      problems: ['latency.kind: a lognormal needs either medianMs and p99Ms, or mu and sigma'],
    },
    { name: 'share above 1', spec: { latency: { kind: 'fixed', ms: 1, share: 2 } }, problems: ['latency.share: expected a number in [0, 1], got 2'] },
    {
      name: 'path into a list and every problem of the list',
      spec: { errors: [{ share: 0.1 }, { share: '5%' }, { share: 0.1, status: 404 }] },
      problems: ['errors[1].share: expected a number in [0, 1], got "5%"', 'errors[2].status: expected an integer in [500, 599], got 404'],
    },
    { name: 'error without share', spec: { errors: { status: 500 } }, problems: ['errors.share: required'] },
    {
      name: 'bad endpoint pattern',
      spec: { errors: { share: 0.1, endpoints: ['/order/*'] } },
      problems: ['errors.endpoints: endpoint pattern "/order/*": expected "METHOD /path", e.g. "POST /order/*"'],
    },
    { name: 'empty endpoint list', spec: { hangs: { share: 0.1, ms: 10, endpoints: [] } }, problems: ['hangs.endpoints: expected at least one pattern (leave the key out to mean every endpoint)'] },
    {
      name: 'throttle both forms',
      spec: { throttle: { periodMs: 10, durationMs: 1, windows: [[0, 1]] } },
      problems: ['throttle.windows: give either periodMs and durationMs (a repeating storm), or windows (a schedule), not both'],
    },
    { name: 'throttle longer than its period', spec: { throttle: { periodMs: 10, durationMs: 20 } }, problems: ['throttle.durationMs: must be <= periodMs (10), got 20'] },
    {
      name: 'throttle bad window',
      spec: { throttle: { windows: [[0, 10], [20, 5], 'x'] } },
      problems: [
        'throttle.windows[1]: expected [startMs, endMs] with 0 <= startMs < endMs <= 604800000, got [20,5]',
        'throttle.windows[2]: expected [startMs, endMs] with 0 <= startMs < endMs <= 604800000, got "x"',
      ],
    },
    { name: 'hang without ms', spec: { hangs: { share: 0.5 } }, problems: ['hangs.ms: required'] },
    {
      name: 'webhook problems, nested delay path',
      spec: { webhooks: { drop: 1.5, dup: 0.1, delay: { share: 0.1, kind: 'uniform', minMs: 1 } } },
      problems: [
        'webhooks.dup: unknown key (expected one of drop, duplicate, reorder, reorderHoldMs, delay)',
        'webhooks.drop: expected a number in [0, 1], got 1.5',
        'webhooks.delay.maxMs: required',
      ],
    },
    { name: 'empty seed', spec: { seed: '' }, problems: ['seed: expected a non-empty string, got ""'] },
    {
      name: 'problems in several sections at once',
      spec: { latency: { kind: 'x' }, errors: { share: 2 }, hangs: { share: 0.1, ms: 0 } },
      problems: ['latency.kind: expected fixed|uniform|lognormal, got "x"', 'errors.share: expected a number in [0, 1], got 2', 'hangs.ms: expected a number > 0 and <= 3600000, got 0'],
    },
  ];
  for (const c of invalid) {
    it(c.name, () => {
      const r = compileFaultSpec(c.spec);
      expect(r.problems).toEqual(c.problems);
      expect(r.spec).toBeUndefined();
    });
  }
});
