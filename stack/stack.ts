/**
 * Assembles and runs the stack: the database, the ERP API server, the TikTok client, and the
 * workers (inventory outbox, order intake, shipment outbox, reconciliation poller).
 *
 * Start-up: open the db (the previous run's catalog serves writes at once), listen, then map
 * the catalog from the platform, re-mark anything the platform may not hold, subscribe the
 * webhook of every shop, and start the workers. `ready` settles when all of that is done;
 * until then /ready answers 503. Mapping is retried with backoff until it works, close(), or
 * `startTimeoutMs` (then `ready` rejects).
 */
import { InventoryAudit } from './sync/inventory-audit.ts';
import { parseDefects } from './defects.ts';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openDb, type Db } from './db/database.ts';
import { GroupCommit } from './db/group-commit.ts';
import { Catalog } from './domain/catalog.ts';
import { IdempotencyStore } from './domain/idempotency.ts';
import { OrderBook } from './domain/order-book.ts';
import { StockLedger } from './domain/stock-ledger.ts';
import { DEFAULTS, type StackConfig } from './config.ts';
import { createErpServer } from './http/erp-server.ts';
import type { Services } from './http/context.ts';
import { OrderFetcher } from './intake/order-fetcher.ts';
import { ReconciliationPoller } from './intake/reconciliation-poller.ts';
import { WebhookReceiver } from './intake/webhook-receiver.ts';
import { createLogger, type Logger } from './logger.ts';
import { StackMetrics } from './metrics.ts';
import { InventoryPusher } from './sync/inventory-pusher.ts';
import { ShipmentPusher } from './sync/shipment-pusher.ts';
import { backoffMs } from './tiktok/backoff.ts';
import { mapCatalog, subscribeWebhook } from './tiktok/catalog-mapper.ts';
import { TikTokClient } from './tiktok/client.ts';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RunningStack {
  url: string;
  /** Settles once the catalog is mapped and webhooks are subscribed; rejects if closed first. */
  ready: Promise<void>;
  services: Services;
  poller: ReconciliationPoller;
  close(): Promise<void>;
}

export type StackOptions = Partial<StackConfig> & Pick<StackConfig, 'tiktokUrl' | 'appKey' | 'appSecret' | 'accessToken'>;

