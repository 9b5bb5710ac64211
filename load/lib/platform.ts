/**
 * What happens on the mock platform outside the integration's calls: the buyer side
 * (`/__mock/orders`, `/__mock/returns`), what shoppers in a live stream do, and the seller side
 * (`/__mock/sellers`), a seller revoking the app and the platform warning that an authorization
 * ends. A refused order ("sold out") is the platform working, not an error, and is counted apart.
 */
import http from 'k6/http';
import { Counter } from 'k6/metrics';

export const ordersPlaced = new Counter('orders_placed');
export const ordersSoldOut = new Counter('orders_sold_out');
export const ordersFailed = new Counter('orders_failed');

export interface OrderLine {
  sku_id: string;
  quantity: number;
}

export async function placeOrder(mockUrl: string, shopId: string, buyerRegion: string, lines: OrderLine[]) {
  const res = await http.post(
    `${mockUrl}/__mock/orders`,
    JSON.stringify({ shop_id: shopId, buyer_region: buyerRegion, line_items: lines }),
    { headers: { 'content-type': 'application/json' }, tags: { name: 'buyer place order' } },
  );
  if (res.status !== 200) {
    ordersFailed.add(1, { status: String(res.status) });
    return undefined;
  }
  const body = (res.json() as unknown as { data: { accepted: boolean; order_id?: string; reason?: string } }).data;
  if (body.accepted) ordersPlaced.add(1, { shop: shopId });
  else ordersSoldOut.add(1, { shop: shopId });
  return body;
}

/**
 * A POST to the control API (`/__mock/<path>`); the answer's data, or undefined for any other
 * status than 200. `expected` are the statuses that are answers, not failed requests.
 */
async function controlAction<T>(mockUrl: string, path: string, body: object, name: string, expected: number[]): Promise<T | undefined> {
  const res = await http.post(`${mockUrl}/__mock/${path}`, JSON.stringify(body), {
    headers: { 'content-type': 'application/json' },
    tags: { name },
    responseCallback: http.expectedStatuses(...expected),
  });
  if (res.status !== 200) return undefined;
  return (res.json() as unknown as { data: T }).data;
}

/** A buyer's move on one order (`/__mock/orders/{id}/<action>`); a move the order's state refuses (409) is an answer. */
function buyerAction(mockUrl: string, path: string, body: object, name: string) {
  return controlAction<Record<string, unknown>>(mockUrl, path, body, name, [200, 409]);
}

const order = (id: string, action: string) => `orders/${encodeURIComponent(id)}/${action}`;

/** The buyer cancels an unshipped order outright (no seller decision needed). */
export function cancelOrder(mockUrl: string, orderId: string) {
  return buyerAction(mockUrl, order(orderId, 'cancel'), {}, 'buyer cancel order');
}

/** The buyer asks to cancel; the seller approves or rejects it (webhook 11). */
export function requestCancel(mockUrl: string, orderId: string) {
  return buyerAction(mockUrl, order(orderId, 'cancel-request'), {}, 'buyer cancel request');
}

/** The buyer changes the delivery address before shipment (webhook 3). */
export function changeAddress(mockUrl: string, orderId: string, region: string) {
  return buyerAction(mockUrl, order(orderId, 'address'), { buyer_region: region }, 'buyer change address');
}

/** The carrier scans the package: the order is IN_TRANSIT (refused until the platform holds the shipment). */
export function carrierCollects(mockUrl: string, orderId: string) {
  return buyerAction(mockUrl, order(orderId, 'advance'), { status: 'IN_TRANSIT' }, 'carrier collects');
}

/** The buyer asks for a refund (keeps the item) or a return (ships it back); the seller decides (webhook 12). */
export function requestReturn(mockUrl: string, orderId: string, type: 'REFUND' | 'RETURN_AND_REFUND') {
  return buyerAction(mockUrl, order(orderId, 'return-request'), { return_type: type }, 'buyer return request');
}

/** The buyer ships an approved return back (refused until the seller approved it). */
export function shipBack(mockUrl: string, returnId: string) {
  return buyerAction(mockUrl, `returns/${encodeURIComponent(returnId)}/ship-back`, {}, 'buyer ship back');
}

const seller = (id: string, action: string) => `sellers/${encodeURIComponent(id)}/${action}`;

/**
 * The seller revokes the app: every token of the seller stops working, every shop still
 * authorized is deauthorized (webhook 6 per shop). Again on the same seller: no shop left to
 * deauthorize. An unknown seller (404) is a failed request: the scenario named the wrong one.
 */
export function deauthorizeSeller(mockUrl: string, sellerId: string) {
  return controlAction<{ seller_id: string; deauthorized_shop_ids: string[] }>(mockUrl, seller(sellerId, 'deauthorize'), {}, 'seller deauthorize', [200]);
}

/** The platform warns that the seller's authorization ends (webhook 7 per authorized shop); `authorization_ends_at` in Unix ms. */
export function warnAuthorizationExpiring(mockUrl: string, sellerId: string) {
  return controlAction<{ seller_id: string; authorization_ends_at: number; notified_shop_ids: string[] }>(
    mockUrl,
    seller(sellerId, 'authorization-expiring'),
    {},
    'authorization expiring',
    [200],
  );
}
