/**
 * Property: the ERP API turns every bad request into a 4xx with an error from the stack's
 * catalogue whose message names what was wrong, and a rejected request changes nothing — not
 * the stock, not the change log, not the orders, not the idempotency keys. And a write replayed
 * under its Idempotency-Key answers the same and changes nothing either.
 *
 * A real stack (in-process, temp SQLite file) against a real mock, both on 127.0.0.1 port 0.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERRORS } from '../../stack/errors.ts';
import { eventually, http, startPair, type Json, type Pair } from '../../stack/test/fixtures/pair.ts';
import { checkProperty, runs } from './fixtures/count-cases.ts';

let p: Pair;
let skus: string[] = [];
let whs: string[] = [];
let orderId = '';
const USED_KEY = 'prop-used-key';
const USED_BODY = { on_hand: 40 };

/** Tables that hold accepted writes; the outbox/pushed tables move on their own (pushes). */
const TABLES = ['stock', 'stock_changes', 'orders', 'order_queue', 'webhook_inbox', 'shipment_outbox', 'idempotency', 'alerts', 'skus'];

function dbSnapshot(): string {
  const db = p.stack.services.db;
  return JSON.stringify(TABLES.map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
}

/** The public view: GET /stock of the SKUs the cases touch (less `pushed`) and the change log. */
async function apiSnapshot(): Promise<string> {
  const stock = await Promise.all(skus.slice(0, 3).map(async (s) => {
    const { pushed: _pushed, ...rest } = (await p.erp('GET', `/stock/${encodeURIComponent(s)}`)).body;
    return rest;
  }));
  const changes = (await p.erp('GET', '/stock/changes?after_seq=0&limit=10000')).body;
  return JSON.stringify({ stock, changes });
}

async function snapshot(): Promise<string> {
  return `${dbSnapshot()}\n${await apiSnapshot()}`;
}

/** The platform's side: its inventory history and how many inventory/update calls it answered. */
async function platformSnapshot(): Promise<{ history: string; updateCalls: number }> {
  const history = JSON.stringify(await p.ctl('GET', '/__mock/inventory/history'));
  const stats = await p.ctl('GET', '/__mock/stats');
  const updateCalls = Object.entries(stats.endpoints as Record<string, { calls: number }>)
    .filter(([k]) => k.includes('/inventory/update'))
    .reduce((n, [, e]) => n + e.calls, 0);
  return { history, updateCalls };
}

/**
 * Waits until every push queued so far has gone out: a fresh write of `sku` reaching every
 * shop (the pusher works oldest first), then a little more for calls still on the wire.
 */
async function pushBarrier(sku: { id: string; seller_sku: string }, onHand: number): Promise<void> {
  const wh = whs[0]!;
  expect((await p.erp('PUT', `/stock/${enc(sku.seller_sku)}/${wh}`, { on_hand: onHand })).status).toBe(200);
  for (const shop of p.catalog.shops) {
    const w = await p.ctl('GET', `/__mock/wait?shop_id=${shop.id}&sku_id=${sku.id}&warehouse_id=${wh}&quantity=${onHand}&timeout_ms=10000`);
    expect(w.reached).toBe(true);
  }
  await new Promise((r) => setTimeout(r, 300));
}

beforeAll(async () => {
  p = await startPair({ seed: 'prop-erp', skus: 12, rateLimit: { defaultQps: 100_000 } });
  skus = p.catalog.skus.map((s) => s.seller_sku);
  whs = p.catalog.warehouses.map((w) => w.id);
  for (const s of skus.slice(0, 3)) for (const w of whs) expect((await p.erp('PUT', `/stock/${s}/${w}`, { on_hand: 50 })).status).toBe(200);
  expect((await p.erp('PUT', `/stock/${skus[0]}/${whs[0]}`, USED_BODY, { 'idempotency-key': USED_KEY })).status).toBe(200);
  const placed = await p.ctl('POST', '/__mock/orders', { shop_id: p.catalog.shops[0]!.id, line_items: [{ sku_id: p.catalog.skus[0]!.id, quantity: 1 }] });
  orderId = placed.order_id;
  await eventually('order allocated', async () => (await p.erp('GET', `/orders/${orderId}`)).body.status === 'allocated');
  // Wait until nothing moves any more (order queue drained, pushes done), so a difference is ours.
  let prev = '';
  await eventually('state settled', async () => {
    const now = await snapshot();
    const same = now === prev;
    prev = now;
    return same;
  }, 15_000, 300);
}, 60_000);

afterAll(async () => {
  await p?.close();
});

interface BadRequest {
  kind: string;
  method: string;
  path: string;
  /** An object is sent as JSON; a string is sent as is (raw). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Acceptable error codes (from stack/errors.ts). */
  codes: (keyof typeof ERRORS)[];
  /** Fragments the message must contain: the field or value that was wrong. */
  mentions: string[];
}

const enc = encodeURIComponent;
const RESERVED_SEGMENTS = new Set(['', '.', '..', 'safety', 'batch', 'changes']);

/** A value that is not an integer in [min, max]. */
const badInt = (min: number, max: number) =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.integer({ min: Number.MIN_SAFE_INTEGER, max: min - 1 }),
    fc.integer({ min: max + 1, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(2 ** 53, 1e21, 1e308, -1e308, true, false, null, [], [1], {}, { n: 1 }, '7', '1e3', ''),
  );

/** Raw JSON text for numbers JSON.stringify cannot produce (overflow, -0 forms, exponents). */
const rawNumberText = fc.constantFrom('1e400', '-1e400', '1.5', '1e-7', '99999999999999999999', '-0.5', '0x10', 'NaN', 'Infinity', '01');

const unknownSku = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 })).filter((s) => !RESERVED_SEGMENTS.has(s) && !skus.includes(s));
const unknownWh = fc.string({ minLength: 1, maxLength: 24 }).filter((s) => !RESERVED_SEGMENTS.has(s) && !whs.includes(s) && s !== 'adjust');
const knownSku = fc.integer({ min: 0, max: 2 }).map((i) => skus[i]!);
const knownWh = fc.integer({ min: 0, max: 2 }).map((i) => whs[i % whs.length]!);
const unknownKey = fc.string({ minLength: 1, maxLength: 16 }).filter((k) => !['on_hand', 'delta', 'sku', 'warehouse_id', 'threshold', 'carrier', 'tracking_number', 'lines'].includes(k));
const notJson = fc.oneof(
  fc.string({ minLength: 1, maxLength: 40 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return true;
    }
  }),
  fc.constantFrom('{"on_hand": 5', '{on_hand: 5}', "{'on_hand': 5}", '{"on_hand": 5,}', '[1,', '\u0000', '{"a":1}{"b":2}', ' '),
);
const notObject = fc.jsonValue().filter((v) => typeof v !== 'object' || v === null || Array.isArray(v));
const badStr = (max: number) => fc.oneof(fc.constant(''), fc.string({ minLength: max + 1, maxLength: max + 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
// Header values lose leading and trailing whitespace on the wire, so the space goes inside.
const keyPart = fc.string({ unit: fc.constantFrom(...'abcXYZ-_09'.split('')), minLength: 1, maxLength: 10 });
const badIdemKey = fc.oneof(
  fc.tuple(keyPart, keyPart).map(([a, b]) => `${a} ${b}`),
  fc.integer({ min: 201, max: 400 }).map((n) => 'k'.repeat(n)),
);
const badQuery = fc.oneof(
  fc.string({ maxLength: 12 }).filter((s) => !/^\d{1,15}$/.test(s)),
  fc.constantFrom('-1', '1.5', '1e3', '0x1', ' 1', '+1', '9999999999999999'),
);

const bad: fc.Arbitrary<BadRequest> = fc.oneof(
  // Single writes: bad values, raw numbers, unknown keys, both fields, wrong types.
  fc.record({ sku: knownSku, wh: knownWh, v: badInt(0, 1_000_000_000) }).map(({ sku, wh, v }): BadRequest => ({
    kind: 'set: bad on_hand', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: { on_hand: v }, codes: ['INVALID_BODY'], mentions: ['on_hand'],
  })),
  fc.record({ sku: knownSku, wh: knownWh, n: rawNumberText }).map(({ sku, wh, n }): BadRequest => ({
    kind: 'set: raw number', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: `{"on_hand": ${n}}`, codes: ['INVALID_BODY', 'MALFORMED_JSON'], mentions: [],
  })),
  fc.record({ sku: knownSku, wh: knownWh, v: badInt(-1_000_000_000, 1_000_000_000) }).map(({ sku, wh, v }): BadRequest => ({
    kind: 'adjust: bad delta', method: 'POST', path: `/stock/${enc(sku)}/${wh}/adjust`, body: { delta: v }, codes: ['INVALID_BODY'], mentions: ['delta'],
  })),
  fc.record({ sku: knownSku, wh: knownWh, d: fc.integer({ min: -1_000_000_000, max: -1000 }) }).map(({ sku, wh, d }): BadRequest => ({
    kind: 'adjust: below zero', method: 'POST', path: `/stock/${enc(sku)}/${wh}/adjust`, body: { delta: d }, codes: ['NEGATIVE_STOCK'], mentions: [sku, String(d)],
  })),
  fc.record({ sku: knownSku, wh: knownWh, k: unknownKey }).map(({ sku, wh, k }): BadRequest => ({
    kind: 'set: unknown key', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: `{"on_hand": 5, ${JSON.stringify(k)}: 1}`, codes: ['INVALID_BODY'], mentions: [k],
  })),
  fc.record({ sku: knownSku, wh: knownWh }).map(({ sku, wh }): BadRequest => ({
    kind: 'set: delta instead of on_hand', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: { delta: 1 }, codes: ['INVALID_BODY'], mentions: ['delta'],
  })),
  // Unknown names in the path.
  fc.record({ sku: unknownSku, wh: knownWh, v: fc.integer({ min: 0, max: 100 }) }).map(({ sku, wh, v }): BadRequest => ({
    kind: 'set: unknown sku', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: { on_hand: v }, codes: ['UNKNOWN_SKU'], mentions: [sku],
  })),
  fc.record({ sku: knownSku, wh: unknownWh, v: fc.integer({ min: 0, max: 100 }) }).map(({ sku, wh, v }): BadRequest => ({
    kind: 'set: unknown warehouse', method: 'PUT', path: `/stock/${enc(sku)}/${enc(wh)}`, body: { on_hand: v }, codes: ['UNKNOWN_WAREHOUSE'], mentions: [wh],
  })),
  fc.record({ sku: unknownSku, wh: knownWh }).map(({ sku, wh }): BadRequest => ({
    kind: 'adjust: unknown sku', method: 'POST', path: `/stock/${enc(sku)}/${wh}/adjust`, body: { delta: 1 }, codes: ['UNKNOWN_SKU'], mentions: [sku],
  })),
  unknownSku.map((sku): BadRequest => ({ kind: 'read: unknown sku', method: 'GET', path: `/stock/${enc(sku)}`, codes: ['UNKNOWN_SKU'], mentions: [sku] })),
  fc.record({ sku: unknownSku, t: fc.integer({ min: 0, max: 10 }) }).map(({ sku, t }): BadRequest => ({
    kind: 'safety: unknown sku', method: 'PUT', path: `/stock/${enc(sku)}/safety`, body: { threshold: t }, codes: ['UNKNOWN_SKU'], mentions: [sku],
  })),
  fc.record({ sku: knownSku, v: badInt(0, 1_000_000_000) }).map(({ sku, v }): BadRequest => ({
    kind: 'safety: bad threshold', method: 'PUT', path: `/stock/${enc(sku)}/safety`, body: { threshold: v }, codes: ['INVALID_BODY'], mentions: ['threshold'],
  })),
  // Batches: valid lines with one bad line at a random place.
  fc
    .record({
      n: fc.integer({ min: 1, max: 6 }),
      at: fc.nat(),
      sku: knownSku,
      wh: knownWh,
      badLine: fc.oneof(
        badInt(0, 1_000_000_000).map((v) => ({ line: (s: string, w: string) => ({ sku: s, warehouse_id: w, on_hand: v }), codes: ['INVALID_BODY'], field: 'on_hand' })),
        fc.constant({ line: (s: string, w: string) => ({ sku: s, warehouse_id: w, on_hand: 1, delta: 1 }), codes: ['INVALID_BODY'], field: 'exactly one' }),
        fc.constant({ line: (_s: string, w: string) => ({ warehouse_id: w, on_hand: 1 }), codes: ['INVALID_BODY'], field: 'sku' }),
        unknownSku.map((u) => ({ line: (_s: string, w: string) => ({ sku: u, warehouse_id: w, on_hand: 1 }), codes: ['UNKNOWN_SKU'], field: u })),
        unknownWh.map((u) => ({ line: (s: string) => ({ sku: s, warehouse_id: u, on_hand: 1 }), codes: ['UNKNOWN_WAREHOUSE'], field: u })),
        notObject.map((v) => ({ line: () => v, codes: ['INVALID_BODY'], field: 'expected an object' })),
      ),
    })
    .map(({ n, at, sku, wh, badLine }): BadRequest => {
      const i = at % n;
      const lines: unknown[] = Array.from({ length: n }, (_, j) => ({ sku: skus[j % 3]!, warehouse_id: whs[j % whs.length]!, on_hand: 60 + j }));
      lines[i] = badLine.line(sku, wh);
      return { kind: 'batch: one bad line', method: 'POST', path: '/stock/batch', body: { lines }, codes: badLine.codes as BadRequest['codes'], mentions: [`lines[${i}]`, badLine.field] };
    }),
  fc.oneof(fc.constant(0), fc.integer({ min: 501, max: 700 })).map((n): BadRequest => ({
    kind: 'batch: size', method: 'POST', path: '/stock/batch', body: { lines: Array.from({ length: n }, () => ({ sku: skus[0]!, warehouse_id: whs[0]!, on_hand: 1 })) }, codes: ['INVALID_BODY'], mentions: ['lines'],
  })),
  fc.jsonValue().filter((v) => !Array.isArray(v)).map((v): BadRequest => ({ kind: 'batch: lines not an array', method: 'POST', path: '/stock/batch', body: { lines: v }, codes: ['INVALID_BODY'], mentions: ['lines'] })),
  // Bodies that are not JSON, not objects, or not JSON-typed.
  fc.record({ sku: knownSku, wh: knownWh, raw: notJson }).map(({ sku, wh, raw }): BadRequest => ({
    kind: 'malformed JSON', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: raw, codes: ['MALFORMED_JSON'], mentions: [],
  })),
  fc.record({ sku: knownSku, wh: knownWh, v: notObject }).map(({ sku, wh, v }): BadRequest => ({
    kind: 'body not an object', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: JSON.stringify(v), codes: ['INVALID_BODY'], mentions: ['object'],
  })),
  fc.record({ sku: knownSku, wh: knownWh, ct: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'text/json') }).map(({ sku, wh, ct }): BadRequest => ({
    kind: 'wrong content type', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: '{"on_hand": 5}', headers: { 'content-type': ct }, codes: ['UNSUPPORTED_MEDIA_TYPE'], mentions: [ct],
  })),
  // Idempotency keys: malformed, or reused for another request.
  fc.record({ sku: knownSku, wh: knownWh, key: badIdemKey }).map(({ sku, wh, key }): BadRequest => ({
    kind: 'bad idempotency key', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: { on_hand: 7 }, headers: { 'idempotency-key': key }, codes: ['INVALID_IDEMPOTENCY_KEY'], mentions: [],
  })),
  fc.integer({ min: 0, max: 1_000_000 }).filter((v) => v !== USED_BODY.on_hand).map((v): BadRequest => ({
    kind: 'idempotency key reused with another body', method: 'PUT', path: `/stock/${enc(skus[0]!)}/${whs[0]}`, body: { on_hand: v }, headers: { 'idempotency-key': USED_KEY }, codes: ['IDEMPOTENCY_KEY_REUSED'], mentions: [USED_KEY],
  })),
  fc.record({ sku: fc.integer({ min: 1, max: 2 }).map((i) => skus[i]!), wh: knownWh }).map(({ sku, wh }): BadRequest => ({
    kind: 'idempotency key reused on another path', method: 'PUT', path: `/stock/${enc(sku)}/${wh}`, body: USED_BODY, headers: { 'idempotency-key': USED_KEY }, codes: ['IDEMPOTENCY_KEY_REUSED'], mentions: [USED_KEY],
  })),
  // Orders and shipments.
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !RESERVED_SEGMENTS.has(s) && s !== orderId).map((id): BadRequest => ({
    kind: 'shipment: unknown order', method: 'POST', path: `/orders/${enc(id)}/shipment`, body: { carrier: 'c', tracking_number: 'T-1' }, codes: ['ORDER_NOT_FOUND'], mentions: [id],
  })),
  fc.record({ carrier: badStr(100), tracking: fc.option(badStr(100), { nil: undefined }) }).map(({ carrier, tracking }): BadRequest => ({
    kind: 'shipment: bad fields', method: 'POST', path: `/orders/${orderId}/shipment`, body: { carrier, ...(tracking !== undefined ? { tracking_number: tracking } : {}) }, codes: ['INVALID_BODY'], mentions: ['carrier', 'tracking_number'],
  })),
  fc.string({ minLength: 1, maxLength: 30 }).filter((s) => !RESERVED_SEGMENTS.has(s) && s !== orderId).map((id): BadRequest => ({
    kind: 'read: unknown order', method: 'GET', path: `/orders/${enc(id)}`, codes: ['ORDER_NOT_FOUND'], mentions: [id],
  })),
  // Query parameters of the exports.
  fc.record({ route: fc.constantFrom('/stock/changes', '/orders', '/alerts'), param: fc.constantFrom('after_seq', 'limit'), v: badQuery }).map(({ route, param, v }): BadRequest => ({
    kind: 'bad query', method: 'GET', path: `${route}?${new URLSearchParams({ [param]: v })}`, codes: ['INVALID_PARAM'], mentions: [param],
  })),
  // Routes and methods.
  fc.record({ method: fc.constantFrom('DELETE', 'PATCH'), sku: knownSku, wh: knownWh }).map(({ method, sku, wh }): BadRequest => ({
    kind: 'wrong method', method, path: `/stock/${enc(sku)}/${wh}`, codes: ['METHOD_NOT_ALLOWED'], mentions: [method],
  })),
  fc.webPath().filter((w) => !/^\/(stock|orders|alerts|health|ready|metrics|webhooks)\b/.test(w) && !w.includes('..')).map((w): BadRequest => ({
    kind: 'unknown route', method: 'POST', path: w.startsWith('/') ? w : `/${w}`, body: {}, codes: ['ROUTE_NOT_FOUND', 'INVALID_PARAM', 'METHOD_NOT_ALLOWED'], mentions: [],
  })),
);

function send(r: BadRequest): Promise<Json> {
  return http(p.stack.url, r.method, r.path, r.body, r.headers ?? {});
}

describe('ERP API: bad input', () => {
  it('every bad request is a 4xx with a catalogued error naming what was wrong, and changes nothing, locally or on the platform', async () => {
    const byKind = new Map<string, number>();
    // The barrier SKU is outside the three the cases write, so its product's pushes are its own.
    const barrier = p.catalog.skus.find((s) => !p.catalog.skus.slice(0, 3).some((t) => t.product_id === s.product_id))!;
    await pushBarrier(barrier, 21);
    const platformBefore = await platformSnapshot();
    await checkProperty('erp-api', bad, async (r) => {
      byKind.set(r.kind, (byKind.get(r.kind) ?? 0) + 1);
      const before = await snapshot();
      const platform = (await platformSnapshot()).history;
      const res = await send(r);
      const where = `${r.kind}: ${r.method} ${r.path} ${typeof r.body === 'string' ? r.body : JSON.stringify(r.body)?.slice(0, 200)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
      expect(res.status, where).toBeGreaterThanOrEqual(400);
      expect(res.status, where).toBeLessThan(500);
      expect(r.codes, where).toContain(res.body?.error?.code);
      expect(res.status, where).toBe(ERRORS[res.body.error.code as keyof typeof ERRORS].status);
      expect(typeof res.body.error.message, where).toBe('string');
      expect(res.body.error.message.length, where).toBeGreaterThan(0);
      const message = res.body.error.message as string;
      // One of the fields the request got wrong is named (for two bad fields, either is enough).
      if (r.mentions.length > 0) expect(r.mentions.some((m) => message.includes(m)), `${where}: should mention ${r.mentions.join(' or ')}`).toBe(true);
      expect(await snapshot(), where).toBe(before);
      expect((await platformSnapshot()).history, `${where}: the platform's inventory history moved`).toBe(platform);
    }, runs(300));
    // Pushes are asynchronous: after a barrier, the only new inventory/update calls are its own.
    await pushBarrier(barrier, 22);
    const platformAfter = await platformSnapshot();
    expect(platformAfter.updateCalls - platformBefore.updateCalls, 'inventory/update calls caused by rejected requests').toBe(p.catalog.shops.length);
    // Every family of bad input was exercised, not just the first few.
    expect(byKind.size).toBeGreaterThanOrEqual(20);
    expect((await p.erp('GET', '/health')).status).toBe(200);
  }, 120_000);

  it('a write replayed under its Idempotency-Key answers the same and changes nothing; reused for another body it is a 409', async () => {
    let n = 0;
    const write = fc.record({
      sku: knownSku,
      wh: knownWh,
      onHand: fc.integer({ min: 0, max: 1_000_000 }),
      other: fc.integer({ min: 0, max: 1_000_000 }),
      replays: fc.integer({ min: 1, max: 3 }),
      kind: fc.constantFrom('set', 'adjust', 'batch'),
    });
    await checkProperty('erp-api-idempotency', write, async ({ sku, wh, onHand, other, replays, kind }) => {
      const key = `prop-replay-${n++}-${Date.now()}`;
      const req = (v: number): [string, string, unknown] =>
        kind === 'set' ? ['PUT', `/stock/${enc(sku)}/${wh}`, { on_hand: v }]
        : kind === 'adjust' ? ['POST', `/stock/${enc(sku)}/${wh}/adjust`, { delta: v % 1000 }]
        : ['POST', '/stock/batch', { lines: [{ sku, warehouse_id: wh, on_hand: v }] }];
      const [m, path, body] = req(onHand);
      const first = await p.erp(m, path, body, { 'idempotency-key': key });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      const after = await snapshot();
      for (let i = 0; i < replays; i++) {
        const again = await p.erp(m, path, body, { 'idempotency-key': key });
        expect(again.status).toBe(200);
        expect(again.body).toEqual(first.body);
      }
      expect(await snapshot()).toBe(after);
      if (other !== onHand && (kind !== 'adjust' || other % 1000 !== onHand % 1000)) {
        const [m2, path2, body2] = req(other);
        const reused = await p.erp(m2, path2, body2, { 'idempotency-key': key });
        expect(reused.status).toBe(409);
        expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
        expect(await snapshot()).toBe(after);
      }
    }, runs(60));
  }, 120_000);
});
