/**
 * Shipments the platform cannot take: a carrier that is not one of the platform's shipping
 * providers is refused up front; a permanent refusal by the platform ends the retries, shows on
 * the order as `sync: "failed"` with the platform's code and message, and can be corrected.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, platformLedger, startPair, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({ seed: 'shipments' });
  const wh = p.catalog.warehouses[0]!.id;
  for (const s of p.catalog.skus.slice(0, 2)) expect((await p.erp('PUT', `/stock/${s.seller_sku}/${wh}`, { on_hand: 50 })).status).toBe(200);
});
afterAll(async () => {
  await p?.close();
});

async function allocatedOrder(skuIndex: number): Promise<string> {
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: p.catalog.skus[skuIndex]!.id, quantity: 1 }] });
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
  return placed.order_id as string;
}

/** mark-package-shipped calls the platform answered for this order so far. */
async function shipCalls(): Promise<number> {
  const stats = await p.ctl('GET', '/__mock/stats');
  return Object.entries(stats.endpoints as Record<string, { calls: number }>)
    .filter(([k]) => k.includes('/packages') && k.startsWith('POST /fulfillment/202309/orders/'))
    .reduce((n, [, e]) => n + e.calls, 0);
}

describe('shipments', () => {
  it('a carrier the platform does not list is refused up front, naming it, and changes nothing', async () => {
    const orderId = await allocatedOrder(0);
    const before = await p.erp('GET', `/orders/${orderId}`);
    const r = await p.erp('POST', `/orders/${orderId}/shipment`, { carrier: 'nope-carrier', tracking_number: 'TRK-1000' });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('UNKNOWN_CARRIER');
    expect(r.body.error.message).toContain('nope-carrier');
    // The message lists what would have been accepted.
    expect(r.body.error.message).toContain(p.catalog.shipping_providers[0]!.id);
    expect((await p.erp('GET', `/orders/${orderId}`)).body).toEqual(before.body);
  });

  it('a permanent platform refusal ends the retries, shows on the order, and a correction is accepted', async () => {
    const orderId = await allocatedOrder(1);
    const carrier = p.catalog.shipping_providers[0]!.id;
    const callsBefore = await shipCalls();
    // The platform refuses tracking numbers shorter than 4 characters (36009004, every time).
    const r = await p.erp('POST', `/orders/${orderId}/shipment`, { carrier, tracking_number: 'X1' });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    const failed = await eventually('sync failed', async () => {
      const v = (await p.erp('GET', `/orders/${orderId}`)).body;
      return v.shipment?.sync === 'failed' ? v : undefined;
    });
    expect(failed.shipment.error.code).toBe(36009004);
    expect(failed.shipment.error.message).toMatch(/tracking_number/);
    // No more attempts: the retry backoff here is 20..500 ms, so a second of quiet means stopped.
    const callsAtFailure = await shipCalls();
    expect(callsAtFailure - callsBefore).toBe(1);
    await new Promise((res) => setTimeout(res, 1000));
    expect(await shipCalls()).toBe(callsAtFailure);
    expect(p.stack.services.db.prepare('SELECT COUNT(*) AS n FROM shipment_outbox WHERE order_id = ?').get(orderId)).toEqual({ n: 0 });
    // The same request again answers what happened; a corrected one is accepted and synced.
    const again = await p.erp('POST', `/orders/${orderId}/shipment`, { carrier, tracking_number: 'X1' });
    expect(again.status).toBe(200);
    expect(again.body.sync).toBe('failed');
    const fixed = await p.erp('POST', `/orders/${orderId}/shipment`, { carrier, tracking_number: 'TRK-FIXED-1' });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(202);
    const synced = await eventually('correction acknowledged', async () => {
      const v = (await p.erp('GET', `/orders/${orderId}`)).body;
      return v.shipment?.sync === 'acknowledged' ? v : undefined;
    });
    expect(synced.shipment).toMatchObject({ carrier, tracking_number: 'TRK-FIXED-1' });
    expect(synced.shipment.error).toBeUndefined();
    const ledger = await platformLedger(p);
    const pkgs = (ledger.packages as { order_id: string; tracking_number: string | null }[]).filter((k) => k.order_id === orderId);
    expect(pkgs.map((k) => k.tracking_number)).toContain('TRK-FIXED-1');
    // Once acknowledged, another tracking number is a conflict again.
    expect((await p.erp('POST', `/orders/${orderId}/shipment`, { carrier, tracking_number: 'TRK-OTHER-2' })).status).toBe(409);
  }, 30_000);
});
