/**
 * The seller's listing changes through the doc-only client, felt by the buyer through the
 * control API: a deactivated product cannot be ordered and is announced by webhook 5; a new
 * price shows in search and applies to the next order, not to orders already placed.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { startReceiver, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let hook: Receiver;
const pushes = () => hook.received.map((r) => r.json as unknown as { type: number; data: Record<string, unknown> });

beforeAll(async () => {
  m = await startMock({ seed: 'listings', skus: 6, warehouses: 1, rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  hook = await startReceiver();
});
afterAll(async () => {
  await m.close();
  await hook.close();
});

it('deactivates and reactivates a product per shop; prices apply to later orders only', async () => {
  const [shop, other] = [m.shops[0]!, m.shops[1]!];
  const p = m.platform.catalog.products[0]!;
  const sku = p.skus[0]!;
  const wh = m.platform.catalog.warehouses[0]!.id;
  const address = hook.url;
  expect((await c.call('PUT', '/event/202309/webhooks', { shopCipher: shop.cipher, body: { address, event_type: 'PRODUCT_STATUS_CHANGE' } })).env.code).toBe(0);
  const items = [shop, other].map((s) => ({ shop_id: s.id, sku_id: sku.id, warehouse_id: wh, quantity: 10 }));
  await control(m.url, 'PUT', '/__mock/inventory', { items });
  const order = async (shopId: string) => (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: sku.id, quantity: 1 }] })).env.data;

  const first = await order(shop.id);
  const off = await c.call('POST', '/product/202309/products/deactivate', { shopCipher: shop.cipher, body: { product_ids: [p.id, '404'] } });
  expect(off.env.data.errors).toMatchObject([{ code: 90000404, detail: { product_id: '404' } }]);
  expect(await order(shop.id)).toMatchObject({ accepted: false, reason: 'not_for_sale', sku_id: sku.id });
  expect((await order(other.id)).accepted).toBe(true); // the other shop still sells it
  const listed = await c.searchProducts(shop.cipher, 10, undefined, { status: 'SELLER_DEACTIVATED' });
  expect(listed.env.data.products.map((x: { id: string }) => x.id)).toEqual([p.id]);
  for (let i = 0; i < 100 && pushes().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(pushes()[0]).toMatchObject({ type: 5, data: { product_id: p.id, status: 'SELLER_DEACTIVATED' } });
  expect((await c.call('POST', '/product/202309/products/activate', { shopCipher: shop.cipher, body: { product_ids: [p.id] } })).env).toMatchObject({ code: 0, data: {} });

  const bad = await c.call('POST', `/product/202309/products/${p.id}/prices/update`, { shopCipher: shop.cipher, body: { skus: [{ id: sku.id, price: { amount: '-1', currency: 'USD' } }] } });
  expect(bad.env.code).toBe(36009004);
  const priced = await c.call('POST', `/product/202309/products/${p.id}/prices/update`, { shopCipher: shop.cipher, body: { skus: [{ id: sku.id, price: { amount: '12.34', currency: 'USD' } }] } });
  expect(priced.env.code).toBe(0);
  const shown = (await c.getProduct(shop.cipher, p.id)).env.data.skus[0].price;
  expect(shown.sale_price).toBe('12.34');
  const second = await order(shop.id);
  const [before, after] = (await c.getOrders(shop.cipher, [first.order_id, second.order_id])).env.data.orders;
  expect(before.line_items[0].sale_price).toBe(sku.price.amount);
  expect(after.line_items[0].sale_price).toBe('12.34');
  expect((await c.getProduct(other.cipher, p.id)).env.data.skus[0].price.sale_price).toBe(sku.price.amount);
});
