/**
 * Access token renewal against the real mock on loopback: tokens renewed ahead of expiry while
 * work flows, a call refused as expired (105002) renewed and sent again with nothing lost or
 * done twice, the renewed grant kept across a restart, and /ready naming a start-up refusal.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startStack } from '../stack.ts';
import { createLogger } from '../logger.ts';
import { eventually, http, platformLedger, startPair, waitPlatform, type Pair } from './fixtures/pair.ts';

let pair: Pair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

/** A counter of the stack's /metrics, summed over the series whose labels include `labels`. */
async function counter(p: Pair, name: string, labels: string[] = []): Promise<number> {
  const text = (await p.erp('GET', '/metrics')).body as string;
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) && labels.every((l) => line.includes(l))) sum += Number(line.split(' ').pop());
  return sum;
}

/** The access token the stack uses now, from its database. */
function storedToken(p: Pair): string | undefined {
  const db = new Database(p.db, { readonly: true });
  try {
    return (db.prepare('SELECT access_token FROM access_grant').get() as { access_token: string } | undefined)?.access_token;
  } finally {
    db.close();
  }
}

const RENEWALS = 'peakday_stack_token_renewals_total';
const CALLS = 'peakday_stack_tiktok_calls_total';

describe('access token renewal', () => {
  it('renews ahead of expiry, again and again, and no call meets an expired token', async () => {
    pair = await startPair({ seed: 'tokens-ahead', tokenLifetimes: { accessTokenS: 2 } }, (mock) => ({ refreshToken: mock.refreshToken }));
    const p = pair;
    const s = p.catalog.skus[0]!;
    const w = p.catalog.warehouses[0]!;
    // Three lifetimes of the first token and more, with writes flowing through all of them.
    for (let q = 1; q <= 7; q++) {
      expect((await p.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: q })).status).toBe(200);
      for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, w.id, q)).reached, `shop ${shop.id} q ${q}`).toBe(true);
      await new Promise((r) => setTimeout(r, 1000));
    }
    expect(await counter(p, RENEWALS, ['reason="start"', 'outcome="ok"'])).toBe(1);
    expect(await counter(p, RENEWALS, ['reason="ahead"', 'outcome="ok"'])).toBeGreaterThanOrEqual(3);
    expect(await counter(p, CALLS, ['outcome="code_105002"'])).toBe(0);
  }, 30_000);

  it('a call refused as expired (105002) is renewed and sent again: the order is ingested and shipped once', async () => {
    pair = await startPair({ seed: 'tokens-expired' }, (mock) => ({ refreshToken: mock.refreshToken }));
    const p = pair;
    const s = p.catalog.skus[1]!;
    const w = p.catalog.warehouses[0]!;
    await p.erp('PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: 10 });
    for (const shop of p.catalog.shops) expect((await waitPlatform(p, shop.id, s.id, w.id, 10)).reached).toBe(true);

    const expire = async () => p.ctl('POST', '/__mock/tokens/expire', { access_token: storedToken(p) });
    await expire();
    const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: s.id, quantity: 2 }], buyer_region: w.region_code });
    await eventually('order allocated', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.status === 'allocated');
    await expire();
    const carrier = p.catalog.shipping_providers[0]!.id;
    expect((await p.erp('POST', `/orders/${placed.order_id}/shipment`, { carrier, tracking_number: 'TRK-EXP-1' })).status).toBe(202);
    await eventually('shipment acknowledged', async () => (await p.erp('GET', `/orders/${placed.order_id}`)).body.shipment?.synced_at);

    const ledger = await platformLedger(p);
    const pkgs = (ledger.packages as { order_id: string; tracking_number?: string }[]).filter((k) => k.order_id === placed.order_id && k.tracking_number);
    expect(pkgs.map((k) => k.tracking_number)).toEqual(['TRK-EXP-1']);
    expect(ledger.duplicate_shipments ?? 0).toBe(0);
    expect(await counter(p, CALLS, ['outcome="code_105002"'])).toBeGreaterThanOrEqual(2);
    expect(await counter(p, RENEWALS, ['reason="expired"', 'outcome="ok"'])).toBeGreaterThanOrEqual(2);
  }, 30_000);

  it('a restart carries on with the renewed grant, not the configured token (expired since)', async () => {
    pair = await startPair({ seed: 'tokens-restart' }, (mock) => ({ refreshToken: mock.refreshToken }));
    const p = pair;
    const renewed = storedToken(p);
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(p.mock.accessToken);
    await p.stack.close();
    await p.ctl('POST', '/__mock/tokens/expire', { access_token: p.mock.accessToken });
    const again = await startStack(
      { tiktokUrl: p.mock.url, appKey: p.mock.appKey, appSecret: p.mock.appSecret, accessToken: p.mock.accessToken, refreshToken: p.mock.refreshToken, port: 0, db: p.db, splitBelow: 0 },
      createLogger('silent', []),
    );
    try {
      await again.ready;
      const metrics = (await http(again.url, 'GET', '/metrics')).body as string;
      expect(metrics).not.toMatch(/peakday_stack_token_renewals_total\{[^}]*\} [1-9]/);
      expect(storedToken(p)).toBe(renewed);
      const s = p.catalog.skus[2]!;
      const w = p.catalog.warehouses[0]!;
      await http(again.url, 'PUT', `/stock/${s.seller_sku}/${w.id}`, { on_hand: 4 });
      expect((await waitPlatform(p, p.catalog.shops[0]!.id, s.id, w.id, 4)).reached).toBe(true);
      expect((await http(again.url, 'GET', '/metrics')).body).not.toContain('outcome="code_105002"');
    } finally {
      await again.close();
    }
  }, 30_000);

  it('/ready names the platform refusing the stack at start-up (code and message, no secret)', async () => {
    pair = await startPair({ seed: 'tokens-refused' });
    const p = pair;
    const secret = 'WRONG-SECRET-never-shown-0042';
    const refused = await startStack({ tiktokUrl: p.mock.url, appKey: p.mock.appKey, appSecret: secret, accessToken: p.mock.accessToken, refreshToken: p.mock.refreshToken, port: 0, db: ':memory:' }, createLogger('silent', []));
    try {
      const r = await eventually('a second refusal', async () => {
        const a = await http(refused.url, 'GET', '/ready');
        return a.body.start_error?.attempts >= 2 ? a : undefined;
      });
      expect(r.status).toBe(503);
      expect(r.body.ready).toBe(false);
      expect(r.body.start_error).toMatchObject({ code: 'PLATFORM_REFUSED', platform_code: 36009004 });
      expect(r.body.start_error.message).toMatch(/^TikTok GET \/api\/v2\/token\/refresh: code 36009004 /);
      expect(r.body.start_error.last_at).toBeGreaterThan(r.body.start_error.first_at);
      expect(JSON.stringify(r.body)).not.toContain(secret);
      expect(JSON.stringify(r.body)).not.toContain(p.mock.refreshToken);
    } finally {
      await refused.close();
    }
    const ok = await http(p.stack.url, 'GET', '/ready');
    expect(ok.status).toBe(200);
    expect(ok.body.start_error).toBeUndefined();
  }, 30_000);
});
