/**
 * Observation for the harness, under /__mock/: the catalog, call stats, inventory history,
 * the long-poll wait, and the ledger export. Times are Unix milliseconds.
 */
import { TikTokError } from '../errors.ts';
import type { Call, Platform } from '../platform.ts';
import { ORDER_STATUSES, type OrderStatus } from '../state/orders.ts';
import { checked, queryInt } from '../validate.ts';
import type { RouteTable } from '../routes/route-table.ts';
import { shopIndex, skuIndex, warehouseIndex } from './resolve.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { JsonStream, jsonArray } from '../json-stream.ts';

export const MAX_WAIT_MS = 60_000;
const DEFAULT_WAIT_MS = 10_000;

function catalog(c: Call): unknown {
  const cat = c.platform.catalog;
  return {
    seed: cat.size.seed,
    shops: cat.shops.map((s) => ({ id: s.id, name: s.name, region: s.region, cipher: s.cipher })),
    warehouses: cat.warehouses.map((w) => ({ id: w.id, name: w.name, region_code: w.address.region_code })),
    products: cat.products.map((p) => ({ id: p.id, title: p.title, sku_ids: p.skus.map((s) => s.id) })),
    skus: cat.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku, product_id: s.product_id })),
    shipping_providers: SHIPPING_PROVIDERS,
  };
}

function stats(c: Call): unknown {
  const p = c.platform;
  return {
    endpoints: p.stats.toJSON(),
    orders: { accepted: p.orders.accepted, refused_sold_out: p.orders.refusedSoldOut },
    duplicate_shipments: p.fulfillment.duplicateShipments,
    webhooks: p.webhooks.stats(),
    faults: p.faults.stats(),
    rate_limit: { ...p.retryAfter.stats(), calls_per_second: callsPerSecond(p) },
    pending_waits: p.inventory.waiters.pending + p.orders.waiters.pending,
  };
}

/**
 * Per route key: the limit in force (calls per second and burst, per shop) and each shop's
 * closed seconds by their count of calls (rate-limit/calls-per-second.ts).
 */
function callsPerSecond(p: Platform): Record<string, { qps: number; burst: number; shops: Record<string, Record<string, number>> }> {
  const tally = p.callsPerSecond.tally(p.now());
  return Object.fromEntries(Object.entries(tally).map(([endpoint, shops]) => [endpoint, { ...p.limiter.limit(endpoint), shops }]));
}

/** Keys selected by optional shop_id / sku_id / seller_sku / warehouse_id filters. */
function selectKeys(p: Platform, q: Call['query']): number[] {
  const cat = p.catalog;
  const { shops, skus, whs } = checked((check) => ({
    shops: q.shop_id === undefined ? cat.shops.map((_, i) => i) : [shopIndex(cat, q.shop_id, 'shop_id', check)],
    skus: q.sku_id === undefined && q.seller_sku === undefined ? cat.skus.map((_, i) => i) : [skuIndex(cat, { sku_id: q.sku_id, seller_sku: q.seller_sku }, 'query', check)],
    whs: q.warehouse_id === undefined ? cat.warehouses.map((_, i) => i) : [warehouseIndex(cat, q.warehouse_id, 'warehouse_id', check)],
  }));
  const keys: number[] = [];
  for (const s of shops) for (const k of skus) for (const w of whs) keys.push(p.inventory.key(s, k, w));
  return keys;
}

function keyIds(p: Platform, k: number): { shop_id: string; sku_id: string; seller_sku: string; warehouse_id: string } {
  const [s, k2, w] = p.inventory.coords(k);
  const sku = p.catalog.skus[k2] as { id: string; seller_sku: string };
  return { shop_id: (p.catalog.shops[s] as { id: string }).id, sku_id: sku.id, seller_sku: sku.seller_sku, warehouse_id: (p.catalog.warehouses[w] as { id: string }).id };
}

