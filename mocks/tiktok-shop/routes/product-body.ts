/**
 * The body of Create Product (202309), Edit Product and Partial Edit Product (202309, 202509),
 * Create and Edit Global Product (202309) and Partial Edit Global Product (202509), read into what the mock keeps, with every shape problem
 * reported at once (36009004).
 *
 * What the versions and operations accept (TikTok's models):
 * - create takes `idempotency_key`, `is_not_for_sale` and `primary_combined_product_id`, which
 *   the edits do not; the edits take `replicated_products` and `subscribe_info_edit`; partial
 *   edit takes no category, delivery, shipping-template or pre-owned fields;
 * - a global product has no shop: no save mode, listing, delivery or COD fields; it takes
 *   `external_global_product_id`, `source_locale` and `manufacturer`, SKUs with
 *   `external_global_sku_id` and a global price in USD, and stock in global warehouses (which
 *   the mock has none of: type-checked, not kept; stock is set on publication); its edits take
 *   the same fields, SKUs named by their global SKU `id`;
 * - `skus[].inventory[].backorder_quantity` and `handling_time` exist in create (202309) and in
 *   both edits from 202509 on; a 202309 edit does not know them.
 * A field an operation does not know is ignored, as TikTok ignores unknown fields. Every known
 * top-level field is type-checked; the fields the mock keeps (title, description, save_mode,
 * SKUs with their seller SKU, price, stock, backorders and sales attributes) are checked in
 * depth.
 *
 * Required (TikTok's rules for a listing): create and edit need title, description,
 * category_id, main_images, package_weight and skus, and a new SKU needs its price; a partial
 * edit (of a product or a global product) needs nothing, and changes only the top-level fields
 * it is given.
 */
import type { FieldCheck, Obj } from '../../../lib/config/field-check.ts';
import type { SeededCatalog } from '../state/catalog.ts';
import type { Market } from '../state/markets.ts';
import type { SkuInput } from '../state/product-store.ts';
import { MAX_QUANTITY } from './inventory.ts';
import { priceAmount } from './price-amount.ts';

export type Operation = 'create' | 'edit' | 'partial' | 'global' | 'global-edit' | 'global-partial';
type JsonType = 'string' | 'boolean' | 'integer' | 'array' | 'object';

const S = 'string';
const B = 'boolean';
const A = 'array';
const O = 'object';
/** Every top-level field of the three bodies, with its type. */
const FIELDS: Record<string, JsonType> = {
  title: S, description: S, brand_id: S, category_id: S, category_version: S, external_product_id: S, save_mode: S,
  shipping_insurance_requirement: S, shipping_template_id: S, idempotency_key: S, primary_combined_product_id: S,
  is_cod_allowed: B, is_not_for_sale: B, is_pre_owned: B, minimum_order_quantity: 'integer',
  certifications: A, delivery_option_ids: A, listing_platforms: A, main_images: A, manufacturer_ids: A, product_attributes: A,
  responsible_person_ids: A, skus: A, replicated_products: A,
  package_dimensions: O, package_weight: O, size_chart: O, video: O, subscribe_info_edit: O,
  external_global_product_id: S, source_locale: S, manufacturer: O,
};
const GLOBAL_ONLY = ['external_global_product_id', 'source_locale', 'manufacturer'];
const NOT_GLOBAL = ['save_mode', 'shipping_insurance_requirement', 'shipping_template_id', 'idempotency_key', 'primary_combined_product_id', 'is_cod_allowed', 'is_not_for_sale', 'is_pre_owned', 'minimum_order_quantity', 'delivery_option_ids', 'listing_platforms', 'external_product_id', 'replicated_products', 'subscribe_info_edit'];
const NOT_IN: Record<Operation, readonly string[]> = {
  create: ['replicated_products', 'subscribe_info_edit', ...GLOBAL_ONLY],
  edit: ['idempotency_key', 'is_not_for_sale', 'primary_combined_product_id', ...GLOBAL_ONLY],
  partial: ['idempotency_key', 'is_not_for_sale', 'primary_combined_product_id', 'category_id', 'category_version', 'delivery_option_ids', 'is_pre_owned', 'minimum_order_quantity', 'shipping_insurance_requirement', 'shipping_template_id', ...GLOBAL_ONLY],
  global: NOT_GLOBAL,
  'global-edit': NOT_GLOBAL,
  'global-partial': NOT_GLOBAL,
};
const isGlobal = (op: Operation): boolean => op.startsWith('global');
const REQUIRED = ['title', 'description', 'category_id', 'main_images', 'package_weight', 'skus'];
const SAVE_MODES = ['AS_DRAFT', 'LISTING'];
const WEIGHT_UNITS = ['KILOGRAM', 'POUND'];
const MAX_SKUS = 300;
const MAX_IMAGES = 9;
const NO_SPACE = /^\S+$/;

