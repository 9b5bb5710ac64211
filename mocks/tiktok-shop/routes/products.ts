/**
 * Product family: search (page_size/page_token in the query, filters in the body) and get.
 * Every shop lists the whole catalog, so a product's per-shop view differs only in its stock.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Product } from '../state/catalog.ts';
import { optInt, parseObject, queryInt, strArr, bad } from '../validate.ts';
import { decodeToken, encodeToken, type RouteTable } from './route-table.ts';

const STATUSES = ['ALL', 'DRAFT', 'PENDING', 'FAILED', 'ACTIVATE', 'SELLER_DEACTIVATED', 'PLATFORM_DEACTIVATED', 'FREEZE', 'DELETED'];
const MAX_S = 2 ** 32;

function view(c: Call, p: Product): Record<string, unknown> {
  const { catalog, inventory } = c.platform;
  return {
    id: p.id,
    title: p.title,
    status: p.status,
    sales_regions: ['US'],
    create_time: p.create_time,
    update_time: p.update_time,
    skus: p.skus.map((s) => ({
      id: s.id,
      seller_sku: s.seller_sku,
      price: { tax_exclusive_price: s.price.amount, sale_price: s.price.amount, currency: s.price.currency },
      sales_attributes: s.sales_attributes,
      inventory: catalog.warehouses.map((w, wi) => ({ warehouse_id: w.id, quantity: inventory.availableAt(inventory.key(c.shop, s.index, wi)) })),
    })),
  };
}

function search(c: Call): unknown {
  const { catalog } = c.platform;
  const pageSize = queryInt(c.query.page_size, 'page_size', 1, 100);
  if (pageSize === undefined) throw new TikTokError('INVALID_PARAM', 'page_size is required (1..100, in the query)');
  let offset = 0;
  if (c.query.page_token !== undefined && c.query.page_token !== '') {
    const t = decodeToken(c.query.page_token);
    if (!Array.isArray(t) || t[0] !== 'p' || !Number.isInteger(t[1]) || (t[1] as number) < 0) {
      throw new TikTokError('INVALID_PARAM', 'page_token is not a token this API issued');
    }
    offset = t[1] as number;
  }
  const body = parseObject(c.body);
  const status = body.status;
  if (status !== undefined && (typeof status !== 'string' || !STATUSES.includes(status))) throw bad('status', STATUSES.join('|'), status);
  const sellerSkus = body.seller_skus === undefined ? undefined : new Set(strArr(body.seller_skus, 'seller_skus', 1, 10));
  const cge = optInt(body.create_time_ge, 'create_time_ge', 0, MAX_S);
  const cle = optInt(body.create_time_le, 'create_time_le', 0, MAX_S);
  const uge = optInt(body.update_time_ge, 'update_time_ge', 0, MAX_S);
  const ule = optInt(body.update_time_le, 'update_time_le', 0, MAX_S);
  const matches = catalog.products.filter(
    (p) =>
      (status === undefined || status === 'ALL' || status === p.status) &&
      (sellerSkus === undefined || p.skus.some((s) => sellerSkus.has(s.seller_sku))) &&
      (cge === undefined || p.create_time >= cge) &&
      (cle === undefined || p.create_time <= cle) &&
      (uge === undefined || p.update_time >= uge) &&
      (ule === undefined || p.update_time <= ule),
  );
  const page = matches.slice(offset, offset + pageSize);
  const next = offset + pageSize < matches.length ? encodeToken(['p', offset + pageSize]) : '';
  return { products: page.map((p) => view(c, p)), next_page_token: next, total_count: matches.length };
}

function get(c: Call): unknown {
  const p = c.platform.catalog.productById.get(c.params.product_id as string);
  if (!p) throw new TikTokError('NOT_FOUND', `product ${c.params.product_id} does not exist`);
  return { ...view(c, p), description: `<p>${p.title}</p>` };
}

export const productRoutes: RouteTable = [
  ['POST', '/product/202312/products/search', { kind: 'api', handle: search }],
  ['GET', '/product/202309/products/{product_id}', { kind: 'api', handle: get }],
];