function history(c: Call): unknown {
  const p = c.platform;
  const since = queryInt(c.query.since, 'since', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const items = [];
  for (const k of selectKeys(p, c.query)) {
    if (!p.inventory.hasHistory(k)) continue;
    const entries = p.inventory.history(k, since);
    if (entries.length > 0) items.push({ ...keyIds(p, k), entries });
  }
  return { items };
}

async function wait(c: Call): Promise<unknown> {
  const p = c.platform;
  const q = c.query;
  const timeout = queryInt(q.timeout_ms, 'timeout_ms', 0, MAX_WAIT_MS) ?? DEFAULT_WAIT_MS;
  if (q.order_id !== undefined) {
    const status = q.status;
    if (status === undefined || !(ORDER_STATUSES as readonly string[]).includes(status)) {
      throw new TikTokError('INVALID_PARAM', `status: expected one of ${ORDER_STATUSES.join('|')}, got ${JSON.stringify(status)}`);
    }
    return p.orders.waitFor(q.order_id, status as OrderStatus, timeout, c.signal);
  }
  if (q.shop_id === undefined || (q.sku_id === undefined && q.seller_sku === undefined) || q.warehouse_id === undefined || q.quantity === undefined) {
    throw new TikTokError('INVALID_PARAM', 'wait needs order_id and status, or shop_id, sku_id (or seller_sku), warehouse_id and quantity');
  }
  const quantity = queryInt(q.quantity, 'quantity', 0, 99_999) as number;
  const [k] = selectKeys(p, q) as [number];
  return p.inventory.waitFor(k, quantity, timeout, c.signal);
}

/**
 * The ledger, streamed (see json-stream.ts). Meant for after the drain: under traffic it is
 * written across several event-loop turns and is not one atomic snapshot.
 */
function ledger(c: Call): unknown {
  const p = c.platform;
  const at = p.now();
  return new JsonStream(function* () {
    yield `{"at":${at},"orders":`;
    yield* jsonArray(p.orders.orders.values(), (o) => ({
      id: o.id,
      shop_id: o.shop_id,
      status: o.status,
      buyer_region: o.buyer_region,
      created_at: o.created_ms,
      updated_at: o.updated_ms,
      first_read_at: o.first_read_ms ?? null,
      line_items: o.line_items.map((li) => ({ id: li.id, sku_id: li.sku_id, seller_sku: li.seller_sku, quantity: li.quantity, commits: li.commits, shipped: li.shipped, package_id: li.package_id })),
      package_ids: o.package_ids,
    }));
    yield ',"packages":';
    yield* jsonArray(p.orders.packages.values(), (k) => ({
      id: k.id,
      // The first order; a combined package lists every order in order_ids.
      order_id: k.order_ids[0],
      order_ids: k.order_ids,
      shop_id: k.shop_id,
      status: k.status,
      tracking_number: k.tracking_number ?? null,
      shipping_provider_id: k.shipping_provider_id ?? null,
      shipped_at: k.shipped_ms ?? null,
      line_item_ids: k.line_item_ids,
    }));
    yield ',"inventory":';
    yield* jsonArray(keys(p.inventory.size), (k) => ({ ...keyIds(p, k), available: p.inventory.availableAt(k), committed: p.inventory.committedAt(k) }));
    yield ',"cancellations":';
    yield* jsonArray(p.aftersales.cancellations.values(), (x) => ({ id: x.id, order_id: x.order_id, role: x.role, status: x.status }));
    yield ',"returns":';
    yield* jsonArray(p.aftersales.returns.values(), (r) => ({ id: r.id, order_id: r.order_id, type: r.type, status: r.status }));
    yield `,"duplicate_shipments":${p.fulfillment.duplicateShipments}}`;
  });
}

function* keys(n: number): Generator<number> {
  for (let k = 0; k < n; k++) yield k;
}

export const observeRoutes: RouteTable = [
  ['GET', '/__mock/catalog', { kind: 'control', handle: catalog }],
  ['GET', '/__mock/stats', { kind: 'control', handle: stats }],
  ['GET', '/__mock/inventory/history', { kind: 'control', handle: history }],
  ['GET', '/__mock/wait', { kind: 'control', handle: wait }],
  ['GET', '/__mock/ledger', { kind: 'control', handle: ledger }],
];
