/**
 * Several shops, one pool, stock running low: the reference stack splits what is left between
 * the shops (domain/shop-offer.ts), so the shops together can never accept more orders than the
 * ERP can fill — the cross-shop oversell the sync lag would otherwise allow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({}, { splitBelow: 100 });
});
afterAll(async () => {
  await p?.close();
});

describe('low stock is split between shops', () => {
  it('the shops are offered shares that add up to what is available, and a rush on every shop oversells nothing', async () => {
    const s = p.catalog.skus[3]!;
    const w = p.catalog.warehouses[0]!;
    const onHand = 10;
    const put = await p.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: onHand });
    expect(put.status).toBe(200);
    const offered = (await p.erp('GET', `/stock/${s.seller_sku}`)).body.warehouses.find((x: { warehouse_id: string }) => x.warehouse_id === w.id).offered as Record<string, number>;
    const shares = p.catalog.shops.map((sh) => offered[sh.id] as number);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(onHand - 1); // one unit held back (shop-offer.ts)
    for (const [i, shop] of p.catalog.shops.entries()) expect((await waitPlatform(p, shop.id, s.id, w.id, shares[i]!)).reached).toBe(true);

    // Every shop's buyers try to take everything at once, before any sync can happen.
    const orders = p.catalog.shops.flatMap((sh) => Array.from({ length: onHand }, () => ({ shop_id: sh.id, line_items: [{ sku_id: s.id, quantity: 1 }] })));
    const res = await p.ctl('POST', '/__mock/orders/batch', { orders });
    const accepted = (res.results as { accepted: boolean; order_id?: string }[]).filter((r) => r.accepted).map((r) => r.order_id as string);
    expect(accepted).toHaveLength(onHand - 1);
    const views = await eventually('every accepted order decided', async () => {
      const v = await Promise.all(accepted.map(async (id) => (await p.erp('GET', `/orders/${id}`)).body));
      return v.every((o) => o.status === 'allocated' || o.status === 'backordered') ? v : undefined;
    }, 15_000);
    expect(views.filter((o) => o.status === 'backordered')).toHaveLength(0);
  });
});
