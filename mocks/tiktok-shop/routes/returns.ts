/**
 * return_refund family, returns: search (202309 and 202602), approve and reject (the seller's
 * decisions), a return's records, an order's aftersale eligibility (202309, 202512, 202602) and
 * the reject reasons. State: state/aftersales.ts. Decisions the mock does not model
 * (replacements, partial refunds) are refused with 36009004 naming them.
 * Eligibility 202512 and later take `request_types` and add `available_reason_names`.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { APPROVE_DECISIONS, REJECT_DECISIONS, RETURNABLE, RETURN_TYPES, type ReturnRequest } from '../state/aftersales.ts';
import type { Order } from '../state/orders.ts';
import { arr, bad, obj, optBool, optEnum, optStr, parseObject, str } from '../validate.ts';
import { listFilter, requestFilter, requestLines } from './aftersale-view.ts';
import { pageOf } from './search-page.ts';
import { CANCEL_REJECT_REASONS, SELLER_CANCEL_REASONS } from './cancellations.ts';
import { at, perVersion, sec, type EndpointTable } from './route-table.ts';

export const RETURN_REJECT_REASONS = ['reject_reason_item_not_returned_in_original_condition', 'reject_reason_return_window_passed'];
const STATUSES = [
  'RETURN_OR_REFUND_REQUEST_PENDING', 'REFUND_OR_RETURN_REQUEST_REJECT', 'AWAITING_BUYER_SHIP', 'BUYER_SHIPPED_ITEM',
  'REJECT_RECEIVE_PACKAGE', 'RETURN_OR_REFUND_REQUEST_SUCCESS', 'RETURN_OR_REFUND_REQUEST_CANCEL', 'RETURN_OR_REFUND_REQUEST_COMPLETE',
];
const REQUEST_TYPES = ['CANCEL', 'REFUND', 'RETURN_AND_REFUND'];
/** The buyer-side reasons the mock offers (its own names). */
const BUYER_REASONS = ['ecom_order_delivered_refund_and_return_reason_damaged', 'ecom_order_delivered_refund_and_return_reason_wrong_item'];

function view(c: Call, r: ReturnRequest): Record<string, unknown> {
  const o = c.platform.orders.orders.get(r.order_id) as Order;
  const { items, refund_amount } = requestLines(c.platform, o, r.id, 'return_line_item_id');
  return {
    return_id: r.id,
    order_id: r.order_id,
    role: r.role,
    return_type: r.type,
    return_status: r.status,
    return_reason: r.reason,
    return_reason_text: r.reason.replace(/_/g, ' '),
    create_time: sec(r.created_ms),
    update_time: sec(r.updated_ms),
    can_buyer_keep_item: r.type === 'REFUND',
    return_method: 'BUYER_SHIPPED',
    return_tracking_number: r.tracking_number,
    refund_amount,
    return_line_items: items,
  };
}

function search(c: Call): unknown {
  const body = parseObject(c.body);
  const keep = requestFilter(c, body, { ids: 'return_ids', types: 'return_types', statuses: 'return_status' }, [...RETURN_TYPES, 'REPLACEMENT'], STATUSES);
  // No arbitration and no seller proposals in the mock: such filters match nothing.
  const none = listFilter(body.arbitration_status, 'arbitration_status') !== undefined || listFilter(body.seller_proposed_return_type, 'seller_proposed_return_type') !== undefined;
  const matches = none ? [] : [...c.platform.aftersales.returns.values()].filter(keep);
  const { page, next, total } = pageOf(c, matches);
  return { return_orders: page.map((r) => view(c, r)), next_page_token: next, total_count: total };
}

function decide(c: Call, decisions: readonly string[]): unknown {
  const body = parseObject(c.body);
  const decision = str(body.decision, 'decision');
  if (!decisions.includes(decision)) throw bad('decision', `${decisions.join('|')} (the decisions the mock models)`, decision);
  optBool(body.buyer_keep_item, 'buyer_keep_item');
  if (body.partial_refund !== undefined) obj(body.partial_refund, 'partial_refund');
  optStr(body.comment, 'comment');
  if (body.images !== undefined) arr(body.images, 'images', 0, 9);
  const reason = body.reject_reason === undefined ? '' : str(body.reject_reason, 'reject_reason');
  c.platform.aftersales.decideReturn(c.shop, c.params.return_id as string, decision, reason);
  return {};
}

