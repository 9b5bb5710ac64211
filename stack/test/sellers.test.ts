/**
 * Several sellers through one stack, against the real mock (`sellers`): each seller authorized
 * the app on its own, and its token opens only its shops. With one access grant per seller
 * configured, the stack maps every seller's shops and calls each with its seller's token:
 * stock reaches every shop, and an order of the second seller is ingested and shipped.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eventually, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({ warehouses: 1, sellers: [{ name: 'North', shops: ['US', 'US'] }, { name: 'Isles', shops: ['GB'] }] }, (mock) => ({
    sellers: [{ access_token: mock.sellers[1]!.accessToken, refresh_token: mock.sellers[1]!.refreshToken }],
  }));
});
afterAll(async () => {
  await p?.close();
});

it("maps both sellers' shops and calls each with its own seller's token", async () => {
  const isles = p.mock.sellers[1]!.shops[0]!;
  expect(p.catalog.shops.map((s) => s.id)).toContain(isles.id);
  const sku = p.catalog.skus[0]!;
  const wh = p.catalog.warehouses[0]!.id;
  expect((await p.erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: 8 })).status).toBe(200);
  for (const s of p.catalog.shops) expect((await waitPlatform(p, s.id, sku.id, wh, 8)).reached, s.id).toBe(true);

  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: isles.id, line_items: [{ sku_id: sku.id, quantity: 2 }] });
  expect(placed.accepted).toBe(true);
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
  const carrier = p.catalog.shipping_providers[0]!.id;
  expect((await p.erp('POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: `T${placed.order_id}` })).status).toBe(202);
  await eventually('shipment acknowledged', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.shipment?.sync === 'acknowledged');
  const ready = await p.erp('GET', '/ready');
  expect([ready.status, ready.body.deauthorized_shops]).toEqual([200, []]);
});
