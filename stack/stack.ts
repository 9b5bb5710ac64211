/**
 * Assembles and runs the stack: the database, the ERP API server, the TikTok client, and the
 * workers (inventory outbox, order intake, shipment outbox, reconciliation poller).
 *
 * Start-up: open the db (the previous run's catalog serves writes at once), listen, then make
 * sure every seller's access token is fresh (tiktok/seller-grants.ts), map the catalog of every
 * seller's shops from the platform,
 * re-mark anything the platform may not hold, subscribe the webhook of every shop, and start
 * the workers. `ready` settles when all of that is done; until then /ready answers 503 with the
 * last start-up failure (start-up-failure.ts). Start-up is retried with backoff until it works,
 * close(), or `startTimeoutMs` (then `ready` rejects).
 */
import { InventoryAudit } from './sync/inventory-audit.ts';
import { AftersalesBook } from './domain/aftersales-book.ts';
import { AftersalesDesk } from './intake/aftersales-desk.ts';
import { parseDefects, type Defects } from './defects.ts';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { openDb, type Db } from './db/database.ts';
import { GroupCommit } from './db/group-commit.ts';
import { ErpCatalog } from './domain/catalog.ts';
import { IdempotencyStore } from './domain/idempotency.ts';
import { ErpOrderBook } from './domain/order-book.ts';
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
import { AccessGrant } from './tiktok/access-grant.ts';
import { SellerGrants } from './tiktok/seller-grants.ts';
import { AuthorizationWatch } from './tiktok/authorization-watch.ts';
import type { Shop } from './domain/catalog.ts';
import { startUpFailure, type StartUpFailure } from './start-up-failure.ts';
import { startHousekeeping } from './housekeeping.ts';
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
  const sellerSecrets = cfg.sellers.flatMap((s) => [s.access_token, s.refresh_token ?? '']);
  const log = logger ?? createLogger(cfg.logLevel, [cfg.appSecret, cfg.accessToken, cfg.refreshToken ?? '', ...sellerSecrets]);
  const { defects } = parseDefects(cfg.defects);
  if (defects.size > 0) log.warn(`running with deliberate defects: ${[...defects].join(', ')}`);
  const parts = openParts(cfg, defects, log);
  const workers = createWorkers(cfg, parts, defects, log);
  const state: StartState = { mapped: false, subscribed: false, closed: false };
  const services = assembleServices(parts, defects, state);
  const server: Server = createErpServer(services, log, cfg.maxBodyBytes);
  const url = await listen(server, cfg);
  const stopHousekeeping = startHousekeeping(parts.db, parts.book, services.idem, () => workers.pusher.wake());
  const hookUrl = `${(cfg.publicUrl ?? url).replace(/\/+$/, '')}/webhooks/tiktok`;
  parts.watch.onRestored = (shop) => resumeShop(parts, workers, shop, hookUrl, log);
  const ready = becomeReady(cfg, parts, workers, state, hookUrl, log);
  ready.catch(() => undefined); // observed by callers that care; close() must not leave it unhandled

  return {
    url,
    ready,
    services,
    poller: workers.poller,
    async close() {
      if (state.closed) return;
      state.closed = true;
      stopHousekeeping();
      await closeServer(server);
      parts.grants.stop();
      parts.client.stop();
      await parts.watch.stop();
      await Promise.all([workers.pusher.stop(), workers.fetcher.stop(), workers.shipper.stop(), workers.poller.stop(), workers.audit.stop(), workers.desk.stop()]);
      parts.gc.flush();
      await parts.client.close().catch(() => undefined);
      parts.db.close();
    },
  };
}

/** What the stack holds: the database and what lives on it, and the platform client. */
interface Parts {
  db: Db;
  catalog: ErpCatalog;
  ledger: StockLedger;
  book: ErpOrderBook;
  gc: GroupCommit;
  metrics: StackMetrics;
  grants: SellerGrants;
  client: TikTokClient;
  receiver: WebhookReceiver;
  watch: AuthorizationWatch;
}

interface Workers {
  pusher: InventoryPusher;
  fetcher: OrderFetcher;
  shipper: ShipmentPusher;
  poller: ReconciliationPoller;
  audit: InventoryAudit;
  desk: AftersalesDesk;
}

/** How far start-up got, and why its last attempt failed; /ready reports it, close() stops it. */
interface StartState {
  mapped: boolean;
  subscribed: boolean;
  closed: boolean;
  failure?: StartUpFailure;
}

