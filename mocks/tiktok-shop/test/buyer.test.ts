/**
 * The buyer side and observation: sold-out refusal, commit and release, status transitions,
 * batch orders, the wait primitive, the ledger, reset, and ORDER_STATUS_CHANGE reaching a
 * subscribed receiver with a valid signature.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signWebhook } from '../../../lib/tiktok/signature.ts';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let shopA: string;
let shopB: string;
let wh: string[];
let sku: string;

beforeAll(async () => {
  m = await startMock({ seed: 'buyer', rateLimit: { defaultQps: 100_000 }, webhook: { retryScheduleMs: [20, 40] } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  shopA = m.shops[0]!.id;
  shopB = m.shops[1]!.id;
  const cat = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
  wh = cat.warehouses.map((w: { id: string }) => w.id);
  sku = cat.skus[0].id;
});
afterAll(async () => {
  await m.close();
});
beforeEach(async () => {
  await control(m.url, 'POST', '/__mock/reset');
});

const place = async (shop: string, quantity: number, s = sku) =>
  (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: s, quantity }] })).env;
const setStock = (shop: string, q: number[]) =>
  control(m.url, 'PUT', '/__mock/inventory', { items: q.map((quantity, i) => ({ shop_id: shop, sku_id: sku, warehouse_id: wh[i], quantity })) });
const ledgerRow = async (shop: string, w: string) =>
  ((await control(m.url, 'GET', '/__mock/ledger')).env.data.inventory as { shop_id: string; sku_id: string; warehouse_id: string; available: number; committed: number }[]).find(
    (x) => x.shop_id === shop && x.sku_id === sku && x.warehouse_id === w,
  );

describe('placing orders', () => {
  it('refuses as sold out (HTTP 200, accepted false) when the shop total is short, changing nothing', async () => {
    await setStock(shopA, [1, 1, 0]);
    const r = await place(shopA, 3);
    expect(r.code).toBe(0);
    expect(r.data).toMatchObject({ accepted: false, reason: 'sold_out', sku_id: sku, requested: 3, available: 2 });
    expect(await ledgerRow(shopA, wh[0]!)).toMatchObject({ available: 1, committed: 0 });
    // Shop B shows nothing: each shop has its own platform stock.
    expect((await place(shopB, 1)).data.accepted).toBe(false);
  });

  it('commits from the warehouse with most available (ties: catalog order), spilling over when short', async () => {
    await setStock(shopA, [2, 5, 5]);
    const r = await place(shopA, 6);
    expect(r.data.accepted).toBe(true);
    expect(r.data.status).toBe('AWAITING_SHIPMENT');
    expect(typeof r.data.placed_at).toBe('number');
    expect(r.data.line_items[0].commits).toEqual([
      { warehouse_id: wh[1], quantity: 5 },
      { warehouse_id: wh[2], quantity: 1 },
    ]);
    expect(await ledgerRow(shopA, wh[1]!)).toMatchObject({ available: 0, committed: 5 });
    expect(await ledgerRow(shopA, wh[2]!)).toMatchObject({ available: 4, committed: 1 });
  });

  it('cancel releases the commit; only AWAITING_SHIPMENT orders can be cancelled', async () => {
    await setStock(shopA, [4, 0, 0]);
    const id = (await place(shopA, 3)).data.order_id;
    const cancel = await control(m.url, 'POST', `/__mock/orders/${id}/cancel`);
    expect(cancel.env.data.status).toBe('CANCELLED');
    expect(await ledgerRow(shopA, wh[0]!)).toMatchObject({ available: 4, committed: 0 });
    const twice = await control(m.url, 'POST', `/__mock/orders/${id}/cancel`);
    expect([twice.status, twice.env.code]).toEqual([409, 90000422]);
    const h = await control(m.url, 'GET', `/__mock/inventory/history?shop_id=${shopA}&sku_id=${sku}&warehouse_id=${wh[0]}`);
    expect(h.env.data.items[0].entries.map((e: [number, number, string]) => [e[1], e[2]])).toEqual([[4, 'set'], [1, 'order'], [4, 'release']]);
  });

  it('moves through AWAITING_COLLECTION -> IN_TRANSIT -> DELIVERED, only from valid predecessors', async () => {
    await setStock(shopA, [4, 0, 0]);
    const id = (await place(shopA, 1)).data.order_id;
    const early = await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status: 'IN_TRANSIT' });
    expect(early.env.code).toBe(90000422);
    await c.markShipped(m.shops[0]!.cipher, id, { tracking_number: 'T-1000', shipping_provider_id: '6617675021119438849' });
    expect((await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status: 'DELIVERED' })).env.code).toBe(90000422);
    expect((await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status: 'IN_TRANSIT' })).env.data.status).toBe('IN_TRANSIT');
    expect((await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status: 'DELIVERED' })).env.data.status).toBe('DELIVERED');
    expect((await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status: 'COMPLETED' })).env.code).toBe(36009004);
    expect((await control(m.url, 'POST', `/__mock/orders/${id}/cancel`)).env.code).toBe(90000422);
    const pkg = (await control(m.url, 'GET', '/__mock/ledger')).env.data.packages[0];
    expect(pkg).toMatchObject({ status: 'COMPLETED', tracking_number: 'T-1000' });
  });

  it('batch: per-order results in order, stock shared across the batch', async () => {
    await setStock(shopA, [3, 0, 0]);
    const orders = [1, 1, 2, 1].map((q) => ({ shop_id: shopA, line_items: [{ seller_sku: 'SKU-000001', quantity: q }] }));
    const r = await control(m.url, 'POST', '/__mock/orders/batch', { orders });
    expect(r.env.data.results.map((x: { accepted: boolean }) => x.accepted)).toEqual([true, true, false, true]);
    expect([r.env.data.accepted, r.env.data.refused]).toEqual([3, 1]);
    const stats = (await control(m.url, 'GET', '/__mock/stats')).env.data;
    expect(stats.orders).toEqual({ accepted: 3, refused_sold_out: 1 });
  });
});

describe('wait primitive', () => {
  it('resolves as soon as an inventory key reaches the quantity', async () => {
    const q = `shop_id=${shopA}&sku_id=${sku}&warehouse_id=${wh[0]}`;
    const pending = control(m.url, 'GET', `/__mock/wait?${q}&quantity=7&timeout_ms=10000`);
    await new Promise((r) => setTimeout(r, 50));
    await setStock(shopA, [7, 0, 0]);
    const r = await pending;
    expect(r.env.data.reached).toBe(true);
    expect(r.env.data.value).toBe(7);
    expect(r.env.data.waited_ms).toBeLessThan(5000);
  });

  it('times out with reached false and the current value', async () => {
    const r = await control(m.url, 'GET', `/__mock/wait?shop_id=${shopA}&sku_id=${sku}&warehouse_id=${wh[0]}&quantity=9&timeout_ms=100`);
    expect(r.env.data).toMatchObject({ reached: false, value: 0 });
    expect(r.env.data.waited_ms).toBeGreaterThanOrEqual(90);
  });

  it('waits for an order status (a later status counts as reached)', async () => {
    await setStock(shopA, [4, 0, 0]);
    const id = (await place(shopA, 1)).data.order_id;
    const pending = control(m.url, 'GET', `/__mock/wait?order_id=${id}&status=AWAITING_COLLECTION&timeout_ms=10000`);
    await new Promise((r) => setTimeout(r, 50));
    await c.markShipped(m.shops[0]!.cipher, id, { tracking_number: 'W-0001', shipping_provider_id: '6617675021119438849' });
    expect((await pending).env.data).toMatchObject({ reached: true, value: 'AWAITING_COLLECTION' });
    const past = await control(m.url, 'GET', `/__mock/wait?order_id=${id}&status=AWAITING_SHIPMENT&timeout_ms=0`);
    expect(past.env.data.reached).toBe(true);
    const never = await control(m.url, 'GET', `/__mock/wait?order_id=${id}&status=CANCELLED&timeout_ms=50`);
    expect(never.env.data.reached).toBe(false);
  });

  it('refuses bad wait requests and caps the timeout', async () => {
    expect((await control(m.url, 'GET', '/__mock/wait?order_id=1&status=NOPE')).env.code).toBe(36009004);
    expect((await control(m.url, 'GET', '/__mock/wait?shop_id=1')).env.code).toBe(36009004);
    expect((await control(m.url, 'GET', `/__mock/wait?order_id=x&status=DELIVERED&timeout_ms=60001`)).env.code).toBe(36009004);
  });
});

describe('ledger and reset', () => {
  it('exports orders, packages and inventory; reset goes back to the seeded state with the same credentials', async () => {
    await setStock(shopA, [4, 0, 0]);
    const id = (await place(shopA, 2)).data.order_id;
    const before = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
    expect(before.orders).toHaveLength(1);
    expect(before.orders[0]).toMatchObject({ id, shop_id: shopA, status: 'AWAITING_SHIPMENT', line_items: [{ sku_id: sku, quantity: 2, shipped: false }] });
    expect(before.packages[0]).toMatchObject({ order_id: id, status: 'TO_FULFILL', tracking_number: null });
    expect(before.inventory).toHaveLength(3 * 200 * 3);
    await c.getAuthorizedShops();
    const catalogBefore = (await control(m.url, 'GET', '/__mock/catalog')).env.data;
    await control(m.url, 'POST', '/__mock/reset');
    const after = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
    expect(after.orders).toEqual([]);
    expect(after.inventory.every((x: { available: number; committed: number }) => x.available === 0 && x.committed === 0)).toBe(true);
    expect((await control(m.url, 'GET', '/__mock/inventory/history')).env.data.items).toEqual([]);
    expect((await control(m.url, 'GET', '/__mock/stats')).env.data.endpoints).toEqual({});
    expect((await control(m.url, 'GET', '/__mock/catalog')).env.data).toEqual(catalogBefore);
    expect((await c.getAuthorizedShops()).env.code).toBe(0); // same credentials still work
  });

  it('streams a ledger of thousands of orders as one valid JSON document', async () => {
    await control(m.url, 'PUT', '/__mock/inventory', { items: m.shops.map((s) => ({ shop_id: s.id, sku_id: sku, warehouse_id: wh[0], quantity: 99_999 })) });
    const batch = { orders: Array.from({ length: 500 }, (_, i) => ({ shop_id: m.shops[i % 3]!.id, line_items: [{ sku_id: sku, quantity: 1 }] })) };
    for (let i = 0; i < 8; i++) expect((await control(m.url, 'POST', '/__mock/orders/batch', batch)).env.data.accepted).toBe(500);
    const res = await fetch(`${m.url}/__mock/ledger`);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(200_000);
    const env = JSON.parse(text) as { code: number; data: { orders: unknown[]; packages: unknown[]; inventory: { available: number; committed: number }[] } };
    expect(env.code).toBe(0);
    expect(env.data.orders).toHaveLength(4000);
    expect(env.data.packages).toHaveLength(4000);
    expect(env.data.inventory.reduce((a, x) => a + x.committed, 0)).toBe(4000);
  });

  it('the same seed gives the same catalog in another mock; another seed does not', async () => {
    const a = await startMock({ seed: 'buyer' });
    const b = await startMock({ seed: 'other' });
    try {
      const ca = (await control(a.url, 'GET', '/__mock/catalog')).env.data;
      expect(ca).toEqual((await control(m.url, 'GET', '/__mock/catalog')).env.data);
      expect((await control(b.url, 'GET', '/__mock/catalog')).env.data.skus[0].id).not.toBe(ca.skus[0].id);
      expect(ca.skus[122].seller_sku).toBe('SKU-000123');
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

describe('webhooks from the buyer side', () => {
  let receiver: Server;
  let got: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        got.push({ headers: req.headers, body });
        res.writeHead(200).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    receiver.closeAllConnections();
    await new Promise((r) => receiver.close(r));
  });

  it('an accepted order and its cancel push signed ORDER_STATUS_CHANGE to the subscribed address', async () => {
    got = [];
    const port = (receiver.address() as AddressInfo).port;
    expect((await c.setWebhook(m.shops[0]!.cipher, `http://127.0.0.1:${port}/tts`)).env.code).toBe(0);
    await setStock(shopA, [4, 0, 0]);
    const id = (await place(shopA, 1)).data.order_id;
    await control(m.url, 'POST', `/__mock/orders/${id}/cancel`);
    for (let i = 0; i < 100 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toHaveLength(2);
    const bodies = got.map((g) => JSON.parse(g.body));
    expect(bodies.map((b) => [b.type, b.shop_id, b.data.order_id, b.data.order_status])).toEqual([
      [1, shopA, id, 'AWAITING_SHIPMENT'],
      [1, shopA, id, 'CANCEL'],
    ]);
    for (const g of got) expect(g.headers.authorization).toBe(signWebhook(m.appKey, m.appSecret, g.body));
  });
});
