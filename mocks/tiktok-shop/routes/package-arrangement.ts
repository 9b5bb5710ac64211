/**
 * Fulfillment family, packing before shipment: order split attributes and split, combinable
 * packages search, combine and uncombine (the rules are state/package-arrangement.ts's).
 * Combine takes several groups and reports each refused group in `data.errors[]`, the others
 * combined; every other call is all or nothing.
 */
import { TikTokError, type ItemError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { checked, parseObject, queryInt } from '../validate.ts';
import { pageOf } from './search-page.ts';
import { at, type EndpointTable } from './route-table.ts';

const MAX_ORDERS = 50;
const MAX_GROUPS = 50;

function splitAttributes(c: Call): unknown {
  const raw = c.query.order_ids;
  if (raw === undefined || raw === '') throw new TikTokError('INVALID_PARAM', 'order_ids is required (comma-separated order ids)');
  const ids = raw.split(',');
  if (ids.length > MAX_ORDERS) throw new TikTokError('INVALID_PARAM', `order_ids: at most ${MAX_ORDERS} order ids per call, got ${ids.length}`);
  // The mock has no per-category parcel limits, so no order must be split.
  return { split_attributes: ids.map((id) => ({ ...c.platform.arrangement.splitAttributes(c.shop, id), must_split: false })) };
}

function split(c: Call): unknown {
  const body = parseObject(c.body);
  const groups = checked((check) => {
    const seen = new Set<string>();
    return check.arr(body.splittable_groups, 'splittable_groups', 1, MAX_GROUPS).map((raw, i) => {
      const g = check.obj(raw, `splittable_groups[${i}]`);
      const id = check.str(g.id, `splittable_groups[${i}].id`);
      if (seen.has(id)) check.add(`splittable_groups[${i}].id`, `group id ${id} appears more than once`);
      seen.add(id);
      return { id, lineIds: check.strArr(g.order_line_item_ids, `splittable_groups[${i}].order_line_item_ids`, 1, 1000) };
    });
  });
  const out = c.platform.arrangement.split(c.shop, c.params.order_id as string, groups);
  return { packages: out.map((x) => ({ id: x.pkg.id, splittable_group_id: x.groupId })) };
}

function combinable(c: Call): unknown {
  if (queryInt(c.query.page_size, 'page_size', 1, 50) === undefined) throw new TikTokError('INVALID_PARAM', 'page_size is required (1..50, in the query)');
  const { page, next, total } = pageOf(c, c.platform.arrangement.combinable(c.shop), { maxPageSize: 50 });
  return { combinable_packages: page.map((g) => ({ id: g.id, order_ids: g.order_ids })), next_page_token: next, total_count: total };
}

function combine(c: Call): unknown {
  const body = parseObject(c.body);
  const groups = checked((check) =>
    check.arr(body.combinable_packages, 'combinable_packages', 1, MAX_GROUPS).map((raw, i) => {
      const g = check.obj(raw, `combinable_packages[${i}]`);
      return { id: check.str(g.id, `combinable_packages[${i}].id`), orderIds: check.strArr(g.order_ids, `combinable_packages[${i}].order_ids`, 2, MAX_ORDERS) };
    }),
  );
  const packages: { id: string; order_ids: string[] }[] = [];
  const errors: ItemError[] = [];
  for (const g of groups) {
    try {
      const k = c.platform.arrangement.combine(c.shop, g.id, g.orderIds);
      packages.push({ id: k.id, order_ids: [...k.order_ids] });
    } catch (err) {
      if (!(err instanceof TikTokError)) throw err;
      errors.push({ code: err.code, message: err.message, detail: { package_id: g.id } });
    }
  }
  return errors.length > 0 ? { packages, errors } : { packages };
}

function uncombine(c: Call): unknown {
  const body = parseObject(c.body);
  const orderIds = checked((check) => check.strArr(body.order_ids, 'order_ids', 1, MAX_ORDERS));
  const out = c.platform.arrangement.uncombine(c.shop, c.params.package_id as string, orderIds);
  return { packages: out.map((k) => ({ id: k.id, order_ids: [...k.order_ids] })) };
}

const V = ['202309'];
const PACKS = 'changes packages (which line items and orders each holds)';

export const packageArrangementRoutes: EndpointTable = [
  at('GET', '/fulfillment/{version}/orders/split_attributes', V, 'reads orders, packages', splitAttributes),
  at('POST', '/fulfillment/{version}/orders/{order_id}/split', V, PACKS, split),
  at('GET', '/fulfillment/{version}/combinable_packages/search', V, 'reads orders, packages (same buyer and address)', combinable),
  at('POST', '/fulfillment/{version}/packages/combine', V, PACKS, combine),
  at('POST', '/fulfillment/{version}/packages/{package_id}/uncombine', V, PACKS, uncombine),
];
