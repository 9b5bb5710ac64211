/**
 * Product family, the seller's catalog writes: Create Product (202309), Edit Product and Partial
 * Edit Product (202309, 202509). State: state/product-store.ts.
 *
 * - Create: a product of the calling shop, with new SKUs, their prices and their stock in the
 *   shop's warehouses. `save_mode` LISTING (the default) lists it at once (the mock's audit
 *   approves everything, so it is ACTIVATE and can be ordered); AS_DRAFT keeps it a DRAFT,
 *   which search finds and buyers cannot order.
 * - Edit replaces the product: title, description and the SKU list (a SKU with an id is
 *   updated, one without is added, one left out is removed). Partial edit changes only the
 *   top-level fields it is given; given `skus`, the same rule applies to the SKU list. A SKU's
 *   price and stock left out stay as they are; given, they are the calling shop's, as prices
 *   update and inventory update set them. Saving with LISTING lists a draft.
 * Every request is checked whole before anything changes. Listing a product publishes
 * PRODUCT_STATUS_CHANGE (webhook 5).
 *
 * Answer shapes: `{product_id, skus[{id, seller_sku, external_sku_id, sales_attributes[{id,
 * value_id}], fees}]}`, plus `warnings` (create, edit) and `audit{status}` (edits); the
 * 202309 partial edit also answers `replicated_products` (always empty: the mock replicates to
 * no other market), which 202509 dropped.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Product, Sku } from '../state/catalog.ts';
import { usdAmount } from '../state/markets.ts';
import { MAX_ADDED_SKUS, MAX_CREATED_PER_SHOP } from '../state/product-store.ts';
import { checked, parseObject } from '../validate.ts';
import { readProductBody, type Operation, type ProductBody, type SkuBody } from './product-body.ts';
import { productOf } from './product-lookup.ts';
import { perVersion, type EndpointTable } from './route-table.ts';

/** Business checks against state (each problem named), before anything changes. */
function checkAgainstState(c: Call, b: ProductBody, p: Product | undefined): void {
  const { products, catalog } = c.platform;
  checked((check) => {
    b.skus?.forEach((s, i) => {
      const existing = s.id === undefined ? undefined : catalog.skuById.get(s.id);
      if (s.id !== undefined && (existing === undefined || !p?.skus.includes(existing))) check.add(`skus[${i}].id`, `SKU ${s.id} is not a SKU of product ${p?.id}`);
      if (s.seller_sku !== undefined && products.sellerSkuTaken(s.seller_sku, existing)) check.add(`skus[${i}].seller_sku`, `${JSON.stringify(s.seller_sku)} already names another SKU`);
    });
  });
}

/** Refuses SKUs beyond what the mock keeps (MAX_ADDED_SKUS), before anything changes. */
function roomForSkus(c: Call, skus: readonly { id?: string }[] | undefined): void {
  const fresh = (skus ?? []).filter((s) => s.id === undefined).length;
  if (!c.platform.products.roomFor(fresh)) throw new TikTokError('INVALID_PARAM', `the catalog holds ${MAX_ADDED_SKUS} added SKUs, the most the mock keeps`);
}

/** Stock, backorders and prices the body gives, set for the calling shop. */
function applyListing(c: Call, p: Product, skus: readonly Sku[], inputs: readonly SkuBody[]): void {
  const { inventory, listings, backorders } = c.platform;
  inputs.forEach((input, i) => {
    const sku = skus[i] as Sku;
    if (input.price !== undefined) listings.setPrice(c.shop, p, sku, input.price);
    for (const e of input.inventory ?? []) {
      const key = inventory.key(c.shop, sku.index, e.warehouse);
      inventory.set(key, e.quantity, 'push');
      backorders.set(key, { quantity: e.backorder_quantity, handling_time: e.handling_time });
    }
  });
}

