/**
 * The buyer's side of the reverse flows, under /__mock/: ask to cancel an unshipped order (the
 * seller then approves or rejects it through the Open API), ask for a refund or a return of a
 * shipped order, and ship an approved return back. Each answers the request's id and status;
 * the seller side sees them in return_refund search and in webhooks 11 and 12.
 */
import type { Call } from '../platform.ts';
import { RETURN_TYPES, type ReturnType } from '../state/aftersales.ts';
import { bad, onlyKeys, optStr, parseObject, str } from '../validate.ts';
import type { RouteTable } from '../routes/route-table.ts';

function requestCancel(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['reason'], 'body');
  const x = c.platform.aftersales.requestCancellation(c.params.order_id as string, optStr(body.reason, 'reason') ?? 'buyer_cancel_reason_no_longer_needed');
  return { order_id: x.order_id, cancel_id: x.id, cancel_status: x.status };
}

function requestReturn(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['return_type', 'reason'], 'body');
  const type = str(body.return_type, 'return_type');
  if (!(RETURN_TYPES as readonly string[]).includes(type)) throw bad('return_type', RETURN_TYPES.join('|'), type);
  const r = c.platform.aftersales.requestReturn(c.params.order_id as string, type as ReturnType, optStr(body.reason, 'reason') ?? 'ecom_order_delivered_refund_and_return_reason_damaged');
  return { order_id: r.order_id, return_id: r.id, return_status: r.status };
}

function shipBack(c: Call): unknown {
  const body = parseObject(c.body);
  onlyKeys(body, ['tracking_number'], 'body');
  const id = c.params.return_id as string;
  const r = c.platform.aftersales.shipBack(id, optStr(body.tracking_number, 'tracking_number') ?? `RT${id.slice(-10)}`);
  return { return_id: r.id, return_status: r.status, tracking_number: r.tracking_number };
}

export const buyerAftersalesRoutes: RouteTable = [
  ['POST', '/__mock/orders/{order_id}/cancel-request', { kind: 'control', handle: requestCancel }],
  ['POST', '/__mock/orders/{order_id}/return-request', { kind: 'control', handle: requestReturn }],
  ['POST', '/__mock/returns/{return_id}/ship-back', { kind: 'control', handle: shipBack }],
];
