/**
 * Product family: search (page_size/page_token in the query, filters in the body) and get.
 * Every shop lists the whole catalog, so a product's per-shop view differs only in its stock.
 *
 * Search exists at three versions, which differ in request and answer (TikTok's models):
 * - 202309: filters status, seller_skus, create/update_time_ge/le; `category_version` is a
 *   query parameter;
 * - 202312: adds body sku_ids (<= 10), audit_status[], category_version (moved to the body),
 *   listing_platforms[], listing_quality_tier (a string); the answer adds audit,
 *   integrated_platform_statuses, is_not_for_sale, listing_quality_tier, skus[].list_price and
 *   skus[].external_list_prices;
 * - 202502: listing_quality_tier becomes listing_quality_tiers (a list), adds
 *   return_draft_version and sns_filter; the answer adds has_draft, product_families,
 *   skus[].status_info, skus[].pre_sale and inventory backorder_quantity/handling_time.
 * Filters the mock has no data for (listing platforms, quality tiers, sns) are checked for
 * shape and then match every product: every seeded product is approved, on TikTok Shop only.
 */
import type { Call } from '../platform.ts';
import { visibleIn, type Product } from '../state/catalog.ts';
import { bad, optBool, optEnum, optInt, parseObject, queryBool, strArr, type Obj } from '../validate.ts';
import { offsetPage } from './offset-page.ts';
import { productOf } from './product-lookup.ts';
import { perVersion, at, type EndpointTable } from './route-table.ts';

const STATUSES = ['ALL', 'DRAFT', 'PENDING', 'FAILED', 'ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED'];
const AUDIT_STATUSES = ['AUDITING', 'APPROVED', 'FAILED', 'PRE_APPROVED'];
const CATEGORY_VERSIONS = ['v1', 'v2'];
const MAX_S = 2 ** 32;

/** A product as search answers it at version `v` (the get answer builds on the newest). */
function view(c: Call, p: Product, v: string): Record<string, unknown> {
  const { catalog, inventory, listings } = c.platform;
  const v2023 = v >= '202312';
  const v2025 = v >= '202502';
  const { currency, code } = c.platform.marketOf(c.shop);
  return {
    id: p.id,
    title: p.title,
    status: listings.statusOf(c.shop, p),
    sales_regions: [code],
    create_time: p.create_time,
    update_time: listings.updateTimeOf(c.shop, p),
    product_sync_fail_reasons: [],
    recommended_categories: [],
    ...(v2023 && { audit: { status: 'APPROVED', pre_approved_reasons: [] }, integrated_platform_statuses: [], is_not_for_sale: false, listing_quality_tier: 'GOOD' }),
    ...(v2025 && { has_draft: false, product_families: [] }),
    skus: p.skus.map((s) => ({
      id: s.id,
      seller_sku: s.seller_sku,
      price: { tax_exclusive_price: listings.priceOf(c.shop, s), sale_price: listings.priceOf(c.shop, s), currency },
      fees: [],
      ...(v2023 && { list_price: { amount: listings.priceOf(c.shop, s), currency }, external_list_prices: [] }),
      ...(v2025 && { status_info: { status: 'NORMAL' } }),
      inventory: catalog.warehouses.map((w, wi) => {
        const k = inventory.key(c.shop, s.index, wi);
        const b = c.platform.backorders.at(k);
        return { warehouse_id: w.id, quantity: inventory.availableAt(k), ...(v2025 && { backorder_quantity: b.quantity, handling_time: b.handling_time }) };
      }),
    })),
  };
}

function optStrArr(v: unknown, path: string, max: number): string[] | undefined {
  return v === undefined ? undefined : strArr(v, path, 0, max);
}

