/**
 * Global products: what a cross-border seller creates once, for the whole seller (no shop), and
 * then publishes to the markets its shops are in. Publishing makes one local product per
 * authorized shop of the seller in that market (ProductStore.create), related SKU by SKU, so
 * what the seller created globally is what those shops stock and sell. A global product is
 * UNPUBLISHED until its first publication, then PUBLISHED.
 *
 * Prices are the global uniform price in USD, the catalog's currency: a shop shows it in its own
 * currency at the mock's fixed rate (state/markets.ts), unless the publication sets a local one.
 *
 * The seller edits a global product (title, description, SKUs) and deletes it; a deleted one is
 * found only by a search for DELETED. Publishing records which local SKU stands for which global
 * SKU, so the global product's detail maps them even after a shop edits its copy.
 */
import type { Product } from './catalog.ts';
import type { ProductStore, SkuInput } from './product-store.ts';

export interface GlobalSku {
  id: string;
  seller_sku: string;
  /** USD. */
  price: string;
  sales_attributes: NonNullable<SkuInput['sales_attributes']>;
  external_sku_id?: string;
}

export interface GlobalProduct {
  id: string;
  seller: number;
  title: string;
  description: string;
  status: 'UNPUBLISHED' | 'PUBLISHED' | 'DELETED';
  created_ms: number;
  updated_ms: number;
  skus: GlobalSku[];
  /** Market code -> the local products published there. */
  published: Map<string, Product[]>;
  /** Local SKU id -> the global SKU it was published from. */
  related: Map<string, string>;
}

/** A global SKU as an edit gives it: `id` names an existing one, fields left out stay. */
export type GlobalSkuInput = Partial<Omit<GlobalSku, 'id'>> & { id?: string };

export class GlobalProducts {
  private readonly byId = new Map<string, GlobalProduct>();
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** The seller's global product, unless it is deleted. */
  get(id: string, seller: number): GlobalProduct | undefined {
    const g = this.byId.get(id);
    return g?.seller === seller && g.status !== 'DELETED' ? g : undefined;
  }

  /** Whether the seller deleted global product `id` (so a refusal can say so). */
  deleted(id: string, seller: number): boolean {
    const g = this.byId.get(id);
    return g?.seller === seller && g.status === 'DELETED';
  }

  /** The seller's global products, oldest first. */
  of(seller: number): GlobalProduct[] {
    return [...this.byId.values()].filter((g) => g.seller === seller);
  }

  create(seller: number, fields: { title: string; description: string }, skus: readonly Omit<GlobalSku, 'id'>[]): GlobalProduct {
    const t = this.now();
    const g: GlobalProduct = {
      id: this.nextId('1733'),
      seller,
      ...fields,
      status: 'UNPUBLISHED',
      created_ms: t,
      updated_ms: t,
      skus: skus.map((s) => ({ ...s, id: this.nextId('1734') })),
      published: new Map(),
      related: new Map(),
    };
    this.byId.set(g.id, g);
    return g;
  }

  /** Local products of `g` in `shops` (one each), recorded under `market`; answers them with their SKUs in global SKU order. */
  publish(g: GlobalProduct, market: string, shops: readonly number[], store: ProductStore): Product[] {
    const made = shops.map((shop) =>
      store.create(shop, { title: g.title, description: g.description, draft: false }, g.skus.map((s) => ({ seller_sku: s.seller_sku, price: s.price, sales_attributes: s.sales_attributes, external_sku_id: s.external_sku_id }))),
    );
    for (const local of made) local.skus.forEach((ls, i) => g.related.set(ls.id, (g.skus[i] as GlobalSku).id));
    g.published.set(market, made);
    g.status = 'PUBLISHED';
    g.updated_ms = this.now();
    return made;
  }

  /**
   * Changes the fields given; `skus`, given, becomes the SKU list (an input with an id updates
   * that SKU, one without adds a SKU, a SKU left out is removed).
   */
  edit(g: GlobalProduct, fields: { title?: string; description?: string }, skus?: readonly GlobalSkuInput[]): void {
    if (fields.title !== undefined) g.title = fields.title;
    if (fields.description !== undefined) g.description = fields.description;
    if (skus !== undefined) {
      g.skus = skus.map(({ id, ...input }) => {
        const old = g.skus.find((s) => s.id === id);
        const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
        return old === undefined ? { seller_sku: '', price: '0', sales_attributes: [], ...defined, id: this.nextId('1734') } : Object.assign(old, defined);
      });
    }
    g.updated_ms = this.now();
  }

  delete(g: GlobalProduct): void {
    g.status = 'DELETED';
    g.updated_ms = this.now();
  }

  reset(): void {
    this.byId.clear();
    this.seq = 0;
  }

  private nextId(prefix: string): string {
    return prefix + String(++this.seq).padStart(15, '0');
  }
}
