/**
 * Calls to the stack's ERP/WMS API (the contract in stack/README.md). Each call is timed into
 * `erp_req_duration`, the metric the "ERP API p99" standard reads, so only ERP calls count
 * there and not the platform's buyer-side calls.
 */
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { Counter, Trend } from 'k6/metrics';

export const erpReqDuration = new Trend('erp_req_duration', true);
export const erpErrors = new Counter('erp_errors');

const JSON_HEADERS = { 'content-type': 'application/json' };

function timed<R extends ResponseType | undefined>(res: RefinedResponse<R>, name: string): RefinedResponse<R> {
  erpReqDuration.add(res.timings.duration, { name });
  if (res.status >= 400 || res.status === 0) erpErrors.add(1, { name, status: String(res.status) });
  return res;
}

export async function adjustStock(stackUrl: string, sku: string, warehouseId: string, delta: number, key: string) {
  const res = await http.post(
    `${stackUrl}/stock/${encodeURIComponent(sku)}/${encodeURIComponent(warehouseId)}/adjust`,
    JSON.stringify({ delta }),
    { headers: { ...JSON_HEADERS, 'idempotency-key': key }, tags: { name: 'erp stock adjust' } },
  );
  return timed(res, 'erp stock adjust');
}

/** One SKU's stock as the ERP holds it (`GET /stock/{sku}`). */
export async function readStock(stackUrl: string, sku: string) {
  const res = await http.get(`${stackUrl}/stock/${encodeURIComponent(sku)}`, { tags: { name: 'erp stock read' } });
  return timed(res, 'erp stock read');
}

export async function setStockBatch(
  stackUrl: string,
  lines: { sku: string; warehouse_id: string; on_hand: number }[],
  key: string,
) {
  const res = await http.post(`${stackUrl}/stock/batch`, JSON.stringify({ lines }), {
    headers: { ...JSON_HEADERS, 'idempotency-key': key },
    tags: { name: 'erp stock batch' },
    timeout: '30s',
  });
  return timed(res, 'erp stock batch');
}

export interface ErpOrder {
  order_id: string;
  seq: number;
  status: string;
  shipment: unknown;
}

export async function listOrders(stackUrl: string, afterSeq: number, limit: number) {
  const res = await http.get(`${stackUrl}/orders?after_seq=${afterSeq}&limit=${limit}`, {
    tags: { name: 'erp orders list' },
  });
  timed(res, 'erp orders list');
  if (res.status !== 200) return { orders: [] as ErpOrder[], next: afterSeq };
  const body = res.json() as unknown as { orders: ErpOrder[]; next_after_seq: number };
  return { orders: body.orders, next: body.next_after_seq };
}

export async function markShipped(stackUrl: string, orderId: string, carrier: string, trackingNumber: string) {
  const res = await http.post(
    `${stackUrl}/orders/${encodeURIComponent(orderId)}/shipment`,
    JSON.stringify({ carrier, tracking_number: trackingNumber }),
    { headers: JSON_HEADERS, tags: { name: 'erp ship' } },
  );
  return timed(res, 'erp ship');
}
