/**
 * A rejected write causes nothing anywhere: besides the stack's own tables (bad-input.test.ts),
 * the platform sees no call for it. A batch whose good lines ran inside the transaction before
 * a bad line rolled it back used to leave their products queued for a push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
beforeAll(async () => {
  p = await startPair({ seed: 'rejected-writes', skus: 48 });
});
afterAll(async () => {
  await p?.close();
});

/** Every push the platform received (history entries of source `push`) and the update calls counted. */
async function platformWrites(): Promise<{ pushes: number; updateCalls: number }> {
  const history = await p.ctl('GET', '/__mock/inventory/history');
  const pushes = (history.items as { entries: [number, number, string][] }[]).reduce((n, i) => n + i.entries.filter((e) => e[2] === 'push').length, 0);
  const stats = await p.ctl('GET', '/__mock/stats');
  const updateCalls = Object.entries(stats.endpoints as Record<string, { calls: number }>)
    .filter(([k]) => k.includes('/inventory/update'))
    .reduce((n, [, s]) => n + s.calls, 0);
  return { pushes, updateCalls };
}

describe('a rejected stock batch', () => {
  it('is a 422 and makes no inventory/update call', async () => {
    const wh = p.catalog.warehouses[0]!.id;
    const skus = p.catalog.skus;
    // Settle start-up pushes first: the last SKU's value reaching every shop is the barrier.
    const last = skus[skus.length - 1]!;
    expect((await p.erp('PUT', `/stock/${last.seller_sku}/${wh}`, { on_hand: 3 })).status).toBe(200);
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, last.id, wh, 3)).reached).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    const before = await platformWrites();

    // The batch's SKUs and the barrier's belong to different products (a push covers a product).
    const barrier = skus[skus.length - 2]!;
    const batchSkus = skus.filter((s) => s.product_id !== barrier.product_id && s.product_id !== last.product_id).slice(0, 40);
    expect(batchSkus.length).toBeGreaterThanOrEqual(20);
    const lines = [
      ...batchSkus.map((s, i) => ({ sku: s.seller_sku, warehouse_id: wh, on_hand: 7 + i })),
      { sku: batchSkus[0]!.seller_sku, warehouse_id: wh, delta: -100_000 },
    ];
    const r = await p.erp('POST', '/stock/batch', { lines });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error.code).toBe('NEGATIVE_STOCK');

    // Barrier: a later accepted write of another product reaches the platform; the pusher
    // works oldest first, so anything the rejected batch had queued went out before it.
    expect((await p.erp('PUT', `/stock/${barrier.seller_sku}/${wh}`, { on_hand: 11 })).status).toBe(200);
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, barrier.id, wh, 11)).reached).toBe(true);
    await new Promise((r) => setTimeout(r, 300));

    const after = await platformWrites();
    // Only the barrier's own pushes: one call per shop, an entry per shop x SKU of its product x warehouse.
    const productSkus = skus.filter((s) => s.product_id === barrier.product_id).length;
    expect(after.updateCalls - before.updateCalls).toBe(p.catalog.shops.length);
    expect(after.pushes - before.pushes).toBe(p.catalog.shops.length * productSkus * p.catalog.warehouses.length);
  }, 30_000);
});
