/** An order as the Order API shows it (202309 field names; times in Unix seconds). */
import type { Platform } from '../platform.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import type { Order, Package } from '../state/orders.ts';
import { formatAmount } from '../state/markets.ts';
import { recipientAddress } from '../state/recipient-addresses.ts';
import { sec } from './route-table.ts';

const DAY_S = 86_400;
const PROVIDER_NAME = new Map(SHIPPING_PROVIDERS.map((p) => [p.id, p.name]));

export function providerName(id: string | undefined): string {
  return id === undefined ? '' : (PROVIDER_NAME.get(id) ?? '');
}

/** The buyer's user id as orders show it (one buyer per order unless the control API names one). */
export function buyerUserId(o: Order): string {
  return o.buyer_id;
}

/** The warehouse an order ships from (where its first line committed stock). */
export function orderWarehouse(o: Order): string {
  return o.line_items[0]?.commits[0]?.warehouse_id ?? '';
}

/** What an order says about a buyer's cancellation request, or who cancelled it. */
function cancelFields(p: Platform, o: Order): Record<string, unknown> {
  const x = p.aftersales.latestCancellation(o.id);
  const pending = x?.status === 'CANCELLATION_REQUEST_PENDING';
  return {
    is_buyer_request_cancel: pending,
    ...(pending && { request_cancel_time: sec(x.created_ms) }),
    ...(o.status === 'CANCELLED' && x !== undefined && { cancellation_initiator: x.role, cancel_reason: x.reason, cancel_time: sec(x.updated_ms) }),
  };
}

export function orderView(p: Platform, o: Order): Record<string, unknown> {
  const created = sec(o.created_ms);
  const pkgs = o.package_ids.map((id) => p.orders.packages.get(id) as Package);
  const shipped = pkgs.find((k) => k.tracking_number !== undefined);
  const market = p.marketOf(o.shop_index);
  let total = 0;
  const lineItems = o.line_items.map((li) => {
    const sku = p.catalog.skuById.get(li.sku_id);
    const price = li.price;
    total += Number(price) * li.quantity;
    const pkg = p.orders.packages.get(li.package_id) as Package;
    return {
      id: li.id,
      sku_id: li.sku_id,
      product_id: li.product_id,
      seller_sku: li.seller_sku,
      product_name: li.product_name,
      sku_name: sku?.sales_attributes[0]?.value_name ?? '',
      quantity: li.quantity,
      sale_price: price,
      original_price: price,
      currency: market.currency,
      display_status: o.status,
      is_gift: false,
      package_id: pkg.id,
      package_status: pkg.status,
      tracking_number: pkg.tracking_number ?? '',
      shipping_provider_id: pkg.shipping_provider_id ?? '',
      shipping_provider_name: providerName(pkg.shipping_provider_id),
    };
  });
  return {
    id: o.id,
    status: o.status,
    create_time: created,
    update_time: sec(o.updated_ms),
    paid_time: created,
    rts_sla_time: created + 2 * DAY_S,
    shipping_due_time: created + 3 * DAY_S,
    is_on_hold_order: false,
    ...cancelFields(p, o),
    // 202309 fields (SEA-only on TikTok; 0 = no priority, shipping time = the RTS deadline).
    fulfillment_priority_level: 0,
    recommended_shipping_time: created + 2 * DAY_S,
    fulfillment_type: 'FULFILLMENT_BY_SELLER',
    shipping_type: 'SELLER',
    delivery_type: 'HOME_DELIVERY',
    warehouse_id: orderWarehouse(o),
    user_id: buyerUserId(o),
    buyer_email: `${buyerUserId(o)}@example.invalid`,
    recipient_address: recipientAddress(o.buyer_region),
    payment: { currency: market.currency, sub_total: formatAmount(total, market), total_amount: formatAmount(total, market), shipping_fee: formatAmount(0, market), tax: formatAmount(0, market) },
    line_items: lineItems,
    packages: pkgs.map((k) => ({ id: k.id })),
    tracking_number: shipped?.tracking_number ?? '',
    shipping_provider_id: shipped?.shipping_provider_id ?? '',
    shipping_provider: providerName(shipped?.shipping_provider_id),
  };
}

/** A package as Search Packages lists it. */
export function packageSummary(p: Platform, k: Package): Record<string, unknown> {
  const ids = new Set(k.line_item_ids);
  return {
    id: k.id,
    status: k.status,
    tracking_number: k.tracking_number ?? '',
    shipping_provider_id: k.shipping_provider_id ?? '',
    shipping_provider_name: providerName(k.shipping_provider_id),
    create_time: sec(k.created_ms),
    update_time: sec(k.updated_ms),
    orders: k.order_ids.map((id) => ({
      id,
      skus: (p.orders.orders.get(id) as Order).line_items.filter((li) => ids.has(li.id)).map((li) => ({ id: li.sku_id, name: li.product_name, quantity: li.quantity })),
    })),
    order_line_item_ids: k.line_item_ids,
  };
}

/**
 * A package as Get Package Detail shows it: the summary, named `package_id`/`package_status`,
 * with its handover, how it was split or combined, and the parcel declared when a label was bought.
 */
export function packageView(p: Platform, k: Package): Record<string, unknown> {
  const { id, status, ...rest } = packageSummary(p, k);
  return {
    package_id: id,
    package_status: status,
    handover_method: 'DROP_OFF',
    split_and_combine_tag: k.tag,
    ...(k.parcel?.dimension && { dimension: k.parcel.dimension }),
    ...(k.parcel?.weight && { weight: k.parcel.weight }),
    ...rest,
  };
}
