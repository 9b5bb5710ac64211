import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import type { MockStats } from '../platform-view.ts';
import { statsSince } from '../stats-window.ts';

function hist(values: number[]): string {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h.encode();
}

function stats(over: { calls: number; ok: number; failed: number; lat: number[]; acks: number[]; delivered: number; errors: number; early?: number }): MockStats {
  return {
    endpoints: {
      'POST /product/202309/products/{product_id}/inventory/update': {
        calls: over.calls,
        by_code: { '0': over.ok, ...(over.failed > 0 ? { '36009003': over.failed } : {}) },
        partial: 0,
        latency: hist(over.lat),
        p50_ms: 0,
        p99_ms: 0,
      },
    },
    orders: { accepted: over.calls, refused_sold_out: 0 },
    duplicate_shipments: 0,
    webhooks: { ack: hist(over.acks), outcomes: { delivered: over.delivered }, pending: 0 },
    faults: { error: over.errors },
    rate_limit: { throttled: over.early ?? 0, early_calls: { 'GET /order/202309/orders': over.early ?? 0 } },
    pending_waits: 0,
  };
}

describe('statsSince', () => {
  const earlier = { calls: 990, ok: 856, failed: 134, lat: Array(990).fill(900), acks: Array(50).fill(4000), delivered: 50, errors: 134 };
  const later = {
    calls: 1090,
    ok: 956,
    failed: 134,
    lat: [...Array(990).fill(900), ...Array(100).fill(3)],
    acks: [...Array(50).fill(4000), ...Array(20).fill(2)],
    delivered: 70,
    errors: 134,
    early: 3,
  };

  it('keeps only what happened after the baseline: counts, codes and histograms', () => {
    const w = statsSince(stats(later), stats(earlier));
    const e = Object.values(w.endpoints)[0]!;
    expect(e.calls).toBe(100);
    expect(e.by_code).toEqual({ '0': 100 });
    expect(e.p99_ms).toBeCloseTo(3, 1);
    expect(LatencyHistogram.decode(e.latency).count).toBe(100);
    expect(w.orders.accepted).toBe(100);
    expect(w.faults).toEqual({});
    expect(w.webhooks.outcomes).toEqual({ delivered: 20 });
    expect(w.rate_limit).toEqual({ throttled: 3, early_calls: { 'GET /order/202309/orders': 3 } });
    const ack = LatencyHistogram.decode(w.webhooks.ack);
    expect(ack.count).toBe(20);
    expect(ack.maxMs).toBeCloseTo(2, 1);
  });

  it("keeps each shop's seconds added after the baseline, with the limit in force now", () => {
    const INV = 'POST /product/202309/products/{product_id}/inventory/update';
    const SEARCH = 'POST /order/202309/orders/search';
    const withSeconds = (perSecond: NonNullable<MockStats['rate_limit']>['calls_per_second']): MockStats => {
      const s = stats(earlier);
      return { ...s, rate_limit: { ...s.rate_limit!, calls_per_second: perSecond } };
    };
    const before = withSeconds({
      [INV]: { qps: 50, burst: 50, shops: { s1: { '38': 2 }, s2: { '5': 1 } } },
      [SEARCH]: { qps: 10, burst: 10, shops: { s1: { '3': 4 } } },
    });
    const after = withSeconds({
      [INV]: { qps: 20, burst: 20, shops: { s1: { '38': 3, '40': 1 }, s2: { '5': 1 }, s3: { '1': 2 } } },
      [SEARCH]: { qps: 10, burst: 10, shops: { s1: { '3': 4 } } },
    });
    expect(statsSince(after, before).rate_limit?.calls_per_second).toEqual({
      [INV]: { qps: 20, burst: 20, shops: { s1: { '38': 1, '40': 1 }, s3: { '1': 2 } } },
    });
    // a mock that keeps no such count: left out, not zero
    expect(statsSince(stats(later), stats(earlier)).rate_limit).not.toHaveProperty('calls_per_second');
  });

  it('drops an endpoint with no calls in the window', () => {
    expect(statsSince(stats(earlier), stats(earlier)).endpoints).toEqual({});
  });

  it('takes the figures as they are when the mock was reset during the run', () => {
    const afterReset = { calls: 10, ok: 10, failed: 0, lat: Array(10).fill(2), acks: [1], delivered: 1, errors: 0 };
    const w = statsSince(stats(afterReset), stats(earlier));
    const e = Object.values(w.endpoints)[0]!;
    expect(e.calls).toBe(10);
    expect(e.by_code).toEqual({ '0': 10 });
    expect(LatencyHistogram.decode(w.webhooks.ack).count).toBe(1);
    expect(w.webhooks.outcomes).toEqual({ delivered: 1 });
  });
});
