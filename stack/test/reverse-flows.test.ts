/**
 * The reverse flows against the real mock: a buyer's cancellation request approved (stock
 * released in the ERP and back on every shop), one rejected because the warehouse shipped
 * first, a return shipped back and restocked where it left, a refund that restocks nothing, an
 * address change before shipment, and the two defects that break them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, platformLedger, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({ warehouses: 1 });
});
afterAll(async () => {
  await p?.close();
});

const order = async (id: string) => (await p.erp('GET', `/orders/${id}`)).body;
const stockOf = async (sku: string) => (await p.erp('GET', `/stock/${sku}`)).body.warehouses[0];

/** Stocks SKU `i`, places an order of `quantity` in the first shop and waits until the ERP allocated it. */
async function allocatedOrder(p: Pair, i: number, onHand: number, quantity: number): Promise<{ id: string; sku: { id: string; seller_sku: string }; wh: string }> {
  const sku = p.catalog.skus[i]!;
  const wh = p.catalog.warehouses[0]!.id;
  expect((await p.erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: onHand })).status).toBe(200);
  for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, sku.id, wh, onHand)).reached).toBe(true);
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: sku.id, quantity }] });
  expect(placed.accepted).toBe(true);
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
  return { id: placed.order_id, sku, wh };
}

/** Ships the order from the ERP, waits until the platform has it, and lets the carrier collect it. */
async function shipAndDeliver(p: Pair, id: string): Promise<void> {
  const carrier = p.catalog.shipping_providers[0]!.id;
  expect((await p.erp('POST', `/orders/${id}/shipment`, { carrier, tracking_number: `T${id}` })).status).toBe(202);
  await eventually('shipment acknowledged', async () => (await p.erp('GET', `/orders/${id}`)).body.shipment?.sync === 'acknowledged');
  await p.ctl('POST', `/__mock/orders/${id}/advance`, { status: 'IN_TRANSIT' });
}

/**
 * Ships the order from the ERP while the platform refuses every shipment (HTTP 500), so that
 * `meanwhile` runs while the platform still awaits a shipment the warehouse already made; the
 * platform takes shipments again afterwards.
 */
async function shippedButNotOnPlatform(p: Pair, id: string, meanwhile: () => Promise<void>): Promise<void> {
  await p.ctl('PUT', '/__mock/faults', { errors: { share: 1, status: 500, endpoints: ['POST /fulfillment/*'] } });
  try {
    const carrier = p.catalog.shipping_providers[0]!.id;
    expect((await p.erp('POST', `/orders/${id}/shipment`, { carrier, tracking_number: `T${id}` })).status).toBe(202);
    await meanwhile();
  } finally {
    await p.ctl('PUT', '/__mock/faults', {});
  }
}

