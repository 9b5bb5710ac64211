/**
 * Global products over loopback: created for the seller (no shop_cipher), found by search at
 * both versions, published to a market as one listed product per shop of the seller there,
 * which the shop then stocks and sells; a market without a shop, or published twice, fails alone.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;

beforeAll(async () => {
  m = await startMock({ seed: 'global-products', shops: 2, skus: 4, warehouses: 1 });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
});
afterAll(() => m.close());

const body = {
  title: 'Ceramic mug',
  description: '<p>Mug</p>',
  category_id: '600001',
  main_images: [{ uri: 'img' }],
  package_weight: { value: '0.4', unit: 'KILOGRAM' },
  skus: ['S', 'L'].map((size) => ({ seller_sku: `MUG-${size}`, price: { amount: '10.00', currency: 'USD' }, sales_attributes: [{ name: 'Size', value_name: size }] })),
};
const search = (v: string, filter: unknown = {}) => c.call('POST', `/product/${v}/global_products/search`, { query: { page_size: '10' }, body: filter });

it('creates, finds, publishes and sells a global product', async () => {
  expect((await c.call('POST', '/product/202309/global_products', { shopCipher: m.shops[0]!.cipher, body })).env.code).toBe(36009004);
  const created = await c.call('POST', '/product/202309/global_products', { body });
  expect(created.env.code).toBe(0);
  const id = created.env.data.global_product_id as string;
  const [small, large] = created.env.data.global_skus as { id: string; seller_sku: string }[];
  for (const v of ['202309', '202312']) {
    const found = (await search(v, { seller_skus: ['MUG-L'] })).env.data;
    expect([found.total_count, found.global_products[0].id, found.global_products[0].status]).toEqual([1, id, 'UNPUBLISHED']);
  }

  const wh = m.platform.catalog.warehouses[0]!.id;
  const target = { region: 'US', skus: [{ related_global_sku_id: large!.id, price: { amount: '12.50', currency: 'USD' }, inventory: { warehouse_id: wh, quantity: 6 } }] };
  const r = await c.call('POST', `/product/202309/global_products/${id}/publish`, { body: { publish_target: [target, { region: 'MY' }] } });
  expect(r.env.data.publish_result).toEqual([
    { region: 'US', status: 'SUCCESS', fail_reasons: [] },
    { region: 'MY', status: 'FAILED', fail_reasons: [{ message: 'the seller has no authorized shop in market MY' }] },
  ]);
  const locals = r.env.data.products as { id: string; shop_id: string; skus: { id: string; related_global_sku_id: string }[] }[];
  expect(locals.map((p) => p.shop_id)).toEqual(m.shops.map((s) => s.id));
  expect(locals[0]!.skus.map((s) => s.related_global_sku_id)).toEqual([small!.id, large!.id]);

  // Each shop's copy is its own listed product, stocked as the target said, sold to buyers.
  const local = locals[1]!;
  const got = (await c.call('GET', `/product/202309/products/${local.id}`, { shopCipher: m.shops[1]!.cipher })).env.data;
  expect([got.product_status, got.skus[1].price.sale_price, got.skus[1].inventory[0].quantity, got.skus[0].inventory[0].quantity]).toEqual(['ACTIVATE', '12.50', 6, 0]);
  const placed = await control(m.url, 'POST', '/__mock/orders', { shop_id: m.shops[1]!.id, line_items: [{ sku_id: local.skus[1]!.id, quantity: 2 }] });
  expect(placed.env.data.accepted).toBe(true);
  const order = (await c.call('GET', '/order/202309/orders', { shopCipher: m.shops[1]!.cipher, query: { ids: placed.env.data.order_id } })).env.data.orders[0];
  expect(order.line_items.map((l: { product_id: string; quantity: number }) => [l.product_id, l.quantity])).toEqual([[local.id, 2]]);

  expect((await search('202312', { status: 'PUBLISHED' })).env.data.global_products.map((g: { id: string }) => g.id)).toEqual([id]);
  const again = await c.call('POST', `/product/202309/global_products/${id}/publish`, { body: { publish_target: [{ region: 'US' }] } });
  expect(again.env.data.publish_result[0]).toMatchObject({ status: 'FAILED', fail_reasons: [{ message: 'already published in market US' }] });
});

it('refuses a publication naming a SKU of another global product, changing nothing', async () => {
  const id = (await c.call('POST', '/product/202309/global_products', { body: { ...body, skus: [{ seller_sku: 'PLATE-1', price: { amount: '5.00', currency: 'USD' } }] } })).env.data.global_product_id;
  const before = m.platform.catalog.products.length;
  const r = await c.call('POST', `/product/202309/global_products/${id}/publish`, { body: { publish_target: [{ region: 'US', skus: [{ related_global_sku_id: '1' }] }] } });
  expect([r.env.code, r.env.message]).toEqual([36009004, expect.stringContaining('publish_target[0].skus[0].related_global_sku_id: 1 is not a SKU of global product')]);
  expect([m.platform.catalog.products.length, (await search('202309', { status: 'UNPUBLISHED' })).env.data.total_count]).toEqual([before, 1]);
});
