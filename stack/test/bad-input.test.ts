/**
 * Bad input gets a 4xx with a clear, stable error and changes nothing: a table of named cases,
 * each checked against a snapshot of every table of the stack's database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { http, startPair, type Pair } from './fixtures/pair.ts';

let p: Pair;
let sku = "";
let wh = "";
let orderId = "";

beforeAll(async () => {
  p = await startPair();
  sku = p.catalog.skus[0]!.seller_sku;
  wh = p.catalog.warehouses[0]!.id;
  await p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 5 }, { 'idempotency-key': 'used-key' });
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: p.catalog.skus[0]!.id, quantity: 1 }] });
  orderId = placed.order_id;
  for (let i = 0; i < 200; i++) {
    if ((await p.erp('GET', `/orders/${orderId}`)).status === 200) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  // Let pushes settle so the snapshot is stable.
  await new Promise((r) => setTimeout(r, 300));
});
afterAll(async () => {
  await p?.close();
});

function snapshot(): string {
  const db = p.stack.services.db;
  const tables = ['stock', 'stock_changes', 'orders', 'order_queue', 'webhook_inbox', 'shipment_outbox', 'idempotency', 'alerts', 'skus'];
  return JSON.stringify(tables.map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
}

function webhook(body: Record<string, unknown>, sign: 'good' | 'forged' | 'none') {
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (sign === 'good') headers.authorization = signWebhook(p.mock.appKey, p.mock.appSecret, raw);
  if (sign === 'forged') headers.authorization = signWebhook(p.mock.appKey, 'not-the-secret', raw);
  return http(p.stack.url, 'POST', '/webhooks/tiktok', raw, headers);
}

const hook = (over: Record<string, unknown> = {}) => ({
  type: 1,
  tts_notification_id: 'bad-input-1',
  shop_id: '1',
  timestamp: Math.floor(Date.now() / 1000),
  data: { order_id: '999999', order_status: 'AWAITING_SHIPMENT', is_on_hold_order: false, update_time: 1 },
  ...over,
});

interface Case {
  name: string;
  run: () => Promise<{ status: number; body: any }>;
  status: number;
  code: string;
  /** A fragment the message must contain (names what was wrong). */
  mentions?: string;
}

