/**
 * return_refund family, cancellations: search (202309 and 202602), approve and reject a buyer's
 * request, and the seller's own cancellation of an unshipped order. State: state/aftersales.ts.
 * 202602 search adds `should_replenish_stock` to each cancellation (seen in live 202602 answers;
 * not in TikTok's 202309 model): true when the cancellation released committed stock.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Cancellation } from '../state/aftersales.ts';
import type { Order } from '../state/orders.ts';
import { arr, bad, int, obj, optStr, parseObject, str, strArr } from '../validate.ts';
import { requestFilter, requestLines } from './aftersale-view.ts';
import { pageOf } from './search-page.ts';
import { at, perVersion, sec, type EndpointTable } from './route-table.ts';

/** Reasons a seller may give, for cancelling and for rejecting a buyer's request (the mock's names). */
export const SELLER_CANCEL_REASONS = ['seller_cancel_reason_out_of_stock', 'seller_cancel_reason_wrong_price', 'seller_cancel_reason_buyer_request'];
export const CANCEL_REJECT_REASONS = ['reject_reason_package_already_shipped', 'reject_reason_buyer_agreed_to_keep'];
const STATUSES = ['CANCELLATION_REQUEST_PENDING', 'CANCELLATION_REQUEST_SUCCESS', 'CANCELLATION_REQUEST_CANCELLED', 'CANCELLATION_REQUEST_COMPLETE'];

function view(c: Call, x: Cancellation, v: string): Record<string, unknown> {
  const o = c.platform.orders.orders.get(x.order_id) as Order;
  const { items, refund_amount } = requestLines(c.platform, o, x.id, 'cancel_line_item_id');
  return {
    cancel_id: x.id,
    order_id: x.order_id,
    role: x.role,
    cancel_type: x.type,
    cancel_status: x.status,
    cancel_reason: x.reason,
    cancel_reason_text: x.reason.replace(/_/g, ' '),
    create_time: sec(x.created_ms),
    update_time: sec(x.updated_ms),
    refund_amount,
    cancel_line_items: items,
    ...(v >= '202602' && { should_replenish_stock: x.status === 'CANCELLATION_REQUEST_COMPLETE' }),
  };
}

const search = (v: string) => (c: Call): unknown => {
  const keep = requestFilter(c, parseObject(c.body), { ids: 'cancel_ids', types: 'cancel_types', statuses: 'cancel_status' }, ['CANCEL', 'BUYER_CANCEL'], STATUSES);
  const matches = [...c.platform.aftersales.cancellations.values()].filter(keep);
  const { page, next, total } = pageOf(c, matches);
  return { cancellations: page.map((x) => view(c, x, v)), next_page_token: next, total_count: total };
};

function reason(v: unknown, path: string, allowed: readonly string[]): string {
  const r = str(v, path);
  if (!allowed.includes(r)) throw bad(path, allowed.join('|'), r);
  return r;
}

/** The seller cancels a whole unshipped order (partial cancellation is not modelled: the lines given must be all of them). */
function sellerCancel(c: Call): unknown {
  const body = parseObject(c.body);
  const orderId = str(body.order_id, 'order_id');
  const why = reason(body.cancel_reason, 'cancel_reason', SELLER_CANCEL_REASONS);
  const o = c.platform.orders.orders.get(orderId);
  if (!o || o.shop_index !== c.shop) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist in this shop`);
  const all = new Set(o.line_items.map((li) => li.id));
  if (body.order_line_item_ids !== undefined) {
    const given = strArr(body.order_line_item_ids, 'order_line_item_ids', 1, 1000);
    if (given.length !== all.size || !given.every((id) => all.has(id))) throw new TikTokError('INVALID_PARAM', 'order_line_item_ids: the mock cancels whole orders; give every line item or none');
  }
  if (body.skus !== undefined) {
    const skus = new Set(o.line_items.map((li) => li.sku_id));
    arr(body.skus, 'skus', 1, 1000).forEach((s, i) => {
      const so = obj(s, `skus[${i}]`);
      int(so.quantity, `skus[${i}].quantity`, 1, 99_999);
      if (!skus.has(str(so.sku_id, `skus[${i}].sku_id`))) throw new TikTokError('INVALID_PARAM', `skus[${i}].sku_id: not a SKU of order ${orderId}`);
    });
  }
  const x = c.platform.aftersales.cancelNow(orderId, 'SELLER', why, c.shop);
  return { cancel_id: x.id, cancel_status: x.status };
}

const V = ['202309'];

export const cancellationRoutes: EndpointTable = [
  perVersion('POST', '/return_refund/{version}/cancellations/search', ['202309', '202602'], 'reads cancellations', search),
  at('POST', '/return_refund/{version}/cancellations/{cancel_id}/approve', V, 'changes cancellations, orders (cancelled), stock (released)', (c) => {
    c.platform.aftersales.approveCancellation(c.shop, c.params.cancel_id as string);
    return {};
  }),
  at('POST', '/return_refund/{version}/cancellations/{cancel_id}/reject', V, 'changes cancellations', (c) => {
    const body = parseObject(c.body);
    reason(body.reject_reason, 'reject_reason', CANCEL_REJECT_REASONS);
    optStr(body.comment, 'comment');
    if (body.images !== undefined) arr(body.images, 'images', 0, 9);
    c.platform.aftersales.rejectCancellation(c.shop, c.params.cancel_id as string);
    return {};
  }),
  at('POST', '/return_refund/{version}/cancellations', V, 'changes cancellations, orders (cancelled), stock (released)', sellerCancel),
];
