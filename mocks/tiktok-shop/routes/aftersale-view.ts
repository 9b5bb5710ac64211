/** What the return_refund endpoints share: their search filters and the refund amounts of an order's line items. */
import type { Call, Platform } from '../platform.ts';
import type { Order } from '../state/orders.ts';
import { formatAmount, type Market } from '../state/markets.ts';
import { bad, optStr, strArr, type Obj } from '../validate.ts';
import { buyerUserId } from './order-view.ts';
import { timeFilter, type Timed } from './search-page.ts';

/** An optional list filter: undefined (or absent) matches everything. */
export function listFilter(v: unknown, path: string, values?: readonly string[]): Set<string> | undefined {
  if (v === undefined) return undefined;
  const list = strArr(v, path, 1, 100);
  for (const [i, x] of list.entries()) if (values && !values.includes(x)) throw bad(`${path}[${i}]`, values.join('|'), x);
  return new Set(list);
}

export interface RefundAmount {
  currency: string;
  refund_subtotal: string;
  refund_shipping_fee: string;
  refund_tax: string;
  refund_total: string;
}

function amount(total: number, market: Market): RefundAmount {
  const t = formatAmount(total, market);
  const zero = formatAmount(0, market);
  return { currency: market.currency, refund_subtotal: t, refund_shipping_fee: zero, refund_tax: zero, refund_total: t };
}

/** Each line item of an order with its refund amount, and the order's total. */
function refundLines(p: Platform, o: Order) {
  const market = p.marketOf(o.shop_index);
  let total = 0;
  const lines = o.line_items.map((li) => {
    const sku = p.catalog.skuById.get(li.sku_id);
    const sum = Number(li.price) * li.quantity;
    total += sum;
    return { li, sku_name: sku?.sales_attributes[0]?.value_name ?? '', refund_amount: amount(sum, market) };
  });
  return { lines, refund_amount: amount(total, market) };
}

/**
 * A cancellation's or a return's line items (`cancel_line_items` / `return_line_items`), each
 * with its own id under `idField`, derived from the request and the order line.
 */
export function requestLines(p: Platform, o: Order, requestId: string, idField: 'cancel_line_item_id' | 'return_line_item_id') {
  const { lines, refund_amount } = refundLines(p, o);
  const items = lines.map(({ li, sku_name, refund_amount: amount }) => ({
    [idField]: `${requestId}${li.id.slice(-4)}`,
    order_line_item_id: li.id,
    sku_id: li.sku_id,
    seller_sku: li.seller_sku,
    product_name: li.product_name,
    sku_name,
    refund_amount: amount,
  }));
  return { items, refund_amount };
}

interface AftersaleRequest extends Timed {
  order_id: string;
  shop_index: number;
  type: string;
  status: string;
}

/** The filters both searches share, by their field names in each: ids, orders, buyers, types, statuses, times. */
export function requestFilter(c: Call, body: Obj, names: { ids: string; types: string; statuses: string }, types: readonly string[], statuses: readonly string[]) {
  optStr(body.locale, 'locale');
  const ids = listFilter(body[names.ids], names.ids);
  const orders = listFilter(body.order_ids, 'order_ids');
  const buyers = listFilter(body.buyer_user_ids, 'buyer_user_ids');
  const typeSet = listFilter(body[names.types], names.types, types);
  const statusSet = listFilter(body[names.statuses], names.statuses, statuses);
  const inTime = timeFilter(body);
  const book = c.platform.orders;
  return (x: AftersaleRequest): boolean =>
    x.shop_index === c.shop &&
    (ids === undefined || ids.has(x.id)) &&
    (orders === undefined || orders.has(x.order_id)) &&
    (buyers === undefined || buyers.has(buyerUserId(book.orders.get(x.order_id) as Order))) &&
    (typeSet === undefined || typeSet.has(x.type)) &&
    (statusSet === undefined || statusSet.has(x.status)) &&
    inTime(x);
}
