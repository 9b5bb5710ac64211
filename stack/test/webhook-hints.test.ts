/**
 * Webhooks are hints: a correctly signed notification only makes the stack look at the order
 * as the platform reports it (order detail), and only for a shop it serves. The reconciliation
 * poller repairs an ERP status that disagrees with the platform, in both directions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { eventually, http, startPair, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  // The poller runs only when a test calls it.
  p = await startPair({ seed: 'webhook-hints' }, { pollIntervalMs: 600_000 });
  const wh = p.catalog.warehouses[0]!.id;
  for (const s of p.catalog.skus.slice(0, 3)) expect((await p.erp('PUT', `/stock/${s.seller_sku}/${wh}`, { on_hand: 50 })).status).toBe(200);
});
afterAll(async () => {
  await p?.close();
});

let n = 0;
function cancelHint(shopId: string, orderId: string) {
  const raw = JSON.stringify({
    type: 1,
    tts_notification_id: `hint-${n++}-${Date.now()}`,
    shop_id: shopId,
    timestamp: Math.floor(Date.now() / 1000),
    data: { order_id: orderId, order_status: 'CANCEL', is_on_hold_order: false, update_time: Math.floor(Date.now() / 1000) },
  });
  return http(p.stack.url, 'POST', '/webhooks/tiktok', raw, { authorization: signWebhook(p.mock.appKey, p.mock.appSecret, raw) });
}

async function allocatedOrder(skuIndex: number): Promise<string> {
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: p.catalog.skus[skuIndex]!.id, quantity: 2 }] });
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
  return placed.order_id as string;
}

const queued = (orderId: string) => p.stack.services.db.prepare('SELECT COUNT(*) AS n FROM order_queue WHERE order_id = ?').get(orderId) as { n: number };
const reservedOf = async (skuIndex: number) =>
  ((await p.erp('GET', `/stock/${p.catalog.skus[skuIndex]!.seller_sku}`)).body.warehouses as { reserved: number }[]).reduce((a, w) => a + w.reserved, 0);

describe('webhooks are hints', () => {
  it('a signed CANCEL for an order the platform still ships changes nothing in the ERP', async () => {
    const orderId = await allocatedOrder(0);
    const reserved = await reservedOf(0);
    const r = await cancelHint(p.catalog.shops[0]!.id, orderId);
    expect(r.status).toBe(200);
    // The hint was taken (queued), then checked against the order detail and dropped.
    await eventually('hint processed', async () => queued(orderId).n === 0);
    const v = (await p.erp('GET', `/orders/${orderId}`)).body;
    expect(v.status).toBe('allocated');
    expect(v.cancelled_at).toBeNull();
    expect(await reservedOf(0)).toBe(reserved);
  });

  it('a signed CANCEL the platform confirms cancels the order', async () => {
    const orderId = await allocatedOrder(1);
    await p.ctl('POST', `/__mock/orders/${orderId}/cancel`, {});
    await cancelHint(p.catalog.shops[0]!.id, orderId);
    await eventually('order cancelled', async () => (await p.erp('GET', `/orders/${orderId}`)).body.status === 'cancelled');
    expect(await reservedOf(1)).toBe(0);
  });

  it('a notification for a shop the stack does not serve is answered and ignored', async () => {
    const orderId = await allocatedOrder(2);
    const db = p.stack.services.db;
    const inbox = (db.prepare('SELECT COUNT(*) AS n FROM webhook_inbox').get() as { n: number }).n;
    const r = await cancelHint('123', orderId);
    expect(r.status).toBe(200);
    expect(r.body.outcome).toBe('unknown_shop');
    expect(queued(orderId).n).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM webhook_inbox').get() as { n: number }).n).toBe(inbox);
    expect((await p.erp('GET', `/orders/${orderId}`)).body.status).toBe('allocated');
  });
});

describe('the reconciliation poller', () => {
  it('reopens an order the ERP holds as cancelled while the platform will ship it', async () => {
    const orderId = await allocatedOrder(0);
    const reserved = await reservedOf(0);
    // A divergence as an earlier stack left it: cancelled in the ERP only.
    const s = p.stack.services;
    await s.gc.run(() => s.book.cancel(orderId, Date.now()));
    expect((await p.erp('GET', `/orders/${orderId}`)).body.status).toBe('cancelled');
    expect(await reservedOf(0)).toBe(reserved - 2);
    await p.stack.poller.runOnce();
    await eventually('order reopened', async () => (await p.erp('GET', `/orders/${orderId}`)).body.status === 'allocated');
    expect(await reservedOf(0)).toBe(reserved);
    expect((await p.erp('GET', `/orders/${orderId}`)).body.cancelled_at).toBeNull();
  });

  it('cancels an order the platform cancelled while the ERP still holds it', async () => {
    const orderId = await allocatedOrder(2);
    // Cancel on the platform with its webhooks held back, so only the poller can bring it.
    await p.ctl('PUT', '/__mock/faults', { webhooks: { drop: 1 } });
    try {
      await p.ctl('POST', `/__mock/orders/${orderId}/cancel`, {});
      await new Promise((r) => setTimeout(r, 300));
      expect((await p.erp('GET', `/orders/${orderId}`)).body.status).toBe('allocated');
      await p.stack.poller.runOnce();
      await eventually('order cancelled', async () => (await p.erp('GET', `/orders/${orderId}`)).body.status === 'cancelled');
    } finally {
      await p.ctl('PUT', '/__mock/faults', {});
    }
  });
});
