/**
 * The contract's routes (stack/openapi.yaml) as calls to an adapter: what the scenarios and the
 * harness send, translated one to one. Requests are checked here (the contract's 400s), answers
 * by the guarded adapter (answer-shapes.ts). Routes the adapter has no operation for (safety
 * thresholds, alerts, the platform's webhooks, which the seller's own integration receives) are
 * not offered.
 */
import { queryInt } from '../../lib/http/query-int.ts';
import { ErpAdapterError, ShimError } from './adapter-errors.ts';
import type { DerivedChangeLog } from './derived-change-log.ts';
import type { ErpOrder, ErpStock, OrderPage, ShipmentResult, StockLevel, StockLine, StockWriteResult, StockChange } from './erp-adapter.ts';
import type { GuardedAdapter } from './guarded-adapter.ts';

export interface RouteInput {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  idempotencyKey?: string;
}

export interface RouteAnswer {
  status: number;
  body: unknown;
}

export interface RouteContext {
  erp: GuardedAdapter;
  /** Present when the adapter keeps no change log. */
  derived?: DerivedChangeLog;
}

export type Handler = (ctx: RouteContext, input: RouteInput) => Promise<RouteAnswer>;

function invalid(message: string): ErpAdapterError {
  return new ErpAdapterError('INVALID_BODY', message);
}

function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalid('the body must be a JSON object');
  return body as Record<string, unknown>;
}

function int(o: Record<string, unknown>, k: string, min: number): number {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw invalid(`${k} must be an integer${min > -Infinity ? ` >= ${min}` : ''}`);
  return v;
}

function intParam(q: URLSearchParams, k: string, def: number, min: number, max: number): number {
  return queryInt(q.get(k), k, min, max, (m) => new ShimError('INVALID_PARAM', m)) ?? def;
}

function stockLine(l: unknown, i: number): StockLine {
  const o = bodyObject(l);
  if (typeof o.sku !== 'string' || o.sku === '' || typeof o.warehouse_id !== 'string' || o.warehouse_id === '') throw invalid(`lines[${i}] needs sku and warehouse_id`);
  if ('on_hand' in o === 'delta' in o) throw invalid(`lines[${i}] needs exactly one of on_hand or delta`);
  return 'on_hand' in o ? { sku: o.sku, warehouse_id: o.warehouse_id, on_hand: int(o, 'on_hand', 0) } : { sku: o.sku, warehouse_id: o.warehouse_id, delta: int(o, 'delta', -Infinity) };
}

/** The contract's level answer: the adapter's level plus the change-log position. */
function levelAnswer(ctx: RouteContext, r: StockWriteResult): RouteAnswer {
  ctx.derived?.recordWrite([r], r.accepted_at);
  return { status: 200, body: { sku: r.sku, ...pick(r), accepted_at: r.accepted_at } };
}

function pick<L extends Omit<StockLevel, 'sku'>>(l: L): Omit<StockLevel, 'sku'> {
  return { warehouse_id: l.warehouse_id, on_hand: l.on_hand, reserved: l.reserved, available: l.available, ...(l.offered ? { offered: l.offered } : {}) };
}

const setStock: Handler = async (ctx, { params: { sku, warehouse_id: wh }, body, idempotencyKey }) => {
  const on_hand = int(bodyObject(body), 'on_hand', 0);
  const r = await ctx.erp.call<StockWriteResult>('setStock', [{ sku, warehouse_id: wh, on_hand }, { idempotencyKey }]);
  return levelAnswer(ctx, r);
};

const adjustStock: Handler = async (ctx, { params: { sku, warehouse_id: wh }, body, idempotencyKey }) => {
  const delta = int(bodyObject(body), 'delta', -Infinity);
  const r = await ctx.erp.call<StockWriteResult>('adjustStock', [{ sku, warehouse_id: wh, delta }, { idempotencyKey }]);
  return levelAnswer(ctx, r);
};

