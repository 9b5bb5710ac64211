/**
 * The seeded catalog: K shops, W warehouses (one per region), M SKUs grouped into products of
 * 1-4 SKUs. Which seller owns which shop is state/sellers.ts's business, not the catalog's. Global ids: a SKU has the same `sku_id` in every shop, and every shop
 * sells every SKU from every warehouse.
 *
 * Deterministic: faker seeded from the seed string, and no clock reads (create times count
 * from a fixed epoch), so the same seed gives byte-identical catalogs in every process — the
 * harness, the stack and the mock can each rebuild it and agree.
 *
 * The mock's platform then lets the seller create and edit products (state/product-store.ts
 * writes these collections in place); what this file builds is the seed they start from.
 */
import { Faker, en } from '@faker-js/faker';
import { createHash } from 'node:crypto';
import { marketOf, type Market } from './markets.ts';

export const REGIONS = ['US-EAST', 'US-CENTRAL', 'US-WEST', 'US-SOUTH', 'US-NORTHWEST', 'US-SOUTHWEST', 'US-MIDWEST', 'US-NORTHEAST'] as const;

export interface Shop {
  id: string;
  name: string;
  region: string;
  cipher: string;
  code: string;
  seller_type: 'LOCAL';
  /** The shop's country site: currency and time zone. */
  market: Market;
}

export interface Warehouse {
  id: string;
  name: string;
  effect_status: 'ENABLED';
  type: 'SALES_WAREHOUSE';
  sub_type: 'DOMESTIC_WAREHOUSE';
  is_default: boolean;
  address: { region_code: string; region: string; state: string; city: string; address_line1: string; postal_code: string };
}

export interface Sku {
  id: string;
  seller_sku: string;
  product_id: string;
  /** Dense index 0..M-1, the ledger's array coordinate. */
  index: number;
  price: { amount: string; currency: 'USD' };
  /** Seeded SKUs carry names only; a created SKU also carries the ids the platform gave them. */
  sales_attributes: { id?: string; name: string; value_id?: string; value_name: string }[];
  external_sku_id?: string;
}

export interface Product {
  id: string;
  title: string;
  /** Seeded products are ACTIVATE; a product created as a draft is DRAFT until listed. */
  status: 'ACTIVATE' | 'DRAFT';
  create_time: number;
  update_time: number;
  skus: Sku[];
  /** The shop that created it; a seeded product has none, every shop sells it. */
  shop?: number;
  description?: string;
}

/** Whether shop `shop` sees product `p`: a created product only in the shop that created it. */
export function visibleIn(p: Product, shop: number): boolean {
  return p.shop === undefined || p.shop === shop;
}

export interface CatalogSize {
  seed: string;
  shops: number;
  skus: number;
  warehouses: number;
  /**
   * The region of each shop (markets.ts), when sellers are configured; absent, shop i is in
   * REGIONS[i mod 8], the default US sub-regions.
   */
  shopRegions?: readonly string[];
}

export interface SeededCatalog {
  readonly size: CatalogSize;
  readonly shops: readonly Shop[];
  readonly warehouses: readonly Warehouse[];
  readonly products: readonly Product[];
  readonly skus: readonly Sku[];
  readonly shopIndex: ReadonlyMap<string, number>;
  readonly shopByCipher: ReadonlyMap<string, Shop>;
  readonly warehouseIndex: ReadonlyMap<string, number>;
  readonly productById: ReadonlyMap<string, Product>;
  readonly skuById: ReadonlyMap<string, Sku>;
  readonly skuBySellerSku: ReadonlyMap<string, Sku>;
}

/** Products are "created" from this fixed instant (2024-01-01T00:00:00Z), one minute apart. */
const EPOCH_S = 1_704_067_200;

