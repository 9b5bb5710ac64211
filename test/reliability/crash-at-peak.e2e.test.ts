/**
 * Crash at the peak: the stack (a child process) is killed with SIGKILL while a promo-shaped
 * load is at its peak, and restarted at once on the same database. The load keeps going the
 * whole time, like a real sale: buyers order on the platform, the receiving dock writes stock
 * into the ERP, the warehouse ships what the ERP allocated. Writes that got no answer are
 * retried afterwards with the same Idempotency-Key, as a client must.
 *
 * After drain, everything is accounted for, 0 lost and 0 duplicated:
 *   - every stock write the ERP acknowledged is in on-hand exactly once (on-hand = seed + every
 *     delta - every shipped allocation, per SKU x warehouse; reserved = open allocations);
 *   - every order the platform accepted is in the ERP, allocated once (reconcile.ts);
 *   - every shipment the ERP acknowledged is on the platform once, with its tracking number;
 *   - the platform shows the ERP's availability everywhere.
 * Printed: the gap (no answers from the ERP), restart -> ready, restart -> converged.
 *
 * Built from the harness's blocks: ChildService, drain, PlatformView, ErpView, measureAccuracy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { ChildService } from '../../src/harness/child-service.ts';
import { drain } from '../../src/harness/drain.ts';
import { ErpView } from '../../src/harness/erp-view.ts';
import { measureAccuracy } from '../../src/harness/measure-accuracy.ts';
import { PlatformView, type MockCatalog } from '../../src/harness/platform-view.ts';
import { pacedLoop } from './fixtures/paced-loop.ts';

const SEED_ON_HAND = 2000;
const BASE_RATE = 10; // orders/s
const PEAK_RATE = 40;
const STOCK_RATE = 15; // ERP stock writes/s
// Timeline (ms from the start of the load): baseline, ramp, peak (crash in the middle), drop.
const BASELINE_MS = 3000;
const RAMP_MS = 2000;
const PEAK_MS = 9000;
const DROP_MS = 2000;
const CRASH_AT_MS = BASELINE_MS + RAMP_MS + 2500;
const LOAD_MS = BASELINE_MS + RAMP_MS + PEAK_MS + DROP_MS;

const work = mkdtempSync(join(tmpdir(), 'peakday-crash-peak-'));
const services: ChildService[] = [];
const agent = new Agent({ connections: 64, keepAliveTimeout: 5000 });

afterAll(async () => {
  await Promise.all(services.map((s) => s.stop()));
  await agent.close();
  rmSync(work, { recursive: true, force: true });
});

async function call(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await request(url, {
    method: method as 'GET',
    dispatcher: agent,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const text = await res.body.text();
  return { status: res.statusCode, body: text ? JSON.parse(text) : undefined };
}

function rateAt(t: number): number {
  if (t < BASELINE_MS) return BASE_RATE;
  if (t < BASELINE_MS + RAMP_MS) return BASE_RATE + ((PEAK_RATE - BASE_RATE) * (t - BASELINE_MS)) / RAMP_MS;
  if (t < BASELINE_MS + RAMP_MS + PEAK_MS) return PEAK_RATE;
  return BASE_RATE;
}

interface StockWrite {
  key: string;
  sku: string;
  wh: string;
  delta: number;
  acked: boolean;
}
interface Shipment {
  orderId: string;
  tracking: string;
  carrier: string;
  acked: boolean;
}

describe('crash at the peak', () => {
  it('kill -9 the stack at its peak, restart on the same database: 0 lost, 0 duplicated', async () => {
    const mock = await ChildService.start('mock', 'mock', ['--port', '0', '--seed', 'crash-peak', '--shops', '2', '--skus', '16', '--warehouses', '3', '--rate-limit-qps', '100000', '--webhook-retry-ms', '300,700,1500,3000']);
    services.push(mock);
    const db = join(work, 'stack.db');
    const env = { PEAKDAY_APP_KEY: String(mock.ready.app_key), PEAKDAY_APP_SECRET: String(mock.ready.app_secret), PEAKDAY_ACCESS_TOKEN: String(mock.ready.access_token) };
    const stackArgs = ['--port', '0', '--tiktok-url', mock.url, '--db', db, '--log-level', 'error', '--poll-interval-ms', '1000', '--poll-lookback-s', '600', '--rate-limit-qps', '1000', '--rate-limit-burst', '1000', '--retry-base-ms', '50', '--retry-cap-ms', '1000'];
    let stack = await ChildService.start('stack', 'stack', stackArgs, { env });
    services.push(stack);
    let stackUrl = stack.url;

    const platform = new PlatformView(mock.url);
    let erp = new ErpView(stackUrl);
    await erp.waitReady(30_000);
    const catalog: MockCatalog = await platform.catalog();
    const sellerSkus = catalog.skus.map((s) => s.seller_sku);
    await erp.setStock(catalog.skus.flatMap((s) => catalog.warehouses.map((w) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: SEED_ON_HAND }))), `seed-${Date.now()}`);
    const seeded = await drain(platform, erp, sellerSkus, { timeoutMs: 30_000, pollMs: 200 });
    expect(seeded.drained, seeded.pending.join('; ')).toBe(true);

    // --- the load, with the crash in the middle of the peak ---------------------------------
    const accepted = new Set<string>();
    const writes: StockWrite[] = [];
    const shipments = new Map<string, Shipment>();
    let crashAt = 0;
    let lastOkBeforeCrash = 0;
    let firstOkAfterCrash = 0;
    let failedCalls = 0;
    const noteErp = (ok: boolean) => {
      const now = Date.now();
      if (!ok) failedCalls++;
      else if (crashAt === 0) lastOkBeforeCrash = now;
      else if (firstOkAfterCrash === 0) firstOkAfterCrash = now;
    };
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
    let seq = 0;

    const buyers = pacedLoop({
      durationMs: LOAD_MS,
      rateAt,
      maxCalls: 2000,
      maxInFlight: 64,
      fire: async () => {
        const r = await call('POST', `${mock.url}/__mock/orders`, { shop_id: pick(catalog.shops).id, line_items: [{ sku_id: pick(catalog.skus).id, quantity: 1 + Math.floor(Math.random() * 2) }] });
        if (r.status === 200 && r.body.data?.accepted) accepted.add(r.body.data.order_id);
      },
    });
    const dock = pacedLoop({
      durationMs: LOAD_MS,
      rateAt: () => STOCK_RATE,
      maxCalls: 1000,
      maxInFlight: 32,
      fire: async () => {
        const w: StockWrite = { key: `dock-${++seq}`, sku: pick(sellerSkus), wh: pick(catalog.warehouses).id, delta: 1 + Math.floor(Math.random() * 5), acked: false };
        writes.push(w);
        try {
          const r = await call('POST', `${stackUrl}/stock/${encodeURIComponent(w.sku)}/${w.wh}/adjust`, { delta: w.delta }, { 'idempotency-key': w.key });
          w.acked = r.status === 200;
          noteErp(w.acked);
        } catch {
          noteErp(false);
        }
      },
    });
    // The warehouse: one walker over the ERP's order export, shipping what is allocated.
    const warehouse = (async () => {
      let cursor = 0;
      const t0 = Date.now();
      for (let round = 0; round < 10_000 && Date.now() - t0 < LOAD_MS; round++) {
        try {
          const page = await call('GET', `${stackUrl}/orders?after_seq=${cursor}&limit=200`);
          noteErp(page.status === 200);
          if (page.status !== 200) throw new Error(String(page.status));
          const orders = page.body.orders as { order_id: string; status: string; seq: number }[];
          for (const o of orders.filter((x) => x.status === 'allocated' && !shipments.has(x.order_id))) {
            const s: Shipment = { orderId: o.order_id, tracking: `PD${o.order_id}`, carrier: catalog.shipping_providers[0]!.id, acked: false };
            shipments.set(o.order_id, s);
            try {
              const r = await call('POST', `${stackUrl}/orders/${o.order_id}/shipment`, { carrier: s.carrier, tracking_number: s.tracking }, { 'idempotency-key': `ship-${o.order_id}` });
              s.acked = r.status === 200 || r.status === 202;
              noteErp(s.acked);
            } catch {
              noteErp(false);
            }
          }
          if (orders.every((o) => o.status !== 'received')) cursor = page.body.next_after_seq;
        } catch {
          noteErp(false);
        }
        await new Promise((r) => setTimeout(r, 150));
      }
    })();

    // The crash, then an immediate restart on the same database file.
    await new Promise((r) => setTimeout(r, CRASH_AT_MS));
    crashAt = Date.now();
    await stack.crash();
    const restartAt = Date.now();
    stack = await ChildService.start('stack', 'stack', stackArgs, { env });
    services.push(stack);
    stackUrl = stack.url; // a new port: the load follows it, as a load balancer would
    erp = new ErpView(stackUrl);
    await erp.waitReady(30_000);
    const readyAt = Date.now();

    await Promise.all([buyers, dock, warehouse]);
    const loadEnd = Date.now();

    // Clients retry what got no answer, with the same Idempotency-Key.
    for (const w of writes.filter((x) => !x.acked)) {
      for (let i = 0; i < 20 && !w.acked; i++) {
        const r = await call('POST', `${stackUrl}/stock/${encodeURIComponent(w.sku)}/${w.wh}/adjust`, { delta: w.delta }, { 'idempotency-key': w.key }).catch(() => ({ status: 0, body: undefined }));
        w.acked = r.status === 200;
        if (!w.acked) await new Promise((r) => setTimeout(r, 100));
      }
    }
    for (const s of [...shipments.values()].filter((x) => !x.acked)) {
      for (let i = 0; i < 20 && !s.acked; i++) {
        const r = await call('POST', `${stackUrl}/orders/${s.orderId}/shipment`, { carrier: s.carrier, tracking_number: s.tracking }, { 'idempotency-key': `ship-${s.orderId}` }).catch(() => ({ status: 0, body: undefined }));
        s.acked = r.status === 200 || r.status === 202;
        if (!s.acked) await new Promise((r) => setTimeout(r, 100));
      }
    }

    const drained = await drain(platform, erp, sellerSkus, { timeoutMs: 40_000, pollMs: 250 });
    const convergedAt = Date.now();
    expect(drained.drained, `not drained: ${drained.pending.join('; ')}`).toBe(true);

    // --- accounting --------------------------------------------------------------------------
    const [ledger, history, stats, erpOrders, erpChanges, erpStock] = await Promise.all([platform.ledger(), platform.history(), platform.stats(), erp.orders(), erp.changes(), erp.stock(sellerSkus)]);
    const figures = measureAccuracy({ startedAt: crashAt - 10_000, intervalMs: 1000, ledger, history, stats, erpOrders, erpChanges, erpStock, sellerSkuOf: new Map(catalog.skus.map((s) => [s.id, s.seller_sku])) });
    const c = figures.checks;

    const unacked = writes.filter((w) => !w.acked).length + [...shipments.values()].filter((s) => !s.acked).length;
    expect(unacked, 'writes still unanswered after retries').toBe(0);

    // Orders: every accepted one is in the ERP, once.
    const erpIds = new Set(erpOrders.map((o) => o.order_id));
    expect([...accepted].filter((id) => !erpIds.has(id)), 'accepted orders missing from the ERP').toEqual([]);
    expect(c.lost_orders.count, JSON.stringify(c.lost_orders)).toBe(0);
    expect(c.duplicate_allocations.count, JSON.stringify(c.duplicate_allocations)).toBe(0);
    expect(c.oversold_orders.count, JSON.stringify(c.oversold_orders)).toBe(0);
    expect(erpOrders.length).toBe(erpIds.size);

    // Shipments: every acknowledged one is shipped in the ERP and on the platform, once, as issued.
    const byId = new Map(erpOrders.map((o) => [o.order_id, o]));
    for (const s of shipments.values()) {
      const o = byId.get(s.orderId);
      expect(o?.status, s.orderId).toBe('shipped');
      expect(o?.shipment?.tracking_number, s.orderId).toBe(s.tracking);
    }
    const packagesWithTracking = ledger.packages.filter((k) => k.tracking_number !== null);
    for (const s of shipments.values()) expect(packagesWithTracking.filter((k) => k.order_id === s.orderId).map((k) => k.tracking_number), s.orderId).toEqual([s.tracking]);
    expect(c.duplicate_shipments.count, JSON.stringify(c.duplicate_shipments)).toBe(0);
    expect(c.tracking_mismatches.count, JSON.stringify(c.tracking_mismatches)).toBe(0);

    // Stock: on-hand = seed + every acknowledged delta (once) - shipped allocations; reserved = open ones.
    const want = new Map<string, { onHand: number; reserved: number }>();
    for (const s of sellerSkus) for (const w of catalog.warehouses) want.set(`${s}|${w.id}`, { onHand: SEED_ON_HAND, reserved: 0 });
    for (const w of writes) want.get(`${w.sku}|${w.wh}`)!.onHand += w.delta;
    for (const o of erpOrders)
      for (const part of o.allocation)
        for (const l of part.lines) {
          const k = want.get(`${l.sku}|${part.warehouse_id}`)!;
          if (o.status === 'shipped') k.onHand -= l.quantity;
          else if (o.status === 'allocated') k.reserved += l.quantity;
        }
    const wrong: string[] = [];
    for (const s of erpStock)
      for (const w of s.warehouses) {
        const k = want.get(`${s.sku}|${w.warehouse_id}`)!;
        if (w.on_hand !== k.onHand || w.reserved !== k.reserved) wrong.push(`${s.sku}@${w.warehouse_id}: on_hand ${w.on_hand} (want ${k.onHand}), reserved ${w.reserved} (want ${k.reserved})`);
      }
    expect(wrong, 'stock that lost or doubled a write').toEqual([]);
    expect(c.converged.mismatched, JSON.stringify(c.converged.examples)).toBe(0);

    // The crash really happened under load, with work in flight on both sides of it.
    expect(lastOkBeforeCrash).toBeGreaterThan(0);
    expect(firstOkAfterCrash).toBeGreaterThan(crashAt);
    expect(failedCalls).toBeGreaterThan(0);
    expect(accepted.size).toBeGreaterThan(100);

    const gapMs = firstOkAfterCrash - crashAt;
    process.stdout.write(
      [
        `crash at peak: ${accepted.size} orders, ${writes.length} stock writes, ${shipments.size} shipments; ${failedCalls} ERP calls failed around the crash, retried with their keys`,
        `crash at peak: gap (no ERP answers) ${gapMs} ms; restart -> ready ${readyAt - restartAt} ms; restart -> converged ${convergedAt - restartAt} ms (load ended ${loadEnd - restartAt} ms after restart, drain ${drained.drainMs} ms)`,
        `crash at peak: lost orders ${c.lost_orders.count}, duplicate allocations ${c.duplicate_allocations.count}, duplicate shipments ${c.duplicate_shipments.count}, tracking mismatches ${c.tracking_mismatches.count}, stock mismatches ${wrong.length}, platform mismatches ${c.converged.mismatched}/${c.converged.checked}`,
        `crash at peak: webhooks ${JSON.stringify(stats.webhooks.outcomes)}`,
      ].join('\n') + '\n',
    );
  }, 120_000);
});
