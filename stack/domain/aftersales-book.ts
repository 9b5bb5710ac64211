/**
 * The ERP's side of the reverse flows, each step one synchronous transaction with the stock
 * ledger (like the order book):
 *   - a cancellation hold: the moment the stack decides to approve a buyer's cancellation, the
 *     order stops being shippable (POST /orders/{id}/shipment answers 409), so the warehouse
 *     cannot ship goods the platform is about to refund; the hold goes when the platform's
 *     cancellation releases the order, or when the approval fails;
 *   - a restock: returned goods go back on hand in the warehouses that shipped them, once per
 *     return (the return id is the key), and the new availability is pushed to every shop.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { AllocationPart } from './allocation.ts';
import type { StockLedger } from './stock-ledger.ts';

export type HoldOutcome = 'held' | 'shipped' | 'unknown';
export type RestockOutcome = 'restocked' | 'already' | 'not_shipped';

interface OrderState {
  status: string;
  allocation: string;
  shipped_at: number | null;
}

export class AftersalesBook {
  private readonly order: Statement<[string], OrderState>;
  private readonly insHold: Statement;
  private readonly delHold: Statement;
  private readonly hasRestock: Statement<[string], number>;
  private readonly insRestock: Statement;

  constructor(
    private readonly db: Db,
    private readonly ledger: StockLedger,
  ) {
    this.order = db.prepare('SELECT status, allocation, shipped_at FROM orders WHERE order_id = ?');
    this.insHold = db.prepare('INSERT OR REPLACE INTO cancel_holds (order_id, cancel_id, at) VALUES (?, ?, ?)');
    this.delHold = db.prepare('DELETE FROM cancel_holds WHERE order_id = ? AND cancel_id = ?');
    this.hasRestock = db.prepare('SELECT 1 FROM restocks WHERE return_id = ?').pluck() as unknown as Statement<[string], number>;
    this.insRestock = db.prepare('INSERT INTO restocks (return_id, order_id, lines, at) VALUES (?, ?, ?, ?)');
  }

  /**
   * Holds an order for a cancellation about to be approved. `shipped`: the warehouse already
   * shipped it (the request must be rejected); `unknown`: the ERP has not read the order yet
   * (nothing to hold: it is not shippable before it is allocated).
   */
  hold(orderId: string, cancelId: string, now: number): HoldOutcome {
    return this.db.transaction((): HoldOutcome => {
      const o = this.order.get(orderId);
      if (!o) return 'unknown';
      if (o.status === 'shipped') return 'shipped';
      this.insHold.run(orderId, cancelId, now);
      return 'held';
    })();
  }

  /** The approval did not happen: the order is shippable again. */
  unhold(orderId: string, cancelId: string): void {
    this.delHold.run(orderId, cancelId);
  }

  /** When the warehouse shipped the order; null if it has not (or the ERP does not know it). */
  shippedAt(orderId: string): number | null {
    return this.order.get(orderId)?.shipped_at ?? null;
  }

  /** Puts a returned order's units back on hand where they were shipped from. */
  restock(returnId: string, orderId: string, now: number): RestockOutcome {
    return this.db.transaction((): RestockOutcome => {
      if (this.hasRestock.get(returnId) !== undefined) return 'already';
      const o = this.order.get(orderId);
      if (!o || o.status !== 'shipped') return 'not_shipped';
      const lines: { warehouse_id: string; sku: string; quantity: number }[] = [];
      for (const part of JSON.parse(o.allocation) as AllocationPart[])
        for (const l of part.lines) {
          const s = this.ledger.row(l.sku, part.warehouse_id);
          this.ledger.write(l.sku, part.warehouse_id, s.on_hand + l.quantity, s.reserved, now);
          lines.push({ warehouse_id: part.warehouse_id, sku: l.sku, quantity: l.quantity });
        }
      this.insRestock.run(returnId, orderId, JSON.stringify(lines), now);
      return 'restocked';
    })();
  }
}