export interface StockInput {
  warehouse: number;
  quantity: number;
  /** Versions that know backorders; absent keeps the SKU's setting. */
  backorder_quantity?: number;
  handling_time?: number;
}

export interface SkuBody extends SkuInput {
  /** Per warehouse index; absent leaves the stock as it is. */
  inventory?: StockInput[];
}

export interface ProductBody {
  title?: string;
  description?: string;
  /** save_mode: AS_DRAFT (true), LISTING (false, the default), absent. */
  draft?: boolean;
  skus?: SkuBody[];
}

function typeOf(v: unknown): JsonType | 'number' | 'null' {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'number') return Number.isSafeInteger(v) ? 'integer' : 'number';
  return typeof v as JsonType;
}

/** What a body is read against: the platform's warehouses, the calling shop's market (its currency). */
export interface BodyContext {
  catalog: SeededCatalog;
  market: Market;
}

/** Reads a create / edit / partial-edit body of version `v`; problems go to `check`. */
export function readProductBody(check: FieldCheck, body: Obj, op: Operation, v: string, ctx: BodyContext): ProductBody {
  for (const [k, type] of Object.entries(FIELDS)) {
    if (NOT_IN[op].includes(k) || body[k] === undefined) continue;
    if (typeOf(body[k]) !== type) check.expected(k, type === 'integer' ? 'an integer' : `a${type === 'array' || type === 'object' ? 'n' : ''} ${type}`, body[k]);
  }
  if (op !== 'partial' && op !== 'global-partial') for (const k of REQUIRED) if (body[k] === undefined) check.add(k, 'is required');
  if (!check.ok) return {};
  const images = body.main_images === undefined ? [] : check.arr(body.main_images, 'main_images', 1, MAX_IMAGES);
  images.forEach((img, i) => check.str(check.obj(img, `main_images[${i}]`).uri, `main_images[${i}].uri`));
  if (body.package_weight !== undefined) {
    const w = check.obj(body.package_weight, 'package_weight');
    if (typeof w.value !== 'string' || !(Number(w.value) > 0)) check.expected('package_weight.value', 'a positive number as a string', w.value);
    check.oneOf(w.unit, 'package_weight.unit', WEIGHT_UNITS);
  }
  const mode = body.save_mode === undefined ? undefined : check.oneOf(body.save_mode, 'save_mode', SAVE_MODES);
  const backorders = op === 'create' || (!isGlobal(op) && v >= '202509');
  const skus = body.skus === undefined ? undefined : readSkus(check, body.skus, op, backorders, ctx);
  return {
    title: body.title === undefined ? undefined : check.str(body.title, 'title', 255),
    description: body.description === undefined ? undefined : check.str(body.description, 'description', 10_000),
    draft: mode === undefined ? undefined : mode === 'AS_DRAFT',
    skus,
  };
}

