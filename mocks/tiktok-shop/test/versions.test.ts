/** Each endpoint answers at exactly its published versions, each version with its own shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let cipher: string;

beforeAll(async () => {
  m = await startMock({ seed: 'versions', skus: 30, rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
});
afterAll(async () => {
  await m.close();
});

const search = (v: string, body: unknown, query: Record<string, string> = {}) =>
  c.call('POST', `/product/${v}/products/search`, { shopCipher: cipher, query: { page_size: '5', ...query }, body });

describe('product search', () => {
  it('serves 202309, 202312 and 202502 with the fields each version adds', async () => {
    const [a, b, n] = await Promise.all([search('202309', {}), search('202312', {}), search('202502', {})]);
    for (const r of [a, b, n]) expect(r.env.code).toBe(0);
    const p09 = a.env.data.products[0];
    const p12 = b.env.data.products[0];
    const p25 = n.env.data.products[0];
    expect(p09).not.toHaveProperty('audit');
    expect(p09.skus[0]).not.toHaveProperty('list_price');
    expect(p12).toMatchObject({ audit: { status: 'APPROVED' }, is_not_for_sale: false });
    expect(p12.skus[0]).toHaveProperty('list_price');
    expect(p12).not.toHaveProperty('has_draft');
    expect(p25).toMatchObject({ has_draft: false, product_families: [] });
    expect(p25.skus[0].inventory[0]).toMatchObject({ backorder_quantity: 0 });
    expect(p12.skus[0].inventory[0]).not.toHaveProperty('backorder_quantity');
  });

  it('takes category_version in the query at 202309 and in the body later', async () => {
    expect((await search('202309', {}, { category_version: 'v2' })).env.code).toBe(0);
    expect((await search('202309', {}, { category_version: 'v9' })).env).toMatchObject({ code: 36009004, message: expect.stringContaining('category_version') });
    expect((await search('202312', { category_version: 'v2' })).env.code).toBe(0);
    expect((await search('202312', { category_version: 'v9' })).env.code).toBe(36009004);
  });

  it('checks listing_quality_tier at 202312 and listing_quality_tiers at 202502', async () => {
    expect((await search('202312', { listing_quality_tier: 'GOOD' })).env.code).toBe(0);
    expect((await search('202312', { listing_quality_tier: ['GOOD'] })).env.code).toBe(36009004);
    expect((await search('202502', { listing_quality_tiers: ['GOOD'] })).env.code).toBe(0);
    expect((await search('202502', { listing_quality_tiers: 'GOOD' })).env.code).toBe(36009004);
  });

  it('filters by sku_ids from 202312 on', async () => {
    const cat = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
    const sku = cat.skus[7];
    const r = await search('202312', { sku_ids: [sku.id] });
    expect(r.env.data.products.map((p: { id: string }) => p.id)).toEqual([sku.product_id]);
  });

  it('answers an unpublished version as an unknown path', async () => {
    const r = await search('202401', {});
    expect([r.status, r.env.code]).toEqual([404, 36009009]);
  });
});

describe('order detail', () => {
  it('drops fulfillment_priority_level and recommended_shipping_time at 202507', async () => {
    const skuId = (await control(m.url, 'GET', '/__mock/catalog')).env.data.skus[0].id;
    await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: m.shops[0]!.id, sku_id: skuId, warehouse_id: m.platform.catalog.warehouses[0]!.id, quantity: 5 }] });
    const placed = (await control(m.url, 'POST', '/__mock/orders', { shop_id: m.shops[0]!.id, line_items: [{ sku_id: skuId, quantity: 1 }] })).env.data;
    const get = (v: string) => c.call('GET', `/order/${v}/orders`, { shopCipher: cipher, query: { ids: placed.order_id } });
    const [old, neu] = [(await get('202309')).env.data.orders[0], (await get('202507')).env.data.orders[0]];
    expect(old).toHaveProperty('recommended_shipping_time');
    expect(old).toHaveProperty('fulfillment_priority_level');
    expect(neu).not.toHaveProperty('recommended_shipping_time');
    expect(neu).not.toHaveProperty('fulfillment_priority_level');
    const { fulfillment_priority_level: _a, recommended_shipping_time: _b, ...rest } = old;
    expect(neu).toEqual(rest);
  });
});