function seedNumber(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

export function buildCatalog(size: CatalogSize): SeededCatalog {
  const f = new Faker({ locale: en });
  f.seed(seedNumber(size.seed));
  const ids = new Set<string>();
  const uniqueId = (prefix: string, digits: number): string => {
    for (;;) {
      const id = prefix + f.string.numeric({ length: digits, allowLeadingZeros: true });
      if (!ids.has(id)) {
        ids.add(id);
        return id;
      }
    }
  };

  const shops: Shop[] = [];
  const nShops = size.shopRegions?.length ?? size.shops;
  for (let i = 0; i < nShops; i++) {
    const region = size.shopRegions?.[i] ?? (REGIONS[i % REGIONS.length] as string);
    const market = marketOf(region);
    shops.push({
      id: uniqueId('7495', 15),
      name: `${f.company.name()} ${region}`,
      region,
      cipher: `ROW_${f.string.alphanumeric({ length: 24 })}`,
      code: `${market.code}${f.string.alphanumeric({ length: 8, casing: 'upper' })}`,
      seller_type: 'LOCAL',
      market,
    });
  }

  const warehouses: Warehouse[] = [];
  for (let i = 0; i < size.warehouses; i++) {
    const region = REGIONS[i % REGIONS.length] as string;
    const city = f.location.city();
    warehouses.push({
      id: uniqueId('7288', 15),
      name: `${city} Fulfillment Center (${region})`,
      effect_status: 'ENABLED',
      type: 'SALES_WAREHOUSE',
      sub_type: 'DOMESTIC_WAREHOUSE',
      is_default: i === 0,
      address: {
        region_code: region,
        region: 'United States',
        state: f.location.state(),
        city,
        address_line1: f.location.streetAddress(),
        postal_code: f.location.zipCode('#####'),
      },
    });
  }

  const products: Product[] = [];
  const skus: Sku[] = [];
  while (skus.length < size.skus) {
    const n = Math.min(f.number.int({ min: 1, max: 4 }), size.skus - skus.length);
    const t = EPOCH_S + products.length * 60;
    const product: Product = { id: uniqueId('1729', 15), title: f.commerce.productName(), status: 'ACTIVATE', create_time: t, update_time: t, skus: [] };
    for (let j = 0; j < n; j++) {
      const index = skus.length;
      const sku: Sku = {
        id: uniqueId('1730', 15),
        seller_sku: `SKU-${String(index + 1).padStart(6, '0')}`,
        product_id: product.id,
        index,
        price: { amount: f.commerce.price({ min: 5, max: 200 }), currency: 'USD' },
        sales_attributes: [{ name: 'Color', value_name: f.color.human() }],
      };
      product.skus.push(sku);
      skus.push(sku);
    }
    products.push(product);
  }

  return {
    size: { ...size, shops: nShops },
    shops,
    warehouses,
    products,
    skus,
    shopIndex: new Map(shops.map((s, i) => [s.id, i])),
    shopByCipher: new Map(shops.map((s) => [s.cipher, s])),
    warehouseIndex: new Map(warehouses.map((w, i) => [w.id, i])),
    productById: new Map(products.map((p) => [p.id, p])),
    skuById: new Map(skus.map((s) => [s.id, s])),
    skuBySellerSku: new Map(skus.map((s) => [s.seller_sku, s])),
  };
}

/** Carriers the platform offers (`shipping_provider_id` of a shipment must be one of them). */
export const SHIPPING_PROVIDERS: readonly { id: string; name: string }[] = [
  { id: '6617675021119438849', name: 'USPS' },
  { id: '6617675021119438850', name: 'UPS' },
  { id: '6617675021119438851', name: 'FedEx' },
  { id: '6617675021119438852', name: 'DHL eCommerce' },
];

/** Delivery options of every warehouse (the path parameter of the shipping providers route). */
export const DELIVERY_OPTIONS: readonly { id: string; name: string; type: string }[] = [
  { id: '7129736147587000321', name: 'Standard shipping', type: 'STANDARD' },
  { id: '7129736147587000322', name: 'Express shipping', type: 'EXPRESS' },
];
