/**
 * The stack's Prometheus metrics (prom-client), on a registry of its own so several stacks in
 * one process (tests) never collide. Gauges that mirror database state (outbox depth, orders by
 * state) are computed when scraped, not maintained on the hot path. Lags are also kept in HDR
 * histograms (LatencyHistogram) for exact percentiles in the bench and tests.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { LatencyHistogram } from '../lib/hdr/latency-histogram.ts';
import type { Db } from './db/database.ts';

const LAG_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60];

export class StackMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly webhookAck: Histogram<'outcome'>;
  readonly syncLag: Histogram;
  readonly ingestLag: Histogram;
  readonly shipmentLag: Histogram;
  readonly pushes: Counter<'outcome'>;
  readonly tiktokCalls: Counter<'endpoint' | 'outcome'>;
  readonly throttled: Counter<'endpoint'>;
  readonly orders: Counter<'outcome'>;
  readonly tokenRenewals: Counter<'reason' | 'outcome'>;
  readonly shipments: Counter<'outcome'>;
  /** HDR truth for the same lags, in ms. */
  readonly syncLagHdr = new LatencyHistogram();
  readonly ingestLagHdr = new LatencyHistogram();
  readonly webhookAckHdr = new LatencyHistogram();

  constructor(db: Db, opts: { defaultMetrics?: boolean } = {}) {
    const r = this.registry;
    if (opts.defaultMetrics) collectDefaultMetrics({ register: r, prefix: 'peakday_stack_' });
    this.httpDuration = new Histogram({
      name: 'peakday_stack_http_request_duration_seconds',
      help: 'ERP API request duration by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers: [r],
    });
    this.webhookAck = new Histogram({
      name: 'peakday_stack_webhook_ack_seconds',
      help: 'time from webhook request start to the 200 (or 401) answer',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
      registers: [r],
    });
    this.syncLag = new Histogram({
      name: 'peakday_stack_inventory_sync_lag_seconds',
      help: 'from the first unpushed availability change to the platform acknowledging a push that includes it',
      buckets: LAG_BUCKETS,
      registers: [r],
    });
    this.ingestLag = new Histogram({
      name: 'peakday_stack_order_ingest_lag_seconds',
      help: 'from webhook (or poller) receipt to the order being allocated or backordered in the ERP',
      buckets: LAG_BUCKETS,
      registers: [r],
    });
    this.shipmentLag = new Histogram({
      name: 'peakday_stack_shipment_sync_lag_seconds',
      help: 'from the shipment accepted by the ERP to the platform acknowledging mark-package-shipped',
      buckets: LAG_BUCKETS,
      registers: [r],
    });
    this.pushes = new Counter({ name: 'peakday_stack_inventory_pushes_total', help: 'inventory/update calls by outcome', labelNames: ['outcome'], registers: [r] });
    this.tiktokCalls = new Counter({ name: 'peakday_stack_tiktok_calls_total', help: 'TikTok API call attempts by endpoint and outcome', labelNames: ['endpoint', 'outcome'], registers: [r] });
    this.throttled = new Counter({ name: 'peakday_stack_tiktok_429_total', help: 'throttled answers (HTTP 429 / 36009002) by endpoint', labelNames: ['endpoint'], registers: [r] });
    this.tokenRenewals = new Counter({ name: 'peakday_stack_token_renewals_total', help: 'access token renewals by reason (start, ahead of expiry, after a 105002) and outcome', labelNames: ['reason', 'outcome'], registers: [r] });
    this.orders = new Counter({ name: 'peakday_stack_orders_ingested_total', help: 'order ingest outcomes', labelNames: ['outcome'], registers: [r] });
    const alertCount = db.prepare('SELECT COUNT(*) FROM alerts').pluck();
    new Gauge({
      name: 'peakday_stack_low_stock_alerts',
      help: 'low-stock alerts raised (rows in the alert log)',
      registers: [r],
      collect() {
        this.set(alertCount.get() as number);
      },
    });
    this.shipments = new Counter({ name: 'peakday_stack_shipment_syncs_total', help: 'mark-package-shipped outcomes', labelNames: ['outcome'], registers: [r] });

    const scalar = (sql: string) => db.prepare(sql).pluck();
    const outboxDepth = scalar('SELECT COUNT(*) FROM inventory_outbox');
    const shipDepth = scalar('SELECT COUNT(*) FROM shipment_outbox');
    const queueDepth = scalar('SELECT COUNT(*) FROM order_queue');
    const byState = db.prepare('SELECT status, COUNT(*) AS n FROM orders GROUP BY status');
    new Gauge({
      name: 'peakday_stack_outbox_depth',
      help: 'rows waiting in each durable outbox/queue',
      labelNames: ['outbox'],
      registers: [r],
      collect() {
        this.set({ outbox: 'inventory' }, outboxDepth.get() as number);
        this.set({ outbox: 'shipment' }, shipDepth.get() as number);
        this.set({ outbox: 'order_fetch' }, queueDepth.get() as number);
      },
    });
    new Gauge({
      name: 'peakday_stack_orders',
      help: 'orders in the ERP by status',
      labelNames: ['status'],
      registers: [r],
      collect() {
        for (const s of ['allocated', 'backordered', 'cancelled', 'shipped']) this.set({ status: s }, 0);
        for (const row of byState.all() as { status: string; n: number }[]) this.set({ status: row.status }, row.n);
      },
    });
  }

  recordSyncLag(ms: number): void {
    this.syncLag.observe(ms / 1000);
    this.syncLagHdr.record(ms);
  }

  recordIngestLag(ms: number): void {
    this.ingestLag.observe(ms / 1000);
    this.ingestLagHdr.record(ms);
  }
}
