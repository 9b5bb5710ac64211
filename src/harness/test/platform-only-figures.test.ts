import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { measurePlatformOnly } from '../platform-only-figures.ts';
import type { MockLedger, MockStats } from '../platform-view.ts';

const T0 = 1_000_000;
const empty = new LatencyHistogram().encode();
const stats: MockStats = {
  endpoints: {},
  orders: { accepted: 0, refused_sold_out: 0 },
  duplicate_shipments: 0,
  webhooks: { ack: empty, outcomes: {}, pending: 0 },
  faults: {},
  rate_limit: { throttled: 4, early_calls: { 'POST /order/202309/orders/search': 2 } },
  pending_waits: 0,
};

function order(id: string, createdAt: number, firstRead: number | null, sku: string, commits: [string, number][], status = 'AWAITING_SHIPMENT'): MockLedger['orders'][number] {
  const quantity = commits.reduce((n, [, q]) => n + q, 0);
  return {
    id, shop_id: 'S1', status, buyer_region: 'US', created_at: createdAt, updated_at: createdAt, first_read_at: firstRead, package_ids: [],
    line_items: [{ id: `${id}-1`, sku_id: sku, seller_sku: sku, quantity, commits: commits.map(([warehouse_id, q]) => ({ warehouse_id, quantity: q })) }],
  };
}

function cell(shop: string, sku: string, wh: string, available: number): MockLedger['inventory'][number] {
  return { shop_id: shop, sku_id: sku, seller_sku: sku, warehouse_id: wh, available, committed: 0 };
}

const ledger: MockLedger = {
  at: T0 + 10_000,
  orders: [
    order('before', T0 - 5, T0 - 1, 'A', [['W1', 5]]), // before the load: neither judged nor subtracted
    order('read', T0 + 100, T0 + 400, 'A', [['W1', 2]]),
    order('unread', T0 + 200, null, 'A', [['W2', 1]]),
    order('cancelled', T0 + 300, T0 + 350, 'B', [['W1', 3]], 'CANCELLED'),
  ],
  packages: [],
  inventory: [
    cell('S1', 'A', 'W1', 8), // 10 declared - 2 taken: 8 remain, fine
    cell('S2', 'A', 'W1', 9), // one over what remains
    cell('S1', 'A', 'W2', 10), // 10 - 1 = 9 remain: over
    cell('S1', 'B', 'W1', 10), // the cancelled order gave its stock back
  ],
  duplicate_shipments: 0,
};

describe('measurePlatformOnly', () => {
  const f = measurePlatformOnly({ startedAt: T0, intervalMs: 1000, ledger, stats, declaredStock: 10 });

  it('times pick-up for the run\'s orders read, and names the ones never read', () => {
    expect(f.lags.order_pickup_lag?.count).toBe(2);
    expect(f.lags.order_pickup_lag?.max).toBeCloseTo(300, -1);
    expect(f.platformOnly.orders_accepted).toBe(3);
    expect(f.platformOnly.orders_unread).toEqual({ count: 1, examples: ['unread'] });
  });

  it('flags every shop quantity above the declared stock less what the run\'s orders took from that warehouse', () => {
    expect(f.platformOnly.stock_cells_checked).toBe(4);
    expect(f.platformOnly.stock_over_declared).toEqual({ count: 2, examples: ['S2/A/W1 shows 9, 8 remain', 'S1/A/W2 shows 10, 9 remain'] });
  });

  it('carries the rate limit figures of the run and shows no shipment when none was made', () => {
    expect(f.platformOnly.rate_limit).toEqual(stats.rate_limit);
    expect(f.platformOnly.shipped_orders).toBe(0);
    expect(f.platformOnly.order_to_shipment).toBeUndefined();
  });
});
