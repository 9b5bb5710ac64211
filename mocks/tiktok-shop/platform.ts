/**
 * The platform's state and behaviours in one object, built from resolved options: catalog
 * (and the seller's writes to it), inventory, orders, fulfillment, tokens, the rate limiter,
 * the fault injector and the webhook dispatcher. Routes receive it through `Call`; nothing here
 * knows about HTTP.
 */
import type { ResolvedOptions } from './options.ts';
import type { Params } from '../../lib/http/router.ts';
import type { Query } from './http-io.ts';
import { buildCatalog, type SeededCatalog, type Shop } from './state/catalog.ts';
import { Inventory } from './state/inventory.ts';
import { PlatformOrderBook, type Order, type Package, type PackageRole } from './state/orders.ts';
import { Fulfillment } from './state/fulfillment.ts';
import { PackageArrangement } from './state/package-arrangement.ts';
import { Listings } from './state/listings.ts';
import { ProductStore } from './state/product-store.ts';
import { GlobalProducts } from './state/global-products.ts';
import { Backorders } from './state/backorders.ts';
import { Aftersales, type Cancellation, type ReturnRequest } from './state/aftersales.ts';
import { TokenStore } from './protocol/tokens.ts';
import { Sellers } from './state/sellers.ts';
import { localAmount, type Market } from './state/markets.ts';
import { CallStats } from './stats.ts';
import { RateLimiter, type RateLimitConfig } from './rate-limit/rate-limiter.ts';
import { RetryAfterWatch } from './rate-limit/retry-after-watch.ts';
import { CallsPerSecond } from './rate-limit/calls-per-second.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { AuthorizationWarnings } from './webhooks/authorization-warnings.ts';
import { WebhookDispatcher, type PlatformEvent } from './webhooks/webhook-dispatcher.ts';

/** What a route handler receives. */
export interface Call {
  readonly params: Params;
  readonly query: Query;
  /** Raw body (UTF-8); routes parse it with validate.ts. */
  readonly body: string;
  /** Shop index resolved from shop_cipher; -1 for seller-scoped and control calls. */
  readonly shop: number;
  /** Index of the access token's seller; -1 for token and control calls. */
  readonly seller: number;
  readonly platform: Platform;
  /** Aborted when the client goes away (long-polls stop waiting). */
  readonly signal: AbortSignal;
}

/**
 * `api`: TikTok Open API (signed, token, cipher, rate limit, faults).
 * `token`: /api/v2/token/* (authenticated by app_key + app_secret in the query, not signed).
 * `control`: /__mock/* (no auth, no faults).
 */
export type RouteKind = 'api' | 'token' | 'control';

export interface RouteDef {
  kind: RouteKind;
  handle: (c: Call) => unknown;
}

export class Platform {
  readonly catalog: SeededCatalog;
  readonly inventory: Inventory;
  readonly products: ProductStore;
  readonly globalProducts: GlobalProducts;
  readonly backorders = new Backorders();
  readonly orders: PlatformOrderBook;
  readonly listings: Listings;
  readonly fulfillment: Fulfillment;
  readonly arrangement: PackageArrangement;
  readonly aftersales: Aftersales;
  readonly tokens: TokenStore;
  readonly sellers: Sellers;
  readonly stats = new CallStats();
  readonly limiter: RateLimiter;
  /** Calls made inside the Retry-After of an earlier 429 (the connector's backoff, judged). */
  readonly retryAfter = new RetryAfterWatch();
  /** Each shop's calls per endpoint in 1-second windows (its rate, judged against the limit). */
  readonly callsPerSecond = new CallsPerSecond();
  readonly faults: FaultInjector;
  readonly webhooks: WebhookDispatcher;
  /** Webhook 7 ahead of each seller's authorization end, on the platform's own schedule. */
  readonly authorizationWarnings: AuthorizationWarnings;
  readonly now: () => number;
  private limits: RateLimitConfig;

