/**
 * Product family, global products (seller-scoped: no shop_cipher): Create Global Product
 * (202309), Get Global Product (202309), Publish Global Product (202309) and Search Global
 * Products (202309, 202312, one shape); edits and deletion are in global-product-edits.ts.
 * State: state/global-products.ts.
 *
 * - Create takes the create-product body without shop fields (product-body.ts), prices in USD,
 *   and answers `{global_product_id, global_skus[{id, seller_sku, external_global_sku_id,
 *   sales_attributes[{id, value_id}]}]}`.
 * - Publish takes `publish_target[{region, skus?[{related_global_sku_id, price?{amount,
 *   currency}, inventory?{warehouse_id, quantity}}]}]` and, per region, makes a listed local
 *   product in each of the seller's authorized shops of that market (their stock and prices as
 *   given, else stock 0 and the global price in the shop's currency). A region where the seller
 *   has no shop, or where the product is already published, fails on its own
 *   (`publish_result[{region, status: FAILED, fail_reasons[{message}]}]`); the others succeed.
 * - Get answers what the mock keeps: title, description, times, SKUs (seller SKU, USD price,
 *   sales attributes) and, per market published, the local products with their SKU mappings.
 * - Search filters by `status`, `seller_skus`, `create_time_ge/le`, `update_time_ge/le` and
 *   pages like product search; a deleted global product is found only with `status: DELETED`.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Product } from '../state/catalog.ts';
import type { GlobalProduct, GlobalSku } from '../state/global-products.ts';
import { MARKETS, type Market } from '../state/markets.ts';
import type { FieldCheck, Obj } from '../../../lib/config/field-check.ts';
import { checked, optEnum, optInt, parseObject, strArr } from '../validate.ts';
import { MAX_CREATED_PER_SHOP } from '../state/product-store.ts';
import { offsetPage } from './offset-page.ts';
import { priceAmount } from './price-amount.ts';
import { readProductBody } from './product-body.ts';
import { at, type EndpointTable } from './route-table.ts';

const STATUSES = ['PUBLISHED', 'UNPUBLISHED', 'DRAFT', 'DELETED'];
/** How many global products one seller may create: the mock's bound on its own memory. */
const MAX_GLOBAL_PER_SELLER = 5000;
const MAX_S = 2 ** 32;

/** Why the seller has no global product `id`: the message of its 90000404. */
export function missingGlobal(c: Call, id: string): string {
  return `global product ${id} ${c.platform.globalProducts.deleted(id, c.seller) ? 'is deleted' : 'does not exist'}`;
}

/** The seller's global product named in the path, or 90000404 saying why not. */
export function globalOf(c: Call): GlobalProduct {
  const id = c.params.global_product_id as string;
  const g = c.platform.globalProducts.get(id, c.seller);
  if (!g) throw new TikTokError('NOT_FOUND', missingGlobal(c, id));
  return g;
}

/** A sales attribute's platform ids: those given, else the ids its names were issued. */
function attributeIds(c: Call, a: GlobalSku['sales_attributes'][number]): { id: string; value_id: string } {
  const ids = c.platform.products;
  const name = a.name ?? a.id ?? '';
  return { id: a.id ?? ids.attributeId(name), value_id: a.value_id ?? ids.attributeId(`${name}\u0000${a.value_name ?? ''}`) };
}

/** A global SKU as create and the edits answer it. */
export function globalSkuAnswer(c: Call, s: GlobalSku): Record<string, unknown> {
  return { id: s.id, seller_sku: s.seller_sku, external_global_sku_id: s.external_sku_id ?? '', sales_attributes: s.sales_attributes.map((a) => attributeIds(c, a)) };
}