function records(c: Call): unknown {
  const r = c.platform.aftersales.returns.get(c.params.return_id as string);
  if (!r || r.shop_index !== c.shop) throw new TikTokError('NOT_FOUND', `return ${c.params.return_id} does not exist in this shop`);
  optStr(c.query.locale, 'locale');
  return {
    records: r.records.map((x) => ({ event: 'ORDER_RETURN', description: x.description, role: x.role, create_time: sec(x.created_ms), reason_text: x.reason_text, note: '' })),
  };
}

/** Why a request type is not open for an order, or undefined when it is. */
function ineligible(c: Call, o: Order, type: string): string | undefined {
  const { aftersales } = c.platform;
  if (type === 'CANCEL') {
    if (o.status !== 'AWAITING_SHIPMENT') return `order is ${o.status}`;
    return aftersales.pendingCancellation(o.id) ? 'a cancellation request is pending' : undefined;
  }
  if (!RETURNABLE.has(o.status)) return `order is ${o.status}`;
  return aftersales.openReturn(o.id) ? 'a return is open' : undefined;
}

const eligibility = (v: string) => (c: Call): unknown => {
  const o = c.platform.orders.orders.get(c.params.order_id as string);
  if (!o || o.shop_index !== c.shop) throw new TikTokError('NOT_FOUND', `order ${c.params.order_id} does not exist in this shop`);
  optEnum(c.query.initiate_aftersale_user, 'initiate_aftersale_user', ['SELLER', 'BUYER']);
  let types = REQUEST_TYPES;
  if (v >= '202512' && c.query.request_types !== undefined) {
    types = c.query.request_types.split(',');
    for (const t of types) if (!REQUEST_TYPES.includes(t)) throw bad('request_types', REQUEST_TYPES.join('|'), t);
  }
  return {
    sku_eligibility: o.line_items.map((li) => ({
      sku_id: li.sku_id,
      line_item_eligibility: types.map((t) => {
        const why = ineligible(c, o, t);
        return {
          request_type: t,
          eligible: why === undefined,
          ...(why !== undefined && { ineligible_code: 1, ineligible_reason: why }),
          order_line_items_ids: [li.id],
          ...(v >= '202512' && { available_reason_names: why !== undefined ? [] : t === 'CANCEL' ? SELLER_CANCEL_REASONS : BUYER_REASONS }),
        };
      }),
    })),
  };
};

function rejectReasons(c: Call): unknown {
  const id = c.query.return_or_cancel_id;
  if (id === undefined || id === '') throw new TikTokError('INVALID_PARAM', 'return_or_cancel_id is required');
  optStr(c.query.locale, 'locale');
  const { cancellations, returns } = c.platform.aftersales;
  const shopOf = cancellations.get(id)?.shop_index ?? returns.get(id)?.shop_index;
  if (shopOf !== c.shop) throw new TikTokError('NOT_FOUND', `no return or cancellation ${id} in this shop`);
  const names = cancellations.has(id) ? CANCEL_REJECT_REASONS : RETURN_REJECT_REASONS;
  return { reasons: names.map((name) => ({ name, text: name.replace(/^reject_reason_/, '').replace(/_/g, ' ') })) };
}

const V = ['202309'];

export const returnRoutes: EndpointTable = [
  perVersion('POST', '/return_refund/{version}/returns/search', ['202309', '202602'], 'reads returns', () => search),
  at('POST', '/return_refund/{version}/returns/{return_id}/approve', V, 'changes returns', (c) => decide(c, APPROVE_DECISIONS)),
  at('POST', '/return_refund/{version}/returns/{return_id}/reject', V, 'changes returns', (c) => decide(c, REJECT_DECISIONS)),
  at('GET', '/return_refund/{version}/returns/{return_id}/records', V, 'reads returns', records),
  perVersion('GET', '/return_refund/{version}/orders/{order_id}/aftersale_eligibility', ['202309', '202512', '202602'], 'reads orders, cancellations, returns', eligibility),
  at('GET', '/return_refund/{version}/reject_reasons', V, 'reads cancellations, returns', rejectReasons),
];
