/**
 * What a seller changes about its listings, per shop, over the catalog: a product's status
 * (activate / deactivate / delete) and a SKU's price. The seeded catalog is shared by every shop; a
 * shop's view of a product is the catalog plus this shop's changes.
 * An order takes the price in force when it is placed (line items keep it), and only products
 * that are ACTIVATE in the shop can be ordered. A deleted product is gone from the shop for
 * good: no call of the shop finds it any more, except a search for status DELETED.
 */
import { visibleIn, type Product, type Sku } from './catalog.ts';

export type ListingStatus = 'ACTIVATE' | 'SELLER_DEACTIVATED' | 'DELETED';

export class Listings {
  private readonly status = new Map<string, ListingStatus>();
  private readonly prices = new Map<string, string>();
  /** Unix seconds of a shop's last change to a product. */
  private readonly updated = new Map<string, number>();

  /** @param basePrice A SKU's price in a shop before the seller changes it (the shop's currency). */
  constructor(
    private readonly now: () => number,
    private readonly basePrice: (shop: number, s: Sku) => string,
  ) {}

  statusOf(shop: number, p: Product): string {
    return this.status.get(`${shop}:${p.id}`) ?? p.status;
  }

  /** The later of the shop's last listing change and the product's last edit. */
  updateTimeOf(shop: number, p: Product): number {
    return Math.max(this.updated.get(`${shop}:${p.id}`) ?? 0, p.update_time);
  }

  priceOf(shop: number, s: Sku): string {
    return this.prices.get(`${shop}:${s.id}`) ?? this.basePrice(shop, s);
  }

  deleted(shop: number, p: Product): boolean {
    // Asked on every call that names a product: no key is built while no status was ever set.
    return this.status.size > 0 && this.status.get(`${shop}:${p.id}`) === 'DELETED';
  }

  /** Listed and active in the shop (a product another shop created is not sold here). */
  forSale(shop: number, p: Product): boolean {
    return visibleIn(p, shop) && this.statusOf(shop, p) === 'ACTIVATE';
  }

  /** Sets the status; answers whether it changed. */
  setStatus(shop: number, p: Product, status: ListingStatus): boolean {
    if (this.statusOf(shop, p) === status) return false;
    this.status.set(`${shop}:${p.id}`, status);
    this.touch(shop, p);
    return true;
  }

  setPrice(shop: number, p: Product, s: Sku, amount: string): void {
    this.prices.set(`${shop}:${s.id}`, amount);
    this.touch(shop, p);
  }

  reset(): void {
    this.status.clear();
    this.prices.clear();
    this.updated.clear();
  }

  private touch(shop: number, p: Product): void {
    this.updated.set(`${shop}:${p.id}`, Math.max(p.update_time, Math.floor(this.now() / 1000)));
  }
}