describe('reverse flows on the reference stack', () => {
  it('approves a buyer cancellation request: the order is cancelled and its stock back on every shop', async () => {
    const o = await allocatedOrder(p, 0, 10, 3);
    const req = await p.ctl('POST', `/__mock/orders/${o.id}/cancel-request`, {});
    expect(req.cancel_status).toBe('CANCELLATION_REQUEST_PENDING');
    await eventually('cancelled in the ERP', async () => (await order(o.id)).status === 'cancelled');
    expect(await stockOf(o.sku.seller_sku)).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, o.sku.id, o.wh, 10)).reached, shop.id).toBe(true);
    const ledger = await platformLedger(p);
    expect(ledger.orders.find((x: { id: string }) => x.id === o.id).status).toBe('CANCELLED');
    // The warehouse cannot ship it any more.
    const ship = await p.erp('POST', `/orders/${o.id}/shipment`, { carrier: p.catalog.shipping_providers[0]!.id, tracking_number: 'X1' });
    expect(ship.status).toBe(409);
    expect(ship.body.error.code).toBe('ORDER_NOT_SHIPPABLE');
  });

  it('rejects a cancellation request once the warehouse has shipped: nothing is released', async () => {
    const o = await allocatedOrder(p, 1, 10, 2);
    // The buyer's request comes while the platform still awaits the shipment the warehouse made.
    await shippedButNotOnPlatform(p, o.id, async () => {
      const req = await p.ctl('POST', `/__mock/orders/${o.id}/cancel-request`, {});
      const statusOf = async () => (await platformLedger(p)).cancellations.find((c: { id: string }) => c.id === req.cancel_id)?.status;
      await eventually('request answered', async () => (await statusOf()) !== 'CANCELLATION_REQUEST_PENDING');
      expect(await statusOf()).toBe('CANCELLATION_REQUEST_CANCELLED');
    });
    await eventually('shipment acknowledged', async () => (await order(o.id)).shipment?.sync === 'acknowledged');
    expect((await order(o.id)).status).toBe('shipped');
    expect(await stockOf(o.sku.seller_sku)).toMatchObject({ on_hand: 8, reserved: 0, available: 8 });
  });

  it('a buyer cancels an order the warehouse already shipped: the units the platform put back on sale are taken off again', async () => {
    const o = await allocatedOrder(p, 4, 10, 2);
    // Shipped in the ERP (8 left, pushed), while the platform still awaits the shipment.
    await shippedButNotOnPlatform(p, o.id, async () => {
      for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, o.sku.id, o.wh, 8)).reached, shop.id).toBe(true);
      // The platform cancels it and puts its 2 units back on sale in the shop it was sold in.
      await p.ctl('POST', `/__mock/orders/${o.id}/cancel`, {});
      const shop0 = p.catalog.shops[0]!.id;
      // ...until the ERP, which has no such units, says 8 again.
      await eventually('the shop back at the ERP stock', async () => {
        const w = await waitPlatform(p, shop0, o.sku.id, o.wh, 8, 200);
        return w.reached && w.value === 8;
      });
    });
    expect(await stockOf(o.sku.seller_sku)).toMatchObject({ on_hand: 8, reserved: 0, available: 8 });
    // The parcel left before the ERP knew: still shipped, the cancellation recorded after the
    // shipment (cancelled in transit), and the platform's refusal of its tracking shown.
    await eventually('shipment refused', async () => (await order(o.id)).shipment?.sync === 'failed');
    const after = await order(o.id);
    expect(after.status).toBe('shipped');
    expect(after.cancelled_at).toBeGreaterThanOrEqual(after.shipped_at);
  });

  it('a return shipped back is restocked where it left and accepted; a refund restocks nothing', async () => {
    const back = await allocatedOrder(p, 2, 10, 2);
    const kept = await allocatedOrder(p, 3, 10, 1);
    await shipAndDeliver(p, back.id);
    await shipAndDeliver(p, kept.id);
    const ret = await p.ctl('POST', `/__mock/orders/${back.id}/return-request`, { return_type: 'RETURN_AND_REFUND' });
    const refund = await p.ctl('POST', `/__mock/orders/${kept.id}/return-request`, { return_type: 'REFUND' });
    const statusOf = async (id: string) => (await platformLedger(p)).returns.find((r: { id: string }) => r.id === id)?.status;
    await eventually('return approved', async () => (await statusOf(ret.return_id)) === 'AWAITING_BUYER_SHIP');
    await eventually('refund approved', async () => (await statusOf(refund.return_id)) === 'RETURN_OR_REFUND_REQUEST_COMPLETE');
    expect(await stockOf(back.sku.seller_sku)).toMatchObject({ on_hand: 8, available: 8 });
    await p.ctl('POST', `/__mock/returns/${ret.return_id}/ship-back`, {});
    await eventually('package accepted', async () => (await statusOf(ret.return_id)) === 'RETURN_OR_REFUND_REQUEST_COMPLETE');
    expect(await stockOf(back.sku.seller_sku)).toMatchObject({ on_hand: 10, reserved: 0, available: 10 });
    expect((await order(back.id)).returns).toEqual([{ return_id: ret.return_id, restocked: [{ warehouse_id: back.wh, sku: back.sku.seller_sku, quantity: 2 }], restocked_at: expect.any(Number) }]);
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, back.sku.id, back.wh, 10)).reached, shop.id).toBe(true);
    expect(await stockOf(kept.sku.seller_sku)).toMatchObject({ on_hand: 9, available: 9 });
    expect((await order(kept.id)).returns).toEqual([]);
  });

  it('an address changed before shipment is the one the ERP ships to', async () => {
    const o = await allocatedOrder(p, 4, 10, 1);
    const before = (await order(o.id)).ship_to_region;
    const to = before === 'US-WEST' ? 'US-EAST' : 'US-WEST';
    await p.ctl('POST', `/__mock/orders/${o.id}/address`, { buyer_region: to });
    await eventually('new address in the ERP', async () => (await order(o.id)).ship_to_region === to);
    expect((await order(o.id)).status).toBe('allocated');
  });
});

