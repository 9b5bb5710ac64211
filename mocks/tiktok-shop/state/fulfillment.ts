/**
 * Shipping on the platform side: mark package shipped (the seller's own carrier and tracking)
 * and ship package (single). A second shipment of what is already shipped is refused and
 * counted, because a duplicate shipment is an accuracy failure the harness checks.
 */
import { SHIPPING_PROVIDERS } from './catalog.ts';
import type { Inventory } from './inventory.ts';
import type { LineItem, Order, Parcel, PlatformOrderBook, Package } from './orders.ts';
import type { ShippingService } from './shipping-services.ts';
import { TikTokError } from '../errors.ts';

export interface Shipment {
  tracking_number: string;
  shipping_provider_id: string;
}

const TRACKING = /^[A-Za-z0-9-]{4,64}$/;
const PROVIDERS = new Set(SHIPPING_PROVIDERS.map((p) => p.id));

export class Fulfillment {
  /** Refused second shipments of already shipped orders, line items or packages. */
  duplicateShipments = 0;
  private trackingSeq = 0;

  constructor(
    private readonly book: PlatformOrderBook,
    private readonly inventory: Inventory,
    private readonly now: () => number,
    /** Catalog shop ids by shop index. */
    private readonly shopIds: readonly string[],
  ) {}

  /** Checks a carrier + tracking pair; throws naming what is wrong. */
  static checkShipment(s: Shipment): void {
    if (!TRACKING.test(s.tracking_number)) {
      throw new TikTokError('INVALID_PARAM', `tracking_number must be 4-64 letters, digits or "-", got ${JSON.stringify(s.tracking_number)}`);
    }
    if (!PROVIDERS.has(s.shipping_provider_id)) {
      throw new TikTokError('INVALID_PARAM', `shipping_provider_id ${JSON.stringify(s.shipping_provider_id)} is not a provider of this platform`);
    }
  }

  /**
   * Mark package as shipped for an order of shop `shopIndex`: the given line items (default:
   * every unshipped one) go into a shipped package. When they are exactly a pending package's
   * items, that package is the one shipped; otherwise they are split off into a new one.
   */
  markShipped(shopIndex: number, orderId: string, s: Shipment, lineItemIds?: readonly string[]): { order: Order; pkg: Package } {
    const o = this.shopOrder(shopIndex, orderId);
    Fulfillment.checkShipment(s);
    const pkg = this.packageFor([o], this.unshippedLines(o, lineItemIds));
    this.shipPackageOf(pkg, s);
    return { order: o, pkg };
  }

  /**
   * The line items of `o` to ship: the given ones (each of the order, none twice, none shipped)
   * or, by default, every unshipped one. Shipping what is shipped is refused and counted.
   */
  unshippedLines(o: Order, lineItemIds?: readonly string[]): Set<string> {
    if (o.status === 'CANCELLED') throw new TikTokError('INVALID_STATUS', `order ${o.id} is CANCELLED`);
    let items = o.line_items.filter((li) => !li.shipped);
    if (lineItemIds !== undefined) {
      const wanted = new Set(lineItemIds);
      if (wanted.size !== lineItemIds.length) throw new TikTokError('INVALID_PARAM', 'order_line_item_ids has duplicates');
      const known = new Set(o.line_items.map((li) => li.id));
      const unknown = lineItemIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new TikTokError('INVALID_PARAM', `order ${o.id} has no line items ${unknown.join(',')}`);
      const again = o.line_items.filter((li) => wanted.has(li.id) && li.shipped);
      if (again.length > 0) {
        this.duplicateShipments++;
        throw new TikTokError('ALREADY_SHIPPED', `line items ${again.map((li) => li.id).join(',')} of order ${o.id} are already shipped`);
      }
      items = o.line_items.filter((li) => wanted.has(li.id));
    }
    if (items.length === 0) {
      this.duplicateShipments++;
      throw new TikTokError('ALREADY_SHIPPED', `order ${o.id} is already shipped (${o.status})`);
    }
    return new Set(items.map((li) => li.id));
  }

  /**
   * The pending package holding exactly line items `ids` of `orders`, or a new one they are
   * split off (one order) or combined (several) into.
   */
  packageFor(orders: readonly Order[], ids: ReadonlySet<string>): Package {
    const first = (orders[0] as Order).line_items.find((li) => ids.has(li.id)) as LineItem;
    const pending = this.book.packages.get(first.package_id) as Package;
    if (pending.status === 'TO_FULFILL' && pending.line_item_ids.length === ids.size && pending.line_item_ids.every((id) => ids.has(id))) return pending;
    return this.book.repack(orders, ids, orders.length > 1 ? 'COMBINE' : 'SPLIT');
  }

  /** Ship package: a pending package leaves with the given or a platform-issued tracking number. */
  shipPackage(shopIndex: number, packageId: string, s?: Shipment): Package {
    const pkg = this.book.packages.get(packageId);
    if (!pkg || pkg.shop_id !== this.shopIds[shopIndex]) throw new TikTokError('NOT_FOUND', `package ${packageId} does not exist in this shop`);
    if (s) Fulfillment.checkShipment(s);
    if (pkg.status === 'CANCELLED') throw new TikTokError('INVALID_STATUS', `package ${packageId} is cancelled`);
    if (pkg.status !== 'TO_FULFILL') {
      this.duplicateShipments++;
      throw new TikTokError('ALREADY_SHIPPED', `package ${packageId} is already shipped (${pkg.status})`);
    }
    this.shipPackageOf(pkg, s ?? this.label((SHIPPING_PROVIDERS[0] as { id: string }).id));
    return pkg;
  }

