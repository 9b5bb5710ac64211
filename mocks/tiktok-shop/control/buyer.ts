/**
 * The buyer side, under /__mock/: place orders (single and batch), cancel, and the carrier's
 * moves. A refusal for stock is an answer (`accepted:false, reason:"sold_out"`, HTTP 200),
 * not an error: the platform saying "sold out" is the integration working.
 * A batch is validated whole before any order is placed.
 */
import { TikTokError } from '../errors.ts';
import type { Call, Platform } from '../platform.ts';
import { REGIONS } from '../state/catalog.ts';
import type { PlaceLine, PlaceResult } from '../state/orders.ts';
import type { FieldCheck } from '../../../lib/config/field-check.ts';
import { checked, onlyKeys, optStr, parseObject, str, type Obj } from '../validate.ts';
import type { RouteTable } from '../routes/route-table.ts';
import { shopIndex, skuIndex } from './resolve.ts';

export const MAX_BATCH_ORDERS = 500;
const MAX_LINES = 50;
const MAX_LINE_QUANTITY = 99_999;
const BUYER_ID = /^[A-Za-z0-9_-]{1,64}$/;

interface OrderRequest {
  shop: number;
  lines: PlaceLine[];
  region: string;
  /** The same buyer id on several orders makes them combinable (one parcel). */
  buyerId: string | undefined;
}

/** One order's request; every problem of it goes on `check`. */
function parseOrder(p: Platform, raw: unknown, path: string, check: FieldCheck): OrderRequest {
  const o = check.obj(raw, path || 'body');
  const at = path ? `${path}.` : '';
  check.onlyKeys(o, ['shop_id', 'line_items', 'buyer_region', 'buyer_id'], path || 'body');
  const shop = shopIndex(p.catalog, o.shop_id, `${at}shop_id`, check);
  const lines = check.arr(o.line_items, `${at}line_items`, 1, MAX_LINES).map((l, i) => {
    const lp = `${at}line_items[${i}]`;
    const lo = check.obj(l, lp);
    check.onlyKeys(lo, ['sku_id', 'seller_sku', 'quantity'], lp);
    return { sku_index: skuIndex(p.catalog, lo, lp, check), quantity: check.int(lo.quantity, `${lp}.quantity`, 1, MAX_LINE_QUANTITY) };
  });
  const region = o.buyer_region === undefined ? p.catalog.shops[shop]?.region : check.oneOf(o.buyer_region, `${at}buyer_region`, REGIONS);
  const buyerId = o.buyer_id === undefined ? undefined : check.str(o.buyer_id, `${at}buyer_id`);
  if (buyerId !== undefined && !BUYER_ID.test(buyerId)) check.add(`${at}buyer_id`, `expected 1-64 letters, digits, "-" or "_", got ${JSON.stringify(buyerId)}`);
  return { shop, lines, region: region ?? '', buyerId };
}

function answer(r: PlaceResult): Record<string, unknown> {
  if (!r.accepted) return { accepted: false, reason: r.reason, sku_id: r.sku_id, requested: r.requested, available: r.available };
  const o = r.order;
  return {
    accepted: true,
    order_id: o.id,
    shop_id: o.shop_id,
    status: o.status,
    placed_at: o.created_ms,
    line_items: o.line_items.map((li) => ({ id: li.id, sku_id: li.sku_id, seller_sku: li.seller_sku, quantity: li.quantity, commits: li.commits })),
    package_id: o.package_ids[0],
  };
}

function place(c: Call): unknown {
  const body = parseObject(c.body);
  const req = checked((check) => parseOrder(c.platform, body, '', check));
  return answer(c.platform.orders.place(req.shop, req.lines, req.region, req.buyerId));
}

function placeBatch(c: Call): unknown {
  const body: Obj = parseObject(c.body);
  const reqs = checked((check) => {
    check.onlyKeys(body, ['orders'], 'body');
    return check.arr(body.orders, 'orders', 1, MAX_BATCH_ORDERS).map((o, i) => parseOrder(c.platform, o, `orders[${i}]`, check));
  });
  const results = reqs.map((r) => answer(c.platform.orders.place(r.shop, r.lines, r.region, r.buyerId)));
  return { results, accepted: results.filter((r) => r.accepted).length, refused: results.filter((r) => !r.accepted).length };
}

/** The buyer cancels an unshipped order at once (no seller approval needed); recorded as a cancellation. */
function cancel(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['reason'], 'body');
  const orderId = c.params.order_id as string;
  const x = c.platform.aftersales.cancelNow(orderId, 'BUYER', optStr(body.reason, 'reason') ?? 'buyer_cancel_reason_no_longer_needed');
  const o = c.platform.orders.get(orderId);
  return { order_id: o.id, status: o.status, updated_at: o.updated_ms, cancel_id: x.id };
}

function advance(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['status'], 'body');
  const o = c.platform.orders.advance(c.params.order_id as string, str(body.status, 'status'));
  return { order_id: o.id, status: o.status, updated_at: o.updated_ms };
}

/** The buyer changes the delivery address of an unshipped order: RECIPIENT_ADDRESS_UPDATE (webhook 3). */
function changeAddress(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['buyer_region'], 'body');
  const region = str(body.buyer_region, 'buyer_region');
  if (!(REGIONS as readonly string[]).includes(region)) throw new TikTokError('INVALID_PARAM', `buyer_region: expected one of ${REGIONS.join(', ')}, got ${JSON.stringify(region)}`);
  const o = c.platform.orders.get(c.params.order_id as string);
  if (o.status !== 'AWAITING_SHIPMENT') throw new TikTokError('INVALID_STATUS', `order ${o.id} is ${o.status}; the address can change only before shipment`);
  o.buyer_region = region;
  o.updated_ms = Math.max(o.updated_ms, c.platform.now());
  c.platform.emit({ shopId: o.shop_id, eventType: 'RECIPIENT_ADDRESS_UPDATE', data: { order_id: o.id, update_time: Math.floor(o.updated_ms / 1000) } });
  return { order_id: o.id, buyer_region: o.buyer_region, updated_at: o.updated_ms };
}

export const buyerRoutes: RouteTable = [
  ['POST', '/__mock/orders/{order_id}/address', { kind: 'control', handle: changeAddress }],
  ['POST', '/__mock/orders', { kind: 'control', handle: place }],
  ['POST', '/__mock/orders/batch', { kind: 'control', handle: placeBatch }],
  ['POST', '/__mock/orders/{order_id}/cancel', { kind: 'control', handle: cancel }],
  ['POST', '/__mock/orders/{order_id}/advance', { kind: 'control', handle: advance }],
];
