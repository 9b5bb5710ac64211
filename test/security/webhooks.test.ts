/**
 * The stack's webhook endpoint is public: anyone who finds it can post to it. Forged and
 * replayed notifications must change nothing.
 *   - forged (wrong secret, no signature, a genuine signature over another body): 401, nothing
 *     recorded, and the stack does not even ask the platform about the order — a forged CANCEL
 *     releases no stock;
 *   - replayed: genuine notifications captured on the wire (a tap between the mock and the
 *     stack) and sent again. Within the window the answer is 200 and nothing changes (the
 *     platform retries at least once: refusing its retries would make it retry forever);
 *     once the window has passed, a replay is refused with 401.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { eventually, http, startPair, type Pair } from '../../stack/test/fixtures/pair.ts';

const WINDOW_S = 3;
let p: Pair;
let tap: Server;
let target = '';
const captured: { body: string; authorization: string }[] = [];

const TABLES = ['stock', 'stock_changes', 'orders', 'order_queue', 'webhook_inbox', 'shipment_outbox', 'idempotency'];
const snapshot = () => JSON.stringify(TABLES.map((t) => p.stack.services.db.prepare(`SELECT * FROM ${t}`).all()));
const orderFetches = async (): Promise<number> => {
  const stats = await p.ctl('GET', '/__mock/stats');
  return (stats.endpoints['GET /order/202309/orders']?.calls ?? 0) + (stats.endpoints['POST /order/202309/orders/search']?.calls ?? 0);
};
const post = (body: string, authorization?: string) => http(p.stack.url, 'POST', '/webhooks/tiktok', body, authorization === undefined ? {} : { authorization });

beforeAll(async () => {
  // The tap: the platform delivers to it, it records and forwards to the stack.
  tap = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      captured.push({ body: body.toString('utf8'), authorization: String(req.headers.authorization ?? '') });
      const fwd = request(`${target}${req.url}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization ?? '') } }, (r) => {
        res.writeHead(r.statusCode ?? 502, { 'content-type': 'application/json' });
        r.pipe(res);
      });
      fwd.on('error', () => res.writeHead(502).end());
      fwd.end(body);
    });
  });
  await new Promise<void>((r) => tap.listen(0, '127.0.0.1', () => r()));
  const tapUrl = `http://127.0.0.1:${(tap.address() as AddressInfo).port}`;
  // Polling is slowed down so an order reaches the stack through its webhook, not the poller.
  p = await startPair({ seed: 'sec-webhooks', skus: 4 }, { publicUrl: tapUrl, webhookMaxAgeS: WINDOW_S, webhookMaxFutureS: 2, pollIntervalMs: 600_000 });
  target = p.stack.url;
  const sku = p.catalog.skus[0]!;
  for (const w of p.catalog.warehouses) expect((await p.erp('PUT', `/stock/${sku.seller_sku}/${w.id}`, { on_hand: 20 })).status).toBe(200);
  await eventually('stock on the platform', async () => (await p.ctl('GET', `/__mock/wait?shop_id=${p.catalog.shops[0]!.id}&sku_id=${sku.id}&warehouse_id=${p.catalog.warehouses[0]!.id}&quantity=20&timeout_ms=2000`)).reached);
}, 60_000);

afterAll(async () => {
  await p?.close();
  tap?.closeAllConnections();
  await new Promise<void>((r) => (tap ? tap.close(() => r()) : r()));
});

describe('webhooks: forged and replayed', () => {
  it('a forged CANCEL of an allocated order is refused and releases nothing', async () => {
    const shop = p.catalog.shops[0]!.id;
    const placed = await p.ctl('POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: p.catalog.skus[0]!.id, quantity: 2 }] });
    await eventually('allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    await new Promise((r) => setTimeout(r, 300)); // let the intake settle
    const before = snapshot();
    const fetches = await orderFetches();
    const cancel = JSON.stringify({ type: 1, tts_notification_id: `forged-${Date.now()}`, shop_id: shop, timestamp: Math.floor(Date.now() / 1000), data: { order_id: placed.order_id, order_status: 'CANCEL', is_on_hold_order: false, update_time: Math.floor(Date.now() / 1000) } });
    const genuine = captured.find((c) => c.body.includes(placed.order_id));
    expect(genuine, 'the platform webhook for the order went through the tap').toBeDefined();
    const attempts = [
      { what: 'wrong secret', auth: signWebhook(p.mock.appKey, 'attacker-guess', cancel) },
      { what: 'no signature', auth: undefined },
      { what: 'a genuine signature over another body', auth: genuine!.authorization },
      { what: 'signed with the app key as the secret', auth: signWebhook(p.mock.appKey, p.mock.appKey, cancel) },
      { what: 'empty signature', auth: '' },
    ];
    for (const a of attempts) {
      const r = await post(cancel, a.auth);
      expect(r.status, a.what).toBe(401);
      expect(r.body.error.code, a.what).toBe('WEBHOOK_UNAUTHORIZED');
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(snapshot()).toBe(before);
    expect(await orderFetches(), 'the stack asked the platform about a forged notification').toBe(fetches);
    expect((await p.erp('GET', `/orders/${placed.order_id}`)).body.status).toBe('allocated');
  });

  it('genuine notifications replayed: no change within the window, 401 after it', async () => {
    const shop = p.catalog.shops[0]!.id;
    const n = captured.length;
    const placed = await p.ctl('POST', '/__mock/orders', { shop_id: shop, line_items: [{ sku_id: p.catalog.skus[0]!.id, quantity: 1 }] });
    await eventually('allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    await p.ctl('POST', `/__mock/orders/${placed.order_id}/cancel`, {});
    await eventually('cancelled', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'cancelled');
    await new Promise((r) => setTimeout(r, 300));
    const genuine = captured.slice(n).filter((c) => c.body.includes(placed.order_id));
    expect(genuine.length, 'captured the order and cancel notifications').toBeGreaterThanOrEqual(2);

    const before = snapshot();
    for (const g of genuine) {
      const r = await post(g.body, g.authorization);
      expect(r.status).toBe(200);
      expect(['replay', 'duplicate']).toContain(r.body.outcome);
    }
    expect(snapshot()).toBe(before);

    // Past the window (WINDOW_S), the same bytes are refused outright.
    await new Promise((r) => setTimeout(r, (WINDOW_S + 2) * 1000));
    for (const g of genuine) {
      const r = await post(g.body, g.authorization);
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('WEBHOOK_STALE');
    }
    expect(snapshot()).toBe(before);
  }, 30_000);

  it('a genuine signature is bound to its body: re-dated or re-targeted copies are refused', async () => {
    const g = captured[captured.length - 1]!;
    const body = JSON.parse(g.body) as { timestamp: number; data: { order_id: string } };
    const before = snapshot();
    const variants = [
      JSON.stringify({ ...body, timestamp: Math.floor(Date.now() / 1000) }),
      JSON.stringify({ ...body, data: { ...body.data, order_id: `${body.data.order_id}9` } }),
      `${g.body}\n`,
      g.body.replace('{', '{ '),
    ];
    for (const v of variants) {
      const r = await post(v, g.authorization);
      expect(r.status, v).toBe(401);
      expect(r.body.error.code).toBe('WEBHOOK_UNAUTHORIZED');
    }
    expect(snapshot()).toBe(before);
  });
});
