/**
 * Get, edit, partial edit and delete of global products over loopback: the detail maps each
 * published local SKU to its global SKU; an edit reaches the shops' copies (title, description)
 * and keeps a published SKU list as published; an unpublished one takes SKUs added and removed;
 * a deleted one is found only by a search for DELETED and refuses every later call.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;

beforeAll(async () => {
  m = await startMock({ seed: 'global-product-edits', shops: 2, skus: 4, warehouses: 1 });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
});
afterAll(() => m.close());

const base = {
  description: '<p>Lamp</p>',
  category_id: '600001',
  main_images: [{ uri: 'img' }],
  package_weight: { value: '1.1', unit: 'KILOGRAM' },
};
const sizes = (prefix: string, list: string[]) => list.map((size) => ({ seller_sku: `${prefix}-${size}`, price: { amount: '20.00', currency: 'USD' }, sales_attributes: [{ name: 'Size', value_name: size }] }));

async function created(prefix: string): Promise<{ id: string; skus: string[] }> {
  const r = await c.call('POST', '/product/202309/global_products', { body: { ...base, title: `${prefix} lamp`, skus: sizes(prefix, ['S', 'L']) } });
  expect(r.env.code).toBe(0);
  return { id: r.env.data.global_product_id, skus: r.env.data.global_skus.map((s: { id: string }) => s.id) };
}
const detail = (id: string) => c.call('GET', `/product/202309/global_products/${id}`);

it('edits reach the published copies; a published SKU list stays as published', async () => {
  const g = await created('PUB');
  const published = await c.call('POST', `/product/202309/global_products/${g.id}/publish`, { body: { publish_target: [{ region: 'US' }] } });
  const locals = published.env.data.products as { id: string; shop_id: string; skus: { id: string }[] }[];
  const got = (await detail(g.id)).env.data;
  expect(got).toMatchObject({ id: g.id, title: 'PUB lamp', skus: [{ id: g.skus[0], seller_sku: 'PUB-S', price: { amount: '20.00', currency: 'USD' } }, { id: g.skus[1] }] });
  expect(got.products).toEqual(
    locals.map((l) => ({ id: l.id, region: 'US', sku_mappings: l.skus.map((s, i) => ({ global_sku_id: g.skus[i], local_sku_id: s.id, sales_attribute_mappings: [] })) })),
  );

  const skus = g.skus.map((id, i) => ({ id, price: { amount: i === 0 ? '21.00' : '25.00', currency: 'USD' } }));
  const edited = await c.call('PUT', `/product/202309/global_products/${g.id}`, { body: { ...base, title: 'PUB lamp, brass', skus } });
  expect(edited.env).toMatchObject({ code: 0, data: { global_skus: [{ id: g.skus[0], seller_sku: 'PUB-S' }, { id: g.skus[1] }], publish_results: [{ region: 'US', status: 'SUCCESS', fail_reasons: [] }] } });
  for (const [i, shop] of m.shops.entries()) {
    expect((await c.getProduct(shop.cipher, locals[i]!.id)).env.data.title).toBe('PUB lamp, brass');
  }
  expect((await detail(g.id)).env.data.skus.map((s: { price: { amount: string } }) => s.price.amount)).toEqual(['21.00', '25.00']);

  const added = await c.call('PUT', `/product/202509/global_products/${g.id}/partial_edit`, { body: { skus: [...skus, ...sizes('PUB', ['XL'])] } });
  expect([added.status, added.env.code, added.env.message]).toEqual([400, 36009004, expect.stringMatching(/skus\[2\].*is published \(US\)/)]);
  const dropped = await c.call('PUT', `/product/202509/global_products/${g.id}/partial_edit`, { body: { skus: skus.slice(0, 1) } });
  expect(dropped.env.message).toMatch(/every SKU must stay/);
  const renamed = await c.call('PUT', `/product/202509/global_products/${g.id}/partial_edit`, { body: { skus: [{ id: g.skus[0], seller_sku: 'PUB-SMALL' }, { id: g.skus[1] }] } });
  expect(renamed.env.code).toBe(36009004);
  expect((await detail(g.id)).env.data.skus.map((s: { seller_sku: string }) => s.seller_sku)).toEqual(['PUB-S', 'PUB-L']);
});

it('an unpublished global product takes SKUs added and removed; a partial edit changes only what it names', async () => {
  const g = await created('DRAFT');
  const r = await c.call('PUT', `/product/202509/global_products/${g.id}/partial_edit`, { body: { skus: [{ id: g.skus[1] }, ...sizes('DRAFT', ['XL'])] } });
  expect(r.env.code).toBe(0);
  const got = (await detail(g.id)).env.data;
  expect([got.title, got.description]).toEqual(['DRAFT lamp', '<p>Lamp</p>']);
  expect(got.skus.map((s: { id: string; seller_sku: string }) => s.seller_sku)).toEqual(['DRAFT-L', 'DRAFT-XL']);
  expect(got.skus[0].id).toBe(g.skus[1]);
  const stranger = await c.call('PUT', `/product/202309/global_products/${g.id}`, { body: { ...base, title: 'x', skus: [{ id: '404', price: { amount: '1.00', currency: 'USD' } }] } });
  expect(stranger.env.message).toMatch(/skus\[0\]\.id: 404 is not a SKU of global product/);
  const incomplete = await c.call('PUT', `/product/202309/global_products/${g.id}`, { body: { title: 'only a title' } });
  expect(incomplete.env.message).toMatch(/description: is required/);
});

it('a deleted global product is found only as DELETED and refuses every later call', async () => {
  const g = await created('GONE');
  const del = await c.call('DELETE', '/product/202309/global_products', { body: { global_product_ids: [g.id, '404'] } });
  expect(del.env).toMatchObject({ code: 0, data: { errors: [{ code: 90000404, detail: { global_product_id: '404' } }] } });
  expect(del.env.data.errors).toHaveLength(1);
  const get = await detail(g.id);
  expect([get.status, get.env.code, get.env.message]).toEqual([404, 90000404, expect.stringMatching(/is deleted/)]);
  const search = (filter: unknown) => c.call('POST', '/product/202312/global_products/search', { query: { page_size: '50' }, body: filter });
  expect((await search({})).env.data.global_products.map((x: { id: string }) => x.id)).not.toContain(g.id);
  expect((await search({ status: 'DELETED' })).env.data.global_products).toMatchObject([{ id: g.id, status: 'DELETED' }]);
  expect((await c.call('POST', `/product/202309/global_products/${g.id}/publish`, { body: { publish_target: [{ region: 'US' }] } })).env.code).toBe(90000404);
  expect((await c.call('PUT', `/product/202509/global_products/${g.id}/partial_edit`, { body: { title: 'back' } })).env.code).toBe(90000404);
  expect((await c.call('DELETE', '/product/202309/global_products', { body: { global_product_ids: [g.id] } })).env.data.errors[0].message).toMatch(/is deleted/);
  const shopScoped = await c.call('DELETE', '/product/202309/global_products', { shopCipher: m.shops[0]!.cipher, body: { global_product_ids: [g.id] } });
  expect(shopScoped.env.code).toBe(36009004);
});
