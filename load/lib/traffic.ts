/**
 * The three kinds of traffic a big-sale day is made of, shared by every scenario so that
 * promo, stock-burst, soak, stress and chaos differ only in shape, never in what a buyer,
 * a receiving dock or a warehouse does:
 *   - buyers place orders on the platform (the live stream's SKUs, hot ones by a Zipf law,
 *     several shops; a few then cancel, ask to cancel or change the address: aftersales.ts);
 *   - the receiving dock writes stock into the ERP (relative adjustments, any SKU);
 *   - the warehouse ships what the ERP allocated, with a tracking number the harness checks.
 */
import { sleep } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import type { ScenarioCatalog } from './catalog.ts';
import { envNumber, envShare, scaled } from './env.ts';
import { adjustStock, listOrders, markShipped, setStockBatch, type ErpOrder } from './erp.ts';
import { afterOrder } from './aftersales.ts';
import { placeOrder } from './platform.ts';
import { Zipf } from './zipf.ts';

export interface SetupData {
  mockUrl: string;
  stackUrl: string;
  catalog: ScenarioCatalog;
}

const ZIPF_S = envNumber('ZIPF_S', 1.1);
const MULTI_LINE_SHARE = envShare('MULTI_LINE_SHARE', 0.1);
const RESTOCK_MAX = envNumber('RESTOCK_MAX', 20, 1);
const SHIP_PARALLEL = envNumber('SHIP_PARALLEL', 16, 1);
const SHIP_RATE = scaled(envNumber('SHIP_RATE', 40, 1));
const SHIP_PAGE = envNumber('SHIP_PAGE', 100, 1);

export const shipmentsMarked = new Counter('shipments_marked');
export const stockWrites = new Counter('stock_writes');

// A live stream features a few products: buyers order among the first LIVE_SKUS SKUs of the
// catalog, hot ones by a Zipf law. The receiving dock restocks across the whole catalog.
const LIVE_SKUS = envNumber('LIVE_SKUS', 40, 1);
let zipf: Zipf | undefined;
function hotSku(data: SetupData) {
  zipf ??= new Zipf(Math.min(LIVE_SKUS, data.catalog.skus.length), ZIPF_S);
  return data.catalog.skus[zipf.next()] as ScenarioCatalog['skus'][number];
}

/**
 * Sets every live SKU × warehouse to `onHand` (one batch of at most 500 lines per call), so a
 * scenario can keep orders flowing instead of selling out.
 */
export async function stockLiveSkus(data: SetupData, onHand: number): Promise<void> {
  const skus = data.catalog.skus.slice(0, LIVE_SKUS);
  const lines = skus.flatMap((s) => data.catalog.warehouses.map((w) => ({ sku: s.seller_sku, warehouse_id: w.id, on_hand: onHand })));
  for (let i = 0; i < lines.length; i += 500) {
    const res = await setStockBatch(data.stackUrl, lines.slice(i, i + 500), `live-stock-${Date.now()}-${i}`);
    if (res.status !== 200) throw new Error(`stocking the live SKUs failed: HTTP ${res.status} ${String(res.body).slice(0, 200)}`);
  }
}

function pick<T>(xs: readonly T[]): T {
  return xs[Math.floor(Math.random() * xs.length)] as T;
}

/** Tracking numbers are derived from the order so a repeated shipment is recognisably the same. */
export function trackingFor(orderId: string): string {
  return `PD${orderId}`;
}

export async function buyers(data: SetupData): Promise<void> {
  const shop = pick(data.catalog.shops);
  const lines = [{ sku_id: hotSku(data).id, quantity: Math.random() < 0.8 ? 1 : 2 }];
  if (Math.random() < MULTI_LINE_SHARE) {
    const extra = hotSku(data);
    if (extra.id !== lines[0]?.sku_id) lines.push({ sku_id: extra.id, quantity: 1 });
  }
  const placed = await placeOrder(data.mockUrl, shop.id, pick(data.catalog.regions), lines);
  if (placed?.accepted && placed.order_id) await afterOrder(data, placed.order_id);
}

export async function receivingDock(data: SetupData): Promise<void> {
  const sku = pick(data.catalog.skus);
  const wh = pick(data.catalog.warehouses);
  const key = `rcv-${exec.scenario.name}-${exec.vu.idInTest}-${exec.vu.iterationInInstance}-${Date.now()}`;
  const res = await adjustStock(data.stackUrl, sku.seller_sku, wh.id, 1 + Math.floor(Math.random() * RESTOCK_MAX), key);
  if (res.status === 200) stockWrites.add(1);
}

// The warehouse is one VU walking the ERP's order export with its own cursor: one walker means
// no order is ever shipped twice by the load itself, so a duplicate shipment on the platform is
// the integration's doing. A warehouse packs at a bounded pace (SHIP_RATE orders/s, scaled),
// shipping up to SHIP_PARALLEL orders at once; orders wait in the ERP until it gets to them.
let cursor = 0;
const queue: ErpOrder[] = [];

export async function warehouseFloor(data: SetupData): Promise<void> {
  const tickS = 0.25;
  const perTick = Math.max(1, Math.round(SHIP_RATE * tickS));
  const started = Date.now();
  if (queue.length < perTick) {
    const page = await listOrders(data.stackUrl, cursor, SHIP_PAGE);
    // Move past a page only once none of it is still waiting for allocation.
    if (page.orders.every((o) => o.status !== 'received')) {
      cursor = page.next;
      queue.push(...page.orders.filter((o) => o.status === 'allocated' && !o.shipment));
    }
  }
  const due = queue.splice(0, perTick);
  for (let i = 0; i < due.length; i += SHIP_PARALLEL) {
    const chunk = due.slice(i, i + SHIP_PARALLEL);
    const results = await Promise.all(
      chunk.map((o) => markShipped(data.stackUrl, o.order_id, data.catalog.shippingProviderId, trackingFor(o.order_id))),
    );
    for (const res of results) if (res.status === 200 || res.status === 202) shipmentsMarked.add(1);
  }
  const left = tickS - (Date.now() - started) / 1000;
  if (left > 0) await sleep(left);
}

const STOCKTAKE_LINES = envNumber('STOCKTAKE_LINES', 500, 1);
const STOCKTAKE_MAX = envNumber('STOCKTAKE_MAX', 500, 0);

/**
 * A stock-take or mass import: absolute on-hand for up to 500 SKU × warehouse lines in one
 * batch, the way a WMS resyncs after a count.
 */
export async function stocktakes(data: SetupData): Promise<void> {
  const lines: { sku: string; warehouse_id: string; on_hand: number }[] = [];
  const seen = new Set<string>();
  for (let i = 0; lines.length < STOCKTAKE_LINES && i < STOCKTAKE_LINES * 4; i++) {
    const sku = pick(data.catalog.skus);
    const wh = pick(data.catalog.warehouses);
    const k = `${sku.seller_sku}|${wh.id}`;
    if (seen.has(k)) continue;
    seen.add(k);
    lines.push({ sku: sku.seller_sku, warehouse_id: wh.id, on_hand: Math.floor(Math.random() * STOCKTAKE_MAX) });
  }
  const key = `take-${exec.vu.idInTest}-${exec.vu.iterationInInstance}-${Date.now()}`;
  const res = await setStockBatch(data.stackUrl, lines, key);
  if (res.status === 200) stockWrites.add(lines.length);
}