function readSkus(check: FieldCheck, raw: unknown, op: Operation, backorders: boolean, ctx: BodyContext): SkuBody[] {
  const sellerSkus = new Set<string>();
  const combos = new Set<string>();
  const list = check.arr(raw, 'skus', 1, MAX_SKUS);
  return list.map((r, i) => {
    const at = `skus[${i}]`;
    const s = check.obj(r, at);
    const id = op === 'create' || op === 'global' ? undefined : check.optStr(s.id, `${at}.id`);
    const global = isGlobal(op);
    const sku: SkuBody = { id };
    if (s.seller_sku !== undefined) {
      sku.seller_sku = check.str(s.seller_sku, `${at}.seller_sku`, 50);
      if (sku.seller_sku !== '' && !NO_SPACE.test(sku.seller_sku)) check.add(`${at}.seller_sku`, 'must not contain spaces');
      if (sellerSkus.has(sku.seller_sku)) check.add(`${at}.seller_sku`, `${JSON.stringify(sku.seller_sku)} is given to two SKUs`);
      sellerSkus.add(sku.seller_sku);
    }
    if (s.price !== undefined) {
      const price = check.obj(s.price, `${at}.price`);
      sku.price = priceAmount(check, price.amount, `${at}.price.amount`);
      if (price.currency !== ctx.market.currency) check.expected(`${at}.price.currency`, `${ctx.market.currency} (the shop's currency)`, price.currency);
    } else if (id === undefined) check.add(`${at}.price`, 'is required for a new SKU');
    const external = global ? 'external_global_sku_id' : 'external_sku_id';
    if (s[external] !== undefined) sku.external_sku_id = check.str(s[external], `${at}.${external}`, 999);
    if (global) {
      check.optInt(s.global_quantity, `${at}.global_quantity`, 0, MAX_QUANTITY);
      if (s.inventory !== undefined) check.arr(s.inventory, `${at}.inventory`, 0, 50).forEach((e, j) => check.obj(e, `${at}.inventory[${j}]`));
    } else if (s.inventory !== undefined) sku.inventory = readStock(check, s.inventory, at, backorders, ctx.catalog);
    if (s.sales_attributes !== undefined) sku.sales_attributes = readAttributes(check, s.sales_attributes, at);
    // Several SKUs are told apart by their sales attributes (an existing SKU sent without them keeps its own).
    const attrs = sku.sales_attributes ?? [];
    if (list.length > 1 && attrs.length === 0 && id === undefined) check.add(`${at}.sales_attributes`, 'a new SKU of a product of several SKUs needs sales attributes to tell it apart');
    const combo = JSON.stringify(attrs.map((a) => [a.id ?? a.name, a.value_id ?? a.value_name]));
    if (attrs.length > 0 && combos.has(combo)) check.add(`${at}.sales_attributes`, 'two SKUs have the same sales attributes');
    combos.add(combo);
    return sku;
  });
}

function readStock(check: FieldCheck, raw: unknown, at: string, backorders: boolean, catalog: SeededCatalog): StockInput[] {
  const seen = new Set<number>();
  return check.arr(raw, `${at}.inventory`, 1, catalog.warehouses.length).flatMap((r, j) => {
    const p = `${at}.inventory[${j}]`;
    const e = check.obj(r, p);
    const quantity = check.int(e.quantity, `${p}.quantity`, 0, MAX_QUANTITY);
    const backorder = backorders
      ? { backorder_quantity: check.optInt(e.backorder_quantity, `${p}.backorder_quantity`, 0, MAX_QUANTITY), handling_time: check.optInt(e.handling_time, `${p}.handling_time`, 0, 365) }
      : {};
    const whId = e.warehouse_id ?? (catalog.warehouses.length === 1 ? catalog.warehouses[0]?.id : undefined);
    if (whId === undefined) {
      check.add(`${p}.warehouse_id`, 'is required: the shop sells from several warehouses');
      return [];
    }
    const warehouse = catalog.warehouseIndex.get(check.str(whId, `${p}.warehouse_id`));
    if (typeof whId === 'string' && warehouse === undefined) check.add(`${p}.warehouse_id`, `warehouse ${JSON.stringify(whId)} does not exist`);
    if (warehouse === undefined) return [];
    if (seen.has(warehouse)) check.add(`${p}.warehouse_id`, `warehouse ${whId} is given twice`);
    seen.add(warehouse);
    return [{ warehouse, quantity, ...backorder }];
  });
}

function readAttributes(check: FieldCheck, raw: unknown, at: string): NonNullable<SkuInput['sales_attributes']> {
  return check.arr(raw, `${at}.sales_attributes`, 0, 3).map((r, k) => {
    const p = `${at}.sales_attributes[${k}]`;
    const a = check.obj(r, p);
    if (a.id === undefined && a.name === undefined) check.add(p, 'give id or name');
    if (a.value_id === undefined && a.value_name === undefined) check.add(p, 'give value_id or value_name');
    return {
      id: check.optStr(a.id, `${p}.id`),
      name: check.optStr(a.name, `${p}.name`, 20),
      value_id: check.optStr(a.value_id, `${p}.value_id`),
      value_name: check.optStr(a.value_name, `${p}.value_name`, 50),
    };
  });
}
