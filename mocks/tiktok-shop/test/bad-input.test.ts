/**
 * Bad input gets TikTok's error envelope with a message naming the problem, never a crash, and
 * never a state change: each named case snapshots the ledger and the inventory history before
 * and after.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control, docSign, type Envelope } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let cipher: string;
let shop: string;
let wh: string[];
let product: { id: string; sku_ids: string[] };
let sku: string;
let orderId: string;
let packageId: string;

beforeAll(async () => {
  m = await startMock({ seed: 'bad-input', rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  shop = m.shops[0]!.id;
  const cat = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
  wh = cat.warehouses.map((w: { id: string }) => w.id);
  product = cat.products[0];
  sku = product.sku_ids[0]!;
  await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shop, sku_id: sku, warehouse_id: wh[0], quantity: 10 }] });
  const o = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: sku, quantity: 1 }] })).env.data;
  orderId = o.order_id;
  packageId = o.package_id;
});
afterAll(async () => {
  await m.close();
});

async function snapshot(): Promise<unknown> {
  const { at: _at, ...ledger } = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
  const history = (await control(m.url, 'GET', '/__mock/inventory/history')).env.data;
  return { ledger, history };
}

type Send = () => Promise<{ status: number; env: Envelope }>;
const upd = (body: unknown, productId = () => product.id): Send => () => c.call('POST', `/product/202309/products/${productId()}/inventory/update`, { shopCipher: cipher, body });
const api = (method: string, path: () => string, body?: unknown, query?: Record<string, string>): Send => () =>
  c.call(method, path(), { shopCipher: cipher, body, ...(query ? { query } : {}) });
const ctl = (method: string, path: () => string, body?: unknown): Send => () => control(m.url, method, path(), body);
/** A signed API call with a raw (possibly malformed) body: the doc client only sends valid JSON. */
const rawSigned = (path: () => string, body: string): Send => async () => {
  const params: Record<string, string> = { app_key: m.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher };
  params.sign = docSign(path(), params, body, m.appSecret);
  const res = await fetch(`${m.url}${path()}?${new URLSearchParams(params)}`, {
    method: 'POST',
    headers: { 'x-tts-access-token': m.accessToken, 'content-type': 'application/json' },
    body,
  });
  return { status: res.status, env: (await res.json()) as Envelope };
};
const line = (over: Record<string, unknown> = {}) => ({ shop_id: shop, line_items: [{ sku_id: sku, quantity: 1 }], ...over });