export async function startStack(opts: StackOptions, logger?: Logger): Promise<RunningStack> {
  const cfg: StackConfig = { ...DEFAULTS, ...opts };
  const log = logger ?? createLogger(cfg.logLevel, [cfg.appSecret, cfg.accessToken]);
  const db: Db = openDb({ file: cfg.db, synchronous: cfg.synchronous });
  const catalog = new Catalog(db);
  const ledger = new StockLedger(db, catalog, cfg.splitBelow);
  const book = new OrderBook(db, catalog, ledger);
  const gc = new GroupCommit(db);
  const metrics = new StackMetrics(db);
  const client = new TikTokClient(
    {
      baseUrl: cfg.tiktokUrl,
      appKey: cfg.appKey,
      appSecret: cfg.appSecret,
      accessToken: cfg.accessToken,
      timeoutMs: cfg.requestTimeoutMs,
      connections: cfg.connections,
      rateLimit: { qps: cfg.rateLimitQps, burst: cfg.rateLimitBurst, perEndpoint: cfg.rateLimitPerEndpoint },
      maxThrottleRetries: 8,
      maxRetries: 3,
      callDeadlineMs: Math.max(30_000, cfg.requestTimeoutMs * 4),
      backoffBaseMs: cfg.retryBaseMs,
      backoffCapMs: cfg.retryCapMs,
    },
    {
      onResponse: (endpoint, outcome) => {
        metrics.tiktokCalls.inc({ endpoint, outcome });
        if (outcome === 'throttled') metrics.throttled.inc({ endpoint });
      },
    },
  );
  const receiver = new WebhookReceiver(db, gc, catalog, {
    appKey: cfg.appKey,
    appSecret: cfg.appSecret,
    maxAgeS: cfg.webhookMaxAgeS,
    maxFutureS: cfg.webhookMaxFutureS,
  });
  const retry = { retryBaseMs: cfg.retryBaseMs, retryCapMs: cfg.retryCapMs };
  const { defects } = parseDefects(cfg.defects);
  if (defects.size > 0) log.warn(`running with deliberate defects: ${[...defects].join(', ')}`);
  const pusher = new InventoryPusher(db, catalog, ledger, client, metrics, log, { concurrency: cfg.pushConcurrency, idleMs: 250, minScanMs: 5, defects, ...retry });
  const fetcher = new OrderFetcher(db, catalog, book, client, metrics, log, { concurrency: cfg.fetchConcurrency, idleMs: 50, maxAttempts: 20, defects, ...retry });
  const shipper = new ShipmentPusher(db, catalog, client, metrics, log, { concurrency: cfg.shipConcurrency, idleMs: 100, defects, ...retry });
  const poller = new ReconciliationPoller(db, catalog, client, log, { intervalMs: cfg.pollIntervalMs, maxPages: cfg.pollMaxPages, lookbackS: cfg.pollLookbackS });
  const audit = new InventoryAudit(
    catalog,
    ledger,
    client,
    (shopId, sku, warehouseId) => {
      db.transaction(() => ledger.markStale(shopId, sku, warehouseId, Date.now()))();
      pusher.noteChange(sku);
    },
    log,
    cfg.auditIntervalMs,
  );

  ledger.onChange = (sku) => pusher.noteChange(sku);
  book.onIngest = (outcome) => metrics.orders.inc({ outcome });
  gc.onCommit(() => {
    fetcher.wake();
    shipper.wake();
  });
  poller.onFound = () => fetcher.wake();

  const state = { mapped: false, subscribed: false, closed: false };
  const services: Services = {
    defects,
    db,
    gc,
    catalog,
    ledger,
    book,
    idem: new IdempotencyStore(db),
    receiver,
    metrics,
    readiness: () => {
      const checks = { db_open: db.open, catalog_mapped: state.mapped, webhooks_subscribed: state.subscribed };
      return { ready: Object.values(checks).every(Boolean), checks };
    },
  };

  const server: Server = createErpServer(services, log, cfg.maxBodyBytes);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const url = `http://${host}:${addr.port}`;
  const hookUrl = `${(cfg.publicUrl ?? url).replace(/\/+$/, '')}/webhooks/tiktok`;

  // Backorders are retried as stock arrives; idempotency keys are kept for a day, the change
  // log and the webhook inbox for two (they serve reconciliation and dedupe of late retries).
  const housekeeping = setInterval(() => {
    const now = Date.now();
    db.transaction(() => {
      if (book.retryBackorders(200, now) > 0) pusher.wake();
    })();
  }, 1000);
  // Oldest first by key, at most 20,000 rows a minute: the event loop is never held long.
  const pruneLogs = db.prepare('DELETE FROM stock_changes WHERE seq IN (SELECT seq FROM (SELECT seq, at FROM stock_changes ORDER BY seq LIMIT 20000) WHERE at < ?)');
  const pruneInbox = db.prepare(
    'DELETE FROM webhook_inbox WHERE notification_id IN (SELECT notification_id FROM webhook_inbox WHERE received_at < ? ORDER BY received_at LIMIT 20000)',
  );
  const prune = setInterval(() => {
    const now = Date.now();
    services.idem.pruneOlderThan(now - 86_400_000);
    pruneLogs.run(now - 2 * 86_400_000);
    pruneInbox.run(now - 2 * 86_400_000);
  }, 60_000);
  housekeeping.unref();
  prune.unref();

  const ready = (async () => {
    const giveUpAt = Date.now() + cfg.startTimeoutMs;
    for (let attempt = 0; !state.closed; attempt++) {
      if (Date.now() > giveUpAt) throw new Error(`could not map the platform at ${cfg.tiktokUrl} within ${cfg.startTimeoutMs} ms`);
      try {
        const snap = await mapCatalog(client);
        if (state.closed) break;
        catalog.replace(snap);
        state.mapped = true;
        db.transaction(() => ledger.markAllStale(Date.now()))();
        pusher.start();
        fetcher.start();
        shipper.start();
        for (const shop of catalog.shops) await subscribeWebhook(client, shop, hookUrl);
        state.subscribed = true;
        poller.start();
        audit.start();
        log.info(`ready: ${catalog.shops.length} shops, ${catalog.skus.size} SKUs, ${catalog.warehouses.size} warehouses; webhooks -> ${hookUrl}`);
        return;
      } catch (e) {
        const wait = backoffMs(attempt, 250, 5000);
        log.warn(`start-up mapping from ${cfg.tiktokUrl} failed (${(e as Error).message}); retrying in ${wait} ms`);
        await sleep(wait);
      }
    }
    throw new Error('stack closed before it was ready');
  })();
  ready.catch(() => undefined); // observed by callers that care; close() must not leave it unhandled

  return {
    url,
    ready,
    services,
    poller,
    async close() {
      if (state.closed) return;
      state.closed = true;
      clearInterval(housekeeping);
      clearInterval(prune);
      // Keep-alive peers (the platform's webhook sender) may start a request on an open
      // connection after close(): keep closing idle ones, and cut everything after a grace.
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const grace = setTimeout(() => server.closeAllConnections(), 3000);
        server.once('close', () => {
          clearInterval(idle);
          clearTimeout(grace);
        });
      });
      client.stop();
      await Promise.all([pusher.stop(), fetcher.stop(), shipper.stop(), poller.stop(), audit.stop()]);
      gc.flush();
      await client.close().catch(() => undefined);
      db.close();
    },
  };
}
