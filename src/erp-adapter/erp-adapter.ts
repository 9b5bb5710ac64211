/**
 * The ERP adapter: the operations peakday needs from an ERP/WMS, and nothing more.
 *
 * You write one TypeScript module whose default export is an `ErpAdapter`, or a function
 * `(options) => ErpAdapter | Promise<ErpAdapter>` receiving the `--adapter-option k=v` pairs.
 * peakday loads it with no build step (`peakday run promo --erp-adapter ./my-erp.ts`) and hosts
 * it behind the HTTP contract the scenarios speak (stack/openapi.yaml), so the scenarios, the
 * harness and real k6 run unchanged. Import the types from this file only.
 *
 * Names: SKUs are the seller's own SKU (`seller_sku`), warehouses the platform's warehouse ids
 * (map your own codes inside the adapter), times Unix milliseconds by the ERP's clock.
 *
 * Errors: throw `new ErpAdapterError(code, message)` (./adapter-errors.ts) for the refusals the
 * contract knows (UNKNOWN_SKU, UNKNOWN_WAREHOUSE, NEGATIVE_STOCK, ORDER_NOT_FOUND,
 * SHIPMENT_CONFLICT, ORDER_NOT_SHIPPABLE); the shim answers them with the contract's status.
 * Anything else thrown is the ERP failing: 502 `ERP_FAILED` naming the operation. An operation
 * that does not answer within the shim's `--op-timeout-ms` is 504 `ERP_TIMEOUT`. An answer of the
 * wrong shape is 502 `ERP_BAD_ANSWER` naming the operation and the field.
 */

/** A stock level of one SKU in one warehouse. `available` = on_hand − reserved, never below 0. */
export interface StockLevel {
  sku: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  available: number;
  /**
   * Optional: what each shop (by shop id) should show, when your integration offers shops less
   * than all of `available` (e.g. splitting the last units between shops). Absent: every shop
   * should show `available`. peakday's reconciliation compares each shop with its offer.
   */
  offered?: Record<string, number>;
}

/** What a write answers: the level after it, and when the ERP accepted it. */
export interface StockWriteResult extends StockLevel {
  /** When the ERP committed the write (ms). The exact start of the inventory sync lag. */
  accepted_at: number;
}

export type StockLine =
  | { sku: string; warehouse_id: string; on_hand: number }
  | { sku: string; warehouse_id: string; delta: number };

/** Every write receives the caller's idempotency key when it sent one. */
export interface WriteContext {
  /**
   * Pass it to your ERP if it deduplicates writes. peakday keeps its own store of answered
   * keys either way (same key + same request = the stored answer, nothing applied again; same
   * key + another request = 409), so an ERP without idempotency is still never written twice
   * by a retry through peakday. That store lives in the shim's memory: a shim restart forgets it.
   */
  idempotencyKey?: string;
}

export interface ErpStock {
  sku: string;
  safety_stock?: number;
  /** One level per warehouse that stocks the SKU (`sku` may be left out: it is the one asked for). */
  warehouses: (Omit<StockLevel, 'sku'> & { sku?: string })[];
}

export interface ErpOrderLine {
  sku: string;
  quantity: number;
}

export interface ErpOrder {
  order_id: string;
  shop_id: string;
  /** allocated: stock reserved; backordered: waiting for stock; received: not decided yet. */
  status: 'received' | 'allocated' | 'backordered' | 'cancelled' | 'shipped';
  lines: ErpOrderLine[];
  /** Which warehouse reserves what; empty until allocated. */
  allocation: { warehouse_id: string; lines: ErpOrderLine[] }[];
  /** When the integration brought the order into the ERP (start of the allocation lag). */
  received_at: number | null;
  allocated_at: number | null;
  shipped_at: number | null;
  cancelled_at?: number | null;
  /** `synced_at`: when the platform acknowledged the shipment; null while pending. */
  shipment: { carrier: string; tracking_number: string; synced_at: number | null } | null;
}

