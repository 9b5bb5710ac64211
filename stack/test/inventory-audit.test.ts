/**
 * A stale quantity on the platform that no push of ours explains (a timed-out push applied
 * late, after a newer one): the inventory audit reads it back and re-pushes, so the shop ends
 * at the ERP's figure. With the audit off the stale quantity would stay forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({}, { auditIntervalMs: 300 });
});
afterAll(async () => {
  await p?.close();
});

describe('inventory audit', () => {
  it('repairs a stale platform quantity that outlives a whole audit round', async () => {
    const s = p.catalog.skus[5]!;
    const w = p.catalog.warehouses[1]!;
    const shop = p.catalog.shops[2]!;
    expect((await p.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: 77 })).status).toBe(200);
    for (const sh of p.catalog.shops) expect((await waitPlatform(p, sh.id, s.id, w.id, 77)).reached).toBe(true);
    // The late write: the platform now shows what an old push said.
    await p.ctl('PUT', '/__mock/inventory', { items: [{ shop_id: shop.id, sku_id: s.id, warehouse_id: w.id, quantity: 12 }] });
    expect((await waitPlatform(p, shop.id, s.id, w.id, 77, 10_000)).reached).toBe(true);
  });
});
