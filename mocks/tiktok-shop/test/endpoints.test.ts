/** Happy paths of every endpoint family, through the doc-only client. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let cipher: string;
let shopId: string;
let wh: string[];
let product: { id: string; sku_ids: string[] };
let multi: { id: string; sku_ids: string[] };

beforeAll(async () => {
  m = await startMock({ seed: 'endpoints', rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  shopId = m.shops[0]!.id;
  const cat = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
  wh = cat.warehouses.map((w: { id: string }) => w.id);
  product = cat.products[0];
  multi = cat.products.find((p: { sku_ids: string[] }) => p.sku_ids.length >= 2);
});
afterAll(async () => {
  await m.close();
});
beforeEach(async () => {
  await control(m.url, 'POST', '/__mock/reset');
});

async function stock(skuId: string, q: number[]) {
  const items = q.map((quantity, i) => ({ shop_id: shopId, sku_id: skuId, warehouse_id: wh[i], quantity }));
  expect((await control(m.url, 'PUT', '/__mock/inventory', { items })).env.code).toBe(0);
}

async function order(skuId: string, quantity: number, shop = shopId) {
  return (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: skuId, quantity }] })).env.data;
}

describe('products', () => {
  it('searches with page_size/page_token in the query and filters in the body', async () => {
    const all: string[] = [];
    let token: string | undefined;
    for (let page = 0; page < 100; page++) {
      const r = await c.searchProducts(cipher, 40, token);
      expect(r.env.code).toBe(0);
      all.push(...r.env.data.products.map((p: { id: string }) => p.id));
      token = r.env.data.next_page_token;
      if (!token) break;
    }
    const cat = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
    expect(all).toEqual(cat.products.map((p: { id: string }) => p.id));
    const bySku = await c.searchProducts(cipher, 10, undefined, { seller_skus: ['SKU-000001'] });
    expect(bySku.env.data.total_count).toBe(1);
    expect(bySku.env.data.products[0].skus.map((s: { seller_sku: string }) => s.seller_sku)).toContain('SKU-000001');
    const tooMany = await c.searchProducts(cipher, 10, undefined, { seller_skus: Array.from({ length: 11 }, (_, i) => `SKU-${i}`) });
    expect(tooMany.env.code).toBe(36009004);
  });

  it('gets a product with per-warehouse inventory of the calling shop', async () => {
    await stock(product.sku_ids[0]!, [3, 0, 9]);
    const r = await c.getProduct(cipher, product.id);
    expect(r.env.data.id).toBe(product.id);
    expect(r.env.data.skus[0].inventory).toEqual(wh.map((id, i) => ({ warehouse_id: id, quantity: [3, 0, 9][i], backorder_quantity: 0, handling_time: 0 })));
    const other = await c.getProduct(m.shops[1]!.cipher, product.id);
    expect(other.env.data.skus[0].inventory.every((x: { quantity: number }) => x.quantity === 0)).toBe(true);
  });
});

describe('inventory', () => {
  it('update sets absolute quantities; search shows available and committed per warehouse', async () => {
    const sku = multi.sku_ids[0]!;
    const up = await c.updateInventory(cipher, multi.id, [{ id: sku, inventory: [{ warehouse_id: wh[0]!, quantity: 10 }, { warehouse_id: wh[1]!, quantity: 4 }] }]);
    expect([up.status, up.env.code, up.env.data]).toEqual([200, 0, {}]);
    await order(sku, 3);
    const s = await c.searchInventory(cipher, { sku_ids: [sku] });
    const row = s.env.data.inventory[0].skus[0];
    expect(row.total_available_quantity).toBe(11);
    expect(row.total_committed_quantity).toBe(3);
    expect(row.warehouse_inventory[0]).toEqual({ warehouse_id: wh[0], available_quantity: 7, committed_quantity: 3 });
    const byProduct = await c.searchInventory(cipher, { product_ids: [multi.id] });
    expect(byProduct.env.data.inventory[0].skus).toHaveLength(multi.sku_ids.length);
  });

  it('partial failure: failed SKUs are reported with extra_errors and not applied, the rest are', async () => {
    const [a, b] = multi.sku_ids as [string, string];
    const r = await c.updateInventory(cipher, multi.id, [
      { id: a, inventory: [{ warehouse_id: wh[0]!, quantity: 5 }] },
      { id: b, inventory: [{ warehouse_id: wh[0]!, quantity: 6 }, { warehouse_id: wh[1]!, quantity: 100_000 }] },
    ]);
    expect(r.env.code).toBe(0);
    expect(r.env.data.errors).toHaveLength(1);
    const e = r.env.data.errors[0];
    expect(e.code).toBe(12019024);
    expect(e.detail.sku_id).toBe(b);
    expect(e.detail.extra_errors).toEqual([{ warehouse_id: wh[1], code: 12019024, message: expect.stringMatching(/Stock count is invalid/) }]);
    const s = await c.searchInventory(cipher, { sku_ids: [a, b] });
    const rows = s.env.data.inventory[0].skus;
    expect(rows.find((x: { id: string }) => x.id === a).warehouse_inventory[0].available_quantity).toBe(5);
    expect(rows.find((x: { id: string }) => x.id === b).total_available_quantity).toBe(0); // not even wh[0]
  });

  it('each business rule has its code: unknown warehouse, missing warehouse_id, SKU of another product', async () => {
    const sku = multi.sku_ids[0]!;
    const r = await c.updateInventory(cipher, multi.id, [
      { id: sku, inventory: [{ warehouse_id: '999', quantity: 1 }] },
      { id: multi.sku_ids[1]!, inventory: [{ quantity: 1 }] },
      { id: product.id === multi.id ? 'x' : product.sku_ids[0]!, inventory: [{ warehouse_id: wh[0]!, quantity: 1 }] },
    ]);
    expect(r.env.data.errors.map((e: { code: number }) => e.code)).toEqual([12052097, 12019028, 36009004]);
  });

  it('the history records each push with its time and source', async () => {
    const sku = multi.sku_ids[0]!;
    const t0 = Date.now();
    await c.updateInventory(cipher, multi.id, [{ id: sku, inventory: [{ warehouse_id: wh[2]!, quantity: 8 }] }]);
    await c.updateInventory(cipher, multi.id, [{ id: sku, inventory: [{ warehouse_id: wh[2]!, quantity: 2 }] }]);
    const h = await control(m.url, 'GET', `/__mock/inventory/history?shop_id=${shopId}&sku_id=${sku}&warehouse_id=${wh[2]}`);
    const entries = h.env.data.items[0].entries as [number, number, string][];
    expect(entries.map((e) => [e[1], e[2]])).toEqual([[8, 'push'], [2, 'push']]);
    expect(entries[0]![0]).toBeGreaterThanOrEqual(t0 - 5);
    const since = await control(m.url, 'GET', `/__mock/inventory/history?sku_id=${sku}&since=${entries[1]![0]}`);
    expect(since.env.data.items[0].entries.map((e: number[]) => e[1])).toEqual([2]);
    const all = await control(m.url, 'GET', '/__mock/inventory/history');
    expect(all.env.data.items).toHaveLength(1);
  });
});

describe('orders', () => {
  it('search paginates with page_token, sorts and filters; detail takes up to 50 ids', async () => {
    const sku = product.sku_ids[0]!;
    await stock(sku, [100, 0, 0]);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) ids.push((await order(sku, 1)).order_id);
    await new Promise((r) => setTimeout(r, 5)); // the cancel's update_time must be later than every placement
    await control(m.url, 'POST', `/__mock/orders/${ids[2]}/cancel`);
    const seen: string[] = [];
    let token = '';
    for (let page = 0; page < 10; page++) {
      const q: Record<string, string> = { page_size: '3', sort_field: 'create_time', sort_order: 'ASC' };
      if (token) q.page_token = token;
      const r = await c.searchOrders(cipher, q);
      expect(r.env.data.total_count).toBe(7);
      seen.push(...r.env.data.orders.map((o: { id: string }) => o.id));
      token = r.env.data.next_page_token;
      if (!token) break;
    }
    expect(seen).toEqual(ids);
    const desc = await c.searchOrders(cipher, { page_size: '100' });
    expect(desc.env.data.orders.map((o: { id: string }) => o.id)).toEqual([...ids].reverse());
    const cancelled = await c.searchOrders(cipher, { page_size: '10' }, { order_status: 'CANCELLED' });
    expect(cancelled.env.data.orders.map((o: { id: string }) => o.id)).toEqual([ids[2]]);
    const byUpdate = await c.searchOrders(cipher, { page_size: '1', sort_field: 'update_time', sort_order: 'DESC' });
    expect(byUpdate.env.data.orders[0].id).toBe(ids[2]); // the cancel is the latest update
    const future = Math.floor(Date.now() / 1000) + 100;
    expect((await c.searchOrders(cipher, { page_size: '10' }, { create_time_ge: future })).env.data.total_count).toBe(0);
    expect((await c.searchOrders(cipher, { page_size: '10' }, { update_time_lt: future })).env.data.total_count).toBe(7);
    expect((await c.searchOrders(m.shops[1]!.cipher, { page_size: '10' })).env.data.total_count).toBe(0);
    expect((await c.searchOrders(cipher, {})).env.code).toBe(36009004); // page_size required
    expect((await c.searchOrders(cipher, { page_size: '10', page_token: 'garbage' })).env.code).toBe(36009004);

    const d = await c.getOrders(cipher, ids.slice(0, 3));
    expect(d.env.data.orders.map((o: { id: string }) => o.id)).toEqual(ids.slice(0, 3));
    const o = d.env.data.orders[0];
    expect(o.status).toBe('AWAITING_SHIPMENT');
    expect(o.line_items[0]).toMatchObject({ sku_id: sku, seller_sku: expect.stringMatching(/^SKU-\d{6}$/), quantity: 1 });
    expect(o.recipient_address.region_code).toBe(m.shops[0]!.region);
    expect(o.warehouse_id).toBe(wh[0]);
    expect(typeof o.create_time).toBe('number');
    const fiftyOne = Array.from({ length: 51 }, (_, i) => ids[i % ids.length]!);
    expect((await c.getOrders(cipher, fiftyOne)).env.code).toBe(36009004);
    expect((await c.getOrders(cipher, ['576000'])).env.code).toBe(90000404);
  });
});

describe('fulfillment', () => {
  it('mark shipped creates the package with tracking; a second mark is refused and counted', async () => {
    const sku = product.sku_ids[0]!;
    await stock(sku, [5, 0, 0]);
    const { order_id } = await order(sku, 2);
    const r = await c.markShipped(cipher, order_id, { tracking_number: 'TRK-0001', shipping_provider_id: '6617675021119438849' });
    expect(r.env.code).toBe(0);
    expect(r.env.data.order_id).toBe(order_id);
    const pkgId = r.env.data.package_id;
    const again = await c.markShipped(cipher, order_id, { tracking_number: 'TRK-0002', shipping_provider_id: '6617675021119438849' });
    expect(again.env.code).toBe(90000409);
    const d = (await c.getOrders(cipher, [order_id])).env.data.orders[0];
    expect(d.status).toBe('AWAITING_COLLECTION');
    expect(d.tracking_number).toBe('TRK-0001');
    const p = await c.call('GET', `/fulfillment/202309/packages/${pkgId}`, { shopCipher: cipher });
    expect(p.env.data).toMatchObject({ package_id: pkgId, package_status: 'PROCESSING', tracking_number: 'TRK-0001', orders: [{ id: order_id }] });
    const ledger = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
    expect(ledger.duplicate_shipments).toBe(1);
    expect(ledger.inventory.find((x: { sku_id: string; shop_id: string; warehouse_id: string }) => x.sku_id === sku && x.shop_id === shopId && x.warehouse_id === wh[0])).toMatchObject({ available: 3, committed: 0 });
    const bad = await c.markShipped(cipher, order_id, { tracking_number: 'TRK-3', shipping_provider_id: 'nope' });
    expect(bad.env.code).toBe(36009004);
  });

  it('ship package single and batch, with per-package errors', async () => {
    const sku = product.sku_ids[0]!;
    await stock(sku, [5, 0, 0]);
    const a = await order(sku, 1);
    const b = await order(sku, 1);
    const one = await c.call('POST', `/fulfillment/202309/packages/${a.package_id}/ship`, { shopCipher: cipher, body: { handover_method: 'DROP_OFF' } });
    expect(one.env.code).toBe(0);
    const batch = await c.call('POST', '/fulfillment/202309/packages/ship', {
      shopCipher: cipher,
      body: { packages: [{ id: b.package_id, self_shipment: { tracking_number: 'OWN-1', shipping_provider_id: '6617675021119438850' } }, { id: a.package_id }] },
    });
    expect(batch.env.code).toBe(0);
    expect(batch.env.data.errors).toEqual([{ code: 90000409, message: expect.any(String), detail: { package_id: a.package_id } }]);
    const ledger = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
    const pkgs = Object.fromEntries(ledger.packages.map((p: { id: string }) => [p.id, p]));
    expect(pkgs[a.package_id].tracking_number).toMatch(/^TT\d+/);
    expect(pkgs[b.package_id].tracking_number).toBe('OWN-1');
    expect(ledger.orders.every((o: { status: string }) => o.status === 'AWAITING_COLLECTION')).toBe(true);
  });

  it('partial shipment by line items splits the package', async () => {
    const [s1, s2] = multi.sku_ids as [string, string];
    await stock(s1, [5, 0, 0]);
    await stock(s2, [5, 0, 0]);
    const o = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: s1, quantity: 1 }, { sku_id: s2, quantity: 1 }] })).env.data;
    const first = await c.markShipped(cipher, o.order_id, { tracking_number: 'PART-1', shipping_provider_id: '6617675021119438849', order_line_item_ids: [o.line_items[0].id] });
    expect(first.env.data.package_id).not.toBe(o.package_id);
    expect((await c.getOrders(cipher, [o.order_id])).env.data.orders[0].status).toBe('PARTIALLY_SHIPPING');
    const rest = await c.markShipped(cipher, o.order_id, { tracking_number: 'PART-2', shipping_provider_id: '6617675021119438849' });
    expect(rest.env.data.package_id).toBe(o.package_id);
    expect((await c.getOrders(cipher, [o.order_id])).env.data.orders[0].status).toBe('AWAITING_COLLECTION');
  });
});

describe('logistics and events', () => {
  it('warehouses, delivery options and shipping providers', async () => {
    const w = await c.getWarehouses(cipher);
    expect(w.env.data.warehouses.map((x: { id: string }) => x.id)).toEqual(wh);
    expect(w.env.data.warehouses[0].address.region_code).toBe('US-EAST');
    const d = await c.call('GET', `/logistics/202309/warehouses/${wh[0]}/delivery_options`, { shopCipher: cipher });
    const opt = d.env.data.delivery_options[0].id;
    const p = await c.getShippingProviders(cipher, opt);
    expect(p.env.data.shipping_providers.length).toBeGreaterThan(0);
    expect((await c.getShippingProviders(cipher, '1')).env.code).toBe(90000404);
  });

  it('webhook subscription per event type: put, get, delete; event types the mock never emits refused', async () => {
    expect((await c.setWebhook(cipher, 'http://127.0.0.1:9/hook')).env.code).toBe(0);
    const put = (event_type: string) => c.call('PUT', '/event/202309/webhooks', { shopCipher: cipher, body: { address: 'http://127.0.0.1:9/h', event_type } });
    expect((await put('CANCELLATION_STATUS_CHANGE')).env.code).toBe(0);
    expect((await c.call('GET', '/event/202309/webhooks', { shopCipher: cipher })).env.data.webhooks).toEqual([
      { event_type: 'ORDER_STATUS_CHANGE', address: 'http://127.0.0.1:9/hook' },
      { event_type: 'CANCELLATION_STATUS_CHANGE', address: 'http://127.0.0.1:9/h' },
    ]);
    expect((await put('NEW_CONVERSATION')).env.code).toBe(36009004);
    expect((await c.call('DELETE', '/event/202309/webhooks', { shopCipher: cipher, body: { event_type: 'CANCELLATION_STATUS_CHANGE' } })).env.code).toBe(0);
    expect((await c.setWebhook(cipher, 'not a url')).env.code).toBe(36009004);
    expect((await c.call('DELETE', '/event/202309/webhooks', { shopCipher: cipher, body: { event_type: 'ORDER_STATUS_CHANGE' } })).env.code).toBe(0);
    expect((await c.call('GET', '/event/202309/webhooks', { shopCipher: cipher })).env.data.webhooks).toEqual([]);
  });
});
