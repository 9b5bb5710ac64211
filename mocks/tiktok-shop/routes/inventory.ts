/**
 * Inventory family: update (absolute quantity per warehouse, partial failure per SKU) and search.
 *
 * Update validates in two layers, both before any state changes:
 * - the request's shape (JSON, types, the skus array): any problem refuses the whole request
 *   with 36009004 and nothing is applied;
 * - each SKU's business rules (belongs to the product, warehouse exists, quantity 0..99999,
 *   warehouse_id present when the shop sells from several warehouses): a failing SKU is
 *   reported in `data.errors[]` and not applied at all; the others are applied. So the state
 *   changes by exactly the SKUs the answer reports as succeeded.
 */
import { TikTokError, itemError, type ItemError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { FieldCheck, Obj } from '../../../lib/config/field-check.ts';
import { checked, isObj, parseObject, strArr } from '../validate.ts';
import { at, type EndpointTable } from './route-table.ts';
import { findProduct, productOf } from './product-lookup.ts';

export const MAX_QUANTITY = 99_999;
const MAX_SKUS_PER_UPDATE = 100;

interface WarehouseEntry {
  warehouse_id: string | undefined;
  quantity: number;
}

/** One warehouse entry's refusal, as TikTok lists it in `extra_errors`. */
function warehouseError(e: WarehouseEntry, key: Parameters<typeof itemError>[0], note?: string): { warehouse_id: string; code: number; message: string } {
  const ie = itemError(key, {}, note);
  return { warehouse_id: e.warehouse_id ?? '', code: ie.code, message: ie.message };
}

/** The request's shape, every problem of it at once (quantities are checked per SKU later). */
function parseSkus(check: FieldCheck, body: Obj): { id: string; entries: WarehouseEntry[] }[] {
  const seen = new Set<string>();
  return check.arr(body.skus, 'skus', 1, MAX_SKUS_PER_UPDATE).map((raw, i) => {
    const s = check.obj(raw, `skus[${i}]`);
    const id = check.str(s.id, `skus[${i}].id`);
    if (id !== '' && seen.has(id)) check.add(`skus[${i}].id`, `SKU ${id} appears more than once`);
    seen.add(id);
    const entries: WarehouseEntry[] = check.arr(s.inventory, `skus[${i}].inventory`, 1, 100).map((e, j) => {
      const p = `skus[${i}].inventory[${j}]`;
      const o = check.obj(e, p);
      if (isObj(e) && typeof o.quantity !== 'number') check.expected(`${p}.quantity`, 'a number', o.quantity);
      if (o.warehouse_id !== undefined && typeof o.warehouse_id !== 'string') check.expected(`${p}.warehouse_id`, 'a string', o.warehouse_id);
      return { warehouse_id: o.warehouse_id as string | undefined, quantity: o.quantity as number };
    });
    return { id, entries };
  });
}

function update(c: Call): unknown {
  const { catalog, inventory } = c.platform;
  const product = productOf(c, c.params.product_id as string);
  const parsed = checked((check) => parseSkus(check, parseObject(c.body)));

  const errors: ItemError[] = [];
  // Inventory keys and their quantities, in pairs, of the SKUs whose every entry passed.
  const apply: number[] = [];
  const several = catalog.warehouses.length > 1;
  for (const s of parsed) {
    const sku = catalog.skuById.get(s.id);
    if (!sku || !product.skus.includes(sku)) {
      errors.push(itemError('INVALID_PARAM', { sku_id: s.id, extra_errors: [] }, `SKU ${s.id} is not a SKU of product ${product.id}`));
      continue;
    }
    const mark = apply.length;
    let extra: { warehouse_id: string; code: number; message: string }[] | undefined;
    const whSeen = new Set<string>();
    for (const e of s.entries) {
      const whId = e.warehouse_id ?? (several ? undefined : catalog.warehouses[0]?.id);
      if (whId === undefined) {
        (extra ??= []).push(warehouseError(e, 'WAREHOUSE_REQUIRED'));
        continue;
      }
      const wh = catalog.warehouseIndex.get(whId);
      if (wh === undefined) (extra ??= []).push(warehouseError(e, 'WAREHOUSE_NOT_FOUND', `warehouse ${whId}`));
      else if (whSeen.has(whId)) (extra ??= []).push(warehouseError(e, 'INVALID_PARAM', `warehouse ${whId} given twice`));
      else if (!Number.isInteger(e.quantity) || e.quantity < 0 || e.quantity > MAX_QUANTITY) (extra ??= []).push(warehouseError(e, 'STOCK_COUNT_INVALID', `got ${e.quantity}`));
      else apply.push(inventory.key(c.shop, sku.index, wh), e.quantity);
      whSeen.add(whId);
    }
    if (extra !== undefined) {
      apply.length = mark; // a SKU with any refused entry changes nothing
      const first = extra[0] as { code: number; message: string };
      errors.push({ code: first.code, message: first.message, detail: { sku_id: s.id, extra_errors: extra } });
    }
  }
  for (let i = 0; i < apply.length; i += 2) inventory.set(apply[i] as number, apply[i + 1] as number, 'push');
  return errors.length > 0 ? { errors } : {};
}

function search(c: Call): unknown {
  const { catalog, inventory } = c.platform;
  const body = parseObject(c.body);
  if (body.product_ids === undefined && body.sku_ids === undefined) {
    throw new TikTokError('INVALID_PARAM', 'send product_ids (up to 100) or sku_ids (up to 600)');
  }
  const productIds = body.product_ids === undefined ? [] : strArr(body.product_ids, 'product_ids', 1, 100);
  const skuIds = body.sku_ids === undefined ? [] : strArr(body.sku_ids, 'sku_ids', 1, 600);
  // Unknown ids are simply not found (search semantics); the answer lists what exists.
  const wanted = new Map<string, Set<string>>();
  for (const pid of productIds) {
    const p = findProduct(c, pid);
    if (p) wanted.set(pid, new Set(p.skus.map((s) => s.id)));
  }
  for (const sid of skuIds) {
    const s = catalog.skuById.get(sid);
    if (!s || !findProduct(c, s.product_id)) continue;
    let set = wanted.get(s.product_id);
    if (!set) wanted.set(s.product_id, (set = new Set()));
    set.add(sid);
  }
  const out = [];
  for (const [pid, ids] of wanted) {
    const product = catalog.productById.get(pid);
    if (!product) continue;
    out.push({
      product_id: pid,
      skus: product.skus
        .filter((s) => ids.has(s.id))
        .map((s) => ({
          id: s.id,
          seller_sku: s.seller_sku,
          total_available_quantity: inventory.totalAvailable(c.shop, s.index),
          total_committed_quantity: inventory.totalCommitted(c.shop, s.index),
          warehouse_inventory: catalog.warehouses.map((w, wi) => {
            const k = inventory.key(c.shop, s.index, wi);
            return { warehouse_id: w.id, available_quantity: inventory.availableAt(k), committed_quantity: inventory.committedAt(k) };
          }),
        })),
    });
  }
  return { inventory: out };
}

export const inventoryRoutes: EndpointTable = [
  at('POST', '/product/{version}/products/{product_id}/inventory/update', ['202309'], 'changes stock (available per warehouse)', update),
  at('POST', '/product/{version}/inventory/search', ['202309'], 'reads stock (available, committed)', search),
];