describe('reverse-flow defects', () => {
  it('ignore-cancellations keeps a cancelled order allocated; skip-restock accepts a return without restocking', async () => {
    const d = await startPair({ warehouses: 1 }, { defects: 'ignore-cancellations,skip-restock' });
    try {
      const c = await allocatedOrder(d, 0, 10, 3);
      await d.ctl('POST', `/__mock/orders/${c.id}/cancel`, {});
      const r = await allocatedOrder(d, 1, 10, 2);
      await shipAndDeliver(d, r.id);
      const ret = await d.ctl('POST', `/__mock/orders/${r.id}/return-request`, { return_type: 'RETURN_AND_REFUND' });
      const statusOf = async (id: string) => (await platformLedger(d)).returns.find((x: { id: string }) => x.id === id)?.status;
      await eventually('return approved', async () => (await statusOf(ret.return_id)) === 'AWAITING_BUYER_SHIP');
      await d.ctl('POST', `/__mock/returns/${ret.return_id}/ship-back`, {});
      await eventually('package accepted', async () => (await statusOf(ret.return_id)) === 'RETURN_OR_REFUND_REQUEST_COMPLETE');
      expect((await d.erp('GET', `/orders/${c.id}`)).body.status).toBe('allocated');
      expect((await d.erp('GET', `/stock/${c.sku.seller_sku}`)).body.warehouses[0]).toMatchObject({ on_hand: 10, reserved: 3 });
      expect((await d.erp('GET', `/stock/${r.sku.seller_sku}`)).body.warehouses[0]).toMatchObject({ on_hand: 8 });
      expect((await d.erp('GET', `/orders/${r.id}`)).body.returns).toEqual([]);
    } finally {
      await d.close();
    }
  });
});

describe('an order first seen already cancelled', () => {
  // No poll during the test: the ERP hears of the order only through the cancellation's webhook.
  let q: Pair;
  beforeAll(async () => {
    q = await startPair({ warehouses: 1 }, { pollIntervalMs: 600_000, auditIntervalMs: 0 });
  });
  afterAll(async () => {
    await q?.close();
  });

  it('puts the shop back at the ERP count: the platform put units back on sale that a push of ours had already counted', async () => {
    const sku = q.catalog.skus[0]!;
    const wh = q.catalog.warehouses[0]!.id;
    const shop0 = q.catalog.shops[0]!.id;
    expect((await q.erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: 10 })).status).toBe(200);
    for (const shop of q.catalog.shops) expect((await waitPlatform(q, shop.id, sku.id, wh, 10)).reached).toBe(true);
    // The order's webhook is lost: the platform counts 8 in shop 0, the ERP knows nothing of it.
    await q.ctl('PUT', '/__mock/faults', { webhooks: { drop: 1 } });
    const placed = await q.ctl('POST', '/__mock/orders', { shop_id: shop0, line_items: [{ sku_id: sku.id, quantity: 2 }] });
    expect(placed.accepted).toBe(true);
    await q.ctl('PUT', '/__mock/faults', {});
    // A receipt of one unit: the ERP pushes 11 everywhere, overwriting the platform's 8 in shop 0.
    expect((await q.erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: 11 })).status).toBe(200);
    for (const shop of q.catalog.shops) expect((await waitPlatform(q, shop.id, sku.id, wh, 11)).reached, shop.id).toBe(true);
    // The buyer cancels: the platform puts 2 back (13 in shop 0), though the ERP has 11.
    await q.ctl('POST', `/__mock/orders/${placed.order_id}/cancel`, {});
    await eventually('the order in the ERP, cancelled', async () => (await q.erp('GET', `/orders/${placed.order_id}`)).body.status === 'cancelled');
    await eventually('shop 0 back at the ERP count', async () => {
      const w = await waitPlatform(q, shop0, sku.id, wh, 11, 200);
      return w.reached && w.value === 11;
    });
    expect((await q.erp('GET', `/stock/${sku.seller_sku}`)).body.warehouses[0]).toMatchObject({ on_hand: 11, reserved: 0, available: 11 });
  });
});
