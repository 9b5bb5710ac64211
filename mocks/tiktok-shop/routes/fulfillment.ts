/**
 * Fulfillment family: mark package shipped, ship package (single and batch), get package.
 * The batch validates every entry's shape before shipping any, then reports per-package
 * failures in `data.errors[]` (each failed package left exactly as it was).
 */
import { TikTokError, type ItemError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { Fulfillment, type Shipment } from '../state/fulfillment.ts';
import type { FieldCheck } from '../../../lib/config/field-check.ts';
import { checked, parseObject, type Obj } from '../validate.ts';
import { packageView } from './order-view.ts';
import { at, type EndpointTable } from './route-table.ts';

const HANDOVER = ['PICKUP', 'DROP_OFF'];
const MAX_BATCH = 50;

function markShipped(c: Call): unknown {
  const body = parseObject(c.body);
  const { s, lineIds } = checked((check) => ({
    s: { tracking_number: check.str(body.tracking_number, 'tracking_number'), shipping_provider_id: check.str(body.shipping_provider_id, 'shipping_provider_id') },
    lineIds: body.order_line_item_ids === undefined ? undefined : check.strArr(body.order_line_item_ids, 'order_line_item_ids', 1, 1000),
  }));
  const { order, pkg } = c.platform.fulfillment.markShipped(c.shop, c.params.order_id as string, s, lineIds);
  return { order_id: order.id, package_id: pkg.id, order_line_item_ids: pkg.line_item_ids, warning: {} };
}

/** The optional parts of a ship-package request; every problem of its shape goes on `check`. */
function shipOptions(b: Obj, path: string, check: FieldCheck): Shipment | undefined {
  if (b.handover_method !== undefined) check.oneOf(b.handover_method, `${path}handover_method`, HANDOVER);
  if (b.pickup_slot !== undefined) {
    const slot = check.obj(b.pickup_slot, `${path}pickup_slot`);
    check.optInt(slot.start_time, `${path}pickup_slot.start_time`, 0, 2 ** 32);
    check.optInt(slot.end_time, `${path}pickup_slot.end_time`, 0, 2 ** 32);
  }
  if (b.self_shipment === undefined) return undefined;
  const ss = check.obj(b.self_shipment, `${path}self_shipment`);
  return {
    tracking_number: check.str(ss.tracking_number, `${path}self_shipment.tracking_number`),
    shipping_provider_id: check.str(ss.shipping_provider_id, `${path}self_shipment.shipping_provider_id`),
  };
}

function shipOne(c: Call): unknown {
  const body = parseObject(c.body);
  const s = checked((check) => shipOptions(body, '', check));
  c.platform.fulfillment.shipPackage(c.shop, c.params.package_id as string, s);
  return {};
}

function shipBatch(c: Call): unknown {
  const body = parseObject(c.body);
  const seen = new Set<string>();
  const parsed = checked((check) =>
    check.arr(body.packages, 'packages', 1, MAX_BATCH).map((raw, i) => {
      const o = check.obj(raw, `packages[${i}]`);
      const id = check.str(o.id, `packages[${i}].id`);
      if (id !== '' && seen.has(id)) check.add(`packages[${i}].id`, `package ${id} appears more than once`);
      seen.add(id);
      return { id, s: shipOptions(o, `packages[${i}].`, check) };
    }),
  );
  for (const p of parsed) if (p.s) Fulfillment.checkShipment(p.s);
  const errors: ItemError[] = [];
  for (const p of parsed) {
    try {
      c.platform.fulfillment.shipPackage(c.shop, p.id, p.s);
    } catch (err) {
      if (!(err instanceof TikTokError)) throw err;
      errors.push({ code: err.code, message: err.message, detail: { package_id: p.id } });
    }
  }
  return errors.length > 0 ? { errors } : {};
}

function getPackage(c: Call): unknown {
  const k = c.platform.orders.packages.get(c.params.package_id as string);
  if (!k || k.shop_id !== c.platform.catalog.shops[c.shop]?.id) throw new TikTokError('NOT_FOUND', `package ${c.params.package_id} does not exist in this shop`);
  return packageView(c.platform, k);
}

const V = ['202309'];
const SHIPS = 'changes orders, packages, stock (committed leaves on shipment)';

export const fulfillmentRoutes: EndpointTable = [
  at('POST', '/fulfillment/{version}/orders/{order_id}/packages', V, SHIPS, markShipped),
  at('POST', '/fulfillment/{version}/packages/{package_id}/ship', V, SHIPS, shipOne),
  at('POST', '/fulfillment/{version}/packages/ship', V, SHIPS, shipBatch),
  at('GET', '/fulfillment/{version}/packages/{package_id}', V, 'reads packages', getPackage),
];
