/**
 * Packing flows end to end, the buyer through the control API and the seller through the Open
 * API (the doc-only client), with PACKAGE_UPDATE (webhook 4) and ORDER_STATUS_CHANGE received
 * on a real loopback socket: a multi-item order split into two packages and shipped one package
 * at a time (ship package, then a bought label), tracking as the carrier moves it; two orders of
 * one buyer found combinable, combined, uncombined, combined again, confirmed shipped by a
 * warehouse (supply_chain) and collected as one parcel; a cancelled order leaving a combined package; and the refusals.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { signWebhook } from '../../../lib/tiktok/signature.ts';
import { startMock, type RunningMock } from '../server.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { SHIPPING_SERVICES } from '../state/shipping-services.ts';
import { startReceiver, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

interface PackageUpdate {
  sc_type: string;
  role_type: string;
  package_list: { package_id: string; order_id_list: string[] }[];
  update_time: number;
}

let m: RunningMock;
let c: DocClient;
let hook: Receiver;
let cipher: string;
let shopId: string;
let skus: string[];
const UPS = SHIPPING_PROVIDERS[1]!.id;

beforeAll(async () => {
  m = await startMock({ seed: 'package-flows', skus: 6, warehouses: 1, rateLimit: { defaultQps: 100_000 }, webhook: { retryScheduleMs: [50] } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  shopId = m.shops[0]!.id;
  skus = m.platform.catalog.skus.slice(0, 3).map((s) => s.id);
  hook = await startReceiver();
  for (const t of ['PACKAGE_UPDATE', 'ORDER_STATUS_CHANGE']) expect((await c.setWebhook(cipher, hook.url, t)).env.code).toBe(0);
});
afterAll(async () => {
  await m.close();
  await hook.close();
});
beforeEach(async () => {
  await control(m.url, 'POST', '/__mock/reset');
  const wh = m.platform.catalog.warehouses[0]!.id;
  await control(m.url, 'PUT', '/__mock/inventory', { items: skus.map((sku_id) => ({ shop_id: shopId, sku_id, warehouse_id: wh, quantity: 20 })) });
  hook.received.length = 0;
});

async function place(lines: [number, number][], buyer_id?: string): Promise<{ order_id: string; package_id: string; line_ids: string[] }> {
  const r = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: lines.map(([i, quantity]) => ({ sku_id: skus[i], quantity })), ...(buyer_id && { buyer_id }) })).env.data;
  expect(r.accepted).toBe(true);
  return { order_id: r.order_id, package_id: r.package_id, line_ids: r.line_items.map((l: { id: string }) => l.id) };
}

/** Waits (bounded) for a PACKAGE_UPDATE whose data matches `pred`; checks its signature. */
async function packageUpdate(pred: (d: PackageUpdate) => boolean): Promise<PackageUpdate> {
  for (let i = 0; i < 250; i++) {
    const hit = hook.received.find((r) => r.json.type === 4 && pred(r.json.data as unknown as PackageUpdate));
    if (hit) {
      expect(hit.headers.authorization).toBe(signWebhook(m.appKey, m.appSecret, hit.body));
      return hit.json.data as unknown as PackageUpdate;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no matching PACKAGE_UPDATE among ${hook.received.map((r) => r.body).join('\n')}`);
}

const listed = (d: PackageUpdate) => d.package_list.map((p) => p.package_id).sort();

async function committed(sku: string): Promise<number> {
  return (await c.searchInventory(cipher, { sku_ids: [sku] })).env.data.inventory[0].skus[0].total_committed_quantity;
}

it('splits a multi-item order, ships one package, then buys a label for the other; tracking follows', async () => {
  const o = await place([[0, 2], [1, 1], [2, 1]]);
  await packageUpdate((d) => d.role_type === 'SYSTEM' && d.package_list[0]?.package_id === o.package_id);
  expect((await c.getSplitAttributes(cipher, [o.order_id])).env.data.split_attributes).toEqual([{ order_id: o.order_id, can_split: true, must_split: false }]);

  const split = await c.splitOrder(cipher, o.order_id, [
    { id: 'first', order_line_item_ids: [o.line_ids[0]!] },
    { id: 'rest', order_line_item_ids: [o.line_ids[1]!, o.line_ids[2]!] },
  ]);
  expect(split.env.code).toBe(0);
  const [first, rest] = split.env.data.packages as { id: string; splittable_group_id: string }[];
  expect([first!.splittable_group_id, rest!.splittable_group_id]).toEqual(['first', 'rest']);
  const update = await packageUpdate((d) => d.sc_type === 'SPLIT');
  expect(update).toMatchObject({ role_type: 'SELLER' });
  expect(listed(update)).toEqual([first!.id, rest!.id].sort());
  expect(update.package_list.every((p) => p.order_id_list.join() === o.order_id)).toBe(true);
  const order = (await c.getOrders(cipher, [o.order_id])).env.data.orders[0];
  expect(order.packages.map((k: { id: string }) => k.id).sort()).toEqual([first!.id, rest!.id].sort());
  expect((await c.getPackage(cipher, rest!.id)).env.data).toMatchObject({ split_and_combine_tag: 'SPLIT', order_line_item_ids: [o.line_ids[1], o.line_ids[2]] });

  expect((await c.shipPackage(cipher, first!.id, { self_shipment: { tracking_number: '1Z-SPLIT-0001', shipping_provider_id: UPS } })).env.code).toBe(0);
  await packageUpdate((d) => d.sc_type === 'SPLIT' && d.package_list.length === 1 && d.package_list[0]!.package_id === first!.id);
  expect((await c.getOrders(cipher, [o.order_id])).env.data.orders[0].status).toBe('PARTIALLY_SHIPPING');
  expect([await committed(skus[0]!), await committed(skus[1]!)]).toEqual([0, 1]);

  const label = await c.createPackages(cipher, { ship_type: '2', order_line_item: [{ order_line_id: o.line_ids[1] }, { order_line_id: o.line_ids[2] }], shipping_service_id: SHIPPING_SERVICES[0]!.id, weight: { value: '1200', unit: 'GRAM' } });
  expect(label.env.code).toBe(0);
  // The lines were exactly package `rest`: that package is the one that ships. 202512 answers without order_id.
  expect(label.env.data).toMatchObject({ package_id: rest!.id, shipping_service_info: { id: SHIPPING_SERVICES[0]!.id, price: '6.70', shipping_provider_name: 'USPS' } });
  expect(label.env.data).not.toHaveProperty('order_id');
  expect((await c.getOrders(cipher, [o.order_id])).env.data.orders[0].status).toBe('AWAITING_COLLECTION');
  expect(await committed(skus[2]!)).toBe(0);

  expect((await control(m.url, 'POST', `/__mock/orders/${o.order_id}/advance`, { status: 'IN_TRANSIT' })).env.code).toBe(0);
  const moved = await packageUpdate((d) => d.role_type === 'SYSTEM' && d.package_list.length === 2);
  expect(listed(moved)).toEqual([first!.id, rest!.id].sort());
  const tracking = (await c.getTracking(cipher, o.order_id)).env.data.tracking.map((t) => t.description);
  expect(tracking).toHaveLength(4);
  expect(tracking.filter((t) => t.startsWith('Shipping label created'))).toEqual([expect.stringContaining('1Z-SPLIT-0001'), expect.stringContaining('USPS')]);
  expect(tracking.filter((t) => t.startsWith('Picked up'))).toHaveLength(2);
});

it('combines two orders of one buyer, uncombines, combines again, and a warehouse confirms the shipment', async () => {
  const a = await place([[0, 1]], 'buyer-7');
  const b = await place([[1, 2]], 'buyer-7');
  await place([[2, 1]], 'buyer-8');
  const found = (await c.searchCombinablePackages(cipher, 10)).env.data;
  expect(found).toMatchObject({ total_count: 1, combinable_packages: [{ id: a.package_id, order_ids: [a.order_id, b.order_id] }] });

  const combined = await c.combinePackages(cipher, [{ id: a.package_id, order_ids: [a.order_id, b.order_id] }]);
  expect(combined.env.data).toEqual({ packages: [{ id: a.package_id, order_ids: [a.order_id, b.order_id] }] });
  expect((await packageUpdate((d) => d.sc_type === 'COMBINE')).package_list).toEqual([{ package_id: a.package_id, order_id_list: [a.order_id, b.order_id] }]);
  const detail = (await c.getPackage(cipher, a.package_id)).env.data;
  expect(detail).toMatchObject({ split_and_combine_tag: 'COMBINE', order_line_item_ids: [a.line_ids[0], b.line_ids[0]] });
  expect(detail.orders.map((x: { id: string }) => x.id)).toEqual([a.order_id, b.order_id]);
  expect((await c.getOrders(cipher, [b.order_id])).env.data.orders[0].packages).toEqual([{ id: a.package_id }]);
  expect((await c.searchCombinablePackages(cipher, 10)).env.data.total_count).toBe(0);

  const un = await c.uncombinePackage(cipher, a.package_id, [b.order_id]);
  const own = un.env.data.packages[0];
  expect(un.env.data.packages).toEqual([{ id: own.id, order_ids: [b.order_id] }]);
  expect(listed(await packageUpdate((d) => d.package_list.length === 2 && d.sc_type === 'DEFAULT'))).toEqual([a.package_id, own.id].sort());
  expect((await c.getPackage(cipher, a.package_id)).env.data).toMatchObject({ split_and_combine_tag: 'DEFAULT', order_line_item_ids: [a.line_ids[0]] });

  expect((await c.combinePackages(cipher, [{ id: own.id, order_ids: [a.order_id, b.order_id] }])).env.data.packages[0].id).toBe(own.id);
  const confirm = {
    warehouse_provider_id: '7342984797904049750',
    packages: [{ id: own.id, tracking_number: 'WB-COMBINED-1', shipping_provider_id: UPS, skus: [{ id: skus[0], quantity: 1 }, { id: skus[1], quantity: 2 }] }],
  };
  expect((await c.confirmPackageShipment(cipher, confirm)).env.data).toEqual({ success_packages: [own.id], errors: [] });
  const orders = (await c.getOrders(cipher, [a.order_id, b.order_id])).env.data.orders;
  expect(orders.map((x: { status: string; tracking_number: string }) => [x.status, x.tracking_number])).toEqual([['AWAITING_COLLECTION', 'WB-COMBINED-1'], ['AWAITING_COLLECTION', 'WB-COMBINED-1']]);
  expect([await committed(skus[0]!), await committed(skus[1]!)]).toEqual([0, 0]);

  // The carrier collects the parcel: both of its orders move, whichever one was scanned.
  expect((await control(m.url, 'POST', `/__mock/orders/${a.order_id}/advance`, { status: 'IN_TRANSIT' })).env.code).toBe(0);
  expect((await c.getOrders(cipher, [a.order_id, b.order_id])).env.data.orders.map((x: { status: string }) => x.status)).toEqual(['IN_TRANSIT', 'IN_TRANSIT']);
  expect((await c.getTracking(cipher, b.order_id)).env.data.tracking.map((t) => t.description)).toEqual([expect.stringContaining('WB-COMBINED-1'), 'Picked up by UPS, in transit']);

  // The same confirmation again is accepted; another tracking number for it is refused, per package.
  expect((await c.confirmPackageShipment(cipher, confirm)).env.data.success_packages).toEqual([own.id]);
  const again = await c.confirmPackageShipment(cipher, { packages: [{ ...confirm.packages[0], tracking_number: 'WB-OTHER-2' }] });
  expect(again.env.data).toMatchObject({ success_packages: [], errors: [{ code: '90000409', detail: { package_id: own.id } }] });
});

it('a cancelled order leaves its combined package, which goes on with the other order', async () => {
  const a = await place([[0, 1]], 'buyer-9');
  const b = await place([[1, 1]], 'buyer-9');
  await c.combinePackages(cipher, [{ id: a.package_id, order_ids: [a.order_id, b.order_id] }]);
  expect((await control(m.url, 'POST', `/__mock/orders/${b.order_id}/cancel`, {})).env.code).toBe(0);
  const left = (await c.getPackage(cipher, a.package_id)).env.data;
  expect([left.package_status, left.split_and_combine_tag, left.orders.map((x: { id: string }) => x.id)]).toEqual(['TO_FULFILL', 'DEFAULT', [a.order_id]]);
  const cancelledPackage = (await c.getOrders(cipher, [b.order_id])).env.data.orders[0].packages[0].id;
  expect((await c.getPackage(cipher, cancelledPackage)).env.data.package_status).toBe('CANCELLED');
  expect(await committed(skus[1]!)).toBe(0);
  expect((await packageUpdate((d) => d.role_type === 'BUYER')).package_list).toEqual([{ package_id: cancelledPackage, order_id_list: [b.order_id] }]);
  expect((await c.createPackages(cipher, { ship_type: '1', order_id: a.order_id })).env.data.package_id).toBe(a.package_id);
});

it('refuses what cannot be split, combined or labelled, naming why', async () => {
  const one = await place([[0, 1]]);
  const a = await place([[0, 1], [1, 1]], 'buyer-1');
  const b = await place([[2, 1]], 'buyer-2');
  expect((await c.getSplitAttributes(cipher, [one.order_id])).env.data.split_attributes[0]).toMatchObject({ can_split: false, reason: expect.stringContaining('more than one line item') });
  const whole = await c.splitOrder(cipher, a.order_id, [{ id: 'all', order_line_item_ids: a.line_ids }]);
  expect([whole.status, whole.env.code, whole.env.message]).toEqual([400, 36009004, expect.stringContaining('splits nothing')]);
  const foreign = await c.splitOrder(cipher, a.order_id, [{ id: 'x', order_line_item_ids: [b.line_ids[0]!] }]);
  expect(foreign.env.message).toContain(`order ${a.order_id} has no line item ${b.line_ids[0]}`);

  const strangers = await c.combinePackages(cipher, [{ id: a.package_id, order_ids: [a.order_id, b.order_id] }]);
  expect(strangers.env.data).toMatchObject({ packages: [], errors: [{ code: 90000422, detail: { package_id: a.package_id } }] });
  expect(strangers.env.data.errors[0].message).toContain('another buyer or address');

  const missing = await c.createPackages(cipher, { ship_type: '2', order_id: a.order_id });
  expect([missing.env.code, missing.env.message]).toEqual([36009004, expect.stringContaining('order_line_item: required when ship_type is "2"')]);
  const badWeight = await c.createPackages(cipher, { ship_type: '1', order_id: a.order_id, weight: { value: 'heavy', unit: 'STONE' } });
  expect(badWeight.env.message).toMatch(/weight\.value.*weight\.unit/s);
  // Nothing of the refused calls changed the order: still one package, untouched.
  expect((await c.getOrders(cipher, [a.order_id])).env.data.orders[0].packages).toEqual([{ id: a.package_id }]);
});
