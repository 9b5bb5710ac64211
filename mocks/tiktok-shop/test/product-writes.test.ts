/**
 * Create, edit and partial edit of products over loopback: what each version accepts and
 * answers, what a write changes (catalog, per-shop stock and prices, drafts), what it refuses
 * before changing anything, prerequisites in both versions, and reset back to the seed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let cipher: string;
let wh: string[];
let seq = 0;

beforeAll(async () => {
  m = await startMock({ seed: 'product-writes', shops: 2, skus: 6, warehouses: 2 });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  wh = m.platform.catalog.warehouses.map((w) => w.id);
});
afterAll(() => m.close());

const sku = (extra: Record<string, unknown> = {}) => ({
  seller_sku: `PW-${++seq}`,
  price: { amount: '10.00', currency: 'USD' },
  sales_attributes: [{ name: 'Color', value_name: `C${seq}` }],
  ...extra,
});
const product = (extra: Record<string, unknown> = {}) => ({
  title: 'Desk lamp',
  description: '<p>Lamp</p>',
  category_id: '600001',
  main_images: [{ uri: 'img' }],
  package_weight: { value: '1', unit: 'POUND' },
  skus: [sku()],
  ...extra,
});
const post = (path: string, body: unknown, shop = cipher) => c.call('POST', path, { shopCipher: shop, body });
const put = (path: string, body: unknown) => c.call('PUT', path, { shopCipher: cipher, body });
const get = (id: string) => c.call('GET', `/product/202309/products/${id}`, { shopCipher: cipher });
const order = (skuId: string) => control(m.url, 'POST', '/__mock/orders', { shop_id: m.shops[0]!.id, line_items: [{ sku_id: skuId, quantity: 1 }] });

describe('create (202309)', () => {
  it('creates the shop\'s product with its SKUs and stock, and answers their ids', async () => {
    const r = await post('/product/202309/products', product({ skus: [sku({ inventory: [{ warehouse_id: wh[1], quantity: 7, backorder_quantity: 2, handling_time: 3 }] })] }));
    expect(r.env).toMatchObject({ code: 0, data: { warnings: [] } });
    const { product_id, skus } = r.env.data;
    expect(skus[0].sales_attributes[0]).toEqual({ id: expect.stringMatching(/^\d+$/), value_id: expect.stringMatching(/^\d+$/) });
    const got = (await get(product_id)).env.data;
    expect([got.title, got.product_status, got.skus[0].inventory]).toEqual(['Desk lamp', 'ACTIVATE', [expect.objectContaining({ warehouse_id: wh[0], quantity: 0 }), expect.objectContaining({ warehouse_id: wh[1], quantity: 7, backorder_quantity: 2, handling_time: 3 })]]);
    expect((await get(product_id)).env.code).toBe(0);
    expect((await c.call('GET', `/product/202309/products/${product_id}`, { shopCipher: m.shops[1]!.cipher })).env.code).toBe(90000404);
  });

  it('refuses a body missing what a listing needs, naming every field, and creates nothing', async () => {
    const before = m.platform.catalog.products.length;
    const r = await post('/product/202309/products', { title: 'x', skus: [{ seller_sku: 'has space' }] });
    expect(r.env.code).toBe(36009004);
    for (const f of ['description', 'category_id', 'main_images', 'package_weight']) expect(r.env.message).toContain(`${f}: is required`);
    const r2 = await post('/product/202309/products', product({ skus: [{ seller_sku: 'has space', inventory: [{ warehouse_id: 'nope', quantity: 1 }] }] }));
    expect(r2.env.message).toMatch(/skus\[0\]\.seller_sku: must not contain spaces.*skus\[0\]\.price: is required.*skus\[0\]\.inventory\[0\]\.warehouse_id: warehouse "nope" does not exist/);
    expect(m.platform.catalog.products.length).toBe(before);
  });

  it('refuses a seller SKU that already names another SKU', async () => {
    const r = await post('/product/202309/products', product({ skus: [sku({ seller_sku: m.platform.catalog.skus[0]!.seller_sku })] }));
    expect([r.env.code, r.env.message]).toEqual([36009004, expect.stringContaining('already names another SKU')]);
  });

  it('keeps a draft out of sale until an edit lists it', async () => {
    const r = await post('/product/202309/products', product({ save_mode: 'AS_DRAFT' }));
    const id = r.env.data.product_id as string;
    const skuId = r.env.data.skus[0].id as string;
    expect((await get(id)).env.data.product_status).toBe('DRAFT');
    await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: m.shops[0]!.id, sku_id: skuId, warehouse_id: wh[0], quantity: 3 }] });
    expect((await order(skuId)).env.data).toMatchObject({ accepted: false, reason: 'not_for_sale' });
    const listed = await post(`/product/202509/products/${id}/partial_edit`, { title: 'Desk lamp, listed' });
    expect(listed.env.data.audit).toEqual({ status: 'APPROVED' });
    expect((await order(skuId)).env.data.accepted).toBe(true);
    const again = await post(`/product/202509/products/${id}/partial_edit`, { save_mode: 'AS_DRAFT' });
    expect([again.env.code, again.env.message]).toEqual([36009004, expect.stringContaining('post-live draft')]);
  });
});

describe('edit and partial edit', () => {
  it('answers replicated_products at 202309 only, and warnings on the full edit only', async () => {
    const id = (await post('/product/202309/products', product())).env.data.product_id as string;
    const p1 = (await post(`/product/202309/products/${id}/partial_edit`, { description: '<p>v2</p>' })).env.data;
    const p2 = (await post(`/product/202509/products/${id}/partial_edit`, { description: '<p>v3</p>' })).env.data;
    expect(['replicated_products' in p1, 'replicated_products' in p2, 'warnings' in p1]).toEqual([true, false, false]);
    const e = (await put(`/product/202509/products/${id}`, product({ skus: [sku()] }))).env.data;
    expect(e).toMatchObject({ product_id: id, warnings: [], audit: { status: 'APPROVED' } });
  });

  it('checks backorder fields at 202509 and ignores them at 202309, where the model has none', async () => {
    const id = (await post('/product/202309/products', product())).env.data.product_id as string;
    const skuId = (await get(id)).env.data.skus[0].id as string;
    const body = { skus: [{ id: skuId, inventory: [{ warehouse_id: wh[0], quantity: 4, backorder_quantity: 'lots' }] }] };
    expect((await post(`/product/202309/products/${id}/partial_edit`, body)).env.code).toBe(0);
    const r = await post(`/product/202509/products/${id}/partial_edit`, body);
    expect([r.env.code, r.env.message]).toEqual([36009004, expect.stringContaining('skus[0].inventory[0].backorder_quantity: expected an integer')]);
  });

  it('edits a seeded product: price and stock for the calling shop only, SKUs added and removed', async () => {
    const seeded = m.platform.catalog.products.find((p) => p.skus.length >= 2)!;
    const [keep, drop] = [seeded.skus[0]!, seeded.skus[1]!];
    const r = await put(`/product/202309/products/${seeded.id}`, product({
      skus: [{ id: keep.id, price: { amount: '55.50', currency: 'USD' }, inventory: [{ warehouse_id: wh[0], quantity: 8 }] }, sku()],
    }));
    expect(r.env.code).toBe(0);
    const ids = r.env.data.skus.map((s: { id: string }) => s.id);
    expect([ids.length, ids[0], ids.includes(drop.id)]).toEqual([2, keep.id, false]);
    const mine = (await get(seeded.id)).env.data.skus[0];
    expect([mine.price.sale_price, mine.inventory[0].quantity]).toEqual(['55.50', 8]);
    const theirs = (await c.call('GET', `/product/202309/products/${seeded.id}`, { shopCipher: m.shops[1]!.cipher })).env.data.skus[0];
    expect([theirs.price.sale_price === '55.50', theirs.inventory[0].quantity]).toEqual([false, 0]);
    const stale = await post(`/product/202309/products/${seeded.id}/inventory/update`, { skus: [{ id: drop.id, inventory: [{ warehouse_id: wh[0], quantity: 1 }] }] });
    expect(stale.env.data.errors[0].detail.sku_id).toBe(drop.id);
  });

  it('refuses a SKU id of another product, changing nothing', async () => {
    const id = (await post('/product/202309/products', product())).env.data.product_id as string;
    const r = await post(`/product/202509/products/${id}/partial_edit`, { title: 'changed', skus: [{ id: m.platform.catalog.skus[0]!.id }] });
    expect([r.env.code, r.env.message]).toEqual([36009004, expect.stringContaining('is not a SKU of product')]);
    expect((await get(id)).env.data.title).toBe('Desk lamp');
  });
});

describe('prerequisites', () => {
  it('answers the shop\'s checks nested as JSON strings at 202309 and as a list at 202312', async () => {
    const v1 = (await c.call('GET', '/product/202309/prerequisites', { shopCipher: cipher })).env.data.shop;
    expect(JSON.parse(v1.logistics.pickup_warehouse)).toEqual({ id: 'pickup_warehouse', name: 'pickup_warehouse', check_result: { is_failed: false, fail_reasons: [] } });
    expect(JSON.parse(v1.gne.product_quantity_limit).check_result.is_failed).toBe(false);
    const v2 = (await c.call('GET', '/product/202312/prerequisites', { shopCipher: cipher })).env.data.check_results;
    expect(v2.map((x: { check_item: string }) => x.check_item)).toContain('PRODUCT_QUANTITY_LIMIT');
  });
});

it('reset brings the seeded catalog back, and stock keys of seeded SKUs are where they were', async () => {
  const seededSkus = m.platform.options.skus;
  m.platform.reset();
  const cat = m.platform.catalog;
  expect([cat.products.every((p) => p.shop === undefined), cat.skus.length, m.platform.inventory.size]).toEqual([true, seededSkus, seededSkus * 2 * 2]);
  const again = await post('/product/202309/products', product());
  expect(again.env.data.product_id).toBe('1731000000000000001');
});

it('prices a created product in the shop\'s currency', async () => {
  const gb = await startMock({ seed: 'product-writes-gb', skus: 4, warehouses: 1, sellers: [{ shops: ['GB'] }] });
  try {
    const client = new DocClient({ baseUrl: gb.url, appKey: gb.appKey, appSecret: gb.appSecret, accessToken: gb.sellers[0]!.accessToken });
    const shop = gb.shops[0]!.cipher;
    const usd = await client.call('POST', '/product/202309/products', { shopCipher: shop, body: product() });
    expect([usd.env.code, usd.env.message]).toEqual([36009004, expect.stringContaining('skus[0].price.currency: expected GBP')]);
    const body = product({ skus: [sku({ price: { amount: '20.00', currency: 'GBP' } })] });
    const id = (await client.call('POST', '/product/202309/products', { shopCipher: shop, body })).env.data.product_id as string;
    const got = (await client.call('GET', `/product/202309/products/${id}`, { shopCipher: shop })).env.data.skus[0].price;
    expect([got.sale_price, got.currency]).toEqual(['20.00', 'GBP']);
  } finally {
    await gb.close();
  }
});