/** One page of orders in the order their last change happened. */
export interface OrderPage {
  orders: (ErpOrder & { seq: number })[];
  /** Pass back as `afterSeq` for the next page; equal to the input when there is nothing new. */
  next_after_seq: number;
}

export interface StockChange {
  /** Strictly increasing. */
  seq: number;
  sku: string;
  warehouse_id: string;
  /** Availability after the change. */
  available: number;
  /** When availability changed (ms): the start of the inventory sync lag. */
  at: number;
  /** Optional: per-shop offers after the change (see StockLevel.offered). */
  offered?: Record<string, number>;
}

export interface ShipmentResult {
  order_id: string;
  shipped_at: number;
  /** `created`: this call shipped it; `replayed`: it was already shipped with this tracking. */
  outcome: 'created' | 'replayed';
}

export interface ErpAdapter {
  /** Shown in logs and the report. */
  readonly name: string;

  /**
   * Sets on-hand (a recount). Guarantees: atomic per line; `accepted_at` is the commit time.
   * @example
   *   async setStock({ sku, warehouse_id, on_hand }) {
   *     const r = await db.query('UPDATE stock SET on_hand=$3 WHERE sku=$1 AND wh=$2 RETURNING *', [sku, warehouse_id, on_hand]);
   *     if (r.rowCount === 0) throw new ErpAdapterError('UNKNOWN_SKU', `no stock row for ${sku} in ${warehouse_id}`);
   *     return { ...level(r.rows[0]), accepted_at: Date.now() };
   *   }
   */
  setStock(line: { sku: string; warehouse_id: string; on_hand: number }, ctx: WriteContext): Promise<StockWriteResult>;

  /**
   * Adds `delta` (may be negative) to on-hand. Guarantees: atomic read-modify-write (two
   * concurrent adjusts both count); on-hand never below 0 — refuse with NEGATIVE_STOCK.
   * @example
   *   async adjustStock({ sku, warehouse_id, delta }) {
   *     const r = await db.query('UPDATE stock SET on_hand=on_hand+$3 WHERE sku=$1 AND wh=$2 AND on_hand+$3>=0 RETURNING *', [sku, warehouse_id, delta]);
   *     if (r.rowCount === 0) throw new ErpAdapterError('NEGATIVE_STOCK', `${sku}@${warehouse_id} would go below 0`);
   *     return { ...level(r.rows[0]), accepted_at: Date.now() };
   *   }
   */
  adjustStock(line: { sku: string; warehouse_id: string; delta: number }, ctx: WriteContext): Promise<StockWriteResult>;

  /**
   * Applies 1..500 lines all-or-nothing (one transaction): either every line or none.
   * Answers one level per line, in order. An ERP without transactions cannot promise this:
   * then apply the lines one by one and say so in your README — a failure half-way leaves the
   * earlier lines applied, and peakday's retry with the same key is refused (409), not re-applied.
   * @example
   *   async batchStock(lines) {
   *     return db.transaction(async (tx) => {
   *       const results = [];
   *       for (const l of lines) results.push(await applyLine(tx, l));
   *       return { results, accepted_at: Date.now() };
   *     });
   *   }
   */
  batchStock(lines: StockLine[], ctx: WriteContext): Promise<{ results: StockLevel[]; accepted_at: number }>;

  /**
   * One SKU in every warehouse that stocks it; null when the ERP does not know the SKU.
   * @example
   *   async readStock(sku) {
   *     const r = await db.query('SELECT * FROM stock WHERE sku=$1', [sku]);
   *     return r.rowCount === 0 ? null : { sku, warehouses: r.rows.map(level) };
   *   }
   */
  readStock(sku: string): Promise<ErpStock | null>;

