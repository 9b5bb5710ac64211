/**
 * The catalog as the ERP knows it: shops, warehouses and SKUs mapped from the platform at
 * start, kept in memory for the hot path and persisted so a restart can serve before the
 * platform answers. The ERP names a SKU by seller_sku and a warehouse by the platform's id.
 * A seller_sku has one product_id/sku_id (the platform's ids are the seller's, shared by its
 * shops), but not every shop lists every SKU: `lists(shop, sku)` says which do.
 */
import type { Db } from '../db/database.ts';
import { ShopAccess } from './shop-access.ts';

export interface Shop {
  shop_id: string;
  cipher: string;
  region: string;
  name: string;
}
export interface Warehouse {
  warehouse_id: string;
  region: string;
  name: string;
}
export interface SkuEntry {
  sku: string;
  product_id: string;
  sku_id: string;
  safety_stock: number;
}

export interface ShippingProvider {
  id: string;
  name: string;
}

export interface CatalogSnapshot {
  shops: Shop[];
  warehouses: Warehouse[];
  skus: Omit<SkuEntry, 'safety_stock'>[];
  shippingProviders: ShippingProvider[];
  /** The seller_skus each mapped shop lists. */
  listings: { shop_id: string; skus: string[] }[];
}

export class ErpCatalog {
  shops: Shop[] = [];
  readonly shopById = new Map<string, Shop>();
  readonly warehouses = new Map<string, Warehouse>();
  readonly skus = new Map<string, SkuEntry>();
  readonly bySkuId = new Map<string, SkuEntry>();
  readonly byProduct = new Map<string, SkuEntry[]>();
  /** The carriers a shipment may name, by shipping provider id. */
  readonly shippingProviders = new Map<string, ShippingProvider>();
  /** Shop id -> the seller_skus it lists. */
  private readonly listed = new Map<string, Set<string>>();
  /** Which of the shops the stack may call (the others deauthorized this app). */
  readonly access: ShopAccess;

  constructor(private readonly db: Db) {
    this.access = new ShopAccess(db);
    this.load();
  }

  /** Whether the shop lists the SKU (is sent its stock). */
  lists(shopId: string, sku: string): boolean {
    return this.listed.get(shopId)?.has(sku) === true;
  }

  get mapped(): boolean {
    return this.shops.length > 0 && this.skus.size > 0 && this.warehouses.size > 0;
  }

  /**
   * Replaces the catalog with what the platform said, keeping each SKU's safety threshold. A
   * shop recorded as deauthorized stays (the platform lists only authorized shops): its recorded
   * work keeps a shop to wait for, and the authorization watch can serve it again.
   */
  replace(snap: CatalogSnapshot): void {
    const db = this.db;
    db.transaction(() => {
      db.prepare('DELETE FROM shops WHERE shop_id NOT IN (SELECT shop_id FROM deauthorized_shops)').run();
      db.prepare('DELETE FROM warehouses').run();
      const insShop = db.prepare('INSERT OR REPLACE INTO shops (shop_id, cipher, region, name) VALUES (?, ?, ?, ?)');
      for (const s of snap.shops) insShop.run(s.shop_id, s.cipher, s.region, s.name);
      const insWh = db.prepare('INSERT INTO warehouses (warehouse_id, region, name) VALUES (?, ?, ?)');
      for (const w of snap.warehouses) insWh.run(w.warehouse_id, w.region, w.name);
      db.prepare('DELETE FROM shipping_providers').run();
      const insProvider = db.prepare('INSERT OR REPLACE INTO shipping_providers (id, name) VALUES (?, ?)');
      for (const sp of snap.shippingProviders) insProvider.run(sp.id, sp.name);
      const upSku = db.prepare(
        `INSERT INTO skus (sku, product_id, sku_id) VALUES (?, ?, ?)
         ON CONFLICT(sku) DO UPDATE SET product_id = excluded.product_id, sku_id = excluded.sku_id`,
      );
      const keep = new Set(snap.skus.map((s) => s.sku));
      for (const s of snap.skus) upSku.run(s.sku, s.product_id, s.sku_id);
      const all = db.prepare('SELECT sku FROM skus').all() as { sku: string }[];
      const del = db.prepare('DELETE FROM skus WHERE sku = ?');
      for (const r of all) if (!keep.has(r.sku)) del.run(r.sku);
      // A deauthorized shop kept above keeps what it listed when last mapped.
      const insListing = db.prepare('INSERT OR IGNORE INTO listings (shop_id, sku) VALUES (?, ?)');
      for (const l of snap.listings) {
        db.prepare('DELETE FROM listings WHERE shop_id = ?').run(l.shop_id);
        for (const sku of l.skus) insListing.run(l.shop_id, sku);
      }
      db.prepare('DELETE FROM listings WHERE shop_id NOT IN (SELECT shop_id FROM shops)').run();
    })();
    this.load();
  }

  load(): void {
    this.shops = this.db.prepare('SELECT shop_id, cipher, region, name FROM shops ORDER BY shop_id').all() as Shop[];
    this.shopById.clear();
    for (const s of this.shops) this.shopById.set(s.shop_id, s);
    this.warehouses.clear();
    for (const w of this.db.prepare('SELECT warehouse_id, region, name FROM warehouses').all() as Warehouse[])
      this.warehouses.set(w.warehouse_id, w);
    this.shippingProviders.clear();
    for (const sp of this.db.prepare('SELECT id, name FROM shipping_providers ORDER BY id').all() as ShippingProvider[])
      this.shippingProviders.set(sp.id, sp);
    this.listed.clear();
    for (const l of this.db.prepare('SELECT shop_id, sku FROM listings').all() as { shop_id: string; sku: string }[]) {
      const set = this.listed.get(l.shop_id);
      if (set) set.add(l.sku);
      else this.listed.set(l.shop_id, new Set([l.sku]));
    }
    this.skus.clear();
    this.bySkuId.clear();
    this.byProduct.clear();
    for (const s of this.db.prepare('SELECT sku, product_id, sku_id, safety_stock FROM skus').all() as SkuEntry[]) {
      this.skus.set(s.sku, s);
      this.bySkuId.set(s.sku_id, s);
      const list = this.byProduct.get(s.product_id);
      if (list) list.push(s);
      else this.byProduct.set(s.product_id, [s]);
    }
  }
}