  /** A label the platform issues: its own tracking number with carrier `providerId`. */
  label(providerId: string): Shipment {
    return { tracking_number: `TT${String(++this.trackingSeq).padStart(12, '0')}`, shipping_provider_id: providerId };
  }

  /** Create Packages: the lines go into one package (found or formed) that leaves at once with a label of `service`. */
  buyLabel(orders: readonly Order[], lineIds: ReadonlySet<string>, service: ShippingService, parcel: Parcel): Package {
    const pkg = this.packageFor(orders, lineIds);
    pkg.parcel = parcel;
    this.shipPackageOf(pkg, this.label(service.shipping_provider_id));
    return pkg;
  }

  /**
   * A warehouse confirms it shipped package `packageId` (supply_chain packages sync). The SKUs
   * it reports, when it reports them, must be the package's; the same confirmation twice is
   * accepted, a different shipment of a shipped package is refused and counted.
   */
  confirmShipment(shopIndex: number, packageId: string, s: Shipment, skus?: readonly { id: string; quantity: number }[]): void {
    Fulfillment.checkShipment(s);
    const pkg = this.book.packages.get(packageId);
    if (!pkg || pkg.shop_id !== this.shopIds[shopIndex]) throw new TikTokError('NOT_FOUND', `package ${packageId} does not exist in this shop`);
    if (skus !== undefined) {
      const want = skuCounts(skus);
      const have = skuCounts(this.linesOf(pkg).map((li) => ({ id: li.sku_id, quantity: li.quantity })));
      if (want !== have) throw new TikTokError('INVALID_PARAM', `skus of package ${packageId} are ${have}, not ${want}`);
    }
    if (pkg.status === 'CANCELLED') throw new TikTokError('INVALID_STATUS', `package ${packageId} is cancelled`);
    if (pkg.status === 'TO_FULFILL') return this.shipPackageOf(pkg, s);
    if (pkg.tracking_number === s.tracking_number && pkg.shipping_provider_id === s.shipping_provider_id) return;
    this.duplicateShipments++;
    throw new TikTokError('ALREADY_SHIPPED', `package ${packageId} is already shipped with tracking number ${pkg.tracking_number}`);
  }

  /** The line items a package holds (of every order in it). */
  linesOf(pkg: Package): LineItem[] {
    const ids = new Set(pkg.line_item_ids);
    return pkg.order_ids.flatMap((id) => this.book.get(id).line_items.filter((li) => ids.has(li.id)));
  }

  /** Corrects the carrier and tracking number of a shipped package that has not been delivered. */
  updateShippingInfo(shopIndex: number, packageId: string, s: Shipment): Package {
    Fulfillment.checkShipment(s);
    const pkg = this.book.packages.get(packageId);
    if (!pkg || pkg.shop_id !== this.shopIds[shopIndex]) throw new TikTokError('NOT_FOUND', `package ${packageId} does not exist in this shop`);
    if (pkg.status !== 'PROCESSING' && pkg.status !== 'FULFILLING') {
      throw new TikTokError('INVALID_STATUS', `package ${packageId} is ${pkg.status}; shipping info can change while PROCESSING or FULFILLING`);
    }
    pkg.tracking_number = s.tracking_number;
    pkg.shipping_provider_id = s.shipping_provider_id;
    pkg.updated_ms = Math.max(pkg.updated_ms, this.now());
    return pkg;
  }

  /** The one shipped package of an order (the order-level shipping-info update needs exactly one). */
  shippedPackageOf(shopIndex: number, orderId: string): Package {
    const o = this.shopOrder(shopIndex, orderId);
    const shipped = o.package_ids.map((id) => this.book.packages.get(id) as Package).filter((k) => k.tracking_number !== undefined);
    if (shipped.length !== 1) {
      throw new TikTokError('INVALID_STATUS', `order ${orderId} has ${shipped.length} shipped packages; update the package's shipping info instead`);
    }
    return shipped[0] as Package;
  }

  reset(): void {
    this.duplicateShipments = 0;
  }

  /** The package leaves with shipment `s`: its lines are shipped (committed stock leaves), each of its orders moves on. */
  shipPackageOf(pkg: Package, s: Shipment): void {
    const t = this.now();
    pkg.status = 'PROCESSING';
    pkg.tracking_number = s.tracking_number;
    pkg.shipping_provider_id = s.shipping_provider_id;
    pkg.shipped_ms = t;
    pkg.updated_ms = t;
    const ids = new Set(pkg.line_item_ids);
    for (const o of pkg.order_ids.map((id) => this.book.get(id))) {
      for (const li of o.line_items) {
        if (ids.has(li.id) && !li.shipped) {
          li.shipped = true;
          this.inventory.ship(o.shop_index, li.sku_index, li.commits);
        }
      }
      this.book.setStatus(o, o.line_items.every((li) => li.shipped) ? 'AWAITING_COLLECTION' : 'PARTIALLY_SHIPPING');
    }
    this.book.onPackages([pkg], 'SELLER');
  }

  /** Order `orderId` of shop `shopIndex`, or NOT_FOUND. */
  shopOrder(shopIndex: number, orderId: string): Order {
    const o = this.book.orders.get(orderId);
    if (!o || o.shop_index !== shopIndex) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist in this shop`);
    return o;
  }
}

/** SKU quantities as one comparable string (`sku:qty` sorted by SKU). */
function skuCounts(skus: readonly { id: string; quantity: number }[]): string {
  const n = new Map<string, number>();
  for (const k of skus) n.set(k.id, (n.get(k.id) ?? 0) + k.quantity);
  return [...n].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, q]) => `${id}:${q}`).join(',') || 'none';
}