/** Opens the database (the previous run's catalog serves writes at once) and builds on it. */
function openParts(cfg: StackConfig, defects: Defects, log: Logger): Parts {
  const db: Db = openDb({ file: cfg.db, synchronous: cfg.synchronous });
  const catalog = new ErpCatalog(db);
  const ledger = new StockLedger(db, catalog, cfg.splitBelow);
  const metrics = new StackMetrics(db);
  const gc = new GroupCommit(db);
  const receiver = new WebhookReceiver(db, gc, catalog, {
    appKey: cfg.appKey,
    appSecret: cfg.appSecret,
    maxAgeS: cfg.webhookMaxAgeS,
    maxFutureS: cfg.webhookMaxFutureS,
  });
  const grants = new SellerGrants(
    [{ access_token: cfg.accessToken, refresh_token: cfg.refreshToken }, ...cfg.sellers].map((g, slot) => {
      const grant = new AccessGrant(db, { authUrl: cfg.tiktokUrl, appKey: cfg.appKey, appSecret: cfg.appSecret, accessToken: g.access_token, refreshToken: g.refresh_token, timeoutMs: cfg.requestTimeoutMs, retryBaseMs: cfg.retryBaseMs, retryCapMs: cfg.retryCapMs, slot }, log);
      grant.onRenewed = (reason, outcome) => metrics.tokenRenewals.inc({ reason, outcome });
      return grant;
    }),
  );
  // The client reports refusals to the watch, which reads the platform through the client.
  let watch: AuthorizationWatch | undefined;
  const client = createClient(cfg, metrics, grants, catalog, defects, (shopId, code) => watch?.refused(shopId, code));
  watch = new AuthorizationWatch(catalog, log, { intervalMs: cfg.authorizationCheckMs, minGapMs: 1000 }, () => grants.listShops(client));
  receiver.onDeauthorized = (shopId, message, now) => watch.deauthorized(shopId, message, now);
  const book = new ErpOrderBook(db, catalog, ledger, { ignoreCancellations: defects.has('ignore-cancellations') });
  return { db, catalog, ledger, book, gc, metrics, grants, client, receiver, watch };
}

function createClient(cfg: StackConfig, metrics: StackMetrics, grants: SellerGrants, catalog: ErpCatalog, defects: Defects, refused: (shopId: string, code: number) => void): TikTokClient {
  return new TikTokClient(
    {
      baseUrl: cfg.tiktokUrl,
      appKey: cfg.appKey,
      appSecret: cfg.appSecret,
      timeoutMs: cfg.requestTimeoutMs,
      connections: cfg.connections,
      rateLimit: { qps: cfg.rateLimitQps, burst: cfg.rateLimitBurst, perEndpoint: cfg.rateLimitPerEndpoint },
      maxThrottleRetries: 8,
      maxRetries: 3,
      callDeadlineMs: Math.max(30_000, cfg.requestTimeoutMs * 4),
      backoffBaseMs: cfg.retryBaseMs,
      backoffCapMs: cfg.retryCapMs,
      sharedPool: defects.has('shared-pool'),
    },
    grants,
    {
      onResponse: (endpoint, outcome) => {
        metrics.tiktokCalls.inc({ endpoint, outcome });
        if (outcome === 'throttled') metrics.throttled.inc({ endpoint });
      },
      serves: (shopId) => catalog.access.serves(shopId),
      onRefused: (shopId, _endpoint, code) => refused(shopId, code),
    },
  );
}

/** The poll interval of `--defects slow-order-poll`: the stack's old default. */
const SLOW_POLL_MS = 10_000;

/** The workers, wired so that a commit, a stock change or a found order wakes the one concerned. */
function createWorkers(cfg: StackConfig, p: Parts, defects: Defects, log: Logger): Workers {
  const { db, catalog, ledger, book, gc, metrics, client } = p;
  const retry = { retryBaseMs: cfg.retryBaseMs, retryCapMs: cfg.retryCapMs };
  const pusher = new InventoryPusher(db, catalog, ledger, client, metrics, log, { concurrency: cfg.pushConcurrency, idleMs: 250, minScanMs: 5, defects, ...retry });
  const fetcher = new OrderFetcher(db, catalog, book, client, metrics, log, { concurrency: cfg.fetchConcurrency, idleMs: 50, maxAttempts: 20, defects, ...retry });
  const shipper = new ShipmentPusher(db, catalog, client, metrics, log, { concurrency: cfg.shipConcurrency, idleMs: 100, defects, ...retry });
  const poller = new ReconciliationPoller(db, catalog, client, log, { intervalMs: defects.has('slow-order-poll') ? SLOW_POLL_MS : cfg.pollIntervalMs, maxPages: cfg.pollMaxPages, lookbackS: cfg.pollLookbackS });
  const repush = (shopId: string, sku: string, warehouseId: string) => {
    db.transaction(() => ledger.markStale(shopId, sku, warehouseId, Date.now()))();
    pusher.noteChange(sku);
  };
  const desk = new AftersalesDesk(db, catalog, new AftersalesBook(db, ledger), client, log, { concurrency: 4, idleMs: 200, maxAttempts: 20, defects, ...retry });
  desk.onOrderQueued = () => fetcher.wake();
  poller.onRequests = () => desk.wake();
  const audit = new InventoryAudit(catalog, ledger, client, repush, log, cfg.auditIntervalMs);
  ledger.onChange = (sku) => pusher.noteChange(sku);
  book.onIngest = (outcome) => metrics.orders.inc({ outcome });
  gc.onCommit(() => {
    fetcher.wake();
    shipper.wake();
    desk.wake();
  });
  poller.onFound = () => fetcher.wake();
  return { pusher, fetcher, shipper, poller, audit, desk };
}

