/**
 * Deauthorization against the real mock: a shop that stops authorizing the app — told by
 * webhook 6, or found out from a refused call when the webhook never comes — is no longer
 * called, is recorded durably and shown on /ready, keeps its pending work recorded, and is
 * served again once the seller authorizes the app again; the other shops carry on throughout.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../stack.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { appCall, appClient, eventually, http, restartStack, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

const STACK = { pollIntervalMs: 200, authorizationCheckMs: 200, auditIntervalMs: 0 };
let p: Pair;
let app: TikTokClient;
beforeAll(async () => {
  p = await startPair({ warehouses: 1 }, STACK);
  app = appClient(p.mock);
});
afterAll(async () => {
  await app?.close();
  await p?.close();
});

/** The app's own call for one shop (what a seller's admin tool would send). */
const appCallFor = (method: 'DELETE', path: string, shopIndex: number, body?: unknown) => appCall(app, p.catalog.shops[shopIndex]!, method, path, body);

const deauthorizedOn = async (url: string): Promise<{ shop_id: string; reason: string }[]> => {
  const r = await http(url, 'GET', '/ready');
  expect(r.status).toBe(200); // the other shops go on: the stack stays ready
  return r.body.deauthorized_shops;
};
/** Answers the platform refused with 36009004 so far, every endpoint together. */
const refusals = async (): Promise<number> => {
  const eps: Record<string, { by_code: Record<string, number> }> = (await p.ctl('GET', '/__mock/stats')).endpoints;
  return Object.values(eps).reduce((n, e) => n + (e.by_code['36009004'] ?? 0), 0);
};
/** Calls the platform answered for `endpoint` so far. */
const callsOf = async (endpoint: string): Promise<number> => (await p.ctl('GET', '/__mock/stats')).endpoints[endpoint]?.calls ?? 0;
const ORDER_SEARCH = 'POST /order/202309/orders/search';

/** Sets SKU `i`'s stock in the ERP and waits until every listed shop shows it. */
async function stockReaches(i: number, onHand: number, shops: number[]): Promise<void> {
  const sku = p.catalog.skus[i]!;
  const wh = p.catalog.warehouses[0]!.id;
  expect((await p.erp('PUT', `/stock/${sku.seller_sku}/${wh}`, { on_hand: onHand })).status).toBe(200);
  for (const s of shops) expect((await waitPlatform(p, p.catalog.shops[s]!.id, sku.id, wh, onHand)).reached, `shop ${s}`).toBe(true);
}

/** Places an order of SKU `i` in shop `s` (stocked first) and waits until the ERP allocated it. */
async function orderIn(s: number, i: number): Promise<string> {
  await stockReaches(i, 10, [s]);
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[s]!.id, line_items: [{ sku_id: p.catalog.skus[i]!.id, quantity: 1 }] });
  expect(placed.accepted).toBe(true);
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
  return placed.order_id;
}

/** The rows of `sql` (one parameter) in the stack's database. */
function rowsOf<T>(db: string, sql: string, param: string): T[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all(param) as T[];
  } finally {
    d.close();
  }
}
const outboxOf = (db: string, shopId: string) => rowsOf<{ sku: string; attempts: number }>(db, 'SELECT sku, attempts FROM inventory_outbox WHERE shop_id = ? ORDER BY sku', shopId);

describe('a shop that deauthorizes the app', () => {
  it('found out from a refused call when webhook 6 never comes: recorded, then no longer called', async () => {
    const shop = p.catalog.shops[1]!;
    await appCallFor('DELETE', '/event/202309/webhooks', 1, { event_type: 'SELLER_DEAUTHORIZATION' });
    await appCallFor('DELETE', '/authorization/202403/shops', 1);
    const gone = await eventually('shop 1 recorded', async () => (await deauthorizedOn(p.stack.url)).find((d) => d.shop_id === shop.id));
    expect(gone.reason).toMatch(/refused/);
    // Several poll rounds later (each polls every served shop), nothing more was sent to it.
    const before = await refusals();
    const searches = await callsOf(ORDER_SEARCH);
    await eventually('three more poll rounds', async () => (await callsOf(ORDER_SEARCH)) >= searches + 3 * 2);
    await stockReaches(2, 7, [0, 2]);
    expect(await refusals()).toBe(before);
  });

  it('told by webhook 6: pending pushes and shipments stay recorded and are not retried, across a restart; authorized again, it is served again', async () => {
    const shop = p.catalog.shops[2]!;
    const order = await orderIn(2, 5);
    await appCallFor('DELETE', '/authorization/202403/shops', 2);
    const gone = await eventually('shop 2 recorded', async () => (await deauthorizedOn(p.stack.url)).find((d) => d.shop_id === shop.id));
    expect(gone.reason).toMatch(/SELLER_DEAUTHORIZATION/);
    await stockReaches(3, 9, [0]);
    const carrier = p.catalog.shipping_providers[0]!.id;
    expect((await p.erp('POST', `/orders/${order}/shipment`, { carrier, tracking_number: `T${order}` })).status).toBe(202);
    const searches = await callsOf(ORDER_SEARCH);
    await eventually('two more poll rounds', async () => (await callsOf(ORDER_SEARCH)) >= searches + 2);
    const sku = p.catalog.skus[3]!.seller_sku;
    expect(outboxOf(p.db, shop.id).find((m) => m.sku === sku)).toEqual({ sku, attempts: 0 });
    expect((await p.erp('GET', `/orders/${order}`)).body.shipment.sync).toBe('pending');
    expect(rowsOf(p.db, 'SELECT attempts FROM shipment_outbox WHERE order_id = ?', order)).toEqual([{ attempts: 0 }]);

    // A restart on the same database still knows, and still does not call it.
    const again: RunningStack = await restartStack(p, STACK);
    try {
      expect((await deauthorizedOn(again.url)).map((d) => d.shop_id).sort()).toEqual([p.catalog.shops[1]!.id, shop.id].sort());
      // The seller authorizes the app again (a new auth code exchanged): every shop is back.
      const { auth_code } = await p.ctl('POST', '/__mock/auth-codes', {});
      const q = new URLSearchParams({ app_key: p.mock.appKey, app_secret: p.mock.appSecret, auth_code, grant_type: 'authorized_code' });
      expect((await http(p.mock.url, 'GET', `/api/v2/token/get?${q}`)).body.code).toBe(0);
      await eventually('shops served again', async () => (await deauthorizedOn(again.url)).length === 0);
      // What waited is pushed, and new changes reach it again.
      const wh = p.catalog.warehouses[0]!.id;
      expect((await waitPlatform(p, p.catalog.shops[1]!.id, p.catalog.skus[3]!.id, wh, 9)).reached).toBe(true);
      const e = await http(again.url, 'PUT', `/stock/${p.catalog.skus[4]!.seller_sku}/${wh}`, { on_hand: 5 });
      expect(e.status).toBe(200);
      for (const s of p.catalog.shops) expect((await waitPlatform(p, s.id, p.catalog.skus[4]!.id, wh, 5)).reached, s.id).toBe(true);
      await eventually('the waiting shipment sent', async () => (await http(again.url, 'GET', `/orders/${order}`)).body.shipment.sync === 'acknowledged');
    } finally {
      await again.close();
    }
  });
});
