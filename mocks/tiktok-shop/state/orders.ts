/**
 * Orders and packages as the platform holds them: placement (check stock, commit), cancel
 * (release), the carrier's moves (IN_TRANSIT, DELIVERED), and the order-status long-poll.
 * Shipping lives in fulfillment.ts; both change orders only through this book so every status
 * change is stamped, published (webhook) and wakes waiters in one place.
 */
import type { SeededCatalog } from './catalog.ts';
import type { Listings } from './listings.ts';
import type { CommitPart, Inventory } from './inventory.ts';
import { Waiters, type WaitResult } from './waiters.ts';
import { TikTokError } from '../errors.ts';

export const ORDER_STATUSES = [
  'UNPAID', 'ON_HOLD', 'AWAITING_SHIPMENT', 'PARTIALLY_SHIPPING', 'AWAITING_COLLECTION',
  'IN_TRANSIT', 'DELIVERED', 'COMPLETED', 'CANCELLED',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type PackageStatus = 'TO_FULFILL' | 'PROCESSING' | 'FULFILLING' | 'COMPLETED' | 'CANCELLED';
/** How a package came to be, as package detail's `split_and_combine_tag` says. */
export type PackageTag = 'DEFAULT' | 'SPLIT' | 'COMBINE';
/** Who changed a package (PACKAGE_UPDATE's `role_type`). */
export type PackageRole = 'SELLER' | 'BUYER' | 'SYSTEM';

/** Forward progress of an order; a wait for status S is reached at S or any later rank. */
const RANK: Partial<Record<OrderStatus, number>> = {
  UNPAID: 0, ON_HOLD: 0, AWAITING_SHIPMENT: 1, PARTIALLY_SHIPPING: 2, AWAITING_COLLECTION: 3,
  IN_TRANSIT: 4, DELIVERED: 5, COMPLETED: 6,
};

export interface LineItem {
  id: string;
  sku_id: string;
  product_id: string;
  seller_sku: string;
  product_name: string;
  sku_index: number;
  quantity: number;
  /** The unit price in force when the order was placed. */
  price: string;
  /** Where the platform committed the stock (usually one warehouse). */
  commits: CommitPart[];
  package_id: string;
  shipped: boolean;
}

export interface Order {
  id: string;
  shop_id: string;
  shop_index: number;
  status: OrderStatus;
  /** Orders of one buyer to one address from one warehouse can share a package (combine). */
  buyer_id: string;
  buyer_region: string;
  created_ms: number;
  updated_ms: number;
  line_items: LineItem[];
  package_ids: string[];
  /** When the integration first received this order (a search or detail answer): its pick-up, as the platform sees it. */
  first_read_ms?: number;
}

export interface Package {
  id: string;
  /** Usually one order; several once combined. */
  order_ids: string[];
  shop_id: string;
  status: PackageStatus;
  tag: PackageTag;
  line_item_ids: string[];
  tracking_number: string | undefined;
  shipping_provider_id: string | undefined;
  shipped_ms: number | undefined;
  /** When the carrier collected it (IN_TRANSIT) and delivered it: the tracking events. */
  collected_ms?: number;
  delivered_ms?: number;
  /** What the seller declared when buying a label (create packages). */
  parcel?: Parcel;
  created_ms: number;
  updated_ms: number;
}

export interface Parcel {
  dimension: { length: string; width: string; height: string; unit: string } | undefined;
  weight: { value: string; unit: string } | undefined;
}

export interface PlaceLine {
  sku_index: number;
  quantity: number;
}

export type PlaceResult =
  | { accepted: true; order: Order }
  | { accepted: false; reason: 'sold_out' | 'not_for_sale'; sku_id: string; requested: number; available: number };

export type StatusListener = (order: Order) => void;
/** A change of packages (created, split, combined, shipped, moved by the carrier): webhook 4. */
export type PackageListener = (packages: readonly Package[], role: PackageRole) => void;

export class PlatformOrderBook {
  readonly orders = new Map<string, Order>();
  readonly packages = new Map<string, Package>();
  /** The order of each line item (Create Packages 202512 names lines without their order). */
  readonly lineOrders = new Map<string, Order>();
  /** Orders of each shop in creation order: search scans one shop, never the whole book. */
  byShop: Order[][];
  readonly waiters = new Waiters<string, OrderStatus>();
  /** Buyer attempts since the last reset: accepted, and refused as sold out. */
  accepted = 0;
  refusedSoldOut = 0;
  private seq = 0;

  constructor(
    private readonly catalog: SeededCatalog,
    private readonly inventory: Inventory,
    private readonly now: () => number,
    private readonly onStatus: StatusListener,
    private readonly listings: Listings,
    readonly onPackages: PackageListener,
  ) {
    this.byShop = catalog.shops.map(() => []);
  }

  nextId(prefix: string): string {
    this.seq++;
    return prefix + String(this.seq).padStart(14, '0');
  }

  /**
   * The buyer places an order: every line is checked against the shop's total available
   * (same SKU on several lines adds up) before anything is committed, so a refused order
   * changes nothing.
   */
  place(shopIndex: number, lines: readonly PlaceLine[], buyerRegion: string, buyerId?: string): PlaceResult {
    const need = new Map<number, number>();
    for (const l of lines) need.set(l.sku_index, (need.get(l.sku_index) ?? 0) + l.quantity);
    for (const [sku, q] of need) {
      const available = this.inventory.totalAvailable(shopIndex, sku);
      const s = this.catalog.skus[sku] as SeededCatalog['skus'][number];
      if (!this.listings.forSale(shopIndex, this.catalog.productById.get(s.product_id) as SeededCatalog['products'][number])) {
        return { accepted: false, reason: 'not_for_sale', sku_id: s.id, requested: q, available };
      }
      if (available < q) {
        this.refusedSoldOut++;
        return { accepted: false, reason: 'sold_out', sku_id: (this.catalog.skus[sku] as { id: string }).id, requested: q, available };
      }
    }
    const t = this.now();
    const shop = this.catalog.shops[shopIndex] as { id: string };
    const id = this.nextId('576');
    const order: Order = {
      id,
      shop_id: shop.id,
      shop_index: shopIndex,
      status: 'AWAITING_SHIPMENT',
      buyer_id: buyerId ?? `buyer-${id.slice(-6)}`,
      buyer_region: buyerRegion,
      created_ms: t,
      updated_ms: t,
      line_items: [],
      package_ids: [],
    };
    const pkg = this.newPackage([order], 'DEFAULT');
    for (const l of lines) {
      const sku = this.catalog.skus[l.sku_index] as SeededCatalog['skus'][number];
      const product = this.catalog.productById.get(sku.product_id) as SeededCatalog['products'][number];
      const commits = this.inventory.commit(shopIndex, l.sku_index, l.quantity) as CommitPart[];
      const item: LineItem = {
        id: this.nextId('577'),
        sku_id: sku.id,
        product_id: sku.product_id,
        seller_sku: sku.seller_sku,
        product_name: product.title,
        sku_index: l.sku_index,
        quantity: l.quantity,
        price: this.listings.priceOf(shopIndex, sku),
        commits,
        package_id: pkg.id,
        shipped: false,
      };
      order.line_items.push(item);
      this.lineOrders.set(item.id, order);
      pkg.line_item_ids.push(item.id);
    }
    order.package_ids.push(pkg.id);
    this.orders.set(order.id, order);
    (this.byShop[shopIndex] as Order[]).push(order);
    this.accepted++;
    this.onStatus(order);
    this.onPackages([pkg], 'SYSTEM');
    this.waiters.notify(order.id);
    return { accepted: true, order };
  }

  /** An empty TO_FULFILL package of `orders`, in the book. */
  newPackage(orders: readonly Order[], tag: PackageTag): Package {
    const t = this.now();
    const pkg: Package = {
      id: this.nextId('115'),
      order_ids: orders.map((o) => o.id),
      shop_id: (orders[0] as Order).shop_id,
      status: 'TO_FULFILL',
      tag,
      line_item_ids: [],
      tracking_number: undefined,
      shipping_provider_id: undefined,
      shipped_ms: undefined,
      created_ms: t,
      updated_ms: t,
    };
    this.packages.set(pkg.id, pkg);
    return pkg;
  }

  /**
   * Moves line items `lineIds` of `orders` into `into` (default: a new package), tagged `tag`.
   * A package they leave empty is gone (it became the new one); a package keeps only the orders
   * that still have lines in it (one left: no longer COMBINE), and each order lists exactly the
   * packages holding its lines.
   */
  repack(orders: readonly Order[], lineIds: ReadonlySet<string>, tag: PackageTag, into?: Package): Package {
    const pkg = into ?? this.newPackage(orders, tag);
    const left = new Set<Package>();
    for (const o of orders) {
      for (const li of o.line_items) {
        if (!lineIds.has(li.id) || li.package_id === pkg.id) continue;
        const old = this.packages.get(li.package_id) as Package;
        old.line_item_ids = old.line_item_ids.filter((id) => id !== li.id);
        left.add(old);
        li.package_id = pkg.id;
        pkg.line_item_ids.push(li.id);
      }
    }
    pkg.tag = tag;
    pkg.updated_ms = Math.max(pkg.updated_ms, this.now());
    const touched = new Set<Order>(orders);
    for (const old of left) {
      for (const id of old.order_ids) touched.add(this.get(id));
      if (old.line_item_ids.length === 0) this.packages.delete(old.id);
      else old.updated_ms = pkg.updated_ms;
    }
    for (const o of touched) o.package_ids = [...new Set(o.line_items.map((li) => li.package_id))];
    for (const k of [pkg, ...left]) {
      k.order_ids = [...touched].filter((o) => o.package_ids.includes(k.id)).map((o) => o.id);
      // A package that held several orders and now holds one is combined no more.
      if (k.tag === 'COMBINE' && k.order_ids.length === 1) k.tag = 'DEFAULT';
    }
    return pkg;
  }

  get(orderId: string): Order {
    const o = this.orders.get(orderId);
    if (!o) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist`);
    return o;
  }

  /** The order is cancelled before shipment (by `role`): committed stock goes back to available. */
  cancel(orderId: string, role: PackageRole = 'BUYER'): Order {
    const o = this.get(orderId);
    if (o.status !== 'AWAITING_SHIPMENT') {
      throw new TikTokError('INVALID_STATUS', `order ${orderId} is ${o.status}; only AWAITING_SHIPMENT orders can be cancelled`);
    }
    for (const li of o.line_items) this.inventory.release(o.shop_index, li.sku_index, li.commits);
    // A package shared with other orders goes on without this order's lines.
    const shared = o.package_ids.filter((id) => (this.packages.get(id) as Package).order_ids.length > 1);
    if (shared.length > 0) this.repack([o], new Set(o.line_items.filter((li) => shared.includes(li.package_id)).map((li) => li.id)), 'DEFAULT');
    const pkgs = o.package_ids.map((id) => this.packages.get(id) as Package);
    for (const p of pkgs) {
      p.status = 'CANCELLED';
      p.updated_ms = this.now();
    }
    this.setStatus(o, 'CANCELLED');
    this.onPackages(pkgs, role);
    return o;
  }

  /** The carrier's scans of an order's packages: AWAITING_COLLECTION -> IN_TRANSIT -> DELIVERED. */
  advance(orderId: string, status: string): Order {
    const o = this.get(orderId);
    const from: Partial<Record<string, OrderStatus>> = { IN_TRANSIT: 'AWAITING_COLLECTION', DELIVERED: 'IN_TRANSIT' };
    const need = from[status];
    if (need === undefined) throw new TikTokError('INVALID_PARAM', `status must be IN_TRANSIT or DELIVERED, got ${JSON.stringify(status)}`);
    if (o.status !== need) throw new TikTokError('INVALID_STATUS', `order ${orderId} is ${o.status}; ${status} needs ${need}`);
    const pkgStatus: PackageStatus = status === 'IN_TRANSIT' ? 'FULFILLING' : 'COMPLETED';
    const moved = o.package_ids.map((id) => this.packages.get(id) as Package).filter((p) => p.status !== 'CANCELLED');
    for (const p of moved) {
      p.status = pkgStatus;
      p.updated_ms = this.now();
      if (status === 'IN_TRANSIT') p.collected_ms = p.updated_ms;
      else p.delivered_ms = p.updated_ms;
    }
    this.setStatus(o, status as OrderStatus);
    // The other orders of a combined parcel move with it once none of their packages lags behind.
    const caughtUp = (x: Order) => x.package_ids.every((id) => [pkgStatus, 'CANCELLED'].includes((this.packages.get(id) as Package).status));
    for (const other of new Set(moved.flatMap((p) => p.order_ids))) {
      const x = this.get(other);
      if (x !== o && x.status === need && caughtUp(x)) this.setStatus(x, status as OrderStatus);
    }
    this.onPackages(moved, 'SYSTEM');
    return o;
  }

  /** Stamps, publishes and wakes: the one way an order's status changes after placement. */
  setStatus(o: Order, status: OrderStatus): void {
    o.status = status;
    o.updated_ms = Math.max(o.updated_ms, this.now());
    this.onStatus(o);
    this.waiters.notify(o.id);
  }

  /** Long-poll until the order is at `status` (or past it, for forward statuses). */
  waitFor(orderId: string, status: OrderStatus, timeoutMs: number, signal?: AbortSignal): Promise<WaitResult<OrderStatus>> {
    const o = this.get(orderId);
    const target = RANK[status];
    return this.waiters.wait(
      orderId,
      timeoutMs,
      () => {
        const rank = RANK[o.status];
        const reached = o.status === status || (target !== undefined && rank !== undefined && rank >= target);
        return { reached, value: o.status };
      },
      signal,
    );
  }

  reset(): void {
    this.orders.clear();
    this.packages.clear();
    this.lineOrders.clear();
    this.byShop = this.catalog.shops.map(() => []);
    this.accepted = 0;
    this.refusedSoldOut = 0;
    this.waiters.closeAll();
  }
}
