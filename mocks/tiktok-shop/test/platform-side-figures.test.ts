/**
 * What the platform alone sees of an integration (the harness's platform-only mode reads it):
 * a 429 carries Retry-After, a call inside that window is counted as early, and the ledger
 * holds when an answer (order search or detail) first gave each order to the integration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RETRY_AFTER_GRACE_MS, RetryAfterWatch } from '../rate-limit/retry-after-watch.ts';
import { startMock, type RunningMock } from '../server.ts';
import { control, docSign } from './doc-client.ts';

let m: RunningMock | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

/** One signed GET of the authorized shops, with the answer's status and Retry-After. */
async function shopsCall(mock: RunningMock): Promise<{ status: number; retryAfter: string | null }> {
  const path = '/authorization/202309/shops';
  const params: Record<string, string> = { app_key: mock.appKey, timestamp: String(Math.floor(Date.now() / 1000)) };
  params.sign = docSign(path, params, '', mock.appSecret);
  const res = await fetch(`${mock.url}${path}?${new URLSearchParams(params)}`, { headers: { 'x-tts-access-token': mock.accessToken } });
  await res.arrayBuffer();
  return { status: res.status, retryAfter: res.headers.get('retry-after') };
}

const allRateLimitStats = async (mock: RunningMock) => (await control(mock.url, 'GET', '/__mock/stats')).env.data.rate_limit;
/** The Retry-After figures (calls per second have their own case). */
async function rateLimitStats(mock: RunningMock): Promise<unknown> {
  const { calls_per_second: _perSecond, ...rest } = await allRateLimitStats(mock);
  return rest;
}

describe('Retry-After on the rate limit', () => {
  it('answers 429 with the whole seconds until a token, and counts a call made inside that window', async () => {
    // 0.1 call/s, one at once: after the first call the next token is 10 s away
    m = await startMock({ seed: 'retry-after', rateLimit: { defaultQps: 0.1, burst: 1 } });
    expect((await shopsCall(m)).status).toBe(200);
    const throttled = await shopsCall(m);
    expect(throttled).toEqual({ status: 429, retryAfter: '10' });
    expect(await rateLimitStats(m)).toEqual({ throttled: 1, early_calls: {} });

    await new Promise((r) => setTimeout(r, RETRY_AFTER_GRACE_MS + 100));
    expect((await shopsCall(m)).status).toBe(429);
    expect(await rateLimitStats(m)).toEqual({ throttled: 2, early_calls: { 'GET /authorization/202309/shops': 1 } });
  });

  it('is not sent on other errors, and reset forgets the figures', async () => {
    m = await startMock({ seed: 'retry-after-reset', rateLimit: { defaultQps: 0.1, burst: 1 } });
    await shopsCall(m);
    await shopsCall(m);
    await control(m.url, 'POST', '/__mock/reset');
    expect(await rateLimitStats(m)).toEqual({ throttled: 0, early_calls: {} });
    const res = await fetch(`${m.url}/authorization/202309/shops`);
    expect(res.status).not.toBe(429);
    expect(res.headers.get('retry-after')).toBeNull();
  });
});

describe('calls per second', () => {
  it('counts every call of a shop to an endpoint, throttled ones too, by second, with the limit in force', async () => {
    let t = Math.floor(Date.now() / 1000) * 1000;
    m = await startMock({ seed: 'calls-per-second', rateLimit: { defaultQps: 2, burst: 2 }, now: () => t });
    expect((await Promise.all([shopsCall(m), shopsCall(m), shopsCall(m)])).map((c) => c.status).sort()).toEqual([200, 200, 429]);
    t += 1000;
    await shopsCall(m);
    expect((await allRateLimitStats(m)).calls_per_second).toEqual({ 'GET /authorization/202309/shops': { qps: 2, burst: 2, shops: { seller: { '3': 1 } } } });
    t += 1000;
    expect((await allRateLimitStats(m)).calls_per_second).toEqual({ 'GET /authorization/202309/shops': { qps: 2, burst: 2, shops: { seller: { '3': 1, '1': 1 } } } });
    await control(m.url, 'POST', '/__mock/reset');
    expect((await allRateLimitStats(m)).calls_per_second).toEqual({});
  });
});

