/**
 * The peakday adapter of the example ERP: every operation is SQL against the ERP's own tables
 * (schema.sql), the way a database-integrated WMS is reached. Loaded by peakday with
 *   --erp-adapter examples/postgres-erp/adapter.ts --erp-adapter-option database=postgres://...
 *
 * What this ERP can and cannot promise, as the interface asks:
 *  - writes are transactions (batch: one transaction, all-or-nothing); `accepted_at` is the
 *    database's clock at commit time;
 *  - it keeps no idempotency keys: peakday's shim keeps them (a retry through peakday is never
 *    applied twice; a retry around peakday would be);
 *  - it keeps no change log (`stockChanges` is absent): peakday derives one from its own writes
 *    (exact) and by polling (bounded by the poll interval; the report gives the bound);
 *  - orders are listed by their row version, which moves on every change of the order.
 */
import pg from 'pg';
import { inTransaction } from './transaction.ts';
import { ErpAdapterError } from '../../src/erp-adapter/adapter-errors.ts';
import type { AdapterOptions, ErpAdapter, ErpOrder, StockLevel, StockLine, StockWriteResult } from '../../src/erp-adapter/erp-adapter.ts';

const STATUS: Record<string, ErpOrder['status']> = { NEW: 'received', ALLOC: 'allocated', BACK: 'backordered', SHIP: 'shipped', CANC: 'cancelled' };
const ms = (col: string) => `(extract(epoch from ${col}) * 1000)::float8`;

type Db = pg.Pool | pg.PoolClient;

/** One line of stock written inside `db`; answers the level after it. */
async function writeLine(db: Db, l: StockLine): Promise<StockLevel & { at: number }> {
  const set = 'on_hand' in l;
  const value = set ? l.on_hand : l.delta;
  let r;
  try {
    r = await db.query(
      `INSERT INTO stock (item_code, site_code, qty_on_hand)
         SELECT i.item_code, s.site_code, $3 FROM items i, sites s WHERE i.item_code = $1 AND s.warehouse_id = $2
       ON CONFLICT (item_code, site_code) DO UPDATE SET qty_on_hand = ${set ? 'EXCLUDED.qty_on_hand' : 'stock.qty_on_hand + EXCLUDED.qty_on_hand'}
       RETURNING qty_on_hand, qty_allocated, ${ms('clock_timestamp()')} AS at`,
      [l.sku, l.warehouse_id, value],
    );
  } catch (e) {
    if ((e as { code?: string }).code === '23514') throw new ErpAdapterError('NEGATIVE_STOCK', `${l.sku} in ${l.warehouse_id}: on hand would go below 0`);
    throw e;
  }
  const row = r.rows[0];
  if (!row) {
    const item = await db.query('SELECT 1 FROM items WHERE item_code = $1', [l.sku]);
    throw item.rowCount === 0 ? new ErpAdapterError('UNKNOWN_SKU', `no item "${l.sku}"`) : new ErpAdapterError('UNKNOWN_WAREHOUSE', `no site for warehouse "${l.warehouse_id}"`);
  }
  return { sku: l.sku, warehouse_id: l.warehouse_id, on_hand: row.qty_on_hand, reserved: row.qty_allocated, available: Math.max(0, row.qty_on_hand - row.qty_allocated), at: row.at };
}

const ORDER_SQL = `
  SELECT o.order_ref, o.shop, o.state, o.row_version,
         ${ms('o.received_at')} AS received_at, ${ms('o.allocated_at')} AS allocated_at, ${ms('o.cancelled_at')} AS cancelled_at,
         ${ms('sh.shipped_at')} AS shipped_at, ${ms('sh.synced_at')} AS synced_at, sh.carrier, sh.tracking_no,
         (SELECT json_agg(json_build_object('sku', l.item_code, 'qty', l.qty, 'wh', st.warehouse_id) ORDER BY l.line_no)
            FROM sales_order_lines l LEFT JOIN sites st ON st.site_code = l.site_code WHERE l.order_ref = o.order_ref) AS lines
    FROM sales_orders o LEFT JOIN shipments sh ON sh.order_ref = o.order_ref`;

function toOrder(r: Record<string, any>): ErpOrder & { seq: number } {
  const lines = (r.lines ?? []) as { sku: string; qty: number; wh: string | null }[];
  const byWh = new Map<string, { sku: string; quantity: number }[]>();
  for (const l of lines) if (l.wh) byWh.set(l.wh, [...(byWh.get(l.wh) ?? []), { sku: l.sku, quantity: l.qty }]);
  return {
    order_id: r.order_ref,
    shop_id: r.shop,
    seq: Number(r.row_version),
    status: STATUS[r.state] ?? 'received',
    lines: lines.map((l) => ({ sku: l.sku, quantity: l.qty })),
    allocation: [...byWh].map(([warehouse_id, ls]) => ({ warehouse_id, lines: ls })),
    received_at: r.received_at,
    allocated_at: r.allocated_at,
    shipped_at: r.shipped_at,
    cancelled_at: r.cancelled_at,
    shipment: r.tracking_no ? { carrier: r.carrier, tracking_number: r.tracking_no, synced_at: r.synced_at } : null,
  };
}

