/**
 * Property: concurrent writes that share a group-commit batch with failing ones behave as if
 * each had run alone. A burst of requests fired at once mixes valid stock adjustments and
 * safety thresholds with writes that fail inside the transaction (stock below zero, a batch
 * with an unknown SKU after valid lines, a shipment of an unknown order). The stack commits
 * such a batch by rolling back and running every write again in its own savepoint
 * (stack/db/group-commit.ts), so this is where a write with a side effect outside the
 * database would show: afterwards on-hand equals the model (every accepted delta once, no
 * line of a failed batch), every threshold is stored, and every threshold set below the SKU's
 * availability raised exactly one low-stock alert.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPair, type Pair } from '../../stack/test/fixtures/pair.ts';
import { checkProperty, runs } from './fixtures/count-cases.ts';

let p: Pair;
let skus: string[] = [];
let whs: string[] = [];
let keyN = 0;

beforeAll(async () => {
  p = await startPair({ seed: 'prop-concurrency', skus: 12, rateLimit: { defaultQps: 100_000 } });
  skus = p.catalog.skus.map((s) => s.seller_sku);
  whs = p.catalog.warehouses.map((w) => w.id);
  const lines = skus.flatMap((s) => whs.map((w) => ({ sku: s, warehouse_id: w, on_hand: 100 })));
  expect((await p.erp('POST', '/stock/batch', { lines })).status).toBe(200);
}, 60_000);
afterAll(async () => {
  await p?.close();
});

type Op =
  | { kind: 'adjust'; sku: number; wh: number; delta: number }
  | { kind: 'threshold'; sku: number; threshold: number }
  | { kind: 'fail-negative'; sku: number; wh: number }
  | { kind: 'fail-batch'; sku: number; wh: number; delta: number }
  | { kind: 'fail-ship' };

// Thresholds go to SKUs 0-3, adjustments to SKUs 4-11, so a threshold's availability is
// known before the burst and the expected alert follows from it.
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('adjust' as const), sku: fc.integer({ min: 4, max: 11 }), wh: fc.nat(), delta: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fail-negative' as const), sku: fc.integer({ min: 4, max: 11 }), wh: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('fail-batch' as const), sku: fc.integer({ min: 4, max: 11 }), wh: fc.nat(), delta: fc.integer({ min: 1, max: 9 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fail-ship' as const }) },
);
const burst = fc.record({
  ops: fc.array(op, { minLength: 2, maxLength: 16 }),
  thresholds: fc.uniqueArray(fc.record({ sku: fc.integer({ min: 0, max: 3 }), threshold: fc.integer({ min: 0, max: 1000 }) }), { selector: (t) => t.sku, maxLength: 3 }),
  seed: fc.nat(),
});

function send(o: Op): Promise<{ status: number; body: any }> {
  const wh = (i: number) => whs[i % whs.length]!;
  switch (o.kind) {
    case 'adjust':
      return p.erp('POST', `/stock/${skus[o.sku]}/${wh(o.wh)}/adjust`, { delta: o.delta }, { 'idempotency-key': `cc-${++keyN}` });
    case 'threshold':
      return p.erp('PUT', `/stock/${skus[o.sku]}/safety`, { threshold: o.threshold });
    case 'fail-negative':
      return p.erp('POST', `/stock/${skus[o.sku]}/${wh(o.wh)}/adjust`, { delta: -1_000_000 });
    case 'fail-batch':
      return p.erp('POST', '/stock/batch', { lines: [{ sku: skus[o.sku], warehouse_id: wh(o.wh), delta: o.delta }, { sku: 'NO-SUCH-SKU', warehouse_id: wh(o.wh), delta: 1 }] });
    case 'fail-ship':
      return p.erp('POST', '/orders/no-such-order/shipment', { carrier: 'c', tracking_number: 'T' });
  }
}

async function stockOf(i: number) {
  return (await p.erp('GET', `/stock/${skus[i]}`)).body as { safety_stock: number; warehouses: { warehouse_id: string; on_hand: number; available: number }[] };
}

describe('ERP API: concurrent writes with failing neighbours', () => {
  it('a burst commits exactly the accepted writes, once, with their alerts', async () => {
    const replaysBefore = p.stack.services.gc.stats.replays;
    await checkProperty('erp-concurrency', burst, async ({ ops, thresholds, seed }) => {
      const before = await Promise.all(skus.map((_, i) => stockOf(i)));
      const alertsFrom = (await p.erp('GET', '/alerts?after_seq=0&limit=10000')).body.next_after_seq as number;
      // Thresholds join the burst at seeded places.
      const all: Op[] = [...ops];
      thresholds.forEach((t, i) => all.splice((seed + i * 7) % (all.length + 1), 0, { kind: 'threshold', ...t }));
      const answers = await Promise.all(all.map(send));

      const want = new Map<string, number>();
      for (const [i, s] of before.entries()) for (const w of s.warehouses) want.set(`${i}|${w.warehouse_id}`, w.on_hand);
      all.forEach((o, i) => {
        const a = answers[i]!;
        const where = `${o.kind} -> ${a.status} ${JSON.stringify(a.body).slice(0, 200)}`;
        if (o.kind === 'adjust' || o.kind === 'threshold') expect(a.status, where).toBe(200);
        else expect(a.status, where).toBeGreaterThanOrEqual(400);
        if (o.kind === 'adjust') {
          const k = `${o.sku}|${whs[o.wh % whs.length]}`;
          want.set(k, want.get(k)! + o.delta);
        }
      });
      const after = await Promise.all(skus.map((_, i) => stockOf(i)));
      for (const [i, s] of after.entries())
        for (const w of s.warehouses) expect(w.on_hand, `${skus[i]} @ ${w.warehouse_id}`).toBe(want.get(`${i}|${w.warehouse_id}`));

      const alerts = (await p.erp('GET', `/alerts?after_seq=${alertsFrom}&limit=10000`)).body.alerts as { sku: string; threshold: number }[];
      const expected: string[] = [];
      for (const t of thresholds) {
        const total = before[t.sku]!.warehouses.reduce((a, w) => a + w.available, 0);
        const prev = before[t.sku]!.safety_stock;
        expect(after[t.sku]!.safety_stock).toBe(t.threshold);
        if (t.threshold > 0 && total < t.threshold && !(prev > 0 && total < prev)) expected.push(`${skus[t.sku]}:${t.threshold}`);
      }
      expect(alerts.map((a) => `${a.sku}:${a.threshold}`).sort(), `thresholds ${JSON.stringify(thresholds)}`).toEqual(expected.sort());
    }, runs(60));
    // The bursts did hit the roll-back-and-replay path, not only clean batches.
    expect(p.stack.services.gc.stats.replays - replaysBefore).toBeGreaterThan(0);
  }, 120_000);
});
