/**
 * The stock ledger: on-hand and reserved per SKU x warehouse, and everything that must happen
 * in the same transaction when availability changes — the change log entry (its seq is the
 * version the outbox pushes), a dirty mark for every shop, and the low-stock alert.
 *
 * Every method is synchronous and must run inside a transaction (group commit or the
 * allocator's): callers never see a change without its outbox mark, so a crash can't lose a push.
 */
import { offeredTo, offersFor } from './shop-offer.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import { StackError } from '../errors.ts';
import type { ErpCatalog } from './catalog.ts';

export interface StockRow {
  on_hand: number;
  reserved: number;
  last_seq: number;
}

export interface StockAnswer {
  sku: string;
  warehouse_id: string;
  on_hand: number;
  reserved: number;
  available: number;
  seq: number;
}

/** The platform's largest quantity: what is pushed is clamped to it. */
export const MAX_PUSH = 99_999;

/** What the platform should show: never negative, even when a recount left reserved > on_hand. */
export const availableOf = (r: { on_hand: number; reserved: number }): number => Math.max(0, r.on_hand - r.reserved);

export type ChangeListener = (sku: string, warehouseId: string, available: number, seq: number, at: number) => void;

export class StockLedger {
  private readonly getRow: Statement<[string, string], StockRow>;
  private readonly upsertRow: Statement;
  private readonly insChange: Statement;
  private readonly markDirty: Statement;
  private readonly markDirtyOne: Statement;
  private readonly sumAvail: Statement<[string], { total: number | null }>;
  private readonly insAlert: Statement;
  private readonly setSafety: Statement;
  private readonly getSafety: Statement<[string], number>;
  /**
   * Called inside the transaction for every availability change. Must be idempotent (a wake-up):
   * a group-commit batch may run twice (see group-commit.ts).
   */
  onChange: ChangeListener | undefined;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    /** Below this many available units a SKU × warehouse is split between the shops (shop-offer.ts). */
    readonly splitBelow = 0,
  ) {
    this.getRow = db.prepare('SELECT on_hand, reserved, last_seq FROM stock WHERE sku = ? AND warehouse_id = ?');
    this.upsertRow = db.prepare(
      `INSERT INTO stock (sku, warehouse_id, on_hand, reserved, last_seq) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(sku, warehouse_id) DO UPDATE SET on_hand = excluded.on_hand, reserved = excluded.reserved, last_seq = excluded.last_seq`,
    );
    this.insChange = db.prepare('INSERT INTO stock_changes (sku, warehouse_id, available, at) VALUES (?, ?, ?, ?)');
    // The oldest dirty_at survives coalescing: lag is measured from the first unpushed change.
    // One statement marks every shop ("WHERE true" lets SQLite parse the upsert after a SELECT).
    this.markDirty = db.prepare(
      `INSERT INTO inventory_outbox (shop_id, sku, warehouse_id, version, dirty_at) SELECT shop_id, ?, ?, ?, ? FROM shops WHERE true
       ON CONFLICT(shop_id, sku, warehouse_id) DO UPDATE SET version = excluded.version, attempts = 0, not_before = 0`,
    );
    this.markDirtyOne = db.prepare(
      `INSERT INTO inventory_outbox (shop_id, sku, warehouse_id, version, dirty_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(shop_id, sku, warehouse_id) DO UPDATE SET version = excluded.version, attempts = 0, not_before = 0`,
    );
    this.sumAvail = db.prepare('SELECT SUM(MAX(0, on_hand - reserved)) AS total FROM stock WHERE sku = ?');
    this.insAlert = db.prepare('INSERT INTO alerts (sku, available_total, threshold, at) VALUES (?, ?, ?, ?)');
    this.setSafety = db.prepare('UPDATE skus SET safety_stock = ? WHERE sku = ?');
    this.getSafety = db.prepare('SELECT safety_stock FROM skus WHERE sku = ?').pluck() as unknown as Statement<[string], number>;
  }

  /** Throws UNKNOWN_SKU / UNKNOWN_WAREHOUSE naming the value. */
  check(sku: string, warehouseId?: string): void {
    if (!this.catalog.skus.has(sku)) throw new StackError('UNKNOWN_SKU', `"${sku}"`);
    if (warehouseId !== undefined && !this.catalog.warehouses.has(warehouseId))
      throw new StackError('UNKNOWN_WAREHOUSE', `"${warehouseId}"`);
  }

  row(sku: string, warehouseId: string): StockRow {
    return this.getRow.get(sku, warehouseId) ?? { on_hand: 0, reserved: 0, last_seq: 0 };
  }

  /**
   * Marks a SKU for a push to every shop in every warehouse it is held in, though nothing
   * changed here: the platform changed its own count (it put a cancelled order's units back on
   * sale that the ERP never reserved or already shipped) and must be told the ERP's again.
   */
  repush(sku: string, now: number): void {
    for (const warehouseId of this.catalog.warehouses.keys()) {
      const row = this.getRow.get(sku, warehouseId);
      if (row) this.markDirty.run(sku, warehouseId, row.last_seq, now);
    }
  }

  totalAvailable(sku: string): number {
    return this.sumAvail.get(sku)?.total ?? 0;
  }

  /**
   * Sets on-hand and reserved of one SKU x warehouse (`current`: the row as just read in this
   * transaction, to spare a second read). When available changes: a change-log
   * row, dirty marks for every shop, and a low-stock alert if the SKU's total crosses below
   * its threshold.
   */
  write(sku: string, warehouseId: string, onHand: number, reserved: number, now: number, current?: StockRow): StockAnswer {
    if (onHand < 0) throw new StackError('NEGATIVE_STOCK', `${sku} @ ${warehouseId} would have on_hand ${onHand}`);
    const before = current ?? this.row(sku, warehouseId);
    const oldAvail = availableOf(before);
    const newAvail = availableOf({ on_hand: onHand, reserved });
    let seq = before.last_seq;
    if (newAvail !== oldAvail) {
      const entry = this.catalog.skus.get(sku);
      const threshold = entry?.safety_stock ?? 0;
      const totalBefore = threshold > 0 ? this.totalAvailable(sku) : 0;
      seq = Number(this.insChange.run(sku, warehouseId, newAvail, now).lastInsertRowid);
      this.upsertRow.run(sku, warehouseId, onHand, reserved, seq);
      this.markDirty.run(sku, warehouseId, seq, now);
      if (threshold > 0) {
        const totalAfter = totalBefore - oldAvail + newAvail;
        if (totalAfter < threshold && totalBefore >= threshold) {
          this.insAlert.run(sku, totalAfter, threshold, now);
        }
      }
      this.onChange?.(sku, warehouseId, newAvail, seq, now);
    } else {
      this.upsertRow.run(sku, warehouseId, onHand, reserved, seq);
    }
    return { sku, warehouse_id: warehouseId, on_hand: onHand, reserved, available: newAvail, seq };
  }

  /** Sets the per-SKU safety threshold; alerts at once if the SKU is already below the new one. */
  setThreshold(sku: string, threshold: number, now: number): { sku: string; safety_stock: number; available_total: number } {
    this.check(sku);
    const entry = this.catalog.skus.get(sku)!;
    const total = this.totalAvailable(sku);
    // The previous threshold comes from the database, not the in-memory entry: a group-commit
    // batch that is rolled back and run again (group-commit.ts) has already set the entry,
    // and reading it would make the re-run believe the SKU was below already (a lost alert).
    const previous = this.getSafety.get(sku) ?? 0;
    const wasBelow = previous > 0 && total < previous;
    this.setSafety.run(threshold, sku);
    entry.safety_stock = threshold;
    if (threshold > 0 && total < threshold && !wasBelow) {
      this.insAlert.run(sku, total, threshold, now);
    }
    return { sku, safety_stock: threshold, available_total: total };
  }

  /** What shop number `shopIndex` (catalog order) is offered of `available` units. */
  offerTo(available: number, shopIndex: number): number {
    return offeredTo(available, shopIndex, this.catalog.shops.length, this.splitBelow);
  }

  /** The offer to every shop, by shop id. */
  offers(available: number): Record<string, number> {
    return offersFor(available, this.catalog.shops.map((s) => s.shop_id), this.splitBelow);
  }

  /** Marks one shop × SKU × warehouse to be pushed again (the platform holds a stale quantity). */
  markStale(shopId: string, sku: string, warehouseId: string, now: number): void {
    this.markDirtyOne.run(shopId, sku, warehouseId, this.row(sku, warehouseId).last_seq, now);
  }

  /** Re-marks every sku x warehouse x shop whose acknowledged quantity differs from the ERP's (start-up reconcile). */
  markAllStale(now: number): number {
    let marked = 0;
    const rows = this.db.prepare('SELECT sku, warehouse_id, on_hand, reserved, last_seq FROM stock').all() as (StockRow & {
      sku: string;
      warehouse_id: string;
    })[];
    const pushedQ = this.db.prepare('SELECT quantity FROM pushed WHERE sku = ? AND shop_id = ? AND warehouse_id = ?');
    for (const r of rows) {
      if (!this.catalog.skus.has(r.sku) || !this.catalog.warehouses.has(r.warehouse_id)) continue;
      const avail = availableOf(r);
      for (const [i, shop] of this.catalog.shops.entries()) {
        const p = pushedQ.get(r.sku, shop.shop_id, r.warehouse_id) as { quantity: number } | undefined;
        if (p?.quantity === Math.min(MAX_PUSH, this.offerTo(avail, i))) continue;
        this.markDirtyOne.run(shop.shop_id, r.sku, r.warehouse_id, r.last_seq, now);
        marked++;
      }
    }
    return marked;
  }
}