function announceListed(c: Call, p: Product): void {
  c.platform.emit({
    shopId: c.platform.shopIdOf(c.shop),
    eventType: 'PRODUCT_STATUS_CHANGE',
    data: { product_id: p.id, status: 'ACTIVATE', suspended_reason: '', update_time: c.platform.listings.updateTimeOf(c.shop, p) },
  });
}

function skuAnswer(c: Call, s: Sku): Record<string, unknown> {
  const ids = c.platform.products;
  return {
    id: s.id,
    seller_sku: s.seller_sku,
    external_sku_id: s.external_sku_id ?? '',
    sales_attributes: s.sales_attributes.map((a) => ({ id: a.id ?? ids.attributeId(a.name), value_id: a.value_id ?? ids.attributeId(`${a.name}\u0000${a.value_name}`) })),
    fees: [],
  };
}

/** The body, its prices in the shop's currency; `catalog` holds them in the catalog's USD for the store. */
function read(c: Call, op: Operation, v: string): ProductBody & { catalog: SkuBody[] | undefined } {
  const market = c.platform.marketOf(c.shop);
  const b = checked((check) => readProductBody(check, parseObject(c.body), op, v, { catalog: c.platform.catalog, market }));
  return { ...b, catalog: b.skus?.map((s) => ({ ...s, price: s.price === undefined ? undefined : usdAmount(s.price, market) })) };
}

const create = (v: string) => (c: Call): unknown => {
  const b = read(c, 'create', v);
  const { products } = c.platform;
  if (products.createdBy(c.shop) >= MAX_CREATED_PER_SHOP) {
    throw new TikTokError('INVALID_PARAM', `the shop has created ${MAX_CREATED_PER_SHOP} products, the most the mock keeps (prerequisite PRODUCT_QUANTITY_LIMIT)`);
  }
  checkAgainstState(c, b, undefined);
  roomForSkus(c, b.skus);
  const p = products.create(c.shop, { title: b.title as string, description: b.description as string, draft: b.draft === true }, b.catalog as SkuBody[]);
  applyListing(c, p, p.skus, b.skus as SkuBody[]);
  if (p.status === 'ACTIVATE') announceListed(c, p);
  return { product_id: p.id, skus: p.skus.map((s) => skuAnswer(c, s)), warnings: [] };
};

const edit = (op: 'edit' | 'partial') => (v: string) => (c: Call): unknown => {
  const p = productOf(c, c.params.product_id as string);
  const b = read(c, op, v);
  if (b.draft === true && p.status !== 'DRAFT') {
    throw new TikTokError('INVALID_PARAM', 'save_mode: AS_DRAFT on a listed product would keep a post-live draft, which the mock does not model; save with LISTING');
  }
  checkAgainstState(c, b, p);
  roomForSkus(c, b.skus);
  const listing = b.draft !== true && p.status === 'DRAFT';
  const { products } = c.platform;
  products.edit(p, { title: b.title, description: b.description, status: listing ? 'ACTIVATE' : undefined });
  const skus = b.catalog === undefined ? p.skus : products.setSkus(p, b.catalog);
  applyListing(c, p, skus, b.skus ?? []);
  if (listing) announceListed(c, p);
  return {
    product_id: p.id,
    skus: p.skus.map((s) => skuAnswer(c, s)),
    audit: { status: p.status === 'DRAFT' ? 'NONE' : 'APPROVED' },
    ...(op === 'edit' && { warnings: [] }),
    ...(op === 'partial' && v === '202309' && { replicated_products: [] }),
  };
};

const EDITS = ['202309', '202509'];

export const productWriteRoutes: EndpointTable = [
  perVersion('POST', '/product/{version}/products', ['202309'], 'changes catalog (creates a product of the shop, its SKUs and their stock)', create),
  perVersion('PUT', '/product/{version}/products/{product_id}', EDITS, 'changes catalog (the whole product, SKUs added and removed), prices and stock (per shop)', edit('edit')),
  perVersion('POST', '/product/{version}/products/{product_id}/partial_edit', EDITS, 'changes catalog (the fields given), prices and stock (per shop)', edit('partial')),
];
