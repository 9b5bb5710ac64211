/**
 * Shipments from the ERP to the platform: every shipment not yet acknowledged is sent as a
 * package with its tracking number; acknowledged (or found already there) marks it synced.
 * A refusal is looked at before the next attempt: a package with the same tracking number on
 * the platform counts as acknowledged, so a lost answer never ships an order twice.
 */
import type pg from 'pg';
import type { Shop } from '../../../stack/domain/catalog.ts';
import type { TikTokClient } from '../../../stack/tiktok/client.ts';
import { fetchOrders, hasTracking } from '../../../stack/tiktok/order-api.ts';

export async function syncShipments(db: pg.Pool, client: TikTokClient, shops: readonly Shop[], log: (l: string) => void): Promise<void> {
  const due = await db.query<{ order_ref: string; shop: string; carrier: string; tracking_no: string }>(
    `SELECT sh.order_ref, o.shop, sh.carrier, sh.tracking_no FROM shipments sh JOIN sales_orders o ON o.order_ref = sh.order_ref
      WHERE sh.synced_at IS NULL ORDER BY sh.shipped_at LIMIT 200`,
  );
  await Promise.all(
    due.rows.map(async (r) => {
      const shop = shops.find((s) => s.shop_id === r.shop);
      if (!shop) return;
      try {
        const env = await client.call({
          method: 'POST',
          path: `/fulfillment/202309/orders/${encodeURIComponent(r.order_ref)}/packages`,
          endpoint: 'POST /fulfillment/202309/orders/{order_id}/packages',
          shop,
          body: { tracking_number: r.tracking_no, shipping_provider_id: r.carrier },
          idempotent: false,
        });
        if (env.code !== 0) {
          const [order] = await fetchOrders(client, shop, [r.order_ref]);
          if (!order || !hasTracking(order, r.tracking_no)) return log(`ship ${r.order_ref}: code ${env.code} ${env.message}`);
        }
        // the order's version moves with its sync, so whoever tails the orders sees it
        await db.query('UPDATE shipments SET synced_at = clock_timestamp() WHERE order_ref = $1', [r.order_ref]);
        await db.query('UPDATE sales_orders SET state = state WHERE order_ref = $1', [r.order_ref]);
      } catch (e) {
        log(`ship ${r.order_ref}: ${(e as Error).message}`);
      }
    }),
  );
}
