/**
 * How unshipped orders are packed, before any label: split an order into several packages, find
 * packages that may share one parcel, combine them, and uncombine. All of it changes packages
 * only through the order book's `repack`, so line items, packages and orders stay consistent.
 *
 * The mock's rules (TikTok documents the calls, not every rule behind them):
 * - a split moves whole line items (a line item carries its quantity in the mock), each group
 *   into a new package; lines named in no group stay where they are. Only a pending
 *   (TO_FULFILL) package holding this order alone can be split: uncombine first.
 * - packages can be combined when each holds one whole, unshipped order of AWAITING_SHIPMENT,
 *   and the orders share shop, buyer and delivery address. The combined package keeps
 *   the id of the group's oldest package, which is the id Search Combinable Packages proposes.
 * - uncombine gives each order taken out its own new package; at least one order stays.
 */
import { TikTokError } from '../errors.ts';
import type { Order, Package, PlatformOrderBook } from './orders.ts';

export interface SplitAttributes {
  order_id: string;
  can_split: boolean;
  /** Why not, when `can_split` is false. */
  reason?: string;
}

export interface CombinableGroup {
  /** The package the others join (the oldest). */
  id: string;
  order_ids: string[];
  created_ms: number;
  updated_ms: number;
}

export class PackageArrangement {
  constructor(
    private readonly book: PlatformOrderBook,
    /** Catalog shop ids by shop index. */
    private readonly shopIds: readonly string[],
  ) {}

  splitAttributes(shopIndex: number, orderId: string): SplitAttributes {
    const o = this.order(shopIndex, orderId);
    const reason = this.whyNotSplit(o);
    return reason === undefined ? { order_id: o.id, can_split: true } : { order_id: o.id, can_split: false, reason };
  }

  /** Each group of line items of `orderId` into a new package; returns them by group id. */
  split(shopIndex: number, orderId: string, groups: readonly { id: string; lineIds: readonly string[] }[]): { groupId: string; pkg: Package }[] {
    const o = this.order(shopIndex, orderId);
    if (o.status !== 'AWAITING_SHIPMENT' && o.status !== 'PARTIALLY_SHIPPING') throw new TikTokError('INVALID_STATUS', `order ${o.id} is ${o.status}; only unshipped lines can be split`);
    const byId = new Map(o.line_items.map((li) => [li.id, li]));
    const seen = new Set<string>();
    for (const g of groups) {
      for (const id of g.lineIds) {
        const li = byId.get(id);
        if (li === undefined) throw new TikTokError('INVALID_PARAM', `splittable_groups: order ${o.id} has no line item ${id}`);
        if (seen.has(id)) throw new TikTokError('INVALID_PARAM', `splittable_groups: line item ${id} is in more than one group`);
        seen.add(id);
        const k = this.book.packages.get(li.package_id) as Package;
        if (k.status !== 'TO_FULFILL') throw new TikTokError('INVALID_STATUS', `line item ${id} is in package ${k.id}, which is ${k.status}`);
        if (k.order_ids.length > 1) throw new TikTokError('INVALID_STATUS', `line item ${id} is in combined package ${k.id}: uncombine it first`);
      }
    }
    const whole = groups.length === 1 ? this.book.packages.get(byId.get(groups[0]?.lineIds[0] as string)?.package_id as string) : undefined;
    if (whole !== undefined && whole.line_item_ids.length === seen.size && whole.line_item_ids.every((id) => seen.has(id))) {
      throw new TikTokError('INVALID_PARAM', `splittable_groups: one group holding all of package ${whole.id} splits nothing`);
    }
    const out = groups.map((g) => ({ groupId: g.id, pkg: this.book.repack([o], new Set(g.lineIds), 'SPLIT') }));
    for (const id of o.package_ids) (this.book.packages.get(id) as Package).tag = 'SPLIT';
    this.book.onPackages(o.package_ids.map((id) => this.book.packages.get(id) as Package), 'SELLER');
    return out;
  }

  /** Groups of two or more packages of the shop that may share one parcel, oldest package first. */
  combinable(shopIndex: number): CombinableGroup[] {
    const groups = new Map<string, Package[]>();
    for (const o of this.book.byShop[shopIndex] ?? []) {
      const k = this.wholePending(o);
      if (k === undefined) continue;
      const key = combineKey(o);
      const g = groups.get(key);
      if (g) g.push(k);
      else groups.set(key, [k]);
    }
    return [...groups.values()]
      .filter((g) => g.length > 1)
      .map((g) => ({ id: (g[0] as Package).id, order_ids: g.map((k) => k.order_ids[0] as string), created_ms: Math.min(...g.map((k) => k.created_ms)), updated_ms: Math.max(...g.map((k) => k.updated_ms)) }));
  }

