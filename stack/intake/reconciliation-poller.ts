/**
 * The reconciliation poller: catches orders whose webhook never came. Every interval, per shop,
 * it searches orders by update_time (ASC, from a durable watermark) for a bounded number of
 * pages, and queues any order the ERP does not hold or holds in a status the platform
 * contradicts, both ways: cancelled on the platform but not in the ERP, and cancelled in the
 * ERP while the platform will still ship it. The fetcher then reads the order's detail and the
 * ERP takes the platform's status.
 * The watermark is the largest update_time seen; the search is `>=` it, so orders updated in
 * the same second are read again (deduped), never skipped. At peak the poller may fall behind
 * (bounded pages per round); it is a safety net behind the webhooks and catches up after.
 * It runs often (every second by default) because a lost webhook is not only a late order:
 * until the order is read, its units count as available and near sell-out are offered to the
 * shops again (stack/README.md, "Why the order poll runs every second").
 */
import type { Statement } from 'better-sqlite3';
import { getMeta, setMeta, type Db } from '../db/database.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import type { Logger } from '../logger.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { WILL_SHIP } from '../domain/order-book.ts';
import { searchOrdersByUpdate } from '../tiktok/order-api.ts';
import { WorkerLoop } from '../worker-loop.ts';

export interface PollerOptions {
  intervalMs: number;
  maxPages: number;
  /** First run: look this far back (s). */
  lookbackS: number;
}

export class ReconciliationPoller {
  private readonly loop: WorkerLoop;
  private readonly status: Statement<[string], string>;
  private readonly enqueue: Statement;
  /** Orders found by the poller (not by webhook): the missed-webhook count. */
  recovered = 0;
  onFound: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly client: TikTokClient,
    private readonly log: Logger,
    private readonly opts: PollerOptions,
  ) {
    this.status = db.prepare('SELECT status FROM orders WHERE order_id = ?').pluck() as unknown as Statement<[string], string>;
    this.enqueue = db.prepare(
      `INSERT INTO order_queue (order_id, shop_id, hint, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET hint = excluded.hint WHERE excluded.hint = 'CANCEL' AND hint <> 'CANCEL'`,
    );
    this.loop = new WorkerLoop(() => this.loop.track(this.runOnce().finally(() => this.loop.idle())), { minGapMs: 0, idleMs: opts.intervalMs });
  }

  /** Rounds `intervalMs` apart, the first `intervalMs` after start. */
  start(): void {
    this.loop.start(this.opts.intervalMs);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One round over every shop. */
  async runOnce(): Promise<void> {
    for (const shop of this.catalog.shops) {
      if (!this.loop.running) return;
      try {
        await this.pollShop(shop);
      } catch (e) {
        this.log.warn(`reconciliation poll of shop ${shop.shop_id}: ${(e as Error).message}`);
      }
    }
  }

  private async pollShop(shop: Shop): Promise<void> {
    const key = `poll_watermark:${shop.shop_id}`;
    const stored = getMeta(this.db, key);
    // One query per round: a page_token belongs to the query that produced it.
    const since = stored !== undefined ? Number(stored) : Math.floor(Date.now() / 1000) - this.opts.lookbackS;
    let watermark = since;
    let token: string | undefined;
    // Past maxPages, keep reading only while the watermark is stuck on one second: more orders
    // updated in that second than maxPages hold would otherwise pin it there forever.
    for (let page = 0; page < this.opts.maxPages || (watermark === since && page < this.opts.maxPages * 10); page++) {
      const res = await searchOrdersByUpdate(this.client, shop, since, token);
      const now = Date.now();
      let found = 0;
      let maxUpdate = watermark;
      this.db.transaction(() => {
        for (const o of res.orders) {
          const id = String(o.id);
          if (typeof o.update_time === 'number' && o.update_time > maxUpdate) maxUpdate = o.update_time;
          const known = this.status.get(id);
          const cancelled = o.status === 'CANCELLED';
          if (o.status === 'UNPAID' || o.status === 'ON_HOLD') continue;
          const missedCancel = cancelled && known !== 'cancelled' && known !== 'shipped';
          const wronglyCancelled = known === 'cancelled' && WILL_SHIP.has(o.status);
          if (known === undefined || missedCancel || wronglyCancelled) {
            if (this.enqueue.run(id, shop.shop_id, cancelled ? 'CANCEL' : o.status, now).changes > 0) found++;
          }
        }
        setMeta(this.db, key, String(maxUpdate));
      })();
      watermark = maxUpdate;
      if (found > 0) {
        this.recovered += found;
        this.onFound?.();
      }
      token = res.next_page_token;
      if (!token || res.orders.length === 0) break;
    }
  }
}
