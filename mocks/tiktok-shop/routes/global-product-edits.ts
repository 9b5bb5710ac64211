/**
 * Product family, the seller's changes to its global products (seller-scoped: no shop_cipher):
 * Edit Global Product (PUT 202309), Partial Edit Global Product (PUT 202509) and Delete Global
 * Products (DELETE 202309). State: state/global-products.ts.
 *
 * - Edit takes the create body and replaces title, description and the SKU list (a SKU with a
 *   global SKU `id` is updated, one without is added, one left out is removed); partial edit
 *   changes only the top-level fields given. Title and description reach every local product
 *   published from it (its listing in each shop), and the answer reports each published market
 *   (`publish_results[{region, status: SUCCESS, fail_reasons: []}]`). Once published, the SKU list
 *   and seller SKUs stay as published (36009004 naming the SKU): the mock does not carry SKU
 *   changes over to the shops' copies, which are stocked and sold SKU by SKU. Prices and sales
 *   attributes of a published global SKU change the global product only (each shop's price is
 *   its own). Answer: `{global_skus[{id, seller_sku, external_global_sku_id, sales_attributes[{id,
 *   value_id}]}], publish_results}`.
 * - Delete takes `global_product_ids` (1–20); one unknown or already deleted fails alone in
 *   `data.errors[{code, message, detail:{global_product_id}}]`. The local products published
 *   from it stay listed in their shops (they are the shops' products; Delete Products removes them).
 */
import { itemError, type ItemError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { GlobalProduct, GlobalSkuInput } from '../state/global-products.ts';
import { MARKETS, type Market } from '../state/markets.ts';
import type { FieldCheck } from '../../../lib/config/field-check.ts';
import { checked, parseObject, strArr } from '../validate.ts';
import { globalOf, globalSkuAnswer, missingGlobal } from './global-products.ts';
import { readProductBody, type SkuBody } from './product-body.ts';
import { perVersion, at, type EndpointTable } from './route-table.ts';

/** Problems of the SKU list against the global product's state (each named). */
function checkSkus(check: FieldCheck, c: Call, g: GlobalProduct, skus: readonly SkuBody[]): void {
  const published = [...g.published.keys()];
  skus.forEach((s, i) => {
    const old = s.id === undefined ? undefined : g.skus.find((x) => x.id === s.id);
    if (s.id !== undefined && old === undefined) check.add(`skus[${i}].id`, `${s.id} is not a SKU of global product ${g.id}`);
    const renamed = s.seller_sku !== undefined && s.seller_sku !== old?.seller_sku;
    if (renamed && c.platform.products.sellerSkuTaken(s.seller_sku as string)) check.add(`skus[${i}].seller_sku`, `${JSON.stringify(s.seller_sku)} already names another SKU`);
    if (published.length > 0 && (old === undefined || renamed)) {
      check.add(`skus[${i}]`, `global product ${g.id} is published (${published.join(', ')}): its SKUs and seller SKUs stay as published`);
    }
  });
  const kept = new Set(skus.map((s) => s.id));
  if (published.length > 0 && g.skus.some((s) => !kept.has(s.id))) check.add('skus', `global product ${g.id} is published (${published.join(', ')}): every SKU must stay`);
}

const edit = (op: 'global-edit' | 'global-partial') => (v: string) => (c: Call): unknown => {
  const g = globalOf(c);
  const { catalog, globalProducts, products } = c.platform;
  const b = checked((check) => {
    const body = readProductBody(check, parseObject(c.body), op, v, { catalog, market: MARKETS.US as Market });
    if (check.ok && body.skus !== undefined) checkSkus(check, c, g, body.skus);
    return body;
  });
  const skus: GlobalSkuInput[] | undefined = b.skus?.map((s) => ({ id: s.id, seller_sku: s.seller_sku, price: s.price, sales_attributes: s.sales_attributes, external_sku_id: s.external_sku_id }));
  globalProducts.edit(g, { title: b.title, description: b.description }, skus);
  for (const locals of g.published.values()) for (const local of locals) products.edit(local, { title: b.title, description: b.description });
  return {
    global_skus: g.skus.map((s) => globalSkuAnswer(c, s)),
    publish_results: [...g.published.keys()].map((region) => ({ region, status: 'SUCCESS', fail_reasons: [] })),
  };
};

function remove(c: Call): unknown {
  const ids = strArr(parseObject(c.body).global_product_ids, 'global_product_ids', 1, 20);
  const { globalProducts } = c.platform;
  const errors: ItemError[] = [];
  for (const id of ids) {
    const g = globalProducts.get(id, c.seller);
    if (g) globalProducts.delete(g);
    else errors.push(itemError('NOT_FOUND', { global_product_id: id }, missingGlobal(c, id)));
  }
  return errors.length > 0 ? { errors } : {};
}

export const globalProductEditRoutes: EndpointTable = [
  perVersion('PUT', '/product/{version}/global_products/{global_product_id}', ['202309'], 'changes global products (the whole product; title and description of the local products published from it)', edit('global-edit')),
  perVersion('PUT', '/product/{version}/global_products/{global_product_id}/partial_edit', ['202509'], 'changes global products (the fields given; title and description of the local products published from it)', edit('global-partial')),
  at('DELETE', '/product/{version}/global_products', ['202309'], 'changes global products (deleted; the local products published from them stay)', remove),
];
