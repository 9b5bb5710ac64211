/**
 * Shipping on the platform side: mark package shipped (the seller's own carrier and tracking)
 * and ship package (single). A second shipment of what is already shipped is refused and
 * counted, because a duplicate shipment is an accuracy failure the harness checks.
 */
import { SHIPPING_PROVIDERS } from './catalog.ts';
import type { Inventory } from './inventory.ts';
import type { Order, PlatformOrderBook, Package } from './orders.ts';
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
   * every unshipped one) go into a shipped package. When they are exactly the pending
   * package's items, that package is the one shipped; otherwise they are split off into a new one.
   */
  markShipped(shopIndex: number, orderId: string, s: Shipment, lineItemIds?: readonly string[]): { order: Order; pkg: Package } {
    const o = this.shopOrder(shopIndex, orderId);
    Fulfillment.checkShipment(s);
    if (o.status === 'CANCELLED') throw new TikTokError('INVALID_STATUS', `order ${orderId} is CANCELLED`);
    let items = o.line_items.filter((li) => !li.shipped);
    if (lineItemIds !== undefined) {
      const wanted = new Set(lineItemIds);
      if (wanted.size !== lineItemIds.length) throw new TikTokError('INVALID_PARAM', 'order_line_item_ids has duplicates');
      const known = new Set(o.line_items.map((li) => li.id));
      const unknown = lineItemIds.filter((id) => !known.has(id));
      if (unknown.length > 0) throw new TikTokError('INVALID_PARAM', `order ${orderId} has no line items ${unknown.join(',')}`);
      const again = o.line_items.filter((li) => wanted.has(li.id) && li.shipped);
      if (again.length > 0) {
        this.duplicateShipments++;
        throw new TikTokError('ALREADY_SHIPPED', `line items ${again.map((li) => li.id).join(',')} of order ${orderId} are already shipped`);
      }
      items = o.line_items.filter((li) => wanted.has(li.id));
    }
    if (items.length === 0) {
      this.duplicateShipments++;
      throw new TikTokError('ALREADY_SHIPPED', `order ${orderId} is already shipped (${o.status})`);
    }
    const pendingId = items[0]?.package_id as string;
    const pending = this.book.packages.get(pendingId) as Package;
    const ids = new Set(items.map((li) => li.id));
    let pkg: Package;
    if (pending.status === 'TO_FULFILL' && pending.line_item_ids.length === ids.size && pending.line_item_ids.every((id) => ids.has(id))) {
      pkg = pending;
    } else {
      const t = this.now();
      pkg = {
        id: this.book.nextId('115'),
        order_id: o.id,
        shop_id: o.shop_id,
        status: 'TO_FULFILL',
        line_item_ids: [...ids],
        tracking_number: undefined,
        shipping_provider_id: undefined,
        shipped_ms: undefined,
        created_ms: t,
        updated_ms: t,
      };
      for (const p of o.package_ids.map((id) => this.book.packages.get(id) as Package)) {
        p.line_item_ids = p.line_item_ids.filter((id) => !ids.has(id));
      }
      for (const li of items) li.package_id = pkg.id;
      this.book.packages.set(pkg.id, pkg);
      o.package_ids.push(pkg.id);
    }
    this.shipPackageOf(o, pkg, s);
    return { order: o, pkg };
  }

  /** Ship package: a pending package leaves with the given or a platform-issued tracking number. */
  shipPackage(shopIndex: number, packageId: string, s?: Shipment): { order: Order; pkg: Package } {
    const pkg = this.book.packages.get(packageId);
    if (!pkg || pkg.shop_id !== this.shopIds[shopIndex]) throw new TikTokError('NOT_FOUND', `package ${packageId} does not exist in this shop`);
    if (s) Fulfillment.checkShipment(s);
    const o = this.book.get(pkg.order_id);
    if (pkg.status === 'CANCELLED' || o.status === 'CANCELLED') throw new TikTokError('INVALID_STATUS', `package ${packageId} is cancelled`);
    if (pkg.status !== 'TO_FULFILL') {
      this.duplicateShipments++;
      throw new TikTokError('ALREADY_SHIPPED', `package ${packageId} is already shipped (${pkg.status})`);
    }
    const shipment = s ?? {
      tracking_number: `TT${String(++this.trackingSeq).padStart(12, '0')}`,
      shipping_provider_id: (SHIPPING_PROVIDERS[0] as { id: string }).id,
    };
    this.shipPackageOf(o, pkg, shipment);
    return { order: o, pkg };
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

  private shipPackageOf(o: Order, pkg: Package, s: Shipment): void {
    const t = this.now();
    pkg.status = 'PROCESSING';
    pkg.tracking_number = s.tracking_number;
    pkg.shipping_provider_id = s.shipping_provider_id;
    pkg.shipped_ms = t;
    pkg.updated_ms = t;
    const ids = new Set(pkg.line_item_ids);
    for (const li of o.line_items) {
      if (ids.has(li.id) && !li.shipped) {
        li.shipped = true;
        this.inventory.ship(o.shop_index, li.sku_index, li.commits);
      }
    }
    this.book.setStatus(o, o.line_items.every((li) => li.shipped) ? 'AWAITING_COLLECTION' : 'PARTIALLY_SHIPPING');
  }

  private shopOrder(shopIndex: number, orderId: string): Order {
    const o = this.book.orders.get(orderId);
    if (!o || o.shop_index !== shopIndex) throw new TikTokError('NOT_FOUND', `order ${orderId} does not exist in this shop`);
    return o;
  }
}
