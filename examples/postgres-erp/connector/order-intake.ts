/**
 * Orders from the platform into the ERP: every shop's orders searched by update time (from a
 * watermark kept in memory, re-reading the last second so none is missed at a boundary); a new
 * order is inserted and allocated in one transaction, a cancelled one releases its stock.
 *
 * Allocation rule (kept small for the example): the whole order from one site — the buyer's
 * region first, then the most available — or backordered (retried oldest first) when no single
 * site can fill it. Stock rows are locked in (item, warehouse) order, as every writer does.
 */
import type pg from 'pg';
import type { Shop } from '../../../stack/domain/catalog.ts';
import type { TikTokClient } from '../../../stack/tiktok/client.ts';
import { searchOrdersByUpdate, type PlatformOrderFull } from '../../../stack/tiktok/order-api.ts';
import { inTransaction } from '../transaction.ts';

const MAX_PAGES = 20;

export class OrderIntake {
  private readonly watermark = new Map<string, number>();
  /** Last platform status handled per order: a re-read with the same status is skipped. */
  private readonly seen = new Map<string, string>();

  constructor(
    private readonly db: pg.Pool,
    private readonly client: TikTokClient,
    private readonly shops: readonly Shop[],
  ) {}

  async pull(): Promise<void> {
    await Promise.all(this.shops.map((s) => this.pullShop(s)));
  }

  private async pullShop(shop: Shop): Promise<void> {
    let token: string | undefined;
    const from = this.watermark.get(shop.shop_id) ?? 0;
    let newest = from;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await searchOrdersByUpdate(this.client, shop, from, token, 100);
      for (const o of r.orders) {
        newest = Math.max(newest, o.update_time ?? 0);
        if (this.seen.get(o.id) === o.status) continue;
        await this.handle(shop, o);
        this.seen.set(o.id, o.status);
      }
      token = r.next_page_token;
      if (!token) break;
    }
    this.watermark.set(shop.shop_id, Math.max(0, newest - 1));
  }

  private async handle(shop: Shop, o: PlatformOrderFull): Promise<void> {
    const cancelled = o.status === 'CANCELLED';
    await inTransaction(this.db, async (c) => {
      const known = await c.query<{ state: string }>('SELECT state FROM sales_orders WHERE order_ref = $1 FOR UPDATE', [o.id]);
      const state = known.rows[0]?.state;
      if (state === undefined) {
        // a cancelled order is recorded too (as cancelled): the ERP knows every order the platform took
        await c.query(`INSERT INTO sales_orders (order_ref, shop, state, buyer_region, cancelled_at) VALUES ($1, $2, $3, $4, CASE WHEN $3 = 'CANC' THEN clock_timestamp() END)`, [
          o.id, shop.shop_id, cancelled ? 'CANC' : 'NEW', o.recipient_address?.region_code ?? shop.region,
        ]);
        const qty = new Map<string, number>();
        for (const li of o.line_items ?? []) if (li.seller_sku) qty.set(li.seller_sku, (qty.get(li.seller_sku) ?? 0) + (li.quantity ?? 1));
        let n = 0;
        for (const [sku, q] of qty) await c.query('INSERT INTO sales_order_lines (order_ref, line_no, item_code, qty) VALUES ($1, $2, $3, $4)', [o.id, ++n, sku, q]);
        if (!cancelled) await allocate(c, o.id);
      } else if (cancelled && state !== 'CANC' && state !== 'SHIP') {
        if (state === 'ALLOC') await release(c, o.id);
        await c.query(`UPDATE sales_orders SET state = 'CANC', cancelled_at = clock_timestamp() WHERE order_ref = $1`, [o.id]);
      }
    });
  }

  /** Backordered orders, oldest first, get another chance at stock. */
  async retryBackorders(): Promise<void> {
    const r = await this.db.query<{ order_ref: string }>(`SELECT order_ref FROM sales_orders WHERE state = 'BACK' ORDER BY received_at LIMIT 50`);
    for (const { order_ref } of r.rows) {
      await inTransaction(this.db, async (c) => {
        const s = await c.query<{ state: string }>('SELECT state FROM sales_orders WHERE order_ref = $1 FOR UPDATE', [order_ref]);
        if (s.rows[0]?.state === 'BACK') await allocate(c, order_ref);
      });
    }
  }
}

async function allocate(c: pg.PoolClient, ref: string): Promise<void> {
  const lines = await c.query<{ item_code: string; qty: number }>('SELECT item_code, qty FROM sales_order_lines WHERE order_ref = $1', [ref]);
  const stock = await c.query<{ item_code: string; site_code: string; region: string; available: number }>(
    `SELECT s.item_code, s.site_code, st.region, s.qty_on_hand - s.qty_allocated AS available
       FROM stock s JOIN sites st ON st.site_code = s.site_code WHERE s.item_code = ANY($1)
      ORDER BY s.item_code, st.warehouse_id FOR UPDATE OF s`,
    [lines.rows.map((l) => l.item_code)],
  );
  const region = (await c.query<{ buyer_region: string }>('SELECT buyer_region FROM sales_orders WHERE order_ref = $1', [ref])).rows[0]?.buyer_region;
  const sites = new Map<string, { region: string; fits: number; total: number }>();
  for (const s of stock.rows) {
    const need = lines.rows.find((l) => l.item_code === s.item_code)?.qty ?? 0;
    const e = sites.get(s.site_code) ?? { region: s.region, fits: 0, total: 0 };
    if (s.available >= need) e.fits++;
    e.total += s.available;
    sites.set(s.site_code, e);
  }
  const best = [...sites]
    .filter(([, e]) => e.fits === lines.rows.length)
    .sort(([a, x], [b, y]) => Number(y.region === region) - Number(x.region === region) || y.total - x.total || (a < b ? -1 : 1))[0];
  if (!best) {
    await c.query(`UPDATE sales_orders SET state = 'BACK' WHERE order_ref = $1 AND state <> 'BACK'`, [ref]);
    return;
  }
  await c.query(
    `UPDATE stock s SET qty_allocated = s.qty_allocated + l.qty FROM sales_order_lines l
      WHERE l.order_ref = $1 AND s.item_code = l.item_code AND s.site_code = $2`,
    [ref, best[0]],
  );
  await c.query('UPDATE sales_order_lines SET site_code = $2 WHERE order_ref = $1', [ref, best[0]]);
  await c.query(`UPDATE sales_orders SET state = 'ALLOC', allocated_at = clock_timestamp() WHERE order_ref = $1`, [ref]);
}

async function release(c: pg.PoolClient, ref: string): Promise<void> {
  await c.query(
    `UPDATE stock s SET qty_allocated = s.qty_allocated - l.qty FROM sales_order_lines l
      WHERE l.order_ref = $1 AND s.item_code = l.item_code AND s.site_code = l.site_code`,
    [ref],
  );
}