export default function createPostgresErpAdapter(options: AdapterOptions): ErpAdapter {
  // from the environment by preference: a password in a flag shows in `ps`
  const database = process.env.ERP_DATABASE_URL ?? options.database;
  if (!database) throw new Error('set ERP_DATABASE_URL=postgres://user:password@127.0.0.1:5432/erp (or --erp-adapter-option database=...)');
  const pool = new pg.Pool({ connectionString: database, max: Number(options.connections ?? 16) });
  pool.on('error', () => undefined); // an idle client's failure surfaces on the next query

  const write = async (l: StockLine): Promise<StockWriteResult> => {
    const { at, ...level } = await writeLine(pool, l);
    return { ...level, accepted_at: at };
  };

  return {
    name: 'postgres-erp (example)',
    setStock: (line) => write(line),
    adjustStock: (line) => write(line),
    batchStock: (lines) =>
      inTransaction(pool, async (c) => {
        // applied in (item, warehouse) order, the lock order of every writer; answered in the caller's
        const order = lines.map((l, i) => ({ l, i })).sort((a, b) => (a.l.sku < b.l.sku ? -1 : a.l.sku > b.l.sku ? 1 : a.l.warehouse_id < b.l.warehouse_id ? -1 : a.l.warehouse_id > b.l.warehouse_id ? 1 : a.i - b.i));
        const results: (StockLevel & { at: number })[] = new Array(lines.length);
        for (const { l, i } of order) results[i] = await writeLine(c, l);
        const accepted_at = Math.max(...results.map((r) => r.at));
        return { results: results.map(({ at: _at, ...level }) => level), accepted_at };
      }),
    async readStock(sku) {
      const r = await pool.query(
        `SELECT i.item_code, st.warehouse_id, s.qty_on_hand, s.qty_allocated
           FROM items i LEFT JOIN stock s ON s.item_code = i.item_code LEFT JOIN sites st ON st.site_code = s.site_code
          WHERE i.item_code = $1 ORDER BY st.warehouse_id`,
        [sku],
      );
      if (r.rowCount === 0) return null;
      const warehouses = r.rows
        .filter((x) => x.warehouse_id !== null)
        .map((x) => ({ sku, warehouse_id: x.warehouse_id, on_hand: x.qty_on_hand, reserved: x.qty_allocated, available: Math.max(0, x.qty_on_hand - x.qty_allocated) }));
      return { sku, warehouses };
    },
    async listOrders(afterSeq, limit) {
      const r = await pool.query(`${ORDER_SQL} WHERE o.row_version > $1 ORDER BY o.row_version LIMIT $2`, [afterSeq, limit]);
      const orders = r.rows.map(toOrder);
      return { orders, next_after_seq: orders.at(-1)?.seq ?? afterSeq };
    },
    async readOrder(orderId) {
      const r = await pool.query(`${ORDER_SQL} WHERE o.order_ref = $1`, [orderId]);
      return r.rows[0] ? toOrder(r.rows[0]) : null;
    },
    markShipped: (orderId, { carrier, tracking_number }) =>
      inTransaction(pool, async (c) => {
        const o = await c.query(`SELECT state FROM sales_orders WHERE order_ref = $1 FOR UPDATE`, [orderId]);
        if (o.rowCount === 0) throw new ErpAdapterError('ORDER_NOT_FOUND', `no order "${orderId}"`);
        if (o.rows[0].state === 'SHIP') {
          const s = await c.query(`SELECT tracking_no, ${ms('shipped_at')} AS shipped_at FROM shipments WHERE order_ref = $1`, [orderId]);
          if (s.rows[0].tracking_no !== tracking_number) throw new ErpAdapterError('SHIPMENT_CONFLICT', `${orderId} already shipped with another tracking number`);
          return { order_id: orderId, shipped_at: s.rows[0].shipped_at, outcome: 'replayed' as const };
        }
        if (o.rows[0].state !== 'ALLOC') throw new ErpAdapterError('ORDER_NOT_SHIPPABLE', `${orderId} is ${STATUS[o.rows[0].state]}, not allocated`);
        // rows locked in the order every writer uses (item, warehouse): no deadlock with allocation
        await c.query(
          `SELECT 1 FROM stock s JOIN sales_order_lines l ON s.item_code = l.item_code AND s.site_code = l.site_code JOIN sites st ON st.site_code = s.site_code
            WHERE l.order_ref = $1 ORDER BY s.item_code, st.warehouse_id FOR UPDATE OF s`,
          [orderId],
        );
        // the allocated units leave the building: on hand and allocated both fall, available stays
        await c.query(
          `UPDATE stock s SET qty_on_hand = s.qty_on_hand - l.qty, qty_allocated = s.qty_allocated - l.qty
             FROM sales_order_lines l WHERE l.order_ref = $1 AND s.item_code = l.item_code AND s.site_code = l.site_code`,
          [orderId],
        );
        const s = await c.query(`INSERT INTO shipments (order_ref, carrier, tracking_no) VALUES ($1, $2, $3) RETURNING ${ms('shipped_at')} AS shipped_at`, [orderId, carrier, tracking_number]);
        await c.query(`UPDATE sales_orders SET state = 'SHIP' WHERE order_ref = $1`, [orderId]);
        return { order_id: orderId, shipped_at: s.rows[0].shipped_at, outcome: 'created' as const };
      }),
    async ready() {
      // ready once the connector has mapped the platform's warehouses into sites
      const r = await pool.query('SELECT count(*)::int AS n FROM sites');
      return r.rows[0].n > 0;
    },
    close: () => pool.end(),
  };
}
