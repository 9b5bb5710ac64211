/**
 * Fulfillment family, the package side: search packages, correct shipping info (by order or by
 * package), shipping documents and an order's tracking events.
 *
 * Shipping documents exist once a package is arranged (shipped); their URL is deterministic,
 * on the reserved `.invalid` domain so nothing ever fetches it. Tracking lists the package
 * events in time order: arranged (shipped), collected by the carrier (IN_TRANSIT), delivered.
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Order, Package, PackageStatus } from '../state/orders.ts';
import { optEnum, parseObject, queryInt, str } from '../validate.ts';
import { pageOf, timeFilter } from './search-page.ts';
import { packageSummary, providerName } from './order-view.ts';
import { at, sec, type EndpointTable } from './route-table.ts';

const STATUSES: readonly PackageStatus[] = ['TO_FULFILL', 'PROCESSING', 'FULFILLING', 'COMPLETED', 'CANCELLED'];
const DOCUMENT_TYPES = ['SHIPPING_LABEL', 'PACKING_SLIP', 'SHIPPING_LABEL_AND_PACKING_SLIP', 'SHIPPING_LABEL_PICTURE', 'HAZMAT_LABEL', 'INVOICE_LABEL'];

function search(c: Call): unknown {
  if (queryInt(c.query.page_size, 'page_size', 1, 50) === undefined) throw new TikTokError('INVALID_PARAM', 'page_size is required (1..50, in the query)');
  const body = parseObject(c.body);
  const status = optEnum(body.package_status, 'package_status', STATUSES);
  const inTime = timeFilter(body);
  const shopId = c.platform.shopIdOf(c.shop);
  const matches = [...c.platform.orders.packages.values()].filter((k) => k.shop_id === shopId && (status === undefined || k.status === status) && inTime(k));
  // Orders are paid when placed: a package's order_pay_time is its first order's creation time.
  const paidTime = (k: Package) => (c.platform.orders.orders.get(k.order_ids[0] as string) as Order).created_ms;
  const { page, next, total } = pageOf(c, matches, { maxPageSize: 50, paidTime });
  return { packages: page.map((k) => packageSummary(c.platform, k)), next_page_token: next, total_count: total };
}

function shipment(c: Call) {
  const body = parseObject(c.body);
  return { tracking_number: str(body.tracking_number, 'tracking_number'), shipping_provider_id: str(body.shipping_provider_id, 'shipping_provider_id') };
}

function ownPackage(c: Call): Package {
  const k = c.platform.orders.packages.get(c.params.package_id as string);
  if (!k || k.shop_id !== c.platform.shopIdOf(c.shop)) throw new TikTokError('NOT_FOUND', `package ${c.params.package_id} does not exist in this shop`);
  return k;
}

function documents(c: Call): unknown {
  const type = optEnum(c.query.document_type, 'document_type', DOCUMENT_TYPES);
  if (type === undefined) throw new TikTokError('INVALID_PARAM', `document_type is required (${DOCUMENT_TYPES.join('|')})`);
  const size = optEnum(c.query.document_size, 'document_size', ['A6', 'A5']) ?? 'A6';
  const format = optEnum(c.query.document_format, 'document_format', ['PDF', 'ZPL']) ?? 'PDF';
  const k = ownPackage(c);
  if (k.tracking_number === undefined) throw new TikTokError('INVALID_STATUS', `package ${k.id} is not arranged yet: ship it first`);
  const ext = type === 'SHIPPING_LABEL_PICTURE' ? 'png' : format.toLowerCase();
  return { doc_url: `https://documents.mock.invalid/packages/${k.id}/${type.toLowerCase()}-${size.toLowerCase()}.${ext}`, tracking_number: k.tracking_number };
}

function tracking(c: Call): unknown {
  const o = c.platform.orders.orders.get(c.params.order_id as string);
  if (!o || o.shop_index !== c.shop) throw new TikTokError('NOT_FOUND', `order ${c.params.order_id} does not exist in this shop`);
  const events: { description: string; update_time_millis: number }[] = [];
  for (const id of o.package_ids) {
    const k = c.platform.orders.packages.get(id) as Package;
    const carrier = providerName(k.shipping_provider_id);
    if (k.shipped_ms !== undefined) events.push({ description: `Shipping label created, ${carrier} awaiting item (${k.tracking_number})`, update_time_millis: k.shipped_ms });
    if (k.collected_ms !== undefined) events.push({ description: `Picked up by ${carrier}, in transit`, update_time_millis: k.collected_ms });
    if (k.delivered_ms !== undefined) events.push({ description: 'Delivered', update_time_millis: k.delivered_ms });
  }
  return { tracking: events.sort((a, b) => a.update_time_millis - b.update_time_millis) };
}

const V = ['202309'];

export const packageRoutes: EndpointTable = [
  at('POST', '/fulfillment/{version}/packages/search', V, 'reads packages', search),
  at('POST', '/fulfillment/{version}/orders/{order_id}/shipping_info/update', V, 'changes packages (tracking, carrier)', (c) => {
    const s = shipment(c);
    c.platform.fulfillment.updateShippingInfo(c.shop, c.platform.fulfillment.shippedPackageOf(c.shop, c.params.order_id as string).id, s);
    return {};
  }),
  at('POST', '/fulfillment/{version}/packages/{package_id}/shipping_info/update', V, 'changes packages (tracking, carrier)', (c) => {
    c.platform.fulfillment.updateShippingInfo(c.shop, c.params.package_id as string, shipment(c));
    return {};
  }),
  at('GET', '/fulfillment/{version}/packages/{package_id}/shipping_documents', V, 'reads packages', documents),
  at('GET', '/fulfillment/{version}/orders/{order_id}/tracking', V, 'reads packages (shipped, collected, delivered)', tracking),
];
