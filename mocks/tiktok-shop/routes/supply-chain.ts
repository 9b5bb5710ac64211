/**
 * Supply chain family: Confirm Package Shipment (`POST /supply_chain/{version}/packages/sync`),
 * by which a warehouse service provider reports packages it shipped. Each confirmed package
 * ships with the reported carrier and tracking number (state/fulfillment.ts `confirmShipment`);
 * the batch is validated whole first, then each package succeeds (`success_packages`) or fails on
 * its own (`errors[]`, whose `code` is a string in this API). The mock does not model provider
 * certification: any `warehouse_provider_id` is accepted.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { FieldCheck } from '../../../lib/config/field-check.ts';
import { checked, parseObject, type Obj } from '../validate.ts';
import { at, type EndpointTable } from './route-table.ts';

const MAX_PACKAGES = 50;
const MAX_MS = 2 ** 53;
const DIMENSION_UNITS = ['METER', 'CENTIMETER', 'MILLIMETER', 'MICRON', 'FOOT', 'INCH'];
const WEIGHT_UNITS = ['KILOGRAM', 'GRAM', 'MILLIGRAM', 'POUND', 'OUNCE'];
const TEXT = ['shipping_provider_name', 'provider_warehouse_code', 'provider_warehouse_name', 'shipping_origin_city', 'tcw_warehouse_type', 'time_zone', 'wms_order_id'];
const TIMES = ['create_time_millis', 'handover_time_millis', 'ship_time_millis'];

interface Confirmation {
  id: string;
  tracking_number: string;
  shipping_provider_id: string;
  skus: { id: string; quantity: number }[] | undefined;
}

/** One package entry; the fields the mock only records are still type-checked. */
function entry(raw: unknown, at: string, check: FieldCheck): Confirmation {
  const p = check.obj(raw, at);
  for (const k of TEXT) if (p[k] !== undefined) check.str(p[k], `${at}.${k}`);
  for (const k of TIMES) if (p[k] !== undefined) check.int(p[k], `${at}.${k}`, 0, MAX_MS);
  if (p.dimension !== undefined) {
    const d = check.obj(p.dimension, `${at}.dimension`);
    for (const k of ['length', 'width', 'height']) check.int(d[k], `${at}.dimension.${k}`, 0, MAX_MS);
    check.oneOf(d.unit, `${at}.dimension.unit`, DIMENSION_UNITS);
  }
  if (p.weight !== undefined) {
    const w: Obj = check.obj(p.weight, `${at}.weight`);
    check.int(w.value, `${at}.weight.value`, 0, MAX_MS);
    check.oneOf(w.unit, `${at}.weight.unit`, WEIGHT_UNITS);
  }
  const skus = p.skus === undefined ? undefined : check.arr(p.skus, `${at}.skus`, 1, 1000).map((s, j) => {
    const o = check.obj(s, `${at}.skus[${j}]`);
    return { id: check.str(o.id, `${at}.skus[${j}].id`), quantity: check.int(o.quantity, `${at}.skus[${j}].quantity`, 1, 99_999) };
  });
  return {
    id: check.str(p.id, `${at}.id`),
    tracking_number: check.str(p.tracking_number, `${at}.tracking_number`),
    shipping_provider_id: check.str(p.shipping_provider_id, `${at}.shipping_provider_id`),
    skus,
  };
}

function sync(c: Call): unknown {
  const body = parseObject(c.body);
  const packages = checked((check) => {
    if (body.warehouse_provider_id !== undefined) check.str(body.warehouse_provider_id, 'warehouse_provider_id');
    return check.arr(body.packages, 'packages', 1, MAX_PACKAGES).map((raw, i) => entry(raw, `packages[${i}]`, check));
  });
  const success: string[] = [];
  const errors: { code: string; message: string; detail: { package_id: string } }[] = [];
  for (const p of packages) {
    try {
      c.platform.fulfillment.confirmShipment(c.shop, p.id, { tracking_number: p.tracking_number, shipping_provider_id: p.shipping_provider_id }, p.skus);
      success.push(p.id);
    } catch (err) {
      if (!(err instanceof TikTokError)) throw err;
      errors.push({ code: String(err.code), message: err.message, detail: { package_id: p.id } });
    }
  }
  return { success_packages: success, errors };
}

export const supplyChainRoutes: EndpointTable = [
  at('POST', '/supply_chain/{version}/packages/sync', ['202309'], 'changes packages, orders, stock (a warehouse confirms shipment)', sync),
];