function create(c: Call): unknown {
  const { catalog, products, globalProducts } = c.platform;
  const b = checked((check) => readProductBody(check, parseObject(c.body), 'global', '202309', { catalog, market: MARKETS.US as Market }));
  checked((check) => b.skus?.forEach((s, i) => s.seller_sku !== undefined && products.sellerSkuTaken(s.seller_sku) && check.add(`skus[${i}].seller_sku`, `${JSON.stringify(s.seller_sku)} already names another SKU`)));
  const skus = (b.skus ?? []).map((s) => ({ seller_sku: s.seller_sku ?? '', price: s.price as string, sales_attributes: s.sales_attributes ?? [], external_sku_id: s.external_sku_id }));
  if (globalProducts.of(c.seller).length >= MAX_GLOBAL_PER_SELLER) throw new TikTokError('INVALID_PARAM', `the seller has created ${MAX_GLOBAL_PER_SELLER} global products, the most the mock keeps`);
  const g = globalProducts.create(c.seller, { title: b.title as string, description: b.description as string }, skus);
  return { global_product_id: g.id, global_skus: g.skus.map((s) => globalSkuAnswer(c, s)) };
}

function get(c: Call): unknown {
  const g = globalOf(c);
  const products = [...g.published].flatMap(([region, locals]) =>
    locals.map((l) => ({
      id: l.id,
      region,
      sku_mappings: l.skus.flatMap((ls) => {
        const global = g.related.get(ls.id);
        return global === undefined ? [] : [{ global_sku_id: global, local_sku_id: ls.id, sales_attribute_mappings: [] }];
      }),
    })),
  );
  return {
    id: g.id,
    title: g.title,
    description: g.description,
    create_time: Math.floor(g.created_ms / 1000),
    update_time: Math.floor(g.updated_ms / 1000),
    skus: g.skus.map((s) => ({
      ...globalSkuAnswer(c, s),
      price: { amount: s.price, currency: 'USD' },
      sales_attributes: s.sales_attributes.map((a) => ({ ...attributeIds(c, a), name: a.name ?? '', value_name: a.value_name ?? '' })),
      inventory: [],
    })),
    products,
  };
}

interface Target {
  region: string;
  skus: { global: number; price?: string; warehouse?: number; quantity?: number }[];
}

function readTargets(check: FieldCheck, c: Call, g: GlobalProduct, body: Obj): Target[] {
  return check.arr(body.publish_target, 'publish_target', 1, 20).map((raw, i) => {
    const t = check.obj(raw, `publish_target[${i}]`);
    const region = check.str(t.region, `publish_target[${i}].region`);
    const currency = MARKETS[region]?.currency;
    const skus = (t.skus === undefined ? [] : check.arr(t.skus, `publish_target[${i}].skus`, 0, g.skus.length)).map((r, j) => {
      const at = `publish_target[${i}].skus[${j}]`;
      const s = check.obj(r, at);
      const id = check.str(s.related_global_sku_id, `${at}.related_global_sku_id`);
      const global = g.skus.findIndex((x) => x.id === id);
      if (id !== '' && global === -1) check.add(`${at}.related_global_sku_id`, `${id} is not a SKU of global product ${g.id}`);
      const out: Target['skus'][number] = { global };
      if (s.price !== undefined) {
        const p = check.obj(s.price, `${at}.price`);
        out.price = priceAmount(check, p.amount, `${at}.price.amount`);
        if (p.currency !== currency) check.expected(`${at}.price.currency`, `${currency ?? 'the market\'s currency'}`, p.currency);
      }
      if (s.inventory !== undefined) {
        const inv = check.obj(s.inventory, `${at}.inventory`);
        out.quantity = check.int(inv.quantity, `${at}.inventory.quantity`, 0, 99_999);
        out.warehouse = c.platform.catalog.warehouseIndex.get(check.str(inv.warehouse_id, `${at}.inventory.warehouse_id`));
        if (out.warehouse === undefined && typeof inv.warehouse_id === 'string') check.add(`${at}.inventory.warehouse_id`, `warehouse ${JSON.stringify(inv.warehouse_id)} does not exist`);
      }
      return out;
    });
    return { region, skus };
  });
}

/** Stock and local prices a target gives, in one shop's copy. */
function applyTarget(c: Call, t: Target, shop: number, local: Product): void {
  const { inventory, listings } = c.platform;
  for (const s of t.skus) {
    const sku = local.skus[s.global];
    if (sku === undefined) continue;
    if (s.price !== undefined) listings.setPrice(shop, local, sku, s.price);
    if (s.warehouse !== undefined && s.quantity !== undefined) inventory.set(inventory.key(shop, sku.index, s.warehouse), s.quantity, 'push');
  }
}

