/**
 * Control-API id resolution: shop, SKU (by sku_id or seller_sku) and warehouse ids to indexes.
 * Each records its problem on the check and answers -1, so a request names every bad id at once.
 */
import type { FieldCheck, Obj } from '../../../lib/config/field-check.ts';
import type { SeededCatalog } from '../state/catalog.ts';

export function shopIndex(catalog: SeededCatalog, v: unknown, path: string, check: FieldCheck): number {
  const id = check.str(v, path);
  const i = id === '' ? undefined : catalog.shopIndex.get(id);
  if (id !== '' && i === undefined) check.add(path, `shop ${JSON.stringify(id)} does not exist`);
  return i ?? -1;
}

/** A SKU named by `sku_id` or `seller_sku` (exactly one of them). */
export function skuIndex(catalog: SeededCatalog, o: Obj, path: string, check: FieldCheck): number {
  if ((o.sku_id === undefined) === (o.seller_sku === undefined)) {
    check.add(path, 'give exactly one of sku_id or seller_sku');
    return -1;
  }
  const byId = o.sku_id !== undefined;
  const at = `${path}.${byId ? 'sku_id' : 'seller_sku'}`;
  const id = check.str(byId ? o.sku_id : o.seller_sku, at);
  if (id === '') return -1;
  const s = byId ? catalog.skuById.get(id) : catalog.skuBySellerSku.get(id);
  if (!s) check.add(at, byId ? `SKU ${JSON.stringify(id)} does not exist` : `${JSON.stringify(id)} does not exist`);
  return s?.index ?? -1;
}

export function warehouseIndex(catalog: SeededCatalog, v: unknown, path: string, check: FieldCheck): number {
  const id = check.str(v, path);
  const i = id === '' ? undefined : catalog.warehouseIndex.get(id);
  if (id !== '' && i === undefined) check.add(path, `warehouse ${JSON.stringify(id)} does not exist`);
  return i ?? -1;
}