const cases: { name: string; send: Send; code: number; status?: number; message?: RegExp }[] = [
  { name: 'inventory update: malformed JSON', send: rawSigned(() => `/product/202309/products/${product.id}/inventory/update`, '{"skus": [{'), code: 36009004, message: /not valid JSON/ },
  { name: 'buyer: malformed JSON', send: ctl('POST', () => '/__mock/orders', '{"shop_id": '), code: 36009004, message: /not valid JSON/ },
  { name: 'inventory update: body is an array', send: upd([1, 2]), code: 36009004, message: /JSON object/ },
  { name: 'inventory update: skus missing', send: upd({}), code: 36009004, message: /skus: expected an array/ },
  { name: 'inventory update: skus empty (an empty field is a missing one)', send: upd({ skus: [] }), code: 36009004, message: /skus: expected an array, got nothing/ },
  { name: 'inventory update: oversized skus', send: upd({ skus: Array.from({ length: 101 }, () => ({ id: 'x', inventory: [] })) }), code: 36009004, message: /1..100/ },
  { name: 'inventory update: sku id is a number', send: upd({ skus: [{ id: 5, inventory: [{ quantity: 1 }] }] }), code: 36009004, message: /skus\[0\]\.id/ },
  { name: 'inventory update: quantity is a string', send: upd({ skus: [{ id: 'a', inventory: [{ warehouse_id: 'w', quantity: '7' }] }] }), code: 36009004, message: /quantity: expected a number/ },
  { name: 'inventory update: same SKU twice', send: () => upd({ skus: [{ id: sku, inventory: [{ warehouse_id: wh[0], quantity: 1 }] }, { id: sku, inventory: [{ warehouse_id: wh[0], quantity: 2 }] }] })(), code: 36009004, message: /more than once/ },
  { name: 'inventory update: unknown product', send: upd({ skus: [] }, () => '123'), code: 90000404, status: 404 },
  { name: 'inventory update: quantity out of range is reported, not applied', send: () => upd({ skus: [{ id: sku, inventory: [{ warehouse_id: wh[0], quantity: -1 }] }] })(), code: 0 },
  { name: 'inventory update: unknown warehouse is reported, not applied', send: () => upd({ skus: [{ id: sku, inventory: [{ warehouse_id: '42', quantity: 3 }] }] })(), code: 0 },
  { name: 'inventory search: neither ids', send: api('POST', () => '/product/202309/inventory/search', {}), code: 36009004 },
  { name: 'inventory search: 601 sku_ids', send: api('POST', () => '/product/202309/inventory/search', { sku_ids: Array.from({ length: 601 }, (_, i) => String(i)) }), code: 36009004, message: /1..600/ },
  { name: 'orders search: page_size 0', send: api('POST', () => '/order/202309/orders/search', {}, { page_size: '0' }), code: 36009004, message: /page_size/ },
  { name: 'orders search: page_size not a number', send: api('POST', () => '/order/202309/orders/search', {}, { page_size: 'ten' }), code: 36009004 },
  { name: 'orders search: unknown status', send: api('POST', () => '/order/202309/orders/search', { order_status: 'LOST' }, { page_size: '5' }), code: 36009004, message: /order_status/ },
  { name: 'orders search: time filter is a string', send: api('POST', () => '/order/202309/orders/search', { create_time_ge: 'today' }, { page_size: '5' }), code: 36009004 },
  { name: 'orders search: bad sort_field', send: api('POST', () => '/order/202309/orders/search', {}, { page_size: '5', sort_field: 'price' }), code: 36009004 },
  { name: 'mark shipped: unknown order', send: api('POST', () => '/fulfillment/202309/orders/999/packages', { tracking_number: 'ABCD', shipping_provider_id: '6617675021119438849' }), code: 90000404 },
  { name: 'mark shipped: tracking missing', send: () => api('POST', () => `/fulfillment/202309/orders/${orderId}/packages`, { shipping_provider_id: '6617675021119438849' })(), code: 36009004, message: /tracking_number/ },
  { name: 'mark shipped: unknown line item', send: () => api('POST', () => `/fulfillment/202309/orders/${orderId}/packages`, { tracking_number: 'ABCD', shipping_provider_id: '6617675021119438849', order_line_item_ids: ['nope'] })(), code: 36009004 },
  { name: 'ship batch: oversized', send: api('POST', () => '/fulfillment/202309/packages/ship', { packages: Array.from({ length: 51 }, (_, i) => ({ id: String(i) })) }), code: 36009004 },
  { name: 'ship batch: one malformed entry ships none', send: () => api('POST', () => '/fulfillment/202309/packages/ship', { packages: [{ id: packageId }, { id: 7 }] })(), code: 36009004, message: /packages\[1\]\.id/ },
  { name: 'ship package: bad handover method', send: () => api('POST', () => `/fulfillment/202309/packages/${packageId}/ship`, { handover_method: 'TELEPORT' })(), code: 36009004 },
  { name: 'webhook: address not a URL', send: api('PUT', () => '/event/202309/webhooks', { address: 'nope', event_type: 'ORDER_STATUS_CHANGE' }), code: 36009004 },
  { name: 'unknown path', send: api('GET', () => '/order/202309/nothing'), code: 36009009, status: 404 },
  { name: 'unknown method', send: api('PATCH', () => '/order/202309/orders/search'), code: 36009010, status: 405 },
  { name: 'buyer: unknown shop', send: ctl('POST', () => '/__mock/orders', line({ shop_id: '1' })), code: 36009004, message: /shop_id/ },
  { name: 'buyer: unknown SKU', send: () => ctl('POST', () => '/__mock/orders', line({ line_items: [{ sku_id: 'x', quantity: 1 }] }))(), code: 36009004, message: /sku_id/ },
  { name: 'buyer: quantity 0', send: () => ctl('POST', () => '/__mock/orders', line({ line_items: [{ sku_id: sku, quantity: 0 }] }))(), code: 36009004, message: /quantity/ },
  { name: 'buyer: fractional quantity', send: () => ctl('POST', () => '/__mock/orders', line({ line_items: [{ sku_id: sku, quantity: 1.5 }] }))(), code: 36009004 },
  { name: 'buyer: unknown key', send: () => ctl('POST', () => '/__mock/orders', line({ coupon: 'x' }))(), code: 36009004, message: /body\.coupon: unknown key/ },
  { name: 'buyer: bad region', send: () => ctl('POST', () => '/__mock/orders', line({ buyer_region: 'MARS' }))(), code: 36009004, message: /buyer_region/ },
  { name: 'buyer: oversized batch', send: () => ctl('POST', () => '/__mock/orders/batch', { orders: Array.from({ length: 501 }, () => line()) })(), code: 36009004, message: /1..500/ },
  { name: 'buyer: batch with one bad order places none', send: () => ctl('POST', () => '/__mock/orders/batch', { orders: [line(), line(), line({ shop_id: 5 })] })(), code: 36009004, message: /orders\[2\]\.shop_id/ },
  { name: 'buyer: cancel unknown order', send: ctl('POST', () => '/__mock/orders/1/cancel'), code: 90000404 },
  { name: 'buyer: advance without status', send: () => ctl('POST', () => `/__mock/orders/${orderId}/advance`, {})(), code: 36009004 },
  { name: 'seed stock: one bad item sets none', send: () => ctl('PUT', () => '/__mock/inventory', { items: [{ shop_id: shop, sku_id: sku, warehouse_id: wh[0], quantity: 99 }, { shop_id: shop, sku_id: sku, warehouse_id: wh[0], quantity: 100_000 }] })(), code: 36009004, message: /items\[1\]\.quantity/ },
  { name: 'faults: malformed JSON', send: ctl('PUT', () => '/__mock/faults', '{oops'), code: 36009004 },
  { name: 'control: unknown path', send: ctl('GET', () => '/__mock/nothing'), code: 36009009, status: 404 },
  { name: 'control: unknown method', send: ctl('DELETE', () => '/__mock/ledger'), code: 36009010, status: 405 },
];

describe('bad input', () => {
  for (const k of cases) {
    it(k.name, async () => {
      const before = await snapshot();
      const r = await k.send();
      expect(r.env.code).toBe(k.code);
      if (k.status !== undefined) expect(r.status).toBe(k.status);
      if (k.message) expect(r.env.message).toMatch(k.message);
      if (k.code !== 0) expect(r.status).toBeGreaterThanOrEqual(400);
      else expect(r.env.data.errors?.length).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('the mock is still healthy afterwards and counted the calls', async () => {
    expect((await c.getAuthorizedShops()).env.code).toBe(0);
    const stats = (await control(m.url, 'GET', '/__mock/stats')).env.data.endpoints;
    expect(stats.UNMATCHED.by_code['36009009']).toBeGreaterThan(0);
    expect(stats['POST /product/202309/products/{product_id}/inventory/update'].partial).toBe(2);
  });
});
