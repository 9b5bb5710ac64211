/**
 * The reconciliation poller: catches orders whose webhook never came. Every interval, per shop,
 * it searches orders by update_time (ASC, from a durable watermark) for a bounded number of
 * pages, and queues any order the ERP does not hold or holds in a status the platform
 * contradicts, both ways: cancelled on the platform but not in the ERP, and cancelled in the
 * ERP while the platform will still ship it; and orders that will ship to another region than
 * the ERP holds (an address update whose webhook was lost). The fetcher then reads the order's
 * detail and the ERP takes the platform's status and address. Each round also lists the
 * buyers' cancellation requests and returns waiting for the seller, and queues them for the
 * aftersales desk: a request whose webhook was lost is still answered.
 * The watermark is the largest update_time seen; the search is `>=` it, so orders updated in
 * the same second are read again (deduped), never skipped. At peak the poller may fall behind
 * (bounded pages per round); it is a safety net behind the webhooks and catches up after.
 * It runs often (every 250 ms by default) because a lost webhook is not only a late order:
 * until the order is read, its units count as available and near sell-out are offered to the
 * shops again (stack/README.md, "Why the order poll runs four times a second"). Buyers'
 * requests wait for a seller's decision for days, not milliseconds: they are listed at most
 * once a second (REQUESTS_EVERY_MS), whatever the order poll's interval.
 */
import type { Statement } from 'better-sqlite3';
import { getMeta, setMeta, type Db } from '../db/database.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import type { Logger } from '../logger.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { WILL_SHIP } from '../domain/order-book.ts';
import { searchOrdersByUpdate } from '../tiktok/order-api.ts';
import { CANCEL_PENDING, RETURN_WAITING, searchCancellations, searchReturns } from '../tiktok/aftersale-api.ts';
import { WorkerLoop } from '../worker-loop.ts';

export interface PollerOptions {
  intervalMs: number;
  maxPages: number;
  /** First run: look this far back (s). */
  lookbackS: number;
}

/** Least time between two listings of the buyers' requests waiting for the seller. */
export const REQUESTS_EVERY_MS = 1000;

export class ReconciliationPoller {
  private readonly loop: WorkerLoop;
  private readonly status: Statement<[string], { status: string; region: string }>;
  private readonly enqueue: Statement;
  private readonly enqueueRequest: Statement;
  private requestsListedAt = 0;
  /** Orders found by the poller (not by webhook): the missed-webhook count. */
  recovered = 0;
  onFound: (() => void) | undefined;
  /** Requests waiting for the seller were queued (the desk should look). */
  onRequests: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly client: TikTokClient,
    private readonly log: Logger,
    private readonly opts: PollerOptions,
  ) {
    this.status = db.prepare('SELECT status, region FROM orders WHERE order_id = ?');
    this.enqueue = db.prepare(
      `INSERT INTO order_queue (order_id, shop_id, hint, received_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET hint = excluded.hint WHERE excluded.hint = 'CANCEL' AND hint <> 'CANCEL'`,
    );
    this.enqueueRequest = db.prepare('INSERT OR IGNORE INTO aftersale_queue (request_id, kind, shop_id, order_id, received_at) VALUES (?, ?, ?, ?, ?)');
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
    const listRequests = Date.now() - this.requestsListedAt >= Math.max(REQUESTS_EVERY_MS, this.opts.intervalMs);
    if (listRequests) this.requestsListedAt = Date.now();
    for (const shop of this.catalog.shops) {
      if (!this.loop.running) return;
      if (!this.catalog.access.serves(shop.shop_id)) continue;
      try {
        await this.pollShop(shop);
        if (listRequests) await this.pollRequests(shop);
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
          const row = this.status.get(id);
          const known = row?.status;
          const cancelled = o.status === 'CANCELLED';
          if (o.status === 'UNPAID' || o.status === 'ON_HOLD') continue;
          const missedCancel = cancelled && known !== 'cancelled' && known !== 'shipped';
          const wronglyCancelled = known === 'cancelled' && WILL_SHIP.has(o.status);
          const region = o.recipient_address?.region_code;
          const moved = WILL_SHIP.has(o.status) && row !== undefined && known !== 'cancelled' && known !== 'shipped' && region !== undefined && region !== row.region;
          if (known === undefined || missedCancel || wronglyCancelled || moved) {
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

  /** Queues the shop's requests waiting for the seller (bounded pages); the desk dedupes by id. */
  private async pollRequests(shop: Shop): Promise<void> {
    let queued = 0;
    const queue = (kind: 'cancel' | 'return', rows: { id: string; order_id: string }[]) => {
      const now = Date.now();
      this.db.transaction(() => {
        for (const r of rows) queued += this.enqueueRequest.run(r.id, kind, shop.shop_id, r.order_id, now).changes;
      })();
    };
    let token: string | undefined;
    for (let page = 0; page < this.opts.maxPages; page++) {
      const res = await searchCancellations(this.client, shop, { cancel_status: [CANCEL_PENDING] }, token);
      queue('cancel', res.items.map((c) => ({ id: String(c.cancel_id), order_id: String(c.order_id) })));
      if (!(token = res.next)) break;
    }
    token = undefined;
    for (let page = 0; page < this.opts.maxPages; page++) {
      const res = await searchReturns(this.client, shop, { return_status: RETURN_WAITING }, token);
      queue('return', res.items.map((r) => ({ id: String(r.return_id), order_id: String(r.order_id) })));
      if (!(token = res.next)) break;
    }
    if (queued > 0) this.onRequests?.();
  }
}