function publish(c: Call): unknown {
  const { globalProducts, products, sellers } = c.platform;
  const g = globalOf(c);
  const targets = checked((check) => readTargets(check, c, g, parseObject(c.body)));
  const out: Record<string, unknown>[] = [];
  const results = targets.map((t) => {
    const shops = sellers.authorizedShops(c.seller).filter((s) => c.platform.marketOf(s).code === t.region);
    const fail = (message: string) => ({ region: t.region, status: 'FAILED', fail_reasons: [{ message }] });
    if (shops.length === 0) return fail(`the seller has no authorized shop in market ${t.region}`);
    if (g.published.has(t.region)) return fail(`already published in market ${t.region}`);
    if (shops.some((s) => products.createdBy(s) >= MAX_CREATED_PER_SHOP) || !products.roomFor(shops.length * g.skus.length)) return fail('a shop of the market has created the most products the mock keeps');
    const made = globalProducts.publish(g, t.region, shops, products);
    made.forEach((local, k) => {
      const shop = shops[k] as number;
      applyTarget(c, t, shop, local);
      c.platform.emit({ shopId: c.platform.shopIdOf(shop), eventType: 'PRODUCT_STATUS_CHANGE', data: { product_id: local.id, status: 'ACTIVATE', suspended_reason: '', update_time: local.update_time } });
      out.push({
        id: local.id,
        region: t.region,
        shop_id: c.platform.shopIdOf(shop),
        skus: local.skus.map((s, i) => ({ id: s.id, related_global_sku_id: g.skus[i]?.id, seller_sku: s.seller_sku, sale_attributes: s.sales_attributes.map((a) => ({ id: a.id, value_id: a.value_id })) })),
      });
    });
    return { region: t.region, status: 'SUCCESS', fail_reasons: [] };
  });
  return { products: out, publish_result: results };
}

function search(c: Call): unknown {
  const body = parseObject(c.body);
  const status = optEnum(body.status, 'status', STATUSES);
  const sellerSkus = body.seller_skus === undefined ? undefined : new Set(strArr(body.seller_skus, 'seller_skus', 1, 100));
  const [cge, cle, uge, ule] = ['create_time_ge', 'create_time_le', 'update_time_ge', 'update_time_le'].map((k) => optInt(body[k], k, 0, MAX_S));
  const inS = (ms: number, ge?: number, le?: number) => (ge === undefined || ms >= ge * 1000) && (le === undefined || Math.floor(ms / 1000) <= le);
  const matches = c.platform.globalProducts.of(c.seller).filter(
    (g) => (g.status === 'DELETED' ? status === 'DELETED' : status === undefined || g.status === status) && (sellerSkus === undefined || g.skus.some((s) => sellerSkus.has(s.seller_sku))) && inS(g.created_ms, cge, cle) && inS(g.updated_ms, uge, ule),
  );
  const { page, next_page_token, total_count } = offsetPage(c, matches);
  const view = (g: GlobalProduct) => ({ id: g.id, title: g.title, status: g.status, create_time: Math.floor(g.created_ms / 1000), update_time: Math.floor(g.updated_ms / 1000), skus: g.skus.map((s) => ({ id: s.id, seller_sku: s.seller_sku })) });
  return { global_products: page.map(view), next_page_token, total_count };
}

export const globalProductRoutes: EndpointTable = [
  at('POST', '/product/{version}/global_products', ['202309'], 'changes global products (the seller\'s)', create),
  at('POST', '/product/{version}/global_products/{global_product_id}/publish', ['202309'], 'changes global products, catalog (a listed product per shop of the market), prices and stock', publish),
  at('POST', '/product/{version}/global_products/search', ['202309', '202312'], 'reads global products', search),
  at('GET', '/product/{version}/global_products/{global_product_id}', ['202309'], 'reads global products (and the local products published from them)', get),
];
