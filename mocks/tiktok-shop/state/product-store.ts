/**
 * The seller's writes to the catalog: products it creates, and edits to any product it sees
 * (title, description, SKUs). It is the catalog's one writer: the seeded catalog is built once
 * (state/catalog.ts) and this store appends to it and changes it in place, so every lookup
 * (search, get, inventory, the buyer's orders) sees created products the moment they exist.
 *
 * A created product belongs to the shop that created it (`Product.shop`); its SKUs get the next
 * ledger indexes (Inventory.addSkus), so they are stocked, committed and shipped exactly like
 * seeded ones. A SKU an edit removes leaves the product and the id lookups; its ledger row stays
 * (orders placed before keep their commits). `reset` puts the seeded catalog back.
 */
import { buildCatalog, type Product, type SeededCatalog, type Sku } from './catalog.ts';
import type { Inventory } from './inventory.ts';

/** How many products one shop may create: the mock's bound on its own memory, reported by prerequisites. */
export const MAX_CREATED_PER_SHOP = 5000;
/** How many SKUs the seller may add to the catalog in all (each costs a ledger row per shop and warehouse). */
export const MAX_ADDED_SKUS = 100_000;

export interface SkuInput {
  /** An existing SKU of the product (edits); absent for a new SKU. */
  id?: string;
  seller_sku?: string;
  /** Absent on a partial edit that leaves the price alone. */
  price?: string;
  sales_attributes?: { id?: string; name?: string; value_id?: string; value_name?: string }[];
  external_sku_id?: string;
}

/** The catalog's collections, writable: only this store writes them. */
interface Writable {
  products: Product[];
  skus: Sku[];
  productById: Map<string, Product>;
  skuById: Map<string, Sku>;
  skuBySellerSku: Map<string, Sku>;
}

export class ProductStore {
  private seq = 0;
  /** Sales attribute and value ids the platform issued, by name (custom attributes get ids on creation). */
  private readonly attrIds = new Map<string, string>();
  private readonly created: number[];
  private dirty = false;

  constructor(
    private readonly catalog: SeededCatalog,
    private readonly inventory: Inventory,
    private readonly now: () => number,
  ) {
    this.created = catalog.shops.map(() => 0);
  }

  private get w(): Writable {
    return this.catalog as unknown as Writable;
  }

  /** Whether `count` more SKUs fit under MAX_ADDED_SKUS. */
  roomFor(count: number): boolean {
    return this.catalog.skus.length - this.catalog.size.skus + count <= MAX_ADDED_SKUS;
  }

  /** Products shop `shop` has created so far. */
  createdBy(shop: number): number {
    return this.created[shop] ?? 0;
  }

  /** A seller_sku already naming another SKU (the control API orders by seller_sku, so it must stay unique). */
  sellerSkuTaken(sellerSku: string, except?: Sku): boolean {
    const s = this.catalog.skuBySellerSku.get(sellerSku);
    return s !== undefined && s !== except;
  }

  create(shop: number, fields: { title: string; description: string; draft: boolean }, skus: readonly SkuInput[]): Product {
    const t = Math.floor(this.now() / 1000);
    const p: Product = { id: this.nextId('1731'), title: fields.title, description: fields.description, status: fields.draft ? 'DRAFT' : 'ACTIVATE', create_time: t, update_time: t, skus: [], shop };
    this.w.products.push(p);
    this.w.productById.set(p.id, p);
    this.created[shop] = this.createdBy(shop) + 1;
    this.setSkus(p, skus);
    return p;
  }

  /**
   * Makes `skus` the product's SKU list: an input with an id updates that SKU, one without adds
   * a SKU, and the product's SKUs not named are removed. Answers the SKUs in input order.
   */
  setSkus(p: Product, skus: readonly SkuInput[]): Sku[] {
    this.dirty = true;
    const fresh = skus.filter((s) => s.id === undefined).length;
    const first = this.catalog.skus.length;
    this.inventory.addSkus(fresh);
    let n = 0;
    const out = skus.map((input) => (input.id === undefined ? this.addSku(p, input, first + n++) : this.updateSku(this.catalog.skuById.get(input.id) as Sku, input)));
    for (const old of p.skus) if (!out.includes(old)) this.removeSku(old);
    p.skus = out;
    return out;
  }

  /** Changes the product's own fields and its update time. */
  edit(p: Product, fields: { title?: string; description?: string; status?: Product['status'] }): void {
    this.dirty = true;
    if (fields.title !== undefined) p.title = fields.title;
    if (fields.description !== undefined) p.description = fields.description;
    if (fields.status !== undefined) p.status = fields.status;
    p.update_time = Math.max(p.update_time, Math.floor(this.now() / 1000));
  }

  /** The id the platform gives a sales attribute name or value (the same name always gets the same id). */
  attributeId(name: string): string {
    let id = this.attrIds.get(name);
    if (id === undefined) this.attrIds.set(name, (id = String(7_100_000_000 + this.attrIds.size)));
    return id;
  }

  /** Back to the seeded catalog: created products and every edit are gone (call before Inventory.reset). */
  reset(): void {
    this.created.fill(0);
    this.attrIds.clear();
    this.seq = 0;
    if (!this.dirty) return;
    this.dirty = false;
    const seed = buildCatalog(this.catalog.size);
    const w = this.w;
    w.products.splice(0, Infinity, ...seed.products);
    w.skus.splice(0, Infinity, ...seed.skus);
    const refill = <V>(m: Map<string, V>, from: ReadonlyMap<string, V>) => {
      m.clear();
      for (const [k, v] of from) m.set(k, v);
    };
    refill(w.productById, seed.productById);
    refill(w.skuById, seed.skuById);
    refill(w.skuBySellerSku, seed.skuBySellerSku);
  }

  private nextId(prefix: string): string {
    return prefix + String(++this.seq).padStart(15, '0');
  }

  private addSku(p: Product, input: SkuInput, index: number): Sku {
    const sku: Sku = { id: this.nextId('1732'), seller_sku: '', product_id: p.id, index, price: { amount: input.price ?? '0', currency: 'USD' }, sales_attributes: [] };
    this.w.skus.push(sku);
    this.w.skuById.set(sku.id, sku);
    return this.updateSku(sku, input);
  }

  private updateSku(sku: Sku, input: SkuInput): Sku {
    if (input.seller_sku !== undefined && input.seller_sku !== sku.seller_sku) {
      if (this.catalog.skuBySellerSku.get(sku.seller_sku) === sku) this.w.skuBySellerSku.delete(sku.seller_sku);
      sku.seller_sku = input.seller_sku;
      // The copies of a published global product share their seller SKUs: the first keeps the name.
      if (!this.catalog.skuBySellerSku.has(sku.seller_sku)) this.w.skuBySellerSku.set(sku.seller_sku, sku);
    }
    if (input.external_sku_id !== undefined) sku.external_sku_id = input.external_sku_id;
    if (input.sales_attributes !== undefined) {
      sku.sales_attributes = input.sales_attributes.map((a) => {
        const name = a.name ?? a.id ?? '';
        const value = a.value_name ?? a.value_id ?? '';
        return { id: a.id ?? this.attributeId(name), name, value_id: a.value_id ?? this.attributeId(`${name}\u0000${value}`), value_name: value };
      });
    }
    return sku;
  }

  private removeSku(sku: Sku): void {
    this.w.skuById.delete(sku.id);
    if (this.catalog.skuBySellerSku.get(sku.seller_sku) === sku) this.w.skuBySellerSku.delete(sku.seller_sku);
  }
}
