/**
 * Delete and Recover Products through the doc-only client on a real socket: the product is gone
 * from the shop that deleted it (search, get, inventory search, edits, stock and price updates,
 * buyers' orders), found only by a search for DELETED, and still sold by the other shops;
 * recovered, it is back SELLER_DEACTIVATED (announced by webhook 5) and sells once activated.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { startReceiver, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;

beforeAll(async () => {
  m = await startMock({ seed: 'product-delete', skus: 6, warehouses: 1, rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
});
afterAll(async () => {
  await m.close();
});

const ids = (r: { env: { data: { products: { id: string }[] } } }) => r.env.data.products.map((p) => p.id);

it('a deleted product is gone from the shop that deleted it, and only from it', async () => {
  const [shop, other] = [m.shops[0]!, m.shops[1]!];
  const p = m.platform.catalog.products[0]!;
  const sku = p.skus[0]!;
  const wh = m.platform.catalog.warehouses[0]!.id;
  await control(m.url, 'PUT', '/__mock/inventory', { items: [shop, other].map((s) => ({ shop_id: s.id, sku_id: sku.id, warehouse_id: wh, quantity: 10 })) });
  const order = async (shopId: string) => (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: sku.id, quantity: 1 }] })).env.data;
  expect((await order(shop.id)).accepted).toBe(true);

  const del = await c.call('DELETE', '/product/202309/products', { shopCipher: shop.cipher, body: { product_ids: [p.id, '404'] } });
  expect(del.env).toMatchObject({ code: 0, data: { errors: [{ code: 90000404, detail: { product_id: '404' } }] } });
  expect(del.env.data.errors).toHaveLength(1);

  expect(ids(await c.searchProducts(shop.cipher, 100))).not.toContain(p.id);
  expect(ids(await c.searchProducts(shop.cipher, 100, undefined, { status: 'ALL' }))).not.toContain(p.id);
  const gone = await c.searchProducts(shop.cipher, 100, undefined, { status: 'DELETED' });
  expect(gone.env.data.products).toMatchObject([{ id: p.id, status: 'DELETED' }]);
  const get = await c.getProduct(shop.cipher, p.id);
  expect([get.status, get.env.code, get.env.message]).toEqual([404, 90000404, expect.stringMatching(/is deleted/)]);
  const inv = await c.call('POST', '/product/202309/inventory/search', { shopCipher: shop.cipher, body: { product_ids: [p.id], sku_ids: [sku.id] } });
  expect(inv.env).toMatchObject({ code: 0, data: { inventory: [] } });
  const push = await c.call('POST', `/product/202309/products/${p.id}/inventory/update`, { shopCipher: shop.cipher, body: { skus: [{ id: sku.id, inventory: [{ warehouse_id: wh, quantity: 5 }] }] } });
  expect(push.env.code).toBe(90000404);
  const price = await c.call('POST', `/product/202309/products/${p.id}/prices/update`, { shopCipher: shop.cipher, body: { skus: [{ id: sku.id, price: { amount: '1.00' } }] } });
  expect(price.env.code).toBe(90000404);
  const edit = await c.call('POST', `/product/202309/products/${p.id}/partial_edit`, { shopCipher: shop.cipher, body: { title: 'back again' } });
  expect(edit.env.code).toBe(90000404);
  const again = await c.call('POST', '/product/202309/products/activate', { shopCipher: shop.cipher, body: { product_ids: [p.id] } });
  expect(again.env.data.errors).toMatchObject([{ code: 90000404, detail: { product_id: p.id } }]);
  expect((await c.call('DELETE', '/product/202309/products', { shopCipher: shop.cipher, body: { product_ids: [p.id] } })).env.data.errors).toHaveLength(1);
  expect(await order(shop.id)).toMatchObject({ accepted: false, reason: 'not_for_sale', sku_id: sku.id });

  // The other shop still lists, stocks and sells it.
  expect(ids(await c.searchProducts(other.cipher, 100))).toContain(p.id);
  expect((await c.getProduct(other.cipher, p.id)).env.code).toBe(0);
  expect((await order(other.id)).accepted).toBe(true);
});

it('deleting a product the shop created takes it and its stock out of reach', async () => {
  const shop = m.shops[2]!;
  const wh = m.platform.catalog.warehouses[0]!.id;
  const body = {
    title: 'To be deleted',
    description: '<p>gone soon</p>',
    category_id: '600001',
    main_images: [{ uri: 'img-1' }],
    package_weight: { value: '1', unit: 'KILOGRAM' },
    skus: [{ seller_sku: 'DEL-1', price: { amount: '9.99', currency: 'USD' }, inventory: [{ warehouse_id: wh, quantity: 7 }] }],
  };
  const made = (await c.call('POST', '/product/202309/products', { shopCipher: shop.cipher, body })).env.data;
  const order = async () => (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ seller_sku: 'DEL-1', quantity: 1 }] })).env.data;
  expect((await order()).accepted).toBe(true);
  expect((await c.call('DELETE', '/product/202309/products', { shopCipher: shop.cipher, body: { product_ids: [made.product_id] } })).env).toMatchObject({ code: 0, data: {} });
  expect(await order()).toMatchObject({ accepted: false, reason: 'not_for_sale' });
  const inv = await c.call('POST', '/product/202309/inventory/search', { shopCipher: shop.cipher, body: { sku_ids: [made.skus[0].id] } });
  expect(inv.env.data.inventory).toEqual([]);
  const bad = await c.call('DELETE', '/product/202309/products', { shopCipher: shop.cipher, body: { product_ids: 'all' } });
  expect([bad.status, bad.env.code]).toEqual([400, 36009004]);
});

it('a recovered product is back deactivated, announced, and sells once activated', async () => {
  const shop = m.shops[1]!;
  const p = m.platform.catalog.products[1]!;
  const sku = p.skus[0]!;
  const hook: Receiver = await startReceiver();
  try {
    expect((await c.call('PUT', '/event/202309/webhooks', { shopCipher: shop.cipher, body: { address: hook.url, event_type: 'PRODUCT_STATUS_CHANGE' } })).env.code).toBe(0);
    await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shop.id, sku_id: sku.id, warehouse_id: m.platform.catalog.warehouses[0]!.id, quantity: 3 }] });
    const order = async () => (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: sku.id, quantity: 1 }] })).env.data;
    const live = await c.call('POST', '/product/202309/products/recover', { shopCipher: shop.cipher, body: { product_ids: [p.id] } });
    expect(live.env.data.errors).toMatchObject([{ code: 90000404, message: expect.stringMatching(/not a deleted product/), detail: { product_id: p.id } }]);
    await c.call('DELETE', '/product/202309/products', { shopCipher: shop.cipher, body: { product_ids: [p.id] } });
    expect((await c.call('POST', '/product/202309/products/recover', { shopCipher: shop.cipher, body: { product_ids: [p.id] } })).env).toMatchObject({ code: 0, data: {} });
    expect((await c.getProduct(shop.cipher, p.id)).env.data.product_status).toBe('SELLER_DEACTIVATED');
    expect((await c.searchProducts(shop.cipher, 100, undefined, { status: 'DELETED' })).env.data.products).toEqual([]);
    for (let i = 0; i < 200 && hook.received.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(hook.received.map((r) => r.json)).toMatchObject([{ type: 5, data: { product_id: p.id, status: 'SELLER_DEACTIVATED' } }]);
    expect(await order()).toMatchObject({ accepted: false, reason: 'not_for_sale' });
    await c.call('POST', '/product/202309/products/activate', { shopCipher: shop.cipher, body: { product_ids: [p.id] } });
    expect((await order()).accepted).toBe(true);
  } finally {
    await hook.close();
  }
});
