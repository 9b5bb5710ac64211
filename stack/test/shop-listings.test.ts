/**
 * A catalog mapped in every shop, against the real mock: the platform's ids are the seller's
 * (a SKU has the same ids in each shop that lists it), but a product deleted in one shop or
 * created in one is not listed by all. Its stock goes to the shops that list it and to no
 * other; the stack neither refuses it nor keeps retrying a shop that does not list it.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningStack } from '../stack.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { appCall, appClient, eventually, http, restartStack, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let p: Pair;
let app: TikTokClient;
beforeAll(async () => {
  p = await startPair({ warehouses: 1 }, { auditIntervalMs: 0 });
  app = appClient(p.mock);
});
afterAll(async () => {
  await app?.close();
  await p?.close();
});

const outboxDepth = (db: string): number => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare('SELECT COUNT(*) FROM inventory_outbox').pluck().get() as number;
  } finally {
    d.close();
  }
};

it('a product deleted in one shop and one created in another: each SKU goes to the shops that list it, and the outbox drains', async () => {
  const [s0, s1, s2] = [p.catalog.shops[0]!, p.catalog.shops[1]!, p.catalog.shops[2]!];
  const wh = p.catalog.warehouses[0]!.id;
  const gone = p.catalog.skus[0]!;
  await appCall(app, s1, 'DELETE', '/product/202309/products', { product_ids: [gone.product_id] });
  const created = await appCall<{ product_id: string; skus: { id: string }[] }>(app, s2, 'POST', '/product/202309/products', {
    title: 'Shop two only',
    description: '<p>Only in shop two</p>',
    category_id: '600001',
    main_images: [{ uri: 'img' }],
    package_weight: { value: '1', unit: 'POUND' },
    skus: [{ seller_sku: 'ONLY-IN-SHOP-2', price: { amount: '10.00', currency: 'USD' }, sales_attributes: [{ name: 'Color', value_name: 'Red' }] }],
  });
  const again: RunningStack = await restartStack(p, { auditIntervalMs: 0 });
  try {
    const put = (sku: string, onHand: number) => http(again.url, 'PUT', `/stock/${sku}/${wh}`, { on_hand: onHand });
    expect((await put(gone.seller_sku, 6)).status).toBe(200);
    const only = await put('ONLY-IN-SHOP-2', 4);
    expect([only.status, only.body.error?.code]).toEqual([200, undefined]);
    for (const s of [s0, s2]) expect((await waitPlatform(p, s.id, gone.id, wh, 6)).reached, s.id).toBe(true);
    expect((await waitPlatform(p, s2.id, created.skus[0]!.id, wh, 4)).reached).toBe(true);
    // Nothing waits for a shop that does not list the SKU, and the platform refused nothing.
    await eventually('outbox drained', async () => outboxDepth(p.db) === 0);
    const update = (await p.ctl('GET', '/__mock/stats')).endpoints['POST /product/202309/products/{product_id}/inventory/update'];
    expect(Object.keys(update.by_code)).toEqual(['0']);
  } finally {
    await again.close();
  }
});