const batchStock: Handler = async (ctx, { body, idempotencyKey }) => {
  const lines = bodyObject(body).lines;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 500) throw invalid('lines must be an array of 1..500 lines');
  const parsed = lines.map(stockLine);
  const r = await ctx.erp.call<{ results: StockLevel[]; accepted_at: number }>('batchStock', [parsed, { idempotencyKey }], { lineCount: parsed.length });
  ctx.derived?.recordWrite(r.results, r.accepted_at);
  return { status: 200, body: { results: r.results.map((l) => ({ sku: l.sku, ...pick(l), accepted_at: r.accepted_at })), accepted_at: r.accepted_at } };
};

const readStock: Handler = async (ctx, { params: { sku } }) => {
  const s = await ctx.erp.call<ErpStock | null>('readStock', [sku]);
  if (s === null) throw new ErpAdapterError('UNKNOWN_SKU', `the ERP does not know SKU "${sku}"`);
  ctx.derived?.watch(s.sku);
  // `pushed` (what the integration last sent each shop) is the integration's knowledge, not the ERP's
  return { status: 200, body: { sku: s.sku, ...(s.safety_stock !== undefined ? { safety_stock: s.safety_stock } : {}), warehouses: s.warehouses.map(pick), pushed: [] } };
};

const stockChanges: Handler = async (ctx, { query }) => {
  const after = intParam(query, 'after_seq', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, 'limit', 1000, 1, 5000);
  if (ctx.derived) return { status: 200, body: ctx.derived.changes(after, limit) };
  const page = await ctx.erp.call<{ changes: StockChange[]; next_after_seq: number }>('stockChanges', [after, limit], { afterSeq: after });
  return { status: 200, body: page };
};

const listOrders: Handler = async (ctx, { query }) => {
  const after = intParam(query, 'after_seq', 0, 0, Number.MAX_SAFE_INTEGER);
  const limit = intParam(query, 'limit', 100, 1, 1000);
  const page = await ctx.erp.call<OrderPage>('listOrders', [after, limit], { afterSeq: after });
  return { status: 200, body: { orders: page.orders.map((o) => ({ ...o, ingested: true })), next_after_seq: page.next_after_seq } };
};

const readOrder: Handler = async (ctx, { params: { order_id: id } }) => {
  const o = await ctx.erp.call<ErpOrder | null>('readOrder', [id], { orderId: id });
  if (o === null) return { status: 404, body: { error: { code: 'ORDER_NOT_FOUND', message: `the ERP has no order "${id}"` }, ingested: false } };
  return { status: 200, body: { ...o, ingested: true } };
};

const markShipped: Handler = async (ctx, { params: { order_id: id }, body, idempotencyKey }) => {
  const o = bodyObject(body);
  if (typeof o.carrier !== 'string' || o.carrier === '') throw invalid('carrier must be a non-empty string');
  if (typeof o.tracking_number !== 'string' || o.tracking_number === '') throw invalid('tracking_number must be a non-empty string');
  const r = await ctx.erp.call<ShipmentResult>('markShipped', [id, { carrier: o.carrier, tracking_number: o.tracking_number }, { idempotencyKey }]);
  return { status: r.outcome === 'created' ? 202 : 200, body: { order_id: r.order_id, shipped_at: r.shipped_at, sync: 'pending' } };
};

const ready: Handler = async (ctx) => {
  const ok = ctx.erp.has('ready') ? await ctx.erp.call<boolean>('ready', []) : true;
  return { status: ok ? 200 : 503, body: { ready: ok, checks: { adapter: ok } } };
};

const health: Handler = async () => ({ status: 200, body: { live: true } });

/** [method, path pattern (lib/http/router.ts grammar), handler, is a write (idempotency applies)] */
export const ROUTES: readonly [string, string, Handler, boolean][] = [
  ['PUT', '/stock/{sku}/{warehouse_id}', setStock, true],
  ['POST', '/stock/{sku}/{warehouse_id}/adjust', adjustStock, true],
  ['POST', '/stock/batch', batchStock, true],
  ['GET', '/stock/changes', stockChanges, false],
  ['GET', '/stock/{sku}', readStock, false],
  ['GET', '/orders', listOrders, false],
  ['GET', '/orders/{order_id}', readOrder, false],
  ['POST', '/orders/{order_id}/shipment', markShipped, true],
  ['GET', '/ready', ready, false],
  ['GET', '/health', health, false],
];
