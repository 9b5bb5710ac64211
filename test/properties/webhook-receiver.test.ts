/**
 * Property: the stack's webhook receiver (POST /webhooks/tiktok) accepts only what the
 * platform signed, fresh, and only once.
 *   - forged signatures, bodies changed after signing, stale or future timestamps, and signed
 *     bodies of the wrong shape are refused (401 / 400) and change nothing;
 *   - a valid notification is accepted (200) and recorded exactly once: the same bytes again are
 *     a replay, the same notification id re-signed is a duplicate, and neither changes anything.
 * A real stack (in-process, temp SQLite) against a real mock, both on 127.0.0.1 port 0.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../../lib/tiktok/signature.ts';
import { eventually, http, startPair, type Pair } from '../../stack/test/fixtures/pair.ts';
import { checkProperty, runs } from './fixtures/count-cases.ts';

let p: Pair;
let orderIds: string[] = [];
let shopId = '';
const MAX_AGE_S = 600;
const MAX_FUTURE_S = 60;

const TABLES = ['stock', 'stock_changes', 'orders', 'order_queue', 'webhook_inbox', 'shipment_outbox', 'idempotency', 'alerts'];
function snapshot(): string {
  const db = p.stack.services.db;
  return JSON.stringify(TABLES.map((t) => db.prepare(`SELECT * FROM ${t}`).all()));
}
const inboxRows = (id: string): number =>
  (p.stack.services.db.prepare('SELECT COUNT(*) AS n FROM webhook_inbox WHERE notification_id = ?').get(id) as { n: number }).n;

beforeAll(async () => {
  p = await startPair({ seed: 'prop-webhook', skus: 6 }, { webhookMaxAgeS: MAX_AGE_S, webhookMaxFutureS: MAX_FUTURE_S });
  shopId = p.catalog.shops[0]!.id;
  const sku = p.catalog.skus[0]!;
  for (const w of p.catalog.warehouses) expect((await p.erp('PUT', `/stock/${sku.seller_sku}/${w.id}`, { on_hand: 100 })).status).toBe(200);
  await eventually('stock on the platform', async () => (await p.ctl('GET', `/__mock/wait?shop_id=${shopId}&sku_id=${sku.id}&warehouse_id=${p.catalog.warehouses[0]!.id}&quantity=100&timeout_ms=2000`)).reached);
  for (let i = 0; i < 3; i++) {
    const placed = await p.ctl('POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: sku.id, quantity: 1 }] });
    orderIds.push(placed.order_id);
  }
  for (const id of orderIds) await eventually(`order ${id} allocated`, async () => (await p.erp('GET', `/orders/${id}`)).body.status === 'allocated');
  let prev = '';
  await eventually('state settled', async () => {
    const now = snapshot();
    const same = now === prev;
    prev = now;
    return same;
  }, 15_000, 300);
}, 60_000);

afterAll(async () => {
  await p?.close();
});

let counter = 0;
interface Note {
  type: unknown;
  tts_notification_id: unknown;
  shop_id: unknown;
  timestamp: unknown;
  data: unknown;
}
/** A well-formed notification about a known order (so accepting it queues no fetch). */
const note = fc.record({
  order: fc.integer({ min: 0, max: 2 }),
  status: fc.constantFrom('AWAITING_SHIPMENT', 'AWAITING_COLLECTION', 'IN_TRANSIT', 'DELIVERED'),
  // Inside the window with a margin: values are generated before they are sent (and reused
  // while shrinking), so a case must stay valid for a while.
  skewS: fc.integer({ min: -(MAX_AGE_S - 120), max: MAX_FUTURE_S - 30 }),
  pretty: fc.boolean(),
}).map(({ order, status, skewS, pretty }) => ({
  pretty,
  body: {
    type: 1,
    tts_notification_id: `prop-${process.pid}-${++counter}-${Date.now()}`,
    shop_id: shopId,
    timestamp: Math.floor(Date.now() / 1000) + skewS,
    data: { order_id: orderIds[order]!, order_status: status, is_on_hold_order: false, update_time: Math.floor(Date.now() / 1000) },
  } as Note,
}));

const raw = (n: { body: Note; pretty: boolean }) => (n.pretty ? JSON.stringify(n.body, null, 2) : JSON.stringify(n.body));
const send = (body: string, authorization: string | undefined) =>
  http(p.stack.url, 'POST', '/webhooks/tiktok', body, authorization === undefined ? {} : { authorization });
const sign = (body: string, secret = p.mock.appSecret, key = p.mock.appKey) => signWebhook(key, secret, body);

