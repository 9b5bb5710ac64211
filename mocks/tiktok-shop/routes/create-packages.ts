/**
 * Create Packages (`POST /fulfillment/{version}/packages`): the seller buys a label for line
 * items of an order, with the parcel's dimension and weight; the package leaves at once with a
 * tracking number of the service's carrier (state/shipping-services.ts prices it).
 *
 * The two published versions differ in how the request names what goes in the parcel:
 *   202309  order_id, order_line_item_ids[] (default: every unshipped line of the order)
 *   202512  ship_type "1" whole order (order_id) | "2" some lines of one order
 *           (order_line_item[{order_line_id}]) | "3" whole orders in one parcel (order_list_ids[]);
 *           fields the ship type does not use are ignored, as TikTok documents.
 * and 202512's answer drops `order_id` and `order_line_item_ids`.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { FieldCheck } from '../../../lib/config/field-check.ts';
import type { Order, Parcel } from '../state/orders.ts';
import { quote, SHIPPING_SERVICES, type ShippingService } from '../state/shipping-services.ts';
import { providerName } from './order-view.ts';
import { checked, parseObject, type Obj } from '../validate.ts';
import { perVersion, sec, type EndpointTable } from './route-table.ts';

const DECIMAL = /^\d{1,6}(\.\d{1,3})?$/;
const SHIP_TYPES = ['1', '2', '3'];
const MAX_ORDERS = 50;

/** What goes in the parcel: orders and, per order, the line item ids (undefined: every unshipped one). */
interface Contents {
  orderIds: string[];
  lineIds: string[] | undefined;
}

function decimal(v: unknown, path: string, check: FieldCheck): string {
  const s = check.str(v, path);
  if (s !== '' && !DECIMAL.test(s)) check.add(path, `expected a positive decimal like "1.2", got ${JSON.stringify(s)}`);
  return s;
}

/** dimension, weight and shipping_service_id, the same in both versions. */
function parcelOf(b: Obj, check: FieldCheck): { parcel: Parcel; serviceId: string | undefined } {
  let dimension: Parcel['dimension'];
  if (b.dimension !== undefined) {
    const d = check.obj(b.dimension, 'dimension');
    dimension = {
      length: decimal(d.length, 'dimension.length', check),
      width: decimal(d.width, 'dimension.width', check),
      height: decimal(d.height, 'dimension.height', check),
      unit: check.oneOf(d.unit, 'dimension.unit', ['CM', 'INCH']) ?? '',
    };
  }
  let weight: Parcel['weight'];
  if (b.weight !== undefined) {
    const w = check.obj(b.weight, 'weight');
    weight = { value: decimal(w.value, 'weight.value', check), unit: check.oneOf(w.unit, 'weight.unit', ['GRAM', 'POUND']) ?? '' };
  }
  const serviceId = b.shipping_service_id === undefined ? undefined : check.str(b.shipping_service_id, 'shipping_service_id');
  return { parcel: { dimension, weight }, serviceId };
}

function contents202309(b: Obj, check: FieldCheck): Contents {
  const orderId = check.str(b.order_id, 'order_id');
  const lineIds = b.order_line_item_ids === undefined ? undefined : check.strArr(b.order_line_item_ids, 'order_line_item_ids', 1, 1000);
  return { orderIds: [orderId], lineIds };
}

function contents202512(b: Obj, check: FieldCheck): Contents {
  // Type-check every field, used by this ship type or not: a malformed request is malformed.
  const orderId = b.order_id === undefined ? undefined : check.str(b.order_id, 'order_id');
  const lines = b.order_line_item === undefined ? undefined : check.arr(b.order_line_item, 'order_line_item', 1, 1000).map((x, i) => check.str(check.obj(x, `order_line_item[${i}]`).order_line_id, `order_line_item[${i}].order_line_id`));
  const orders = b.order_list_ids === undefined ? undefined : check.strArr(b.order_list_ids, 'order_list_ids', 1, MAX_ORDERS);
  const type = check.oneOf(b.ship_type, 'ship_type', SHIP_TYPES);
  if (type === '1' && orderId === undefined) check.add('order_id', 'required when ship_type is "1"');
  if (type === '2' && lines === undefined) check.add('order_line_item', 'required when ship_type is "2"');
  if (type === '3' && orders === undefined) check.add('order_list_ids', 'required when ship_type is "3"');
  if (type === '2') return { orderIds: [], lineIds: lines };
  return { orderIds: type === '3' ? (orders ?? []) : [orderId ?? ''], lineIds: undefined };
}

/** The order that holds every one of `lineIds` (ship type 2 names lines, not the order). */
function orderOfLines(c: Call, lineIds: readonly string[]): Order {
  const first = lineIds[0] as string;
  const o = c.platform.orders.lineOrders.get(first);
  if (o === undefined || o.shop_index !== c.shop) throw new TikTokError('NOT_FOUND', `order line item ${first} does not exist in this shop`);
  return o;
}

function service(id: string | undefined): ShippingService {
  const s = id === undefined ? SHIPPING_SERVICES[0] : SHIPPING_SERVICES.find((x) => x.id === id);
  if (s === undefined) throw new TikTokError('INVALID_PARAM', `shipping_service_id ${JSON.stringify(id)} is not a service of this platform (${SHIPPING_SERVICES.map((x) => x.id).join(', ')})`);
  return s;
}

const create = (v: string) => (c: Call): unknown => {
  const body = parseObject(c.body);
  const { what, parcel, serviceId } = checked((check) => ({ what: v === '202309' ? contents202309(body, check) : contents202512(body, check), ...parcelOf(body, check) }));
  const svc = service(serviceId);
  const f = c.platform.fulfillment;
  const orders = what.orderIds.length > 0 ? what.orderIds.map((id) => f.shopOrder(c.shop, id)) : [orderOfLines(c, what.lineIds as string[])];
  if (orders.length > 1) c.platform.arrangement.checkSameParcel(orders);
  const lines = new Set(orders.flatMap((o) => [...f.unshippedLines(o, orders.length === 1 ? what.lineIds : undefined)]));
  const pkg = f.buyLabel(orders, lines, svc, parcel);
  return {
    package_id: pkg.id,
    ...(v === '202309' && { order_id: pkg.order_ids[0], order_line_item_ids: pkg.line_item_ids }),
    create_time: sec(pkg.created_ms),
    ...(parcel.dimension && { dimension: parcel.dimension }),
    ...(parcel.weight && { weight: parcel.weight }),
    shipping_service_info: {
      id: svc.id,
      name: svc.name,
      price: quote(svc, parcel.weight),
      currency: 'USD',
      earliest_delivery_days: svc.earliest_delivery_days,
      latest_delivery_days: svc.latest_delivery_days,
      shipping_provider_id: svc.shipping_provider_id,
      shipping_provider_name: providerName(svc.shipping_provider_id),
    },
  };
};

export const createPackageRoutes: EndpointTable = [
  perVersion('POST', '/fulfillment/{version}/packages', ['202309', '202512'], 'changes packages, orders, stock (a label bought: the package ships)', create),
];