  constructor(readonly options: ResolvedOptions) {
    this.now = options.now;
    const shopRegions = options.sellers?.flatMap((s) => s.shops);
    this.catalog = buildCatalog({ seed: options.seed, shops: options.shops, skus: options.skus, warehouses: options.warehouses, shopRegions });
    this.inventory = new Inventory(this.catalog, this.now);
    this.products = new ProductStore(this.catalog, this.inventory, this.now);
    this.globalProducts = new GlobalProducts(this.now);
    this.listings = new Listings(this.now, (shop, sku) => localAmount(sku.price.amount, this.marketOf(shop)));
    this.orders = new PlatformOrderBook(this.catalog, this.inventory, this.now, (o) => this.publish(o), this.listings, (k, role) => this.publishPackages(k, role));
    this.fulfillment = new Fulfillment(this.orders, this.inventory, this.now, this.catalog.shops.map((s) => s.id));
    this.arrangement = new PackageArrangement(this.orders, this.catalog.shops.map((s) => s.id));
    this.aftersales = new Aftersales(this.orders, this.now, {
      cancellation: (c) => this.emit(cancellationEvent(this.shopIdOf(c.shop_index), c)),
      return: (r) => this.emit(returnEvent(this.shopIdOf(r.shop_index), r)),
    });
    this.sellers = new Sellers(sellerSpecs(options, this.catalog.shops), options.tokenLifetimes.refreshTokenS * 1000, this.now);
    this.tokens = new TokenStore(options.tokenLifetimes, this.now, this.sellers.list, options.accessToken);
    const { authorizationWarningS, authorizationWarningRepeatS } = options.tokenLifetimes;
    this.authorizationWarnings = new AuthorizationWarnings(
      { leadMs: authorizationWarningS * 1000, everyMs: authorizationWarningRepeatS * 1000 },
      this.now,
      (seller) => this.sellers.authorizationEnds(seller),
      (seller) => void this.warnAuthorizationExpiring(seller),
    );
    for (const s of this.sellers.list) this.authorizationWarnings.arm(s.index);
    this.limits = options.rateLimit;
    this.limiter = new RateLimiter(options.rateLimit);
    this.faults = new FaultInjector(options.seed);
    if (options.faults !== undefined) {
      const problems = this.faults.configure(options.faults, this.now());
      if (problems.length > 0) throw new Error(`invalid fault spec:\n  ${problems.join('\n  ')}`);
    }
    this.webhooks = new WebhookDispatcher({
      appKey: options.appKey,
      appSecret: options.appSecret,
      faults: this.faults,
      ...options.webhook,
    });
  }

  /** The rate-limit config in force. */
  get rateLimit(): RateLimitConfig {
    return this.limits;
  }

  /** Replaces the rate limits at run time (validated by the caller). */
  setRateLimit(config: RateLimitConfig): void {
    this.limiter.configure(config);
    this.limits = config;
  }

  /** ORDER_STATUS_CHANGE for every status change; the dispatcher never blocks us. */
  private publish(o: Order): void {
    if (!this.sellers.isAuthorized(o.shop_index)) return; // see emit
    this.webhooks.publish({ shopId: o.shop_id, orderId: o.id, status: o.status, updateTime: Math.floor(o.updated_ms / 1000) });
  }

  /**
   * PACKAGE_UPDATE for packages created, split, combined, shipped or moved, one notification per
   * shop. Order placement creates a package per order: the event is built only for a shop that
   * subscribed, so the hot path pays nothing otherwise.
   */
  private publishPackages(pkgs: readonly Package[], role: PackageRole): void {
    const first = pkgs[0];
    if (first === undefined || this.webhooks.subscription(first.shop_id, 'PACKAGE_UPDATE') === undefined) return;
    this.emit(packageEvent(first.shop_id, pkgs, role, this.now()));
  }

  /**
   * Publishes any event to its subscribers (never blocks). A shop the app is no longer
   * authorized for tells the app nothing more than that (SELLER_DEAUTHORIZATION): its orders go
   * on without the app.
   */
  emit(event: PlatformEvent): void {
    if (event.eventType !== 'SELLER_DEAUTHORIZATION' && !this.sellers.isAuthorized(this.catalog.shopIndex.get(event.shopId) ?? -1)) return;
    this.webhooks.publish(event);
  }

  /** The shop's country site: currency, time zone, amount format. */
  marketOf(shopIndex: number): Market {
    return (this.catalog.shops[shopIndex] as Shop).market;
  }

  shopIdOf(shopIndex: number): string {
    return (this.catalog.shops[shopIndex] as { id: string }).id;
  }

  /**
   * The app stops being authorized for these shops (the app's DeauthorizeShop, or the seller
   * revoking it): each shop's SELLER_DEAUTHORIZATION subscriber is told.
   */
  deauthorized(shops: readonly number[], message: string): void {
    for (const shop of shops) this.emit({ shopId: this.shopIdOf(shop), eventType: 'SELLER_DEAUTHORIZATION', data: { message } });
  }

