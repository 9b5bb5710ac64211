/**
 * The aftersales desk: answers buyers' cancellation requests and returns, as the seller must
 * (an unanswered request is decided by the platform, against the seller, after a few days).
 * The webhook receiver (types 11 and 12) and the reconciliation poller queue request ids; the
 * desk reads each request from the platform and decides by this policy:
 *   - cancellation requested: approve while the warehouse has not shipped the order (the order
 *     is held first, so it cannot be shipped meanwhile), reject once it has; the order is then
 *     read again, so the release of its stock does not wait for the order webhook;
 *   - refund or return requested: approve within RETURN_WINDOW_DAYS of the ERP's shipment,
 *     reject after it;
 *   - returned package arrived (BUYER_SHIPPED_ITEM): put the units back on hand where they were
 *     shipped from, then accept the package. A refund alone (the buyer keeps the item) restocks
 *     nothing.
 * A transient failure retries with backoff; a decision the platform refuses (the request moved
 * on) is dropped: the next read of the request decides again if it is still waiting.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { AftersalesBook } from '../domain/aftersales-book.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import { SERVED_SHOPS } from '../domain/shop-access.ts';
import type { Logger } from '../logger.ts';
import { backoffMs } from '../tiktok/backoff.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import {
  approveCancellation,
  approveReturn,
  CANCEL_PENDING,
  rejectCancellation,
  rejectReturn,
  searchCancellations,
  searchReturns,
} from '../tiktok/aftersale-api.ts';
import { QueueWorker, type QueueWorkerOptions } from '../worker-loop.ts';

/** How long after the shipment a return is accepted (TikTok Shop US: 30 days from delivery; shipment is the ERP's nearest date). */
export const RETURN_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

interface Row {
  request_id: string;
  kind: 'cancel' | 'return';
  shop_id: string;
  order_id: string;
  attempts: number;
}

/** What became of a row: done (deleted) or tried again later. */
type Step = 'done' | 'later';

export interface AftersalesDeskOptions extends QueueWorkerOptions {
  /** Give up on a request after this many attempts (the poller queues it again while it waits). */
  maxAttempts: number;
}

export class AftersalesDesk extends QueueWorker<Row> {
  private readonly remove: Statement;
  private readonly defer: Statement;
  private readonly queueOrder: Statement;
  /** An order was queued for a fresh read (the fetcher should look). */
  onOrderQueued: (() => void) | undefined;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly book: AftersalesBook,
    private readonly client: TikTokClient,
    private readonly log: Logger,
    private readonly opts: AftersalesDeskOptions,
  ) {
    const due = db.prepare<[number, number], Row>(`SELECT request_id, kind, shop_id, order_id, attempts FROM aftersale_queue WHERE not_before <= ? AND ${SERVED_SHOPS} ORDER BY received_at LIMIT ?`);
    super(opts.concurrency, { minGapMs: 1, idleMs: opts.idleMs }, due, 'request_id');
    this.remove = db.prepare('DELETE FROM aftersale_queue WHERE request_id = ?');
    this.defer = db.prepare('UPDATE aftersale_queue SET attempts = attempts + 1, not_before = ? WHERE request_id = ?');
    this.queueOrder = db.prepare(
      `INSERT INTO order_queue (order_id, shop_id, hint, received_at) VALUES (?, ?, 'CANCEL', ?)
       ON CONFLICT(order_id) DO UPDATE SET hint = 'CANCEL'`,
    );
  }

  protected async handle(r: Row): Promise<void> {
    const shop = this.catalog.shopById.get(r.shop_id);
    if (!shop) {
      this.remove.run(r.request_id); // a shop this stack no longer serves
      return;
    }
    let step: Step;
    try {
      step = r.kind === 'cancel' ? await this.cancellation(shop, r) : await this.return(shop, r);
    } catch (e) {
      this.log.warn(`${r.kind} request ${r.request_id} (order ${r.order_id}): ${(e as Error).message}`);
      step = 'later';
    }
    if (step === 'done') this.remove.run(r.request_id);
    else if (r.attempts + 1 >= this.opts.maxAttempts) {
      this.remove.run(r.request_id);
      if (r.kind === 'cancel') this.book.unhold(r.order_id, r.request_id);
      this.log.warn(`gave up on ${r.kind} request ${r.request_id} after ${r.attempts + 1} attempts; the poller finds it again while it waits`);
    } else this.defer.run(Date.now() + backoffMs(r.attempts, this.opts.retryBaseMs, this.opts.retryCapMs), r.request_id);
  }

  private async cancellation(shop: Shop, r: Row): Promise<Step> {
    const { items } = await searchCancellations(this.client, shop, { cancel_ids: [r.request_id] });
    const req = items.find((x) => String(x.cancel_id) === r.request_id);
    if (!req) return 'later';
    if (req.cancel_status !== CANCEL_PENDING) {
      this.rereadOrder(shop, r.order_id);
      return 'done';
    }
    const now = Date.now();
    if (this.book.hold(r.order_id, r.request_id, now) === 'shipped') {
      const res = await rejectCancellation(this.client, shop, r.request_id, 'reject_reason_package_already_shipped');
      if (res.code !== 0) this.log.warn(`rejecting cancellation ${r.request_id}: code ${res.code} ${res.message}`);
      return 'done';
    }
    const res = await approveCancellation(this.client, shop, r.request_id);
    if (res.code !== 0) {
      this.book.unhold(r.order_id, r.request_id);
      this.log.warn(`approving cancellation ${r.request_id}: code ${res.code} ${res.message}`);
    }
    this.rereadOrder(shop, r.order_id);
    return 'done';
  }

  private async return(shop: Shop, r: Row): Promise<Step> {
    const { items } = await searchReturns(this.client, shop, { return_ids: [r.request_id] });
    const req = items.find((x) => String(x.return_id) === r.request_id);
    if (!req) return 'later';
    const shippedAt = this.book.shippedAt(r.order_id);
    if (req.return_status === 'RETURN_OR_REFUND_REQUEST_PENDING') {
      if (shippedAt === null) return 'later'; // the ERP has not recorded the shipment yet
      const refund = req.return_type === 'REFUND';
      const res =
        Date.now() - shippedAt <= RETURN_WINDOW_DAYS * DAY_MS
          ? await approveReturn(this.client, shop, r.request_id, refund ? 'APPROVE_REFUND' : 'APPROVE_RETURN')
          : await rejectReturn(this.client, shop, r.request_id, refund ? 'REJECT_REFUND' : 'REJECT_RETURN', 'reject_reason_return_window_passed');
      if (res.code !== 0) this.log.warn(`deciding return ${r.request_id}: code ${res.code} ${res.message}`);
      return 'done';
    }
    if (req.return_status === 'BUYER_SHIPPED_ITEM') {
      if (!this.opts.defects?.has('skip-restock') && this.book.restock(r.request_id, r.order_id, Date.now()) === 'not_shipped') return 'later';
      const res = await approveReturn(this.client, shop, r.request_id, 'APPROVE_RECEIVED_PACKAGE');
      if (res.code !== 0) this.log.warn(`accepting returned package ${r.request_id}: code ${res.code} ${res.message}`);
    }
    return 'done';
  }

  /** Queues the order for a fresh read: its cancellation releases stock without waiting for webhook 1. */
  private rereadOrder(shop: Shop, orderId: string): void {
    this.queueOrder.run(orderId, shop.shop_id, Date.now());
    this.onOrderQueued?.();
  }
}