const CASES: Case[] = [
  { name: 'malformed JSON', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, '{"on_hand": 5'), status: 400, code: 'MALFORMED_JSON' },
  { name: 'empty body', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, ''), status: 400, code: 'MALFORMED_JSON', mentions: 'empty' },
  { name: 'body is an array', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, [1]), status: 400, code: 'INVALID_BODY' },
  { name: 'on_hand as a string', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: '5' }), status: 400, code: 'INVALID_BODY', mentions: 'on_hand' },
  { name: 'on_hand fractional', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 1.5 }), status: 400, code: 'INVALID_BODY', mentions: 'on_hand' },
  { name: 'negative stock (set)', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: -1 }), status: 400, code: 'INVALID_BODY', mentions: 'on_hand: expected an integer 0..' },
  { name: 'negative stock (adjust below 0)', run: () => p.erp('POST', `/stock/${sku}/${wh}/adjust`, { delta: -6 }), status: 422, code: 'NEGATIVE_STOCK', mentions: 'on_hand 5 + delta -6 = -1' },
  { name: 'unknown key', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 1, onhand: 2 }), status: 400, code: 'INVALID_BODY', mentions: 'onhand' },
  { name: 'unknown sku', run: () => p.erp('PUT', `/stock/NO-SUCH-SKU/${wh}`, { on_hand: 1 }), status: 404, code: 'UNKNOWN_SKU', mentions: 'NO-SUCH-SKU' },
  { name: 'unknown warehouse', run: () => p.erp('PUT', `/stock/${sku}/424242`, { on_hand: 1 }), status: 404, code: 'UNKNOWN_WAREHOUSE', mentions: '424242' },
  { name: 'unknown sku on read', run: () => p.erp('GET', '/stock/NO-SUCH-SKU'), status: 404, code: 'UNKNOWN_SKU' },
  { name: 'unknown order', run: () => p.erp('GET', '/orders/123'), status: 404, code: 'ORDER_NOT_FOUND' },
  { name: 'shipment of an unknown order', run: () => p.erp('POST', '/orders/123/shipment', { carrier: 'x', tracking_number: 'T-1' }), status: 404, code: 'ORDER_NOT_FOUND' },
  { name: 'shipment without tracking', run: () => p.erp('POST', `/orders/${orderId}/shipment`, { carrier: 'x' }), status: 400, code: 'INVALID_BODY', mentions: 'tracking_number' },
  { name: 'empty batch', run: () => p.erp('POST', '/stock/batch', { lines: [] }), status: 400, code: 'INVALID_BODY', mentions: '1..500' },
  {
    name: 'batch over 500 lines',
    run: () => p.erp('POST', '/stock/batch', { lines: Array.from({ length: 501 }, () => ({ sku, warehouse_id: wh, on_hand: 1 })) }),
    status: 400,
    code: 'INVALID_BODY',
  },
  {
    name: 'batch with one unknown sku applies nothing',
    run: () => p.erp('POST', '/stock/batch', { lines: [{ sku, warehouse_id: wh, on_hand: 77 }, { sku: 'NOPE', warehouse_id: wh, on_hand: 1 }] }),
    status: 404,
    code: 'UNKNOWN_SKU',
    mentions: 'lines[1]',
  },
  { name: 'batch line with both on_hand and delta', run: () => p.erp('POST', '/stock/batch', { lines: [{ sku, warehouse_id: wh, on_hand: 1, delta: 1 }] }), status: 400, code: 'INVALID_BODY', mentions: 'exactly one' },
  { name: 'reused idempotency key with another body', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 6 }, { 'idempotency-key': 'used-key' }), status: 409, code: 'IDEMPOTENCY_KEY_REUSED' },
  { name: 'idempotency key with spaces', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, { on_hand: 6 }, { 'idempotency-key': 'a b' }), status: 400, code: 'INVALID_IDEMPOTENCY_KEY' },
  { name: 'wrong content type', run: () => p.erp('PUT', `/stock/${sku}/${wh}`, 'on_hand=5', { 'content-type': 'application/x-www-form-urlencoded' }), status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body too large', run: () => p.erp('POST', '/stock/batch', 'x'.repeat(2 * 1024 * 1024)), status: 413, code: 'BODY_TOO_LARGE' },
  { name: 'negative threshold', run: () => p.erp('PUT', `/stock/${sku}/safety`, { threshold: -1 }), status: 400, code: 'INVALID_BODY', mentions: 'threshold' },
  { name: 'bad after_seq', run: () => p.erp('GET', '/stock/changes?after_seq=-1'), status: 400, code: 'INVALID_PARAM', mentions: 'after_seq' },
  { name: 'unknown route', run: () => p.erp('GET', '/nope'), status: 404, code: 'ROUTE_NOT_FOUND' },
  { name: 'wrong method', run: () => p.erp('DELETE', `/stock/${sku}/${wh}`), status: 405, code: 'METHOD_NOT_ALLOWED' },
  { name: 'forged webhook', run: () => webhook(hook(), 'forged'), status: 401, code: 'WEBHOOK_UNAUTHORIZED' },
  { name: 'webhook without Authorization', run: () => webhook(hook(), 'none'), status: 401, code: 'WEBHOOK_UNAUTHORIZED' },
  { name: 'stale webhook', run: () => webhook(hook({ timestamp: Math.floor(Date.now() / 1000) - 3 * 86_400 }), 'good'), status: 401, code: 'WEBHOOK_STALE' },
  { name: 'webhook from the future', run: () => webhook(hook({ timestamp: Math.floor(Date.now() / 1000) + 3600 }), 'good'), status: 401, code: 'WEBHOOK_STALE' },
  { name: 'signed webhook without order id', run: () => webhook(hook({ data: { order_status: 'AWAITING_SHIPMENT' } }), 'good'), status: 400, code: 'INVALID_BODY', mentions: 'order_id' },
];

describe('bad input: 4xx, clear error, nothing changed', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const before = snapshot();
      const r = await c.run();
      expect(r.status).toBe(c.status);
      expect(r.body.error.code).toBe(c.code);
      expect(typeof r.body.error.message).toBe('string');
      if (c.mentions) expect(r.body.error.message).toContain(c.mentions);
      expect(snapshot()).toBe(before);
    });
  }

  it('unknown order answers ingested:false', async () => {
    const r = await p.erp('GET', '/orders/123');
    expect(r.body.ingested).toBe(false);
  });
});