  /** UPCOMING_AUTHORIZATION_EXPIRATION to every authorized shop of the seller; answers those shops. */
  warnAuthorizationExpiring(seller: number): number[] {
    const ends = sec(this.sellers.authorizationEnds(seller));
    const shops = this.sellers.authorizedShops(seller);
    const message = `The authorization of this app expires at ${new Date(ends * 1000).toISOString()}; the seller must authorize it again`;
    for (const shop of shops) this.emit({ shopId: this.shopIdOf(shop), eventType: 'UPCOMING_AUTHORIZATION_EXPIRATION', data: { message, expiration_time: ends } });
    return shops;
  }

  /**
   * Back to the seeded state: the seeded catalog (created products, global products and edits
   * gone), inventory 0, no orders, no history, no stats, no pending webhooks.
   * Credentials, webhook subscriptions, the fault spec and rate limits are kept as configured:
   * they are settings, not state (the fault streams restart, so a run after reset replays).
   */
  reset(): void {
    this.products.reset();
    this.globalProducts.reset();
    this.backorders.reset();
    this.inventory.reset();
    this.orders.reset();
    this.fulfillment.reset();
    this.aftersales.reset();
    this.listings.reset();
    this.stats.reset();
    this.retryAfter.reset();
    this.callsPerSecond.reset();
    this.webhooks.reset();
    this.faults.reset(this.now());
  }

  /** The seller authorized the app again (an auth code exchanged): every shop back, a new period. */
  authorizedAgain(seller: number): void {
    this.sellers.reauthorize(seller);
    this.authorizationWarnings.renewed(seller);
  }

  async close(): Promise<void> {
    this.authorizationWarnings.close();
    this.inventory.waiters.closeAll();
    this.orders.waiters.closeAll();
    await this.webhooks.close();
  }
}

const sec = (ms: number): number => Math.floor(ms / 1000);

/**
 * Who owns which shops: the configured sellers, or one seller owning every shop (named after
 * its first shop, in the US) when none are configured.
 */
function sellerSpecs(o: ResolvedOptions, shops: readonly Shop[]): { name: string; baseRegion: string; shops: number }[] {
  if (o.sellers === undefined) return [{ name: shops[0]?.name ?? 'seller', baseRegion: 'US', shops: shops.length }];
  return o.sellers.map((s, i) => ({ name: s.name ?? `Seller ${i + 1}`, baseRegion: s.shops[0] as string, shops: s.shops.length }));
}

/** Webhook 11, CANCELLATION_STATUS_CHANGE. */
function cancellationEvent(shopId: string, c: Cancellation): PlatformEvent {
  return {
    shopId,
    eventType: 'CANCELLATION_STATUS_CHANGE',
    data: { order_id: c.order_id, cancel_id: c.id, cancellations_role: c.role, cancel_status: c.status, create_time: sec(c.created_ms) },
  };
}

/** Webhook 12, RETURN_STATUS_CHANGE. */
function returnEvent(shopId: string, r: ReturnRequest): PlatformEvent {
  return {
    shopId,
    eventType: 'RETURN_STATUS_CHANGE',
    data: {
      order_id: r.order_id,
      return_id: r.id,
      return_role: r.role,
      return_type: r.type,
      return_status: r.status,
      create_time: sec(r.created_ms),
      update_time: sec(r.updated_ms),
    },
  };
}

/**
 * Webhook 4, PACKAGE_UPDATE. `sc_type` is the packages' split/combine state as package detail's
 * `split_and_combine_tag` names it (DEFAULT, SPLIT, COMBINE: COMBINE when any package is combined,
 * else SPLIT when any is split); `role_type` is who changed them (SELLER, BUYER or SYSTEM).
 */
function packageEvent(shopId: string, pkgs: readonly Package[], role: PackageRole, nowMs: number): PlatformEvent {
  const tags = new Set(pkgs.map((k) => k.tag));
  return {
    shopId,
    eventType: 'PACKAGE_UPDATE',
    data: {
      sc_type: tags.has('COMBINE') ? 'COMBINE' : tags.has('SPLIT') ? 'SPLIT' : 'DEFAULT',
      role_type: role,
      package_list: pkgs.map((k) => ({ package_id: k.id, order_id_list: [...k.order_ids] })),
      update_time: sec(nowMs),
    },
  };
}