  /**
   * Orders whose last change is after `afterSeq`, oldest change first, at most `limit`.
   * Guarantees: an order changed after it was read shows up again with a higher seq, so
   * tailing the list sees every status change. Any increasing number works as seq (a change
   * counter, or an update time in ms when two changes never share one).
   * @example
   *   async listOrders(afterSeq, limit) {
   *     const r = await db.query('SELECT * FROM orders WHERE seq>$1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
   *     const orders = r.rows.map(toOrder);
   *     return { orders, next_after_seq: orders.at(-1)?.seq ?? afterSeq };
   *   }
   */
  listOrders(afterSeq: number, limit: number): Promise<OrderPage>;

  /**
   * One order with its allocation; null when the ERP has not received it (yet).
   * @example
   *   async readOrder(id) {
   *     const r = await db.query('SELECT * FROM orders WHERE order_id=$1', [id]);
   *     return r.rowCount === 0 ? null : toOrder(r.rows[0]);
   *   }
   */
  readOrder(orderId: string): Promise<ErpOrder | null>;

  /**
   * Marks an order shipped with its tracking; your integration then tells the platform.
   * Guarantees: the same order with the same tracking again is `replayed` and changes nothing;
   * another tracking for a shipped order is SHIPMENT_CONFLICT; an order that is not allocated
   * is ORDER_NOT_SHIPPABLE; unknown is ORDER_NOT_FOUND.
   * @example
   *   async markShipped(orderId, { carrier, tracking_number }) {
   *     const r = await db.query('INSERT INTO shipments(order_id,carrier,tracking) VALUES($1,$2,$3) ON CONFLICT DO NOTHING RETURNING created_at', [orderId, carrier, tracking_number]);
   *     if (r.rowCount === 1) return { order_id: orderId, shipped_at: Number(r.rows[0].created_at), outcome: 'created' };
   *     return existingShipment(orderId, tracking_number); // replayed, or throws SHIPMENT_CONFLICT
   *   }
   */
  markShipped(orderId: string, shipment: { carrier: string; tracking_number: string }, ctx: WriteContext): Promise<ShipmentResult>;

  /**
   * Optional: the ERP's own log of availability changes after `afterSeq` (oldest first).
   * Without it, peakday derives the log (./derived-change-log.ts): exactly from the writes it
   * makes itself, and by polling `readStock` every `--poll-ms` for changes it did not make
   * (orders allocated, shipments, cancellations); those changes are stamped with the last poll
   * that still saw the old value, so their lags are upper bounds, over by at most the poll
   * interval plus one poll's duration, and the report says so with the bound.
   * @example
   *   async stockChanges(afterSeq, limit) {
   *     const r = await db.query('SELECT seq,sku,wh AS warehouse_id,available,at FROM stock_log WHERE seq>$1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
   *     return { changes: r.rows, next_after_seq: r.rows.at(-1)?.seq ?? afterSeq };
   *   }
   */
  stockChanges?(afterSeq: number, limit: number): Promise<{ changes: StockChange[]; next_after_seq: number }>;

  /**
   * Optional: whether the ERP can take work now. Without it, a `readStock` answering is ready.
   * @example
   *   async ready() { await db.query('SELECT 1'); return true; }
   */
  ready?(): Promise<boolean>;

  /** Optional: release connections; called once when the shim stops. */
  close?(): Promise<void>;
}

/** The `--adapter-option k=v` pairs given to a factory export. */
export type AdapterOptions = Readonly<Record<string, string>>;

export type AdapterFactory = (options: AdapterOptions) => ErpAdapter | Promise<ErpAdapter>;

/** The operations every adapter must have, in the order validation checks them. */
export const REQUIRED_OPERATIONS = ['setStock', 'adjustStock', 'batchStock', 'readStock', 'listOrders', 'readOrder', 'markShipped'] as const;
export const OPTIONAL_OPERATIONS = ['stockChanges', 'ready', 'close'] as const;
export type OperationName = (typeof REQUIRED_OPERATIONS)[number] | (typeof OPTIONAL_OPERATIONS)[number];