interface Rejected {
  kind: string;
  body: string;
  authorization: string | undefined;
  status: number;
  code: string;
  mentions?: string;
}

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'.split('')), minLength: 64, maxLength: 64 });

const rejected: fc.Arbitrary<Rejected> = fc.oneof(
  // Forged: random hex, another secret, another app key, nothing, garbage, a signature of another body.
  fc.record({ n: note, sig: hex64 }).map(({ n, sig }) => ({ kind: 'random signature', body: raw(n), authorization: sig, status: 401, code: 'WEBHOOK_UNAUTHORIZED' })),
  fc.record({ n: note, secret: fc.string({ minLength: 1, maxLength: 40 }) }).filter(({ secret }) => secret !== p.mock.appSecret).map(({ n, secret }) => ({ kind: 'wrong secret', body: raw(n), authorization: sign(raw(n), secret), status: 401, code: 'WEBHOOK_UNAUTHORIZED' })),
  fc.record({ n: note, key: fc.string({ maxLength: 20 }) }).filter(({ key }) => key !== p.mock.appKey).map(({ n, key }) => ({ kind: 'wrong app key', body: raw(n), authorization: sign(raw(n), p.mock.appSecret, key), status: 401, code: 'WEBHOOK_UNAUTHORIZED' })),
  note.map((n) => ({ kind: 'no Authorization', body: raw(n), authorization: undefined, status: 401, code: 'WEBHOOK_UNAUTHORIZED', mentions: 'no Authorization' })),
  fc.record({ n: note, junk: fc.string({ unit: fc.constantFrom(...'ghijklmnopqrstuvwxyzGHIJ0123456789=+/ '.split('')), minLength: 1, maxLength: 80 }) }).map(({ n, junk }) => ({
    kind: 'garbage Authorization', body: raw(n), authorization: junk.trim() === '' ? 'x' : junk.trim(), status: 401, code: 'WEBHOOK_UNAUTHORIZED',
  })),
  fc.record({ n: note, m: note }).map(({ n, m }) => ({ kind: 'signature of another body', body: raw(n), authorization: sign(raw(m)), status: 401, code: 'WEBHOOK_UNAUTHORIZED' })),
  fc.record({ n: note, sig: hex64 }).map(({ n, sig }) => ({ kind: 'signature with a prefix', body: raw(n), authorization: `sha256=${sign(raw(n))}`, status: 401, code: 'WEBHOOK_UNAUTHORIZED' })),
  // Mutated after signing: one character changed, inserted or removed; a field changed.
  fc.record({ n: note, at: fc.nat(), ch: fc.string({ minLength: 1, maxLength: 1 }), op: fc.constantFrom('replace', 'insert', 'delete') }).map(({ n, at, ch, op }) => {
    const original = raw(n);
    const i = at % original.length;
    let body = op === 'replace' ? original.slice(0, i) + ch + original.slice(i + 1) : op === 'insert' ? original.slice(0, i) + ch + original.slice(i) : original.slice(0, i) + original.slice(i + 1);
    if (body === original) body = original + ' ';
    return { kind: `body mutated (${op})`, body, authorization: sign(original), status: 401, code: 'WEBHOOK_UNAUTHORIZED' };
  }),
  fc.record({ n: note, order: fc.string({ minLength: 1, maxLength: 20 }) }).map(({ n, order }) => {
    const original = raw(n);
    const body = JSON.stringify({ ...n.body, data: { ...(n.body.data as object), order_id: `${order}-x` } });
    return { kind: 'order id swapped', body, authorization: sign(original), status: 401, code: 'WEBHOOK_UNAUTHORIZED' };
  }),
  // Signed, but stale or from the future.
  fc.record({ n: note, pastS: fc.integer({ min: MAX_AGE_S + 30, max: 10 * 365 * 86_400 }) }).map(({ n, pastS }) => {
    const body = JSON.stringify({ ...n.body, timestamp: Math.floor(Date.now() / 1000) - pastS });
    return { kind: 'stale', body, authorization: sign(body), status: 401, code: 'WEBHOOK_STALE', mentions: 'timestamp' };
  }),
  fc.record({ n: note, aheadS: fc.integer({ min: MAX_FUTURE_S + 30, max: 10 * 365 * 86_400 }) }).map(({ n, aheadS }) => {
    const body = JSON.stringify({ ...n.body, timestamp: Math.floor(Date.now() / 1000) + aheadS });
    return { kind: 'future', body, authorization: sign(body), status: 401, code: 'WEBHOOK_STALE', mentions: 'timestamp' };
  }),
  // Signed, but not a notification the receiver can use.
  fc.record({ n: note, ts: fc.oneof(fc.string(), fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 2 })) }).map(({ n, ts }) => {
    const body = JSON.stringify({ ...n.body, timestamp: ts });
    return { kind: 'timestamp not a number', body, authorization: sign(body), status: 400, code: 'INVALID_BODY', mentions: 'timestamp' };
  }),
  fc.record({ n: note, field: fc.constantFrom('tts_notification_id', 'shop_id', 'data'), v: fc.oneof(fc.constant(undefined), fc.constant(null), fc.constant(''), fc.boolean(), fc.array(fc.integer(), { maxLength: 1 })) })
    .filter(({ field, v }) => !(field === 'data' && Array.isArray(v) === false && typeof v === 'object' && v !== null))
    .map(({ n, field, v }) => {
      const body = JSON.stringify({ ...n.body, [field]: v });
      // An empty shop_id is still a string: the receiver keys on it as given; leave that case out.
      return { kind: `bad ${field}`, body, authorization: sign(body), status: 400, code: 'INVALID_BODY', mentions: field };
    })
    .filter((r) => !(r.kind === 'bad shop_id' && JSON.parse(r.body).shop_id === '')),
  fc.record({ n: note, field: fc.constantFrom('order_id', 'order_status'), v: fc.oneof(fc.constant(null), fc.boolean(), fc.array(fc.integer(), { maxLength: 1 }), fc.constant({})) }).map(({ n, field, v }) => {
    const body = JSON.stringify({ ...n.body, data: { ...(n.body.data as object), [field]: v } });
    return { kind: `bad data.${field}`, body, authorization: sign(body), status: 400, code: 'INVALID_BODY', mentions: `data.${field}` };
  }),
  fc.oneof(fc.string({ minLength: 1, maxLength: 30 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } }), fc.constantFrom('{"type":1', '[]', '"x"', '42', 'null')).map((b) => {
    let code = 'MALFORMED_JSON';
    try {
      JSON.parse(b);
      code = 'INVALID_BODY';
    } catch { /* stays malformed */ }
    return { kind: 'signed non-notification', body: b, authorization: sign(b), status: 400, code };
  }),
);

