/**
 * The order intake worker: drains the durable order queue the webhook receiver and the
 * reconciliation poller fill. Every queued id is fetched, cancellations included, in batches
 * of up to 50 ids per shop (GET /order/202309/orders) and ingested as the platform reports it
 * (a queued status is only a hint: a signed webhook is not the order's truth) — allocation and
 * reservation in one transaction per batch. The queue row is
 * deleted in that same transaction, so a crash re-fetches at worst (ingest dedupes on order id).
 *
 * Batching under the rate limit: each shop has up to `concurrency` lanes; a lane takes its
 * rate-limit token first and only then claims the ids queued by that moment. At low load a
 * call goes out at once with what is there; at peak, lanes wait for tokens while the queue
 * fills, so each call carries the full 50 ids and the detail endpoint's limit is never the cap.
 */
import { oneIn } from '../defects.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import { SERVED_SHOPS } from '../domain/shop-access.ts';
import type { ErpOrderBook } from '../domain/order-book.ts';
import type { Logger } from '../logger.ts';
import type { StackMetrics } from '../metrics.ts';
import { backoffMs } from '../tiktok/backoff.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { fetchOrders, MAX_IDS_PER_DETAIL, ORDER_DETAIL } from '../tiktok/order-api.ts';
import { LoopWorker, type QueueWorkerOptions } from '../worker-loop.ts';

interface QueueRow {
  order_id: string;
  shop_id: string;
  hint: string;
  received_at: number;
  attempts: number;
}

/** `concurrency`: detail calls in flight at once, per shop. */
export interface OrderFetcherOptions extends QueueWorkerOptions {
  /** Give up on an id the platform never returns after this many attempts. */
  maxAttempts: number;
}

const TOKEN_WAIT_MS = 30_000;

export class OrderFetcher extends LoopWorker {
  private readonly claimed = new Set<string>();
  private readonly claimedByShop = new Map<string, number>();
  private readonly lanes = new Map<string, number>();
  private readonly dueShops: Statement<[number], string>;
  private readonly countOfShop: Statement<[string, number], number>;
  private readonly dueOfShop: Statement<[string, number, number], QueueRow>;
  private readonly remove: Statement;
  private readonly defer: Statement;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly book: ErpOrderBook,
    private readonly client: TikTokClient,
    private readonly metrics: StackMetrics,
    private readonly log: Logger,
    private readonly opts: OrderFetcherOptions,
  ) {
    // Steps at least 5 ms apart: a wake per webhook commit would be thousands a second.
    super({ minGapMs: 5, idleMs: opts.idleMs });
    this.dueShops = db.prepare(`SELECT DISTINCT shop_id FROM order_queue WHERE not_before <= ? AND ${SERVED_SHOPS}`).pluck() as unknown as Statement<[number], string>;
    this.countOfShop = db.prepare('SELECT COUNT(*) FROM order_queue WHERE shop_id = ? AND not_before <= ?').pluck() as unknown as Statement<[string, number], number>;
    this.dueOfShop = db.prepare(
      'SELECT order_id, shop_id, hint, received_at, attempts FROM order_queue WHERE shop_id = ? AND not_before <= ? ORDER BY received_at LIMIT ?',
    );
    this.remove = db.prepare('DELETE FROM order_queue WHERE order_id = ?');
    this.defer = db.prepare('UPDATE order_queue SET attempts = attempts + 1, not_before = ? WHERE order_id = ?');
  }

  protected step(): void {
    const now = Date.now();
    for (const shopId of this.dueShops.all(now)) {
      const shop = this.catalog.shopById.get(shopId);
      if (!shop) {
        const n = this.db.prepare('DELETE FROM order_queue WHERE shop_id = ?').run(shopId).changes;
        this.log.warn(`dropped ${n} queued order(s) of unknown shop ${shopId}`);
        continue;
      }
      // Enough lanes for what is queued, at most `concurrency`.
      const queued = this.countOfShop.get(shopId, now)! - (this.claimedByShop.get(shopId) ?? 0);
      const want = Math.min(this.opts.concurrency, Math.ceil(queued / MAX_IDS_PER_DETAIL));
      for (let lanes = this.lanes.get(shopId) ?? 0; lanes < want; lanes++) {
        this.lanes.set(shopId, lanes + 1);
        this.loop.track(this.lane(shop).finally(() => this.lanes.set(shopId, (this.lanes.get(shopId) ?? 1) - 1)));
      }
    }
    this.loop.idle();
  }

  private claimable(shopId: string): QueueRow[] {
    const rows = this.dueOfShop.all(shopId, Date.now(), MAX_IDS_PER_DETAIL + (this.claimedByShop.get(shopId) ?? 0));
    return rows.filter((r) => !this.claimed.has(r.order_id)).slice(0, MAX_IDS_PER_DETAIL);
  }

  /** One lane: token first, then whatever is queued (<= 50), until the shop's queue is empty. */
  private async lane(shop: Shop): Promise<void> {
    while (this.loop.running && this.claimable(shop.shop_id).length > 0) {
      if (!(await this.client.limits.acquire(shop.shop_id, ORDER_DETAIL, Date.now() + TOKEN_WAIT_MS))) continue;
      const batch = this.claimable(shop.shop_id);
      if (batch.length === 0) return; // another lane took them; the token is spent
      for (const r of batch) this.claimed.add(r.order_id);
      this.claimedByShop.set(shop.shop_id, (this.claimedByShop.get(shop.shop_id) ?? 0) + batch.length);
      try {
        await this.fetchBatch(shop, batch);
      } finally {
        for (const r of batch) this.claimed.delete(r.order_id);
        this.claimedByShop.set(shop.shop_id, (this.claimedByShop.get(shop.shop_id) ?? 0) - batch.length);
      }
    }
  }

  private async fetchBatch(shop: Shop, batch: QueueRow[]): Promise<void> {
    let orders;
    try {
      orders = await fetchOrders(this.client, shop, batch.map((r) => r.order_id), true);
    } catch (e) {
      this.log.warn(`order detail for ${batch.length} order(s) of shop ${shop.shop_id}: ${(e as Error).message}`);
      this.deferRows(batch, Date.now());
      return;
    }
    const byId = new Map(orders.map((o) => [String(o.id), o]));
    const now = Date.now();
    const missing: QueueRow[] = [];
    this.db.transaction(() => {
      for (const r of batch) {
        const o = byId.get(r.order_id);
        if (!o) {
          missing.push(r);
          continue;
        }
        if (this.opts.defects?.has('lose-orders') && oneIn(r.order_id, 10)) {
          this.remove.run(r.order_id);
          continue;
        }
        const outcome = this.book.ingest(shop.shop_id, { ...o, id: String(o.id) }, r.received_at, now);
        if (outcome === 'allocated' || outcome === 'backordered') this.metrics.recordIngestLag(now - r.received_at);
        this.remove.run(r.order_id);
      }
    })();
    if (missing.length > 0) this.deferRows(missing, now);
  }

  private deferRows(rows: QueueRow[], now: number): void {
    this.db.transaction(() => {
      for (const r of rows) {
        if (r.attempts + 1 >= this.opts.maxAttempts) {
          this.remove.run(r.order_id);
          this.log.warn(`gave up on order ${r.order_id} (shop ${r.shop_id}) after ${r.attempts + 1} attempts; the poller may still find it`);
        } else this.defer.run(now + backoffMs(r.attempts, this.opts.retryBaseMs, this.opts.retryCapMs), r.order_id);
      }
    })();
  }
}