describe('RetryAfterWatch', () => {
  const cases: { name: string; calls: number[]; early: number }[] = [
    { name: 'a call inside the grace is one already in flight: not early', calls: [RETRY_AFTER_GRACE_MS - 1], early: 0 },
    { name: 'a call after the grace and before Retry-After is early', calls: [RETRY_AFTER_GRACE_MS, 1999], early: 2 },
    { name: 'a call at Retry-After or later is not early, nor any after it', calls: [2000, 2001], early: 0 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = new RetryAfterWatch();
      w.throttle('k', 0, 2);
      for (const t of c.calls) w.see('k', 'E', t);
      expect(w.stats()).toEqual({ throttled: 1, early_calls: c.early > 0 ? { E: c.early } : {} });
    });
  }

  it('rounds the wait up to whole seconds, at least one', () => {
    expect([0, 1, 999, 1000, 1001].map((ms) => RetryAfterWatch.seconds(ms))).toEqual([1, 1, 1, 1, 2]);
  });
});

/** One order placed in the first shop (stock put there first). */
async function oneOrder(mock: RunningMock): Promise<{ shop: RunningMock['shops'][number]; placed: { order_id: string } }> {
  const cat = (await control(mock.url, 'GET', '/__mock/catalog')).env.data;
  const shop = mock.shops[0]!;
  const sku = cat.skus[0].id as string;
  await control(mock.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shop.id, sku_id: sku, warehouse_id: cat.warehouses[0].id, quantity: 5 }] });
  const placed = (await control(mock.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: sku, quantity: 1 }] })).env.data;
  return { shop, placed };
}

describe('first read of an order', () => {
  it('is null until the integration reads the order, then the time of its first detail call', async () => {
    m = await startMock({ seed: 'first-read', rateLimit: { defaultQps: 100_000 } });
    const { shop, placed } = await oneOrder(m);
    const firstReadAt = async () => (await control(m!.url, 'GET', '/__mock/ledger')).env.data.orders.find((o: { id: string }) => o.id === placed.order_id).first_read_at;
    expect(await firstReadAt()).toBeNull();

    const detail = async () => {
      const path = '/order/202309/orders';
      const params: Record<string, string> = { app_key: m!.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: shop.cipher, ids: placed.order_id };
      params.sign = docSign(path, params, '', m!.appSecret);
      const res = await fetch(`${m!.url}${path}?${new URLSearchParams(params)}`, { headers: { 'x-tts-access-token': m!.accessToken } });
      expect(((await res.json()) as { code: number }).code).toBe(0);
    };
    const before = Date.now();
    await detail();
    const first = await firstReadAt();
    expect(first).toBeGreaterThanOrEqual(before);
    await new Promise((r) => setTimeout(r, 5));
    await detail();
    expect(await firstReadAt()).toBe(first);
  });

  it('is set by an order search answer that carries the order, too', async () => {
    m = await startMock({ seed: 'first-read-search', rateLimit: { defaultQps: 100_000 } });
    const { shop, placed } = await oneOrder(m);
    const path = '/order/202309/orders/search';
    const params: Record<string, string> = { app_key: m.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: shop.cipher, page_size: '10' };
    params.sign = docSign(path, params, '{}', m.appSecret);
    const res = await fetch(`${m.url}${path}?${new URLSearchParams(params)}`, { method: 'POST', body: '{}', headers: { 'x-tts-access-token': m.accessToken, 'content-type': 'application/json' } });
    expect(((await res.json()) as { code: number }).code).toBe(0);
    const ledger = (await control(m.url, 'GET', '/__mock/ledger')).env.data;
    expect(ledger.orders.find((o: { id: string }) => o.id === placed.order_id).first_read_at).toEqual(expect.any(Number));
  });
});
