/** Control-API id resolution: shop, SKU (by sku_id or seller_sku) and warehouse ids to indexes. */
import { TikTokError } from '../errors.ts';
import type { SeededCatalog } from '../state/catalog.ts';
import { str, type Obj } from '../validate.ts';

export function shopIndex(catalog: SeededCatalog, v: unknown, path: string): number {
  const id = str(v, path);
  const i = catalog.shopIndex.get(id);
  if (i === undefined) throw new TikTokError('INVALID_PARAM', `${path}: shop ${JSON.stringify(id)} does not exist`);
  return i;
}

/** A SKU named by `sku_id` or `seller_sku` (exactly one of them). */
export function skuIndex(catalog: SeededCatalog, o: Obj, path: string): number {
  if ((o.sku_id === undefined) === (o.seller_sku === undefined)) {
    throw new TikTokError('INVALID_PARAM', `${path}: give exactly one of sku_id or seller_sku`);
  }
  if (o.sku_id !== undefined) {
    const id = str(o.sku_id, `${path}.sku_id`);
    const s = catalog.skuById.get(id);
    if (!s) throw new TikTokError('INVALID_PARAM', `${path}.sku_id: SKU ${JSON.stringify(id)} does not exist`);
    return s.index;
  }
  const ss = str(o.seller_sku, `${path}.seller_sku`);
  const s = catalog.skuBySellerSku.get(ss);
  if (!s) throw new TikTokError('INVALID_PARAM', `${path}.seller_sku: ${JSON.stringify(ss)} does not exist`);
  return s.index;
}

export function warehouseIndex(catalog: SeededCatalog, v: unknown, path: string): number {
  const id = str(v, path);
  const i = catalog.warehouseIndex.get(id);
  if (i === undefined) throw new TikTokError('INVALID_PARAM', `${path}: warehouse ${JSON.stringify(id)} does not exist`);
  return i;
}