/** The filters of version `v`, checked for shape; a field of another version is ignored, as TikTok ignores unknown fields. */
function filters(c: Call, body: Obj, v: string) {
  if (v === '202309') optEnum(c.query.category_version, 'category_version', CATEGORY_VERSIONS);
  else {
    optEnum(body.category_version, 'category_version', CATEGORY_VERSIONS);
    optStrArr(body.listing_platforms, 'listing_platforms', 10);
    if (v === '202312' && body.listing_quality_tier !== undefined && typeof body.listing_quality_tier !== 'string') throw bad('listing_quality_tier', 'a string', body.listing_quality_tier);
  }
  if (v >= '202502') {
    optStrArr(body.listing_quality_tiers, 'listing_quality_tiers', 10);
    optBool(body.return_draft_version, 'return_draft_version');
    if (body.sns_filter !== undefined && typeof body.sns_filter !== 'string') throw bad('sns_filter', 'a string', body.sns_filter);
  }
  const audit = v === '202309' ? undefined : optStrArr(body.audit_status, 'audit_status', AUDIT_STATUSES.length);
  audit?.forEach((a, i) => optEnum(a, `audit_status[${i}]`, AUDIT_STATUSES));
  const skuIds = v === '202309' || body.sku_ids === undefined ? undefined : new Set(strArr(body.sku_ids, 'sku_ids', 1, 10));
  const sellerSkus = body.seller_skus === undefined ? undefined : new Set(strArr(body.seller_skus, 'seller_skus', 1, 10));
  const status = optEnum(body.status, 'status', STATUSES);
  const cge = optInt(body.create_time_ge, 'create_time_ge', 0, MAX_S);
  const cle = optInt(body.create_time_le, 'create_time_le', 0, MAX_S);
  const uge = optInt(body.update_time_ge, 'update_time_ge', 0, MAX_S);
  const ule = optInt(body.update_time_le, 'update_time_le', 0, MAX_S);
  const { listings } = c.platform;
  // A deleted product is found only by asking for DELETED ones ("ALL" means all the live ones).
  const statusMatches = (now: string) => (now === 'DELETED' ? status === 'DELETED' : status === undefined || status === 'ALL' || status === now);
  return (p: Product) =>
    visibleIn(p, c.shop) &&
    statusMatches(listings.statusOf(c.shop, p)) &&
    (audit === undefined || audit.length === 0 || audit.includes('APPROVED')) &&
    (skuIds === undefined || p.skus.some((s) => skuIds.has(s.id))) &&
    (sellerSkus === undefined || p.skus.some((s) => sellerSkus.has(s.seller_sku))) &&
    (cge === undefined || p.create_time >= cge) &&
    (cle === undefined || p.create_time <= cle) &&
    (uge === undefined || listings.updateTimeOf(c.shop, p) >= uge) &&
    (ule === undefined || listings.updateTimeOf(c.shop, p) <= ule);
}

const search = (v: string) => (c: Call): unknown => {
  const matches = c.platform.catalog.products.filter(filters(c, parseObject(c.body), v));
  const { page, next_page_token, total_count } = offsetPage(c, matches);
  return { products: page.map((p) => view(c, p, v)), next_page_token, total_count };
};

function get(c: Call): unknown {
  // No drafts or versions under review in the mock: the flags are checked, the live version answers.
  queryBool(c.query.return_under_review_version, 'return_under_review_version');
  queryBool(c.query.return_draft_version, 'return_draft_version');
  const p = productOf(c, c.params.product_id as string);
  // Get Product names the status `product_status` and lists each SKU's sales attributes.
  // Search-only fields (sales_regions, product_sync_fail_reasons) are not part of it.
  const { status, sales_regions: _r, product_sync_fail_reasons: _f, ...v } = view(c, p, '202502') as { status: string; sales_regions: unknown; product_sync_fail_reasons: unknown; skus: Record<string, unknown>[] };
  const skus = v.skus.map((s, i) => ({ ...s, sales_attributes: p.skus[i]?.sales_attributes ?? [] }));
  return { ...v, product_status: status, skus, description: `<p>${p.title}</p>` };
}

export const productRoutes: EndpointTable = [
  perVersion('POST', '/product/{version}/products/search', ['202309', '202312', '202502'], 'reads catalog, stock', search),
  at('GET', '/product/{version}/products/{product_id}', ['202309'], 'reads catalog, stock', get),
];
