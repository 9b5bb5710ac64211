/**
 * Product family, the seller's listing changes: activate, deactivate, delete and recover
 * products (per shop, partial failure per product in `data.errors[]`), and update SKU prices.
 * A deactivated product cannot be ordered; a price applies to orders placed from then on. Each
 * activation, deactivation or recovery is published as PRODUCT_STATUS_CHANGE (webhook 5); a deletion is not
 * (the public sources list no status value of that event for it). A deleted product is gone
 * from the shop: search (unless asked for DELETED), get, inventory search, edits, stock and
 * price updates and buyers' orders no longer find it, until Recover Products brings it back
 * SELLER_DEACTIVATED, as the OpenAPI bundle documents. State: state/listings.ts.
 */
import { TikTokError, itemError, type ItemError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { visibleIn, type Product } from '../state/catalog.ts';
import type { ListingStatus } from '../state/listings.ts';
import { arr, checked, obj, optStr, parseObject, str, strArr } from '../validate.ts';
import { priceAmount } from './price-amount.ts';
import { at, type EndpointTable } from './route-table.ts';
import { findProduct, missingProduct, productOf } from './product-lookup.ts';

const PLATFORMS = ['TIKTOK_SHOP', 'TOKOPEDIA'];

/** The product `id` a status change applies to, or why none: recovery takes a product the shop deleted, the rest a live one. */
function target(c: Call, id: string, recover: boolean): Product | string {
  if (!recover) return findProduct(c, id) ?? missingProduct(c, id);
  const p = c.platform.catalog.productById.get(id);
  return p !== undefined && visibleIn(p, c.shop) && c.platform.listings.deleted(c.shop, p) ? p : `product ${id} is not a deleted product of the shop`;
}

/** Activate, deactivate, recover (all three announced) or delete the products named, each on its own. */
const setStatus = (to: ListingStatus, recover = false) => (c: Call): unknown => {
  const body = parseObject(c.body);
  const ids = strArr(body.product_ids, 'product_ids', 1, 20);
  if (to !== 'DELETED' && body.listing_platforms !== undefined) {
    strArr(body.listing_platforms, 'listing_platforms', 1, PLATFORMS.length).forEach((x, i) => {
      if (!PLATFORMS.includes(x)) throw new TikTokError('INVALID_PARAM', `listing_platforms[${i}]: expected ${PLATFORMS.join('|')}, got ${JSON.stringify(x)}`);
    });
  }
  const { catalog, listings } = c.platform;
  const errors: ItemError[] = [];
  for (const id of ids) {
    const p = target(c, id, recover);
    if (typeof p === 'string') {
      errors.push(itemError('NOT_FOUND', { product_id: id }, p));
      continue;
    }
    if (listings.setStatus(c.shop, p, to) && to !== 'DELETED') {
      c.platform.emit({
        shopId: c.platform.shopIdOf(c.shop),
        eventType: 'PRODUCT_STATUS_CHANGE',
        data: { product_id: p.id, status: to, suspended_reason: '', update_time: listings.updateTimeOf(c.shop, p) },
      });
    }
  }
  return errors.length > 0 ? { errors } : {};
};

const amount = (v: unknown, path: string): string => checked((check) => priceAmount(check, v, path));

/** Updates the prices of some SKUs of one product; the whole request is checked before any price changes. */
function updatePrices(c: Call): unknown {
  const { catalog, listings } = c.platform;
  const p = productOf(c, c.params.product_id as string);
  const body = parseObject(c.body);
  const changes = arr(body.skus, 'skus', 1, 100).map((raw, i) => {
    const s = obj(raw, `skus[${i}]`);
    const id = str(s.id, `skus[${i}].id`);
    const sku = p.skus.find((x) => x.id === id);
    if (!sku) throw new TikTokError('INVALID_PARAM', `skus[${i}].id: SKU ${id} is not a SKU of product ${p.id}`);
    const price = obj(s.price, `skus[${i}].price`);
    const currency = optStr(price.currency, `skus[${i}].price.currency`);
    const sells = c.platform.marketOf(c.shop).currency;
    if (currency !== undefined && currency !== sells) throw new TikTokError('INVALID_PARAM', `skus[${i}].price.currency: the shop sells in ${sells}`);
    if (s.list_price !== undefined) amount(obj(s.list_price, `skus[${i}].list_price`).amount, `skus[${i}].list_price.amount`);
    if (s.external_list_prices !== undefined) arr(s.external_list_prices, `skus[${i}].external_list_prices`, 0, 10);
    return { sku, amount: amount(price.amount, `skus[${i}].price.amount`) };
  });
  for (const x of changes) listings.setPrice(c.shop, p, x.sku, x.amount);
  return {};
}

const V = ['202309'];

export const listingRoutes: EndpointTable = [
  at('POST', '/product/{version}/products/activate', V, 'changes product status (per shop)', setStatus('ACTIVATE')),
  at('POST', '/product/{version}/products/deactivate', V, 'changes product status (per shop)', setStatus('SELLER_DEACTIVATED')),
  at('POST', '/product/{version}/products/{product_id}/prices/update', V, 'changes SKU prices (per shop)', updatePrices),
  at('DELETE', '/product/{version}/products', V, 'changes product status (deleted in the shop: gone from search, get, stock and orders)', setStatus('DELETED')),
  at('POST', '/product/{version}/products/recover', V, 'changes product status (a deleted product back, deactivated)', setStatus('SELLER_DEACTIVATED', true)),
];
