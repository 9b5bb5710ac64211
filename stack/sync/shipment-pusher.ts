/**
 * The shipment outbox worker: each row becomes one mark-package-shipped call
 * (POST /fulfillment/202309/orders/{id}/packages with tracking_number and shipping_provider_id),
 * retried with backoff until the platform acknowledges it or refuses it for good.
 *
 * Never twice: the call is not retried blindly after an ambiguous failure (timeout, 5xx).
 * Before any re-send, and whenever the platform refuses the call, the worker reads the order:
 * if a package with this tracking number is already there, that counts as acknowledged.
 *
 * A refusal (a business code the client did not already treat as throttling or a transient
 * failure) will not change by sending the same thing again: the row leaves the outbox and the
 * order shows the platform's code and message until the ERP sends a corrected shipment. Only
 * credential refusals are retried: an operator fixes those for every call at once.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import { SERVED_SHOPS } from '../domain/shop-access.ts';
import type { Logger } from '../logger.ts';
import type { StackMetrics } from '../metrics.ts';
import { backoffMs } from '../tiktok/backoff.ts';
import { TikTokCallError, type TikTokClient } from '../tiktok/client.ts';
import { fetchOrders, hasTracking } from '../tiktok/order-api.ts';
import { QueueWorker, type QueueWorkerOptions } from '../worker-loop.ts';

export const MARK_SHIPPED = 'POST /fulfillment/202309/orders/{order_id}/packages';

/** Access token expired, scope not granted, invalid sign: the stack's credentials, not the shipment. */
const CREDENTIAL_CODES = new Set([105002, 105005, 106001]);

interface Row {
  order_id: string;
  shop_id: string;
  carrier: string;
  tracking_number: string;
  attempts: number;
}

export type ShipmentPusherOptions = QueueWorkerOptions;

export class ShipmentPusher extends QueueWorker<Row> {
  private readonly ack: Statement;
  private readonly synced: Statement;
  private readonly defer: Statement;
  private readonly recordFailure: Statement;
  private readonly shippedAt: Statement<[string], number>;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly client: TikTokClient,
    private readonly metrics: StackMetrics,
    private readonly log: Logger,
    private readonly opts: ShipmentPusherOptions,
  ) {
    const due = db.prepare<[number, number], Row>(`SELECT order_id, shop_id, carrier, tracking_number, attempts FROM shipment_outbox WHERE not_before <= ? AND ${SERVED_SHOPS} LIMIT ?`);
    super(opts.concurrency, { minGapMs: 1, idleMs: opts.idleMs }, due, 'order_id');
    this.ack = db.prepare('DELETE FROM shipment_outbox WHERE order_id = ?');
    this.synced = db.prepare('UPDATE orders SET synced_at = ? WHERE order_id = ?');
    this.shippedAt = db.prepare('SELECT shipped_at FROM orders WHERE order_id = ?').pluck() as unknown as Statement<[string], number>;
    this.recordFailure = db.prepare(
      `INSERT INTO shipment_failures (order_id, code, message, at) VALUES (?, ?, ?, ?)
       ON CONFLICT(order_id) DO UPDATE SET code = excluded.code, message = excluded.message, at = excluded.at`,
    );
    this.defer = db.prepare('UPDATE shipment_outbox SET attempts = attempts + 1, not_before = ?, last_error = ? WHERE order_id = ?');
  }

  protected async handle(r: Row): Promise<void> {
    const shop = this.catalog.shopById.get(r.shop_id);
    if (shop) await this.sync(shop, r);
    else this.retryLater(r, `shop ${r.shop_id} is not one this stack serves now`);
  }

  private async sync(shop: Shop, r: Row): Promise<void> {
    try {
      // After an ambiguous earlier attempt, look before sending again.
      if (r.attempts > 0 && (await this.alreadyThere(shop, r))) return this.acknowledge(r, 'already_there');
      const env = await this.client.call<{ package_id?: string }>({
        method: 'POST',
        path: `/fulfillment/202309/orders/${encodeURIComponent(r.order_id)}/packages`,
        endpoint: MARK_SHIPPED,
        shop,
        body: {
          tracking_number: this.opts.defects?.has('wrong-tracking') ? `${r.tracking_number}X` : r.tracking_number,
          shipping_provider_id: r.carrier,
        },
        idempotent: false,
      });
      if (env.code === 0) return this.acknowledge(r, 'ok');
      if (await this.alreadyThere(shop, r)) return this.acknowledge(r, 'already_there');
      this.metrics.shipments.inc({ outcome: `code_${env.code}` });
      if (CREDENTIAL_CODES.has(env.code)) this.retryLater(r, `code ${env.code} ${env.message}`);
      else this.fail(r, env.code, env.message);
    } catch (e) {
      this.metrics.shipments.inc({ outcome: e instanceof TikTokCallError ? e.kind : 'error' });
      this.retryLater(r, (e as Error).message);
    }
  }

  private async alreadyThere(shop: Shop, r: Row): Promise<boolean> {
    const [order] = await fetchOrders(this.client, shop, [r.order_id]);
    return order !== undefined && hasTracking(order, r.tracking_number);
  }

  private acknowledge(r: Row, outcome: string): void {
    const now = Date.now();
    this.db.transaction(() => {
      this.ack.run(r.order_id);
      this.synced.run(now, r.order_id);
    })();
    this.metrics.shipments.inc({ outcome });
    const shipped = this.shippedAt.get(r.order_id);
    if (typeof shipped === 'number') this.metrics.shipmentLag.observe(Math.max(0, now - shipped) / 1000);
  }

  private fail(r: Row, code: number, message: string): void {
    this.log.warn(`mark-package-shipped ${r.order_id}: refused with code ${code} ${message}; not retried until the shipment is corrected`);
    this.db.transaction(() => {
      this.ack.run(r.order_id);
      this.recordFailure.run(r.order_id, code, message.slice(0, 500), Date.now());
    })();
  }

  private retryLater(r: Row, why: string): void {
    this.log.warn(`mark-package-shipped ${r.order_id}: ${why} (attempt ${r.attempts + 1}, will retry)`);
    this.defer.run(Date.now() + backoffMs(r.attempts, this.opts.retryBaseMs, this.opts.retryCapMs), why.slice(0, 500), r.order_id);
  }
}