  /** Combines the packages of `orderIds` into package `packageId` (one of them). */
  combine(shopIndex: number, packageId: string, orderIds: readonly string[]): Package {
    if (new Set(orderIds).size !== orderIds.length || orderIds.length < 2) throw new TikTokError('INVALID_PARAM', 'order_ids: two or more distinct orders are needed to combine');
    const orders = orderIds.map((id) => this.order(shopIndex, id));
    const pkgs = orders.map((o) => {
      const k = this.wholePending(o);
      if (k === undefined) throw new TikTokError('INVALID_STATUS', `order ${o.id} is ${o.status} and not one whole pending package; it cannot be combined`);
      return k;
    });
    this.checkSameParcel(orders);
    const into = pkgs.find((k) => k.id === packageId);
    if (into === undefined) throw new TikTokError('INVALID_PARAM', `package ${packageId} is not the package of any of orders ${orderIds.join(',')}`);
    const lines = new Set(orders.flatMap((o) => o.line_items.map((li) => li.id)));
    const pkg = this.book.repack(orders, lines, 'COMBINE', into);
    this.book.onPackages([pkg], 'SELLER');
    return pkg;
  }

  /** Takes `orderIds` out of combined package `packageId`, each into a new package of its own. */
  uncombine(shopIndex: number, packageId: string, orderIds: readonly string[]): Package[] {
    const pkg = this.book.packages.get(packageId);
    if (!pkg || pkg.shop_id !== this.shopIds[shopIndex]) throw new TikTokError('NOT_FOUND', `package ${packageId} does not exist in this shop`);
    if (pkg.status !== 'TO_FULFILL') throw new TikTokError('INVALID_STATUS', `package ${packageId} is ${pkg.status}; only a pending package can be uncombined`);
    const stray = orderIds.filter((id) => !pkg.order_ids.includes(id));
    if (stray.length > 0) throw new TikTokError('INVALID_PARAM', `order_ids: ${stray.join(',')} not in package ${packageId}`);
    if (new Set(orderIds).size !== orderIds.length) throw new TikTokError('INVALID_PARAM', 'order_ids has duplicates');
    if (orderIds.length >= pkg.order_ids.length) throw new TikTokError('INVALID_PARAM', `order_ids: at least one order must stay in package ${packageId}`);
    const out = orderIds.map((id) => {
      const o = this.book.get(id);
      return this.book.repack([o], new Set(o.line_items.filter((li) => li.package_id === pkg.id).map((li) => li.id)), 'DEFAULT');
    });
    this.book.onPackages([pkg, ...out], 'SELLER');
    return out;
  }

  /** Refuses orders that cannot share a parcel (another buyer or address). */
  checkSameParcel(orders: readonly Order[]): void {
    const key = combineKey(orders[0] as Order);
    const odd = orders.find((o) => combineKey(o) !== key);
    if (odd !== undefined) throw new TikTokError('INVALID_STATUS', `order ${odd.id} goes to another buyer or address than order ${orders[0]?.id}`);
  }

  private whyNotSplit(o: Order): string | undefined {
    if (o.status !== 'AWAITING_SHIPMENT' && o.status !== 'PARTIALLY_SHIPPING') return `Order is ${o.status}`;
    const splittable = o.package_ids.some((id) => {
      const k = this.book.packages.get(id) as Package;
      return k.status === 'TO_FULFILL' && k.order_ids.length === 1 && k.line_item_ids.length > 1;
    });
    return splittable ? undefined : 'No pending package of this order holds more than one line item';
  }

  /** The one pending package holding all of `o` and nothing else, if it is so. */
  private wholePending(o: Order): Package | undefined {
    if (o.status !== 'AWAITING_SHIPMENT' || o.package_ids.length !== 1) return undefined;
    const k = this.book.packages.get(o.package_ids[0] as string) as Package;
    return k.status === 'TO_FULFILL' && k.order_ids.length === 1 ? k : undefined;
  }

  private order(shopIndex: number, orderId: string): Order {
    const o = this.book.orders.get(orderId);
    if (!o || o.shop_index !== shopIndex) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist in this shop`);
    return o;
  }
}

/**
 * Orders with the same key may share a parcel: one buyer, one address. The warehouse is left out:
 * the mock commits stock wherever it is, so two orders of one buyer may well draw on two.
 */
function combineKey(o: Order): string {
  return `${o.buyer_id}\u0000${o.buyer_region}`;
}
