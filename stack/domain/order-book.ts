/**
 * Orders in the ERP: ingestion (with allocation and reservation), cancellation, shipment, and
 * the read/export shapes of the public API. Every mutating method is synchronous and runs in
 * one transaction with the stock ledger, so reserving for concurrent orders can't double-book.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import { StackError } from '../errors.ts';
import { allocate, type AllocationPart } from './allocation.ts';
import type { ErpCatalog } from './catalog.ts';
import { availableOf, type StockLedger, type StockRow } from './stock-ledger.ts';

export type OrderStatus = 'allocated' | 'backordered' | 'cancelled' | 'shipped';

/** The fields of a platform order (GET /order/202309/orders) the ERP uses. */
export interface PlatformOrder {
  id: string;
  status: string;
  line_items?: { sku_id?: string; seller_sku?: string; quantity?: number }[];
  recipient_address?: { region_code?: string };
}

interface OrderRow {
  order_id: string;
  seq: number;
  shop_id: string;
  status: OrderStatus;
  region: string;
  lines: string;
  allocation: string;
  received_at: number;
  allocated_at: number | null;
  shipped_at: number | null;
  cancelled_at: number | null;
  carrier: string | null;
  tracking_number: string | null;
  synced_at: number | null;
  /** From shipment_failures: the platform's permanent refusal of this shipment, if any. */
  failed_code: number | null;
  failed_message: string | null;
  /** From cancel_holds: the cancellation the stack is approving, if any. */
  hold_cancel_id: string | null;
  /** From restocks: JSON array of this order's restocked returns. */
  restocked: string;
}

/** Where a shipment stands with the platform. */
export type ShipmentSync = 'pending' | 'acknowledged' | 'failed';

export interface ShipmentView {
  carrier: string;
  tracking_number: string;
  synced_at: number | null;
  sync: ShipmentSync;
  /** The platform's code and message when `sync` is `failed`. */
  error?: { code: number; message: string };
}

export interface OrderView {
  order_id: string;
  shop_id: string;
  ingested: true;
  status: OrderStatus;
  lines: { sku: string; quantity: number }[];
  allocation: AllocationPart[];
  received_at: number;
  allocated_at: number | null;
  shipped_at: number | null;
  cancelled_at: number | null;
  shipment: ShipmentView | null;
  /** The buyer's region the order ships to: the platform's latest address (webhook 3 updates it). */
  ship_to_region: string;
  /** Returned goods put back on hand, per return (stack/domain/restock.ts). */
  returns: { return_id: string; restocked: { warehouse_id: string; sku: string; quantity: number }[]; restocked_at: number }[];
}

/** Platform statuses before payment clears: not allocated yet, a later event brings them back. */
const NOT_YET = new Set(['UNPAID', 'ON_HOLD']);

/** Platform statuses of an order the seller still has to ship: the ERP must hold it, not cancelled. */
export const WILL_SHIP = new Set(['AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING']);

export type IngestOutcome = 'allocated' | 'backordered' | 'cancelled' | 'released' | 'recalled' | 'reopened' | 'readdressed' | 'duplicate' | 'not_yet';

/** What ingest may be told to get wrong (stack/defects.ts). */
export interface IngestFaults {
  /** The ERP never releases a cancelled order's stock. */
  ignoreCancellations?: boolean;
}

export class ErpOrderBook {
  private seq: number;
  private readonly get: Statement<[string], OrderRow>;
  private readonly insert: Statement;
  private readonly updStatus: Statement;
  private readonly updRegion: Statement;
  private readonly dropHold: Statement;
  private readonly ship: Statement;
  private readonly insShipment: Statement;
  private readonly clearFailure: Statement;
  private readonly page: Statement<[number, number], OrderRow>;
  private readonly backorders: Statement<[number], OrderRow>;
  onIngest: ((outcome: IngestOutcome, receivedAt: number, now: number) => void) | undefined;

