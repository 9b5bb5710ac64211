/**
 * Product family, Get Prerequisites: whether the calling shop may list products, item by item.
 *
 * The items the mock has state for are checked against it: a pickup and a return warehouse
 * (an enabled sales warehouse exists), a delivery option, and the product quantity limit (the
 * products the shop created against MAX_CREATED_PER_SHOP, which Create Product enforces). The
 * others (shop status, tax, bank account, contact info, shipping template, EPR) describe seller
 * settings the mock does not model, and pass.
 *
 * The versions answer differently (TikTok's models): 202309 nests the items under `shop`
 * (`shop.logistics.*`, `shop.gne.*`), each a JSON string `{"id","name","check_result":
 * {"is_failed","fail_reasons"}}`; 202312 answers a list `check_results[{check_item,
 * is_failed, fail_reasons}]`.
 */
import type { Call } from '../platform.ts';
import { DELIVERY_OPTIONS } from '../state/catalog.ts';
import { MAX_CREATED_PER_SHOP } from '../state/product-store.ts';
import { perVersion, type EndpointTable } from './route-table.ts';

interface Check {
  item: string;
  /** Where 202309 puts it: [group or '', field]. */
  at: readonly [string, string];
  fail_reasons: string[];
}

function checks(c: Call): Check[] {
  const { catalog, products } = c.platform;
  const warehouse = catalog.warehouses.some((w) => w.effect_status === 'ENABLED' && w.type === 'SALES_WAREHOUSE');
  const created = products.createdBy(c.shop);
  const item = (name: string, at: readonly [string, string], failed: string | false): Check => ({ item: name, at, fail_reasons: failed === false ? [] : [failed] });
  return [
    item('SHOP_STATUS', ['', 'status'], false),
    item('SHOP_TAX', ['', 'tax_info'], false),
    item('BANk_ACCOUNT', ['', 'bank_account'], false), // TikTok's spelling of the item name
    item('CONTACT_INFO', ['', 'contact_info'], false),
    item('PICKUP_WAREHOUSE', ['logistics', 'pickup_warehouse'], !warehouse && 'the shop has no enabled sales warehouse'),
    item('RETURN_WAREHOUSE', ['logistics', 'return_warehouse'], !warehouse && 'the shop has no enabled sales warehouse'),
    item('DELIVERY_OPTION', ['logistics', 'delivery_option'], DELIVERY_OPTIONS.length === 0 && 'the warehouses offer no delivery option'),
    item('SHIPPING_TEMPLATE', ['logistics', 'shipping_template'], false),
    item('PRODUCT_QUANTITY_LIMIT', ['gne', 'product_quantity_limit'], created >= MAX_CREATED_PER_SHOP && `the shop has created ${created} products, the limit is ${MAX_CREATED_PER_SHOP}`),
    item('EXTENDED_PRODUCER_RESPONSIBILITY', ['gne', 'epr'], false),
  ];
}

const prerequisites = (v: string) => (c: Call): unknown => {
  const list = checks(c);
  if (v >= '202312') return { check_results: list.map((x) => ({ check_item: x.item, is_failed: x.fail_reasons.length > 0, fail_reasons: x.fail_reasons })) };
  const shop: Record<string, unknown> = {};
  for (const x of list) {
    const [group, field] = x.at;
    const result = JSON.stringify({ id: field, name: field, check_result: { is_failed: x.fail_reasons.length > 0, fail_reasons: x.fail_reasons } });
    if (group === '') shop[field] = result;
    else shop[group] = { ...(shop[group] as object | undefined), [field]: result };
  }
  return { shop };
};

export const prerequisiteRoutes: EndpointTable = [
  perVersion('GET', '/product/{version}/prerequisites', ['202309', '202312'], 'reads warehouses, delivery options, products created', prerequisites),
];
