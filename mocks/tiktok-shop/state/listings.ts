/**
 * What a seller changes about its listings, per shop, over the seeded catalog: a product's
 * status (activate / deactivate) and a SKU's price. The catalog itself is shared by every shop
 * and never changes; a shop's view of a product is the catalog plus this shop's changes.
 * An order takes the price in force when it is placed (line items keep it), and only products
 * that are ACTIVATE in the shop can be ordered.
 */
import type { Product, Sku } from './catalog.ts';

export type ListingStatus = 'ACTIVATE' | 'SELLER_DEACTIVATED';

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

  updateTimeOf(shop: number, p: Product): number {
    return this.updated.get(`${shop}:${p.id}`) ?? p.update_time;
  }

  priceOf(shop: number, s: Sku): string {
    return this.prices.get(`${shop}:${s.id}`) ?? this.basePrice(shop, s);
  }

  forSale(shop: number, p: Product): boolean {
    return this.statusOf(shop, p) === 'ACTIVATE';
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