  constructor(
    db: Db,
    private readonly catalog: ErpCatalog,
    private readonly ledger: StockLedger,
    private readonly faults: IngestFaults = {},
  ) {
    this.seq = (db.prepare('SELECT COALESCE(MAX(seq), 0) AS s FROM orders').get() as { s: number }).s;
    this.get = db.prepare(`${SELECT_ORDER} WHERE o.order_id = ?`);
    this.insert = db.prepare(
      `INSERT INTO orders (order_id, seq, shop_id, status, region, lines, allocation, received_at, allocated_at, cancelled_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.updStatus = db.prepare(
      'UPDATE orders SET seq = ?, status = ?, allocation = ?, allocated_at = ?, cancelled_at = ? WHERE order_id = ?',
    );
    this.dropHold = db.prepare('DELETE FROM cancel_holds WHERE order_id = ?');
    this.updRegion = db.prepare('UPDATE orders SET seq = ?, region = ? WHERE order_id = ?');
    this.ship = db.prepare(
      'UPDATE orders SET seq = ?, status = ?, shipped_at = ?, carrier = ?, tracking_number = ? WHERE order_id = ?',
    );
    this.insShipment = db.prepare(
      'INSERT INTO shipment_outbox (order_id, shop_id, carrier, tracking_number) VALUES (?, ?, ?, ?)',
    );
    this.clearFailure = db.prepare('DELETE FROM shipment_failures WHERE order_id = ?');
    this.page = db.prepare(`${SELECT_ORDER} WHERE o.seq > ? ORDER BY o.seq LIMIT ?`);
    this.backorders = db.prepare(`${SELECT_ORDER} WHERE o.status = 'backordered' ORDER BY o.received_at LIMIT ?`);
  }

  private nextSeq(): number {
    return ++this.seq;
  }

  /** Applies what the platform says about an order; idempotent (dedupe on order id). */
  ingest(shopId: string, order: PlatformOrder, receivedAt: number, now: number): IngestOutcome {
    const existing = this.get.get(order.id);
    const cancelled = order.status === 'CANCELLED' || order.status === 'CANCEL';
    let outcome: IngestOutcome;
    if (existing) {
      if (cancelled) outcome = this.faults.ignoreCancellations ? 'duplicate' : this.cancel(order.id, now);
      else if (existing.status === 'cancelled' && WILL_SHIP.has(order.status)) outcome = this.reopen(existing, now);
      else outcome = this.readdress(existing, order);
    } else if (cancelled) {
      const lines = this.linesOf(order);
      this.insert.run(order.id, this.nextSeq(), shopId, 'cancelled', this.regionOf(shopId, order), JSON.stringify(lines), '[]', receivedAt, null, now);
      // First seen already cancelled (its creation webhook lost or late): the platform took the
      // units off sale and put them back, and a push of ours in between may have overwritten the
      // first step. Its count must be the ERP's again, as for a backordered order's cancellation.
      for (const l of lines) this.ledger.repush(l.sku, now);
      outcome = 'cancelled';
    } else if (NOT_YET.has(order.status)) {
      outcome = 'not_yet';
    } else {
      const lines = this.linesOf(order);
      const region = this.regionOf(shopId, order);
      const parts = this.tryAllocate(region, lines, now);
      this.insert.run(
        order.id,
        this.nextSeq(),
        shopId,
        parts ? 'allocated' : 'backordered',
        region,
        JSON.stringify(lines),
        JSON.stringify(parts ?? []),
        receivedAt,
        parts ? now : null,
        null,
      );
      outcome = parts ? 'allocated' : 'backordered';
    }
    this.onIngest?.(outcome, receivedAt, now);
    return outcome;
  }

  /**
   * An order the ERP holds as cancelled that the platform will ship (a divergence the poller
   * found): allocated again from current stock, or backordered.
   */
  private reopen(row: OrderRow, now: number): IngestOutcome {
    const parts = this.tryAllocate(row.region, JSON.parse(row.lines), now);
    this.updStatus.run(this.nextSeq(), parts ? 'allocated' : 'backordered', JSON.stringify(parts ?? []), parts ? now : null, null, row.order_id);
    return 'reopened';
  }

  /**
   * The buyer changed the delivery address before shipment (webhook 3 brought the order back):
   * the ERP ships to the platform's latest address. The allocation stays: the goods are already
   * reserved, and moving them to a nearer warehouse would churn stock at a peak for a few hops.
   */
  private readdress(row: OrderRow, order: PlatformOrder): IngestOutcome {
    const region = order.recipient_address?.region_code;
    if (region === undefined || region === row.region || row.status === 'shipped' || row.status === 'cancelled') return 'duplicate';
    this.updRegion.run(this.nextSeq(), region, row.order_id);
    return 'readdressed';
  }

  /** Cancels an order: releases its reservation; a shipped order stays shipped. */
  cancel(orderId: string, now: number): IngestOutcome {
    const row = this.get.get(orderId);
    if (!row) return 'duplicate';
    this.dropHold.run(orderId);
    if (row.status === 'cancelled') return 'duplicate';
    if (row.status === 'shipped' || row.status === 'backordered') {
      // The platform released the order's units back on sale, but none were reserved here to
      // give back (shipped before the cancel reached the platform, or never there): left alone,
      // the shop would sell them again. Its count must be the ERP's once more.
      for (const l of JSON.parse(row.lines) as { sku: string }[]) this.ledger.repush(l.sku, now);
      if (row.status === 'shipped') {
        // The parcel left before the ERP knew: it stays shipped (the units are gone from the
        // warehouse), and the cancellation is recorded so the export shows a parcel to recall
        // and the platform's refusal of its tracking is explained. Recorded once.
        if (row.cancelled_at !== null) return 'duplicate';
        this.updStatus.run(this.nextSeq(), 'shipped', row.allocation, row.allocated_at, now, orderId);
        return 'recalled';
      }
    }
    if (row.status === 'allocated') {
      for (const part of JSON.parse(row.allocation) as AllocationPart[])
        for (const l of part.lines) {
          const s = this.ledger.row(l.sku, part.warehouse_id);
          this.ledger.write(l.sku, part.warehouse_id, s.on_hand, Math.max(0, s.reserved - l.quantity), now);
        }
    }
    this.updStatus.run(this.nextSeq(), 'cancelled', row.allocation, row.allocated_at, now, orderId);
    return 'released';
  }

  /**
   * Marks an order shipped: the reserved units leave on-hand (available unchanged) and a
   * shipment outbox row is written in the same transaction. Same tracking again -> same answer.
   * A shipment the platform refused for good may be replaced by a corrected one.
   */
  markShipped(orderId: string, carrier: string, tracking: string, now: number): { status: 200 | 202; body: Record<string, unknown> } {
    const row = this.get.get(orderId);
    if (!row) throw new StackError('ORDER_NOT_FOUND', `"${orderId}"`, { ingested: false });
    if (!this.catalog.shippingProviders.has(carrier)) {
      const known = [...this.catalog.shippingProviders.values()].map((sp) => `${sp.id} (${sp.name})`).join(', ');
      throw new StackError('UNKNOWN_CARRIER', `"${carrier}"; the platform lists ${known || 'none'}`);
    }
    if (row.status === 'shipped') {
      if (row.tracking_number === tracking && row.carrier === carrier) {
        const { sync, error } = shipmentOf(row)!;
        return { status: 200, body: { order_id: orderId, shipped_at: row.shipped_at, sync, ...(error ? { error } : {}) } };
      }
      if (row.failed_code === null) throw new StackError('SHIPMENT_CONFLICT', `order ${orderId} shipped with ${row.carrier}/${row.tracking_number}`);
      // A correction: the stock already left at the first shipment, only the sync starts over.
      this.ship.run(this.nextSeq(), 'shipped', row.shipped_at, carrier, tracking, orderId);
      this.clearFailure.run(orderId);
      this.insShipment.run(orderId, row.shop_id, carrier, tracking);
      return { status: 202, body: { order_id: orderId, shipped_at: row.shipped_at, sync: 'pending' } };
    }
    if (row.status !== 'allocated') throw new StackError('ORDER_NOT_SHIPPABLE', `order ${orderId} is ${row.status}`);
    if (row.hold_cancel_id !== null) throw new StackError('ORDER_NOT_SHIPPABLE', `order ${orderId}: the buyer's cancellation ${row.hold_cancel_id} is being approved`);
    for (const part of JSON.parse(row.allocation) as AllocationPart[])
      for (const l of part.lines) {
        const s = this.ledger.row(l.sku, part.warehouse_id);
        this.ledger.write(l.sku, part.warehouse_id, Math.max(0, s.on_hand - l.quantity), Math.max(0, s.reserved - l.quantity), now);
      }
    this.ship.run(this.nextSeq(), 'shipped', now, carrier, tracking, orderId);
    this.insShipment.run(orderId, row.shop_id, carrier, tracking);
    return { status: 202, body: { order_id: orderId, shipped_at: now, sync: 'pending' } };
  }

  /** Tries backordered orders again, oldest first (called when stock may have arrived). */
  retryBackorders(limit: number, now: number): number {
    let allocated = 0;
    for (const row of this.backorders.all(limit)) {
      const parts = this.tryAllocate(row.region, JSON.parse(row.lines), now);
      if (!parts) continue;
      this.updStatus.run(this.nextSeq(), 'allocated', JSON.stringify(parts), now, null, row.order_id);
      allocated++;
    }
    return allocated;
  }

  view(orderId: string): OrderView | undefined {
    const row = this.get.get(orderId);
    return row ? toView(row) : undefined;
  }

  exportPage(afterSeq: number, limit: number): { orders: (OrderView & { seq: number })[]; next_after_seq: number } {
    const rows = this.page.all(afterSeq, limit);
    return {
      orders: rows.map((r) => ({ ...toView(r), seq: r.seq })),
      next_after_seq: rows.length > 0 ? rows[rows.length - 1]!.seq : afterSeq,
    };
  }

  private tryAllocate(region: string, lines: { sku: string; quantity: number }[], now: number): AllocationPart[] | null {
    if (lines.length === 0 || lines.some((l) => !this.catalog.skus.has(l.sku))) return null;
    const cache = new Map<string, StockRow>();
    const rowOf = (wh: string, sku: string) => {
      const k = `${wh}\u0000${sku}`;
      let r = cache.get(k);
      if (!r) cache.set(k, (r = this.ledger.row(sku, wh)));
      return r;
    };
    const result = allocate({
      buyerRegion: region,
      lines,
      warehouses: [...this.catalog.warehouses.values()],
      available: (wh, sku) => availableOf(rowOf(wh, sku)),
    });
    if (result.kind === 'backorder') return null;
    for (const part of result.parts)
      for (const l of part.lines) {
        const r = rowOf(part.warehouse_id, l.sku);
        const after = this.ledger.write(l.sku, part.warehouse_id, r.on_hand, r.reserved + l.quantity, now, r);
        r.reserved = after.reserved;
        r.last_seq = after.seq;
      }
    return result.parts;
  }

  private linesOf(order: PlatformOrder): { sku: string; quantity: number }[] {
    const merged = new Map<string, number>();
    for (const li of order.line_items ?? []) {
      const sku = (li.sku_id !== undefined ? this.catalog.bySkuId.get(li.sku_id)?.sku : undefined) ?? li.seller_sku ?? `sku_id:${li.sku_id}`;
      const q = Number.isInteger(li.quantity) && (li.quantity as number) > 0 ? (li.quantity as number) : 1;
      merged.set(sku, (merged.get(sku) ?? 0) + q);
    }
    return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
  }

  private regionOf(shopId: string, order: PlatformOrder): string {
    return order.recipient_address?.region_code ?? this.catalog.shopById.get(shopId)?.region ?? 'UNKNOWN';
  }
}

/** An order row with its shipment failure, if any. */
const SELECT_ORDER = `SELECT o.*, f.code AS failed_code, f.message AS failed_message, h.cancel_id AS hold_cancel_id,
  (SELECT json_group_array(json_object('return_id', r.return_id, 'restocked', json(r.lines), 'restocked_at', r.at)) FROM restocks r WHERE r.order_id = o.order_id) AS restocked
  FROM orders o LEFT JOIN shipment_failures f ON f.order_id = o.order_id LEFT JOIN cancel_holds h ON h.order_id = o.order_id`;

function shipmentOf(r: OrderRow): ShipmentView | null {
  if (r.carrier === null || r.tracking_number === null) return null;
  const base = { carrier: r.carrier, tracking_number: r.tracking_number, synced_at: r.synced_at };
  if (r.failed_code !== null) return { ...base, sync: 'failed', error: { code: r.failed_code, message: r.failed_message ?? '' } };
  return { ...base, sync: r.synced_at !== null ? 'acknowledged' : 'pending' };
}

function toView(r: OrderRow): OrderView {
  return {
    order_id: r.order_id,
    shop_id: r.shop_id,
    ingested: true,
    status: r.status,
    lines: JSON.parse(r.lines),
    allocation: JSON.parse(r.allocation),
    received_at: r.received_at,
    allocated_at: r.allocated_at,
    shipped_at: r.shipped_at,
    cancelled_at: r.cancelled_at,
    shipment: shipmentOf(r),
    ship_to_region: r.region,
    returns: JSON.parse(r.restocked),
  };
}
