/**
 * Recovery under platform faults, against the real mock: webhooks that never come (the
 * reconciliation poller finds the orders), and a platform throttling at low QPS (429s, backoff:
 * everything still converges).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

describe('faults', () => {
  it('missed webhooks: every order is still allocated, found by the reconciliation poller', async () => {
    p = await startPair({ faults: { webhooks: { drop: 1 } } }, { pollIntervalMs: 300 });
    const pair = p;
    const s = pair.catalog.skus[0]!;
    const w = pair.catalog.warehouses[0]!;
    await pair.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: 50 });
    for (const shop of pair.catalog.shops) expect((await waitPlatform(pair, shop.id, s.id, w.id, 50)).reached).toBe(true);
    const ids: string[] = [];
    for (const shop of pair.catalog.shops) {
      const r = await pair.ctl('POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: s.id, quantity: 2 }] });
      ids.push(r.order_id);
    }
    await eventually('all orders allocated via the poller', async () => {
      const v = await Promise.all(ids.map(async (id) => (await pair.erp('GET', `/orders/${id}`)).body.status));
      return v.every((x) => x === 'allocated');
    }, 15_000);
    expect(pair.stack.poller.recovered).toBeGreaterThanOrEqual(ids.length);
    const stats = await pair.ctl('GET', '/__mock/stats');
    expect(JSON.stringify(stats)).toMatch(/"dropped":[1-9]/);
    // Cancellation without a webhook: the poller sees the status change too.
    await pair.ctl('POST', `/__mock/orders/${ids[0]}/cancel`, {});
    await eventually('cancel found by the poller', async () => (await pair.erp('GET', `/orders/${ids[0]}`)).body.status === 'cancelled', 15_000);
  });

  it('throttling: with the platform at 2 QPS per endpoint, stock for many products still converges on every shop', async () => {
    p = await startPair({ rateLimit: { defaultQps: 2, burst: 2 } }, { rateLimitQps: 50, rateLimitBurst: 50, retryBaseMs: 50, retryCapMs: 1000 });
    const pair = p;
    const w = pair.catalog.warehouses[1]!;
    const skus = pair.catalog.skus.slice(0, 12);
    await pair.erp('POST', '/stock/batch', { lines: skus.map((s, i) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: 10 + i })) });
    for (const shop of pair.catalog.shops)
      for (const [i, s] of skus.entries()) expect((await waitPlatform(pair, shop.id, s.id, w.id, 10 + i, 20_000)).reached, `${shop.id} ${s.seller_sku}`).toBe(true);
    const m = (await pair.erp('GET', '/metrics')).body as string;
    expect(m).toMatch(/peakday_stack_tiktok_429_total\{endpoint="POST \/product\/202309\/products\/\{id\}\/inventory\/update"\} [1-9]/);
    await eventually('outbox drained', async () => /peakday_stack_outbox_depth\{outbox="inventory"\} 0\b/.test((await pair.erp('GET', '/metrics')).body), 20_000);
  });
});
