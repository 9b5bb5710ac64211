/**
 * Order family: search (keyset pagination, time filters, sort) and detail (<= 50 ids).
 *
 * Page tokens carry the last row's (sort value, id) and the sort they belong to, so orders
 * placed while a client pages never make it see a row twice or skip one already listed
 * (for create_time; update_time moves by nature and TikTok makes no promise either).
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { ORDER_STATUSES, type Order } from '../state/orders.ts';
import { checked, parseObject, queryInt } from '../validate.ts';
import { buyerUserId, orderView, orderWarehouse } from './order-view.ts';
import { decodeToken, encodeToken } from './page-token.ts';
import { at, perVersion, type EndpointTable } from './route-table.ts';

const MAX_S = 2 ** 32;
const MAX_IDS = 50;

/**
 * The integration has the orders' data from now on (a search answer carries whole orders, as a
 * detail answer does): the first time is the order's pick-up, as the platform sees it.
 */
function markRead(c: Call, orders: Order[]): Order[] {
  const now = c.platform.now();
  for (const o of orders) o.first_read_ms ??= now;
  return orders;
}

function search(c: Call): unknown {
  const q = c.query;
  const pageSize = queryInt(q.page_size, 'page_size', 1, 100);
  if (pageSize === undefined) throw new TikTokError('INVALID_PARAM', 'page_size is required (1..100, in the query)');
  const field = q.sort_field ?? 'create_time';
  if (field !== 'create_time' && field !== 'update_time') throw new TikTokError('INVALID_PARAM', `sort_field must be create_time or update_time, got ${JSON.stringify(field)}`);
  const order = q.sort_order ?? 'DESC';
  if (order !== 'ASC' && order !== 'DESC') throw new TikTokError('INVALID_PARAM', `sort_order must be ASC or DESC, got ${JSON.stringify(order)}`);
  let after: [number, string] | undefined;
  if (q.page_token !== undefined && q.page_token !== '') {
    const t = decodeToken(q.page_token);
    if (!Array.isArray(t) || t.length !== 4 || t[0] !== field || t[1] !== order || typeof t[2] !== 'number' || typeof t[3] !== 'string') {
      throw new TikTokError('INVALID_PARAM', 'page_token is not a token this API issued for this sort');
    }
    after = [t[2], t[3]];
  }
  const body = parseObject(c.body);
  // Every filter checked, every problem named in one 36009004.
  const { status, buyer, cancelRequested, shippingType, warehouses, cge, clt, uge, ult } = checked((check) => ({
    status: body.order_status === undefined ? undefined : check.oneOf(body.order_status, 'order_status', ORDER_STATUSES),
    buyer: check.optStr(body.buyer_user_id, 'buyer_user_id'),
    cancelRequested: check.optBool(body.is_buyer_request_cancel, 'is_buyer_request_cancel'),
    // Every mock order is shipped by the seller.
    shippingType: body.shipping_type === undefined ? undefined : check.oneOf(body.shipping_type, 'shipping_type', ['TIKTOK', 'SELLER']),
    warehouses: body.warehouse_ids === undefined ? undefined : new Set(check.strArr(body.warehouse_ids, 'warehouse_ids', 1, 100)),
    cge: check.optInt(body.create_time_ge, 'create_time_ge', 0, MAX_S),
    clt: check.optInt(body.create_time_lt, 'create_time_lt', 0, MAX_S),
    uge: check.optInt(body.update_time_ge, 'update_time_ge', 0, MAX_S),
    ult: check.optInt(body.update_time_lt, 'update_time_lt', 0, MAX_S),
  }));
  // Filters are in seconds; compare in ms against [ge*1000, lt*1000).
  const inRange = (ms: number, ge?: number, lt?: number) => (ge === undefined || ms >= ge * 1000) && (lt === undefined || ms < lt * 1000);
  const value = field === 'create_time' ? (o: Order) => o.created_ms : (o: Order) => o.updated_ms;
  const all = c.platform.orders.byShop[c.shop] ?? [];
  const matches = all.filter(
    (o) =>
      (status === undefined || o.status === status) &&
      inRange(o.created_ms, cge, clt) &&
      inRange(o.updated_ms, uge, ult) &&
      (buyer === undefined || buyerUserId(o) === buyer) &&
      (cancelRequested === undefined || cancelRequested === (c.platform.aftersales.pendingCancellation(o.id) !== undefined)) &&
      (shippingType === undefined || shippingType === 'SELLER') &&
      (warehouses === undefined || warehouses.has(orderWarehouse(o))),
  );
  // Creation order is the book's order already; update_time needs a sort.
  const cmp = (a: Order, b: Order) => value(a) - value(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (field === 'update_time') matches.sort(cmp);
  if (order === 'DESC') matches.reverse();
  let start = 0;
  if (after) {
    const [v, id] = after;
    const beyond = (o: Order) => {
      const d = value(o) - v || (o.id < id ? -1 : o.id > id ? 1 : 0);
      return order === 'ASC' ? d > 0 : d < 0;
    };
    start = matches.findIndex(beyond);
    if (start === -1) start = matches.length;
  }
  const page = matches.slice(start, start + pageSize);
  const last = page[page.length - 1];
  const more = start + pageSize < matches.length && last !== undefined;
  return {
    orders: markRead(c, page).map((o) => orderView(c.platform, o)),
    next_page_token: more ? encodeToken([field, order, value(last), last.id]) : '',
    total_count: matches.length,
  };
}

/**
 * Order detail at 202309 and 202507: same query and answer, except that 202507 drops
 * `fulfillment_priority_level` and `recommended_shipping_time` (TikTok's 202507 model).
 */
const detail = (v: string) => (c: Call): unknown => {
  const raw = c.query.ids;
  if (raw === undefined || raw === '') throw new TikTokError('INVALID_PARAM', 'ids is required (comma-separated order ids)');
  const ids = raw.split(',');
  if (ids.length > MAX_IDS) throw new TikTokError('INVALID_PARAM', `ids: at most ${MAX_IDS} order ids per call, got ${ids.length}`);
  const book = c.platform.orders;
  const missing = ids.filter((id) => book.orders.get(id)?.shop_index !== c.shop);
  if (missing.length > 0) throw new TikTokError('NOT_FOUND', `orders ${missing.join(',')} do not exist in this shop`);
  const orders = markRead(c, ids.map((id) => book.orders.get(id) as Order)).map((o) => orderView(c.platform, o));
  if (v >= '202507') {
    for (const o of orders) {
      delete o.fulfillment_priority_level;
      delete o.recommended_shipping_time;
    }
  }
  return { orders };
};

export const orderRoutes: EndpointTable = [
  at('POST', '/order/{version}/orders/search', ['202309'], 'reads orders', search),
  perVersion('GET', '/order/{version}/orders', ['202309', '202507'], 'reads orders', detail),
];