function assembleServices(p: Parts, defects: Defects, state: StartState): Services {
  return {
    defects,
    db: p.db,
    gc: p.gc,
    catalog: p.catalog,
    ledger: p.ledger,
    book: p.book,
    idem: new IdempotencyStore(p.db),
    receiver: p.receiver,
    metrics: p.metrics,
    readiness: () => {
      const checks = { db_open: p.db.open, catalog_mapped: state.mapped, webhooks_subscribed: state.subscribed };
      const ready = Object.values(checks).every(Boolean);
      return { ready, checks, ...(!ready && state.failure ? { start_error: state.failure } : {}), deauthorized_shops: p.catalog.access.deauthorized };
    },
  };
}

/** Listens on the configured address; the answer is the server's URL. */
async function listen(server: Server, cfg: StackConfig): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}

/**
 * Makes sure every seller's access token is fresh, maps the catalog from the platform, re-marks anything
 * the platform may not hold, starts the workers and subscribes every shop's webhook; retried with backoff until it works, the stack
 * is closed, or `startTimeoutMs` has passed (then it rejects).
 */
async function becomeReady(cfg: StackConfig, p: Parts, w: Workers, state: StartState, hookUrl: string, log: Logger): Promise<void> {
  const giveUpAt = Date.now() + cfg.startTimeoutMs;
  for (let attempt = 0; !state.closed; attempt++) {
    if (Date.now() > giveUpAt) throw new Error(`could not map the platform at ${cfg.tiktokUrl} within ${cfg.startTimeoutMs} ms`);
    try {
      await p.grants.start();
      const snap = await mapCatalog(p.client, () => p.grants.listShops(p.client));
      if (state.closed) break;
      p.catalog.replace(snap);
      state.mapped = true;
      // The platform lists only the shops that authorize the app: one recorded as deauthorized
      // and listed again was authorized while the stack was down. Unlisted ones stay recorded.
      for (const shop of snap.shops) if (p.catalog.access.restore(shop.shop_id)) log.info(`shop ${shop.shop_id} authorizes this app again`);
      p.db.transaction(() => p.ledger.markAllStale(Date.now()))();
      w.pusher.start();
      w.fetcher.start();
      w.shipper.start();
      w.desk.start();
      for (const shop of snap.shops) await subscribeWebhook(p.client, shop, hookUrl);
      state.subscribed = true;
      w.poller.start();
      w.audit.start();
      p.watch.start();
      log.info(`ready: ${snap.shops.length} shops (${p.catalog.access.deauthorized.length} deauthorized), ${p.catalog.skus.size} SKUs, ${p.catalog.warehouses.size} warehouses; webhooks -> ${hookUrl}`);
      return;
    } catch (e) {
      state.failure = startUpFailure(e, state.failure, Date.now());
      const wait = backoffMs(attempt, 250, 5000);
      log.warn(`start-up against ${cfg.tiktokUrl} failed (${(e as Error).message}); retrying in ${wait} ms`);
      await sleep(wait);
    }
  }
  throw new Error('stack closed before it was ready');
}

/**
 * A shop authorizes the app again: everything the ERP holds is pushed to it afresh (the platform
 * went on selling while the stack was not calling), its webhooks are subscribed again, and the
 * workers look at the work that waited for it (the poller's watermark finds the orders missed).
 */
function resumeShop(p: Parts, w: Workers, shop: Shop, hookUrl: string, log: Logger): void {
  const now = Date.now();
  p.db.transaction(() => {
    for (const sku of p.catalog.skus.keys()) for (const wh of p.catalog.warehouses.keys()) p.ledger.markStale(shop.shop_id, sku, wh, now);
  })();
  for (const sku of p.catalog.skus.keys()) w.pusher.noteChange(sku);
  w.fetcher.wake();
  w.shipper.wake();
  w.desk.wake();
  subscribeWebhook(p.client, shop, hookUrl).catch((e: Error) => log.warn(`subscribing the webhooks of shop ${shop.shop_id} again: ${e.message}`));
}

/**
 * Stops the server. Keep-alive peers (the platform's webhook sender) may start a request on an
 * open connection after close(): idle ones keep being closed, and everything is cut after a grace.
 */
function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    const grace = setTimeout(() => server.closeAllConnections(), 3000);
    server.once('close', () => {
      clearInterval(idle);
      clearTimeout(grace);
    });
  });
}
