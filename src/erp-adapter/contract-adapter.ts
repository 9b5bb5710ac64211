/**
 * The contract adapter: an ERP that already speaks peakday's HTTP contract (stack/openapi.yaml),
 * such as the reference stack. It is the default path of `peakday run` — the harness talks to
 * such an ERP directly, with no shim in between — and, as an adapter (`--adapter contract
 * --adapter-option url=http://...`), the way to measure the shim itself against a known ERP.
 * Refusals come back as the contract's codes; the ERP's change log is used as it is.
 */
import { Agent, request } from 'undici';
import { assertTargetAllowed } from '../../lib/safety/target-guard.ts';
import { ErpAdapterError, REFUSALS, type RefusalCode } from './adapter-errors.ts';
import type { AdapterOptions, ErpAdapter, ErpOrder, ErpStock, OrderPage, ShipmentResult, StockChange, StockLevel, StockWriteResult, WriteContext } from './erp-adapter.ts';

export function createContractAdapter(options: AdapterOptions): ErpAdapter {
  const base = options.url;
  if (!base) throw new Error('the contract adapter needs --adapter-option url=http://host:port (the ERP API)');
  assertTargetAllowed(base, (options['allow-remote'] ?? '').split(',').filter(Boolean));
  const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 });

  const call = async <T>(method: string, path: string, body?: unknown, ctx?: WriteContext, okStatuses = [200, 202]): Promise<{ status: number; body: T }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (ctx?.idempotencyKey) headers['idempotency-key'] = ctx.idempotencyKey;
    const res = await request(base + path, { method: method as 'GET', dispatcher: agent, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.body.text();
    const parsed = text === '' ? undefined : (JSON.parse(text) as T);
    if (okStatuses.includes(res.statusCode)) return { status: res.statusCode, body: parsed as T };
    const code = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (code?.code && code.code in REFUSALS) throw new ErpAdapterError(code.code as RefusalCode, code.message ?? code.code);
    throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  };
  const enc = encodeURIComponent;

  return {
    name: `contract ${base}`,
    async setStock({ sku, warehouse_id, on_hand }, ctx) {
      return (await call<StockWriteResult>('PUT', `/stock/${enc(sku)}/${enc(warehouse_id)}`, { on_hand }, ctx)).body;
    },
    async adjustStock({ sku, warehouse_id, delta }, ctx) {
      return (await call<StockWriteResult>('POST', `/stock/${enc(sku)}/${enc(warehouse_id)}/adjust`, { delta }, ctx)).body;
    },
    async batchStock(lines, ctx) {
      return (await call<{ results: StockLevel[]; accepted_at: number }>('POST', '/stock/batch', { lines }, ctx)).body;
    },
    async readStock(sku) {
      const r = await call<ErpStock>('GET', `/stock/${enc(sku)}`, undefined, undefined, [200, 404]);
      return r.status === 404 ? null : r.body;
    },
    async listOrders(afterSeq, limit) {
      return (await call<OrderPage>('GET', `/orders?after_seq=${afterSeq}&limit=${limit}`)).body;
    },
    async readOrder(orderId) {
      const r = await call<ErpOrder>('GET', `/orders/${enc(orderId)}`, undefined, undefined, [200, 404]);
      return r.status === 404 ? null : r.body;
    },
    async markShipped(orderId, shipment, ctx) {
      const r = await call<Omit<ShipmentResult, 'outcome'>>('POST', `/orders/${enc(orderId)}/shipment`, shipment, ctx);
      return { order_id: r.body.order_id, shipped_at: r.body.shipped_at, outcome: r.status === 202 ? 'created' : 'replayed' };
    },
    async stockChanges(afterSeq, limit) {
      return (await call<{ changes: StockChange[]; next_after_seq: number }>('GET', `/stock/changes?after_seq=${afterSeq}&limit=${limit}`)).body;
    },
    async ready() {
      return (await call('GET', '/ready', undefined, undefined, [200, 503])).status === 200;
    },
    async close() {
      await agent.close();
    },
  };
}

export default createContractAdapter;
