/**
 * The buyer side of the mock platform (`/__mock/orders`): what shoppers in a live stream do.
 * A refused order ("sold out") is the platform working, not an error, and is counted apart.
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

export async function cancelOrder(mockUrl: string, orderId: string) {
  return http.post(`${mockUrl}/__mock/orders/${encodeURIComponent(orderId)}/cancel`, '{}', {
    headers: { 'content-type': 'application/json' },
    tags: { name: 'buyer cancel order' },
  });
}