describe('webhook receiver', () => {
  it('refuses forged, mutated, stale and malformed notifications and changes nothing', async () => {
    const kinds = new Set<string>();
    await checkProperty('webhook-rejects', rejected, async (r) => {
      kinds.add(r.kind);
      const before = snapshot();
      const res = await send(r.body, r.authorization);
      const where = `${r.kind}: ${r.body.slice(0, 200)} auth=${r.authorization?.slice(0, 20)} -> ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
      expect(res.status, where).toBe(r.status);
      expect(res.body?.error?.code, where).toBe(r.code);
      if (r.mentions) expect(res.body.error.message, where).toContain(r.mentions);
      expect(snapshot(), where).toBe(before);
    }, runs(300));
    expect(kinds.size).toBeGreaterThanOrEqual(14);
  }, 120_000);

  it('accepts a valid notification exactly once: replays and re-signed duplicates change nothing', async () => {
    await checkProperty('webhook-exactly-once', fc.record({ n: note, replays: fc.integer({ min: 1, max: 3 }), resignS: fc.integer({ min: 1, max: 20 }) }), async ({ n: generated, replays, resignS }) => {
      let n = generated;
      // A fresh id per run: shrinking replays the same generated value.
      const id = `prop-${process.pid}-${++counter}-${Date.now()}`;
      n = { ...n, body: { ...n.body, tts_notification_id: id } };
      const body = raw(n);
      expect(inboxRows(id)).toBe(0);
      const first = await send(body, sign(body));
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(['queued', 'known_order']).toContain(first.body.outcome);
      expect(inboxRows(id)).toBe(1);
      const after = snapshot();
      for (let i = 0; i < replays; i++) {
        const again = await send(body, sign(body));
        expect(again.status).toBe(200);
        expect(again.body.outcome).toBe('replay');
      }
      // The platform retrying: same notification id, a new timestamp, signed again.
      const retry = JSON.stringify({ ...n.body, timestamp: (n.body.timestamp as number) + resignS });
      const dup = await send(retry, sign(retry));
      expect(dup.status).toBe(200);
      expect(dup.body.outcome).toBe('duplicate');
      expect(inboxRows(id)).toBe(1);
      expect(snapshot()).toBe(after);
    }, runs(60));
  }, 120_000);
});
