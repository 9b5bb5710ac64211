/**
 * The three classic integration checks against the real mock, plus dedupe and hot-SKU
 * concurrency: stock change in the ERP -> every shop shows it; order on the platform ->
 * allocated in the ERP; shipment in the ERP -> platform shows it shipped with its tracking.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { eventually, http, platformLedger, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair();
});
afterAll(async () => {
  await p?.close();
});

const sku = (i: number) => p.catalog.skus[i]!;
const wh = (i: number) => p.catalog.warehouses[i]!;

async function placeOrder(shopId: string, skuId: string, quantity: number, region?: string) {
  return p.ctl('POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: skuId, quantity }], ...(region ? { buyer_region: region } : {}) });
}

describe('stock: ERP -> platform', () => {
  it('a stock write reaches every shop, for that warehouse', async () => {
    const s = sku(0);
    const r = await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 37 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ sku: s.seller_sku, warehouse_id: wh(0).id, on_hand: 37, reserved: 0, available: 37 });
    expect(r.body.seq).toBeGreaterThan(0);
    for (const shop of p.catalog.shops) {
      const w = await waitPlatform(p, shop.id, s.id, wh(0).id, 37);
      expect(w.reached, `shop ${shop.id}`).toBe(true);
    }
    const read = await p.erp('GET', `/stock/${s.seller_sku}`);
    expect(read.body.pushed.filter((x: { warehouse_id: string; quantity: number }) => x.warehouse_id === wh(0).id && x.quantity === 37)).toHaveLength(p.catalog.shops.length);
    const changes = await p.erp('GET', `/stock/changes?after_seq=${r.body.seq - 1}&limit=1`);
    expect(changes.body.changes[0]).toMatchObject({ seq: r.body.seq, sku: s.seller_sku, warehouse_id: wh(0).id, available: 37 });
  });

  it('a burst of writes to one SKU coalesces: the platform ends at the last value, with fewer pushes than writes', async () => {
    const s = sku(1);
    const pushesOk = async () => {
      const m = (await p.erp('GET', '/metrics')).body as string;
      return Number(/peakday_stack_inventory_pushes_total\{outcome="ok"\} (\d+)/.exec(m)?.[1] ?? 0);
    };
    const before = await pushesOk();
    const writes = 60;
    await Promise.all(Array.from({ length: writes }, (_, i) => p.erp('POST', `/stock/${s.seller_sku}/${wh(1).id}/adjust`, { delta: 1 + (i % 2) })));
    const total = Array.from({ length: writes }, (_, i) => 1 + (i % 2)).reduce((a, b) => a + b, 0);
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, wh(1).id, total)).reached).toBe(true);
    await eventually('outbox drained', async () => !/peakday_stack_outbox_depth\{outbox="inventory"\} [1-9]/.test((await p.erp('GET', '/metrics')).body));
    const pushes = (await pushesOk()) - before;
    expect(pushes).toBeGreaterThan(0);
    expect(pushes).toBeLessThan(writes * p.catalog.shops.length);
  });

  it('idempotency: the same key and body replays the answer and applies once; another body is 409', async () => {
    const s = sku(2);
    const path = `/stock/${s.seller_sku}/${wh(0).id}/adjust`;
    const a = await p.erp('POST', path, { delta: 5 }, { 'idempotency-key': 'k-1' });
    const b = await p.erp('POST', path, { delta: 5 }, { 'idempotency-key': 'k-1' });
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    const c = await p.erp('POST', path, { delta: 6 }, { 'idempotency-key': 'k-1' });
    expect(c.status).toBe(409);
    expect(c.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const read = await p.erp('GET', `/stock/${s.seller_sku}`);
    expect(read.body.warehouses.find((w: { warehouse_id: string }) => w.warehouse_id === wh(0).id).on_hand).toBe(5);
  });

  it('batch writes apply all lines or none', async () => {
    const s = sku(3);
    const ok = await p.erp('POST', '/stock/batch', {
      lines: [
        { sku: s.seller_sku, warehouse_id: wh(0).id, on_hand: 4 },
        { sku: s.seller_sku, warehouse_id: wh(1).id, delta: 3 },
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.results.map((r: { available: number }) => r.available)).toEqual([4, 3]);
    const bad = await p.erp('POST', '/stock/batch', {
      lines: [
        { sku: s.seller_sku, warehouse_id: wh(0).id, on_hand: 100 },
        { sku: s.seller_sku, warehouse_id: wh(1).id, delta: -50 },
      ],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('NEGATIVE_STOCK');
    expect(bad.body.error.message).toContain('lines[1]');
    const read = await p.erp('GET', `/stock/${s.seller_sku}`);
    expect(read.body.warehouses.find((w: { warehouse_id: string }) => w.warehouse_id === wh(0).id).on_hand).toBe(4);
  });

  it('low-stock alert fires when available falls below the safety threshold', async () => {
    const s = sku(4);
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 10 });
    expect((await p.erp('PUT', `/stock/${s.seller_sku}/safety`, { threshold: 5 })).status).toBe(200);
    const mark = (await p.erp('GET', '/alerts')).body.next_after_seq;
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 6 });
    expect((await p.erp('GET', `/alerts?after_seq=${mark}`)).body.alerts).toHaveLength(0);
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 3 });
    const alerts = (await p.erp('GET', `/alerts?after_seq=${mark}`)).body.alerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ sku: s.seller_sku, available_total: 3, threshold: 5 });
  });
});

describe('orders: platform -> ERP, shipments: ERP -> platform', () => {
  it('an order placed on the platform is allocated in the ERP (nearest warehouse) and the new availability reaches every shop', async () => {
    const s = sku(5);
    const near = p.catalog.warehouses.find((w) => w.region_code === p.catalog.shops[1]!.region) ?? wh(0);
    for (const w of p.catalog.warehouses) await p.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: 20 });
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, near.id, 20)).reached).toBe(true);
    const placed = await placeOrder(p.catalog.shops[1]!.id, s.id, 3, near.region_code);
    expect(placed.accepted).toBe(true);
    const order = await eventually('order allocated', async () => {
      const r = await p.erp('GET', `/orders/${placed.order_id}`);
      return r.status === 200 && r.body.status === 'allocated' ? r.body : undefined;
    });
    expect(order.lines).toEqual([{ sku: s.seller_sku, quantity: 3 }]);
    expect(order.allocation).toEqual([{ warehouse_id: near.id, lines: [{ sku: s.seller_sku, quantity: 3 }] }]);
    expect(order.received_at).toBeLessThanOrEqual(order.allocated_at);
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, near.id, 17)).reached, `shop ${shop.id}`).toBe(true);

    // Shipment: ERP -> platform, with the tracking the warehouse issued, exactly once.
    const carrier = p.catalog.shipping_providers[0]!.id;
    const ship = await p.erp('POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: 'TRK-0001' });
    expect(ship.status).toBe(202);
    expect(ship.body).toMatchObject({ order_id: placed.order_id, sync: 'pending' });
    const again = await p.erp('POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: 'TRK-0001' });
    expect(again.status).toBe(200);
    const other = await p.erp('POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: 'TRK-0002' });
    expect(other.status).toBe(409);
    const w = await p.ctl('GET', `/__mock/wait?order_id=${placed.order_id}&status=AWAITING_COLLECTION&timeout_ms=10000`);
    expect(w.reached).toBe(true);
    const synced = await eventually('shipment acknowledged', async () => {
      const r = await p.erp('GET', `/orders/${placed.order_id}`);
      return r.body.shipment?.synced_at ? r.body : undefined;
    });
    expect(synced.status).toBe('shipped');
    const ledger = await platformLedger(p);
    const pkgs = (ledger.packages as { order_id: string; tracking_number?: string }[]).filter((k) => k.order_id === placed.order_id && k.tracking_number);
    expect(pkgs.map((k) => k.tracking_number)).toEqual(['TRK-0001']);
    expect(ledger.duplicate_shipments ?? 0).toBe(0);
    // Shipped units left on-hand and reserved; available unchanged.
    const st = (await p.erp('GET', `/stock/${s.seller_sku}`)).body.warehouses.find((x: { warehouse_id: string }) => x.warehouse_id === near.id);
    expect(st).toMatchObject({ on_hand: 17, reserved: 0, available: 17 });
  });

  it('a cancellation releases the reservation and pushes the availability back', async () => {
    const s = sku(6);
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 5 });
    for (const shop of p.catalog.shops) await waitPlatform(p, shop.id, s.id, wh(0).id, 5);
    const placed = await placeOrder(p.catalog.shops[0]!.id, s.id, 2);
    await eventually('allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    await p.ctl('POST', `/__mock/orders/${placed.order_id}/cancel`, {});
    await eventually('cancelled', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'cancelled');
    const st = (await p.erp('GET', `/stock/${s.seller_sku}`)).body.warehouses.find((x: { warehouse_id: string }) => x.warehouse_id === wh(0).id);
    expect(st).toMatchObject({ on_hand: 5, reserved: 0, available: 5 });
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, wh(0).id, 5)).reached).toBe(true);
  });

  it('dedupe: a duplicated webhook and the same order twice allocate once', async () => {
    const s = sku(7);
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: 9 });
    for (const shop of p.catalog.shops) await waitPlatform(p, shop.id, s.id, wh(0).id, 9);
    const shop = p.catalog.shops[2]!;
    const placed = await placeOrder(shop.id, s.id, 4);
    await eventually('allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    const send = async (notificationId: string) => {
      const raw = JSON.stringify({
        type: 1,
        tts_notification_id: notificationId,
        shop_id: shop.id,
        timestamp: Math.floor(Date.now() / 1000),
        data: { order_id: placed.order_id, order_status: 'AWAITING_SHIPMENT', is_on_hold_order: false, update_time: Math.floor(Date.now() / 1000) },
      });
      return http(p.stack.url, 'POST', '/webhooks/tiktok', raw, { authorization: signWebhook(p.mock.appKey, p.mock.appSecret, raw) });
    };
    const first = await send('dup-1');
    const second = await send('dup-1');
    const third = await send('dup-2'); // a new notification for an order the ERP holds
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(first.body.outcome).toBe('known_order');
    expect(['duplicate', 'replay']).toContain(second.body.outcome);
    expect(third.body.outcome).toBe('known_order');
    await new Promise((r) => setTimeout(r, 300));
    const st = (await p.erp('GET', `/stock/${s.seller_sku}`)).body.warehouses.find((x: { warehouse_id: string }) => x.warehouse_id === wh(0).id);
    expect(st.reserved).toBe(4);
    const exported = (await p.erp('GET', '/orders?after_seq=0&limit=5000')).body.orders.filter((o: { order_id: string }) => o.order_id === placed.order_id);
    expect(exported).toHaveLength(1);
  });

  it('hot SKU: many concurrent orders across shops never allocate more than on hand', async () => {
    const s = sku(8);
    const onHand = 10;
    // The platform is seeded higher than the ERP (a stale push): it accepts more than exists.
    await p.erp('PUT', `/stock/${s.seller_sku}/${wh(0).id}`, { on_hand: onHand });
    for (const shop of p.catalog.shops) await waitPlatform(p, shop.id, s.id, wh(0).id, onHand);
    await p.ctl('PUT', '/__mock/inventory', { items: p.catalog.shops.map((sh) => ({ shop_id: sh.id, sku_id: s.id, warehouse_id: wh(0).id, quantity: 15 })) });
    const orders = p.catalog.shops.flatMap((sh) => Array.from({ length: 15 }, () => ({ shop_id: sh.id, line_items: [{ sku_id: s.id, quantity: 1 }] })));
    const res = await p.ctl('POST', '/__mock/orders/batch', { orders });
    const accepted = (res.results as { accepted: boolean; order_id?: string }[]).filter((r) => r.accepted).map((r) => r.order_id as string);
    expect(accepted.length).toBeGreaterThan(onHand);
    const views = await eventually('all accepted orders ingested', async () => {
      const v = await Promise.all(accepted.map(async (id) => (await p.erp('GET', `/orders/${id}`)).body));
      return v.every((o) => o.ingested === true) ? v : undefined;
    }, 15_000);
    const allocatedUnits = views
      .filter((o) => o.status === 'allocated')
      .reduce((n, o) => n + o.allocation.reduce((m: number, part: { lines: { quantity: number }[] }) => m + part.lines.reduce((k, l) => k + l.quantity, 0), 0), 0);
    expect(allocatedUnits).toBe(onHand);
    expect(views.filter((o) => o.status === 'backordered')).toHaveLength(accepted.length - onHand);
    const st = (await p.erp('GET', `/stock/${s.seller_sku}`)).body.warehouses.find((x: { warehouse_id: string }) => x.warehouse_id === wh(0).id);
    expect(st).toMatchObject({ on_hand: onHand, reserved: onHand, available: 0 });
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, wh(0).id, 0)).reached).toBe(true);
  });

  it('health, readiness and metrics', async () => {
    expect((await p.erp('GET', '/health')).status).toBe(200);
    const ready = await p.erp('GET', '/ready');
    expect(ready.body).toEqual({ ready: true, checks: { db_open: true, catalog_mapped: true, webhooks_subscribed: true }, deauthorized_shops: [] });
    const m = await p.erp('GET', '/metrics');
    expect(m.status).toBe(200);
    for (const name of ['peakday_stack_http_request_duration_seconds', 'peakday_stack_outbox_depth', 'peakday_stack_inventory_sync_lag_seconds', 'peakday_stack_inventory_pushes_total', 'peakday_stack_orders{status="allocated"}'])
      expect(m.body).toContain(name);
    expect(m.body).not.toContain(p.mock.appSecret);
  });
});
