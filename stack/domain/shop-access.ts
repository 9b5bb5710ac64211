/**
 * Which shops the stack may call: every mapped shop, except those the platform no longer
 * authorizes this app for. The record is durable (table deauthorized_shops) so a restart does
 * not call a deauthorized shop again, and it lives next to the catalog because every worker
 * that picks a shop reads it: the in-memory set on the hot path, `SERVED_SHOPS` in the SQL
 * that selects queued work, so that work stays recorded, untouched, until the shop is back.
 */
import type { Db } from '../db/database.ts';

/** SQL condition on a `shop_id` column: the shop is not recorded as deauthorized. */
export const SERVED_SHOPS = 'shop_id NOT IN (SELECT shop_id FROM deauthorized_shops)';

export interface Deauthorization {
  shop_id: string;
  /** What told the stack (webhook 6's message, or the refusal confirmed); never a credential. */
  reason: string;
  /** Ms instant at which the stack recorded it. */
  at: number;
}

export class ShopAccess {
  private readonly gone = new Map<string, Deauthorization>();

  constructor(private readonly db: Db) {
    for (const r of db.prepare('SELECT shop_id, reason, at FROM deauthorized_shops').all() as Deauthorization[]) this.gone.set(r.shop_id, r);
  }

  /** Whether the stack may call this shop. */
  serves(shopId: string): boolean {
    return !this.gone.has(shopId);
  }

  get deauthorized(): Deauthorization[] {
    return [...this.gone.values()];
  }

  /** Records the shop as deauthorized; answers false when it already was. */
  deauthorize(shopId: string, reason: string, now: number): boolean {
    if (this.gone.has(shopId)) return false;
    const d = { shop_id: shopId, reason: reason.slice(0, 300), at: now };
    this.db.prepare('INSERT OR REPLACE INTO deauthorized_shops (shop_id, reason, at) VALUES (?, ?, ?)').run(d.shop_id, d.reason, d.at);
    this.gone.set(shopId, d);
    return true;
  }

  /** The shop is authorized again; answers false when it was not recorded as deauthorized. */
  restore(shopId: string): boolean {
    if (!this.gone.has(shopId)) return false;
    this.db.prepare('DELETE FROM deauthorized_shops WHERE shop_id = ?').run(shopId);
    this.gone.delete(shopId);
    return true;
  }
}
