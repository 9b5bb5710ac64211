/**
 * Rate limits, faults and webhooks through the running mock (startMock on port 0), driven the
 * way the integration and the harness drive it: signed API calls and the /__mock/ control API.
 * The unit tests next to each module pin the details; this pins that the server applies them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signRequest, signWebhook, signaturesEqual } from '../../../../lib/tiktok/signature.ts';
import { startMock, type RunningMock } from '../../server.ts';
import { startReceiver, waitFor, type Receiver } from './receiver.ts';

let m: RunningMock;
let r: Receiver;
let cipher: string;
let shopId: string;
let productId: string;
let skuId: string;
let warehouses: string[];

const INVENTORY_UPDATE = 'POST /product/202309/products/{product_id}/inventory/update';

async function control(method: string, path: string, body?: unknown): Promise<{ status: number; env: { code: number; message: string; data: any } }> {
  const res = await fetch(m.url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, env: (await res.json()) as never };
}

/** A signed TikTok API call, written from the reference doc. */
async function api(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; text: string; env: any }> {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const query: Record<string, string> = { app_key: m.appKey, timestamp: String(Math.floor(Date.now() / 1000)), shop_cipher: cipher };
  const sign = signRequest({ path, query, body: raw, contentType: 'application/json' }, m.appSecret);
  const res = await fetch(`${m.url}${path}?${new URLSearchParams({ ...query, sign })}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-tts-access-token': m.accessToken },
    body: raw === '' ? undefined : raw,
    ...(signal ? { signal } : {}),
  });
  const text = await res.text();
  let env: unknown;
  try {
    env = JSON.parse(text);
  } catch {
    env = undefined;
  }
  return { status: res.status, text, env };
}

const updateInventory = (quantity: number) =>
  api('POST', `/product/202309/products/${productId}/inventory/update`, {
    skus: [{ id: skuId, inventory: warehouses.map((w) => ({ warehouse_id: w, quantity })) }],
  });

beforeAll(async () => {
  m = await startMock({ seed: 'through-the-mock', shops: 2, skus: 20, rateLimit: { defaultQps: 100_000 }, webhook: { retryScheduleMs: [50, 100] } });
  r = await startReceiver();
  cipher = m.shops[0]!.cipher;
  shopId = m.shops[0]!.id;
  const cat = (await control('GET', '/__mock/catalog')).env.data;
  warehouses = cat.warehouses.map((w: { id: string }) => w.id);
  productId = cat.products[0].id;
  skuId = cat.products[0].sku_ids[0];
});
afterAll(async () => {
  await m?.close();
  await r?.close();
});
beforeEach(async () => {
  r.received.length = 0;
  r.respond = () => ({});
  expect((await control('PUT', '/__mock/faults', {})).status).toBe(200);
  expect((await control('PUT', '/__mock/config', { rateLimit: { defaultQps: 100_000 } })).status).toBe(200);
  await control('POST', '/__mock/reset');
});

describe('rate limits through the mock', () => {
  it('answers 429 / 36009002 past the bucket, per endpoint, reconfigured at run time', async () => {
    expect((await control('PUT', '/__mock/config', { rateLimit: { defaultQps: 1, perEndpoint: { [INVENTORY_UPDATE]: 3 } } })).status).toBe(200);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await updateInventory(i));
    const codes = answers.map((a) => a.env.code);
    // 3 tokens, refilled at 3/s: on a slow machine one more may have been earned meanwhile.
    expect(codes.filter((c) => c === 0).length).toBeGreaterThanOrEqual(3);
    expect(codes.filter((c) => c === 0).length).toBeLessThanOrEqual(4);
    const throttled = answers.filter((a) => a.env.code === 36009002);
    expect(throttled.length).toBeGreaterThanOrEqual(2);
    expect(throttled[0]!.status).toBe(429);
    const other = await api('POST', '/product/202309/inventory/search', { sku_ids: [skuId] });
    expect(other.env.code).toBe(0); // another endpoint, its own bucket
  });

  it('refuses an invalid rate-limit config with every problem', async () => {
    const res = await control('PUT', '/__mock/config', { rateLimit: { defaultQps: 0, burst: 0 } });
    expect(res.status).toBe(400);
    expect(res.env.message).toContain('defaultQps');
    expect(res.env.message).toContain('burst');
  });
});

describe('faults through the mock', () => {
  it('error share 1: every call gets 36009003 / HTTP 500, counted', async () => {
    expect((await control('PUT', '/__mock/faults', { errors: { share: 1, endpoints: [INVENTORY_UPDATE] } })).status).toBe(200);
    const a = await updateInventory(5);
    expect(a.status).toBe(500);
    expect(a.env.code).toBe(36009003);
    expect((await api('POST', '/product/202309/inventory/search', { sku_ids: [skuId] })).env.code).toBe(0); // filtered out
    const f = (await control('GET', '/__mock/faults')).env.data;
    expect(f.stats.error).toBe(1);
  });

  it('a plain 503 is a bare status, as a gateway would answer', async () => {
    await control('PUT', '/__mock/faults', { errors: { share: 1, status: 503 } });
    const a = await updateInventory(5);
    expect(a.status).toBe(503);
    expect(a.env?.code).not.toBe(0);
  });

  it('fixed latency delays the answer', async () => {
    await control('PUT', '/__mock/faults', { latency: { kind: 'fixed', ms: 200 } });
    const t0 = performance.now();
    expect((await updateInventory(1)).env.code).toBe(0);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(190);
  });

  it('a throttle storm window answers 429 / 36009002', async () => {
    await control('PUT', '/__mock/faults', { throttle: { windows: [[0, 60_000]] } });
    const a = await updateInventory(1);
    expect([a.status, a.env.code]).toEqual([429, 36009002]);
  });

  it('a hang holds the call past the client timeout', async () => {
    await control('PUT', '/__mock/faults', { hangs: { share: 1, ms: 3000 } });
    const t0 = performance.now();
    const call = api('POST', `/product/202309/products/${productId}/inventory/update`, { skus: [{ id: skuId, inventory: [] }] }, AbortSignal.timeout(300));
    await expect(call).rejects.toThrow(/abort|timeout/i);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect((await control('GET', '/__mock/faults')).env.data.stats.hang).toBe(1);
  });

  it('an invalid fault spec is refused with the path of every problem, and nothing changes', async () => {
    await control('PUT', '/__mock/faults', { errors: { share: 1 } });
    const res = await control('PUT', '/__mock/faults', { latency: { kind: 'normal' }, errors: { share: 2 } });
    expect(res.status).toBe(400);
    expect(res.env.message).toContain('latency.kind: expected fixed|uniform|lognormal');
    expect(res.env.message).toContain('errors.share');
    expect((await control('GET', '/__mock/faults')).env.data.spec).toEqual({ errors: { share: 1 } });
  });
});

describe('webhooks through the mock', () => {
  /** The receiver records a request before answering it: poll until the mock has counted. */
  async function webhookOutcomes(until: (o: Record<string, number>) => boolean): Promise<Record<string, number>> {
    let o: Record<string, number> = {};
    const end = Date.now() + 5000;
    do {
      o = (await control('GET', '/__mock/stats')).env.data.webhooks.outcomes;
      if (until(o)) break;
      await new Promise((res) => setTimeout(res, 20));
    } while (Date.now() < end);
    return o;
  }
  async function subscribe() {
    const s = await api('PUT', '/event/202309/webhooks', { address: r.url, event_type: 'ORDER_STATUS_CHANGE' });
    expect(s.env.code).toBe(0);
  }
  async function placeOrder(): Promise<string> {
    const items = [{ shop_id: shopId, sku_id: skuId, warehouse_id: warehouses[0], quantity: 10 }];
    expect((await control('PUT', '/__mock/inventory', { items })).env.code).toBe(0);
    const o = await control('POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: skuId, quantity: 1 }] });
    expect(o.env.data.accepted).toBe(true);
    return o.env.data.order_id;
  }

  it('an accepted order pushes a signed ORDER_STATUS_CHANGE; cancel pushes CANCEL', async () => {
    await subscribe();
    const orderId = await placeOrder();
    await waitFor(() => r.received.length === 1, 5000, 'webhook');
    const got = r.received[0]!;
    expect(signaturesEqual(signWebhook(m.appKey, m.appSecret, got.body), got.headers.authorization)).toBe(true);
    expect(got.json).toMatchObject({ type: 1, shop_id: shopId, data: { order_id: orderId, order_status: 'AWAITING_SHIPMENT' } });
    await control('POST', `/__mock/orders/${orderId}/cancel`, {});
    await waitFor(() => r.received.length === 2, 5000, 'cancel webhook');
    expect(r.received[1]!.json.data.order_status).toBe('CANCEL');
    expect((await webhookOutcomes((o) => o.delivered === 2)).delivered).toBe(2);
  });

  it('retries a failing receiver and counts it in the mock stats', async () => {
    await subscribe();
    r.respond = (_, i) => ({ status: i === 0 ? 500 : 200 });
    await placeOrder();
    await waitFor(() => r.received.length === 2, 5000, 'retry');
    expect(r.received[1]!.json.tts_notification_id).toBe(r.received[0]!.json.tts_notification_id);
    expect(await webhookOutcomes((o) => o.delivered === 1)).toMatchObject({ failed_attempt: 1, delivered: 1 });
  });

  it('a webhook drop fault is observable: nothing arrives, the drop is counted', async () => {
    await subscribe();
    await control('PUT', '/__mock/faults', { webhooks: { drop: 1 } });
    await placeOrder();
    await new Promise((res) => setTimeout(res, 100));
    expect(r.received).toHaveLength(0);
    expect((await control('GET', '/__mock/stats')).env.data.webhooks.outcomes.dropped).toBe(1);
  });
});
