/**
 * Bulkheads: with the platform answering inventory pushes seconds late, an order still goes
 * from the platform to an allocation in the ERP at once — order calls have their own
 * connections (stack/tiktok/client.ts, `callKind`) and do not queue behind the pushes; with
 * one pool for every call (`--defects shared-pool`) they do.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

const SLOW_PUSH_MS = 4000;

let p: Pair | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
});

/** Starts a pair, fills the inventory pushes with 4 s answers, then places an order: its id, and when. */
async function orderBehindSlowPushes(defects = ''): Promise<{ pair: Pair; orderId: string; placedAt: number }> {
  p = await startPair({}, { connections: 2, pushConcurrency: 8, defects });
  const pair = p;
  const w = pair.catalog.warehouses[0]!;
  const [sold, ...others] = pair.catalog.skus.slice(0, 13);
  const shop = pair.catalog.shops[0]!;
  await pair.erp('PUT', `/stock/${sold!.seller_sku}/${w.id}`, { on_hand: 40 });
  expect((await waitPlatform(pair, shop.id, sold!.id, w.id, 40)).reached).toBe(true);
  await pair.ctl('PUT', '/__mock/faults', { latency: { kind: 'fixed', ms: SLOW_PUSH_MS, endpoints: ['POST /product/202309/products/*'] } });
  await pair.erp('POST', '/stock/batch', { lines: others.map((s) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: 40 })) });
  // Pushes for every shop × product are now in flight or queued, each answered 4 s late.
  await eventually('pushes in flight', async () => /peakday_stack_outbox_depth\{outbox="inventory"\} [1-9]/.test((await pair.erp('GET', '/metrics')).body), 5000);
  const placedAt = Date.now();
  const order = await pair.ctl('POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: sold!.id, quantity: 1 }] });
  return { pair, orderId: order.order_id, placedAt };
}

describe('bulkheads', () => {
  it('a slow inventory endpoint does not hold order intake behind it', async () => {
    const { pair, orderId, placedAt } = await orderBehindSlowPushes();
    await eventually('order allocated', async () => (await pair.erp('GET', `/orders/${orderId}`)).body.status === 'allocated', 3 * SLOW_PUSH_MS);
    // Behind the pushes it would wait at least one push's answer (4 s); alone, tens of ms.
    expect(Date.now() - placedAt).toBeLessThan(SLOW_PUSH_MS / 2);
  }, 30_000);

  it('with one pool for every call (defect shared-pool), the order waits behind the pushes', async () => {
    const { pair, orderId, placedAt } = await orderBehindSlowPushes('shared-pool');
    // Both connections are held by pushes answered 4 s late, six more pushes queued before the
    // order's calls: half a push's delay after it was placed, the order cannot have been read.
    await sleep(placedAt + SLOW_PUSH_MS / 2 - Date.now());
    expect((await pair.erp('GET', `/orders/${orderId}`)).body.status).not.toBe('allocated');
  }, 30_000);
});
