/**
 * The reverse flows end to end, the buyer through the control API and the seller through the
 * Open API (the doc-only client), with webhooks 1, 3, 11 and 12 received on a real socket:
 * a buyer's cancellation approved (stock released), one rejected (stock stays committed), a
 * seller's own cancellation, a return shipped back and accepted, and an address change.
 */
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { startReceiver, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let hook: Receiver;
const pushes = () => hook.received.map((r) => r.json as unknown as { type: number; data: Record<string, unknown> });
let cipher: string;
let shopId: string;
let skuId: string;
let wh: string;

beforeAll(async () => {
  m = await startMock({ seed: 'reverse', skus: 10, warehouses: 1, rateLimit: { defaultQps: 100_000 }, webhook: { retryScheduleMs: [50] } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  shopId = m.shops[0]!.id;
  skuId = m.platform.catalog.skus[0]!.id;
  wh = m.platform.catalog.warehouses[0]!.id;
  hook = await startReceiver();
  const address = hook.url;
  for (const event_type of ['ORDER_STATUS_CHANGE', 'RECIPIENT_ADDRESS_UPDATE', 'CANCELLATION_STATUS_CHANGE', 'RETURN_STATUS_CHANGE']) {
    expect((await c.call('PUT', '/event/202309/webhooks', { shopCipher: cipher, body: { address, event_type } })).env.code).toBe(0);
  }
});
afterAll(async () => {
  await m.close();
  await hook.close();
});
beforeEach(async () => {
  await control(m.url, 'POST', '/__mock/reset');
  await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shopId, sku_id: skuId, warehouse_id: wh, quantity: 5 }] });
  hook.received.length = 0;
});

async function place(quantity: number): Promise<string> {
  const r = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: skuId, quantity }] })).env.data;
  expect(r.accepted).toBe(true);
  return r.order_id;
}

async function stock(): Promise<[number, number]> {
  const s = (await c.searchInventory(cipher, { sku_ids: [skuId] })).env.data.inventory[0].skus[0];
  return [s.total_available_quantity, s.total_committed_quantity];
}

/** Waits until a push of `type` matching `data` has arrived (bounded). */
async function pushed(type: number, data: Record<string, unknown>) {
  for (let i = 0; i < 250; i++) {
    const hit = pushes().find((p) => p.type === type && Object.entries(data).every(([k, v]) => p.data[k] === v));
    if (hit) return hit;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no webhook ${type} with ${JSON.stringify(data)}; got ${JSON.stringify(pushes())}`);
}

const order = async (id: string, v = '202507') => (await c.call('GET', `/order/${v}/orders`, { shopCipher: cipher, query: { ids: id } })).env.data.orders[0];
const cancellations = async (v: string, body: unknown) => (await c.call('POST', `/return_refund/${v}/cancellations/search`, { shopCipher: cipher, query: { page_size: '10' }, body })).env.data;

it('a buyer asks to cancel, the seller approves: order cancelled, stock released, webhooks 11 and 1', async () => {
  const id = await place(2);
  expect(await stock()).toEqual([3, 2]);
  const asked = (await control(m.url, 'POST', `/__mock/orders/${id}/cancel-request`, { reason: 'buyer_changed_mind' })).env.data;
  expect(asked.cancel_status).toBe('CANCELLATION_REQUEST_PENDING');
  await pushed(11, { order_id: id, cancel_id: asked.cancel_id, cancel_status: 'CANCELLATION_REQUEST_PENDING', cancellations_role: 'BUYER' });
  expect(await order(id)).toMatchObject({ status: 'AWAITING_SHIPMENT', is_buyer_request_cancel: true });
  const flagged = await c.searchOrders(cipher, { page_size: '10' }, { is_buyer_request_cancel: true });
  expect(flagged.env.data.orders.map((o: { id: string }) => o.id)).toEqual([id]);
  expect((await cancellations('202602', { cancel_status: ['CANCELLATION_REQUEST_PENDING'] })).cancellations).toMatchObject([{ cancel_id: asked.cancel_id, cancel_type: 'BUYER_CANCEL', role: 'BUYER' }]);

  const ok = await c.call('POST', `/return_refund/202309/cancellations/${asked.cancel_id}/approve`, { shopCipher: cipher, query: { idempotency_key: 'k1' } });
  expect(ok.env.code).toBe(0);
  expect(await stock()).toEqual([5, 0]);
  await pushed(11, { cancel_id: asked.cancel_id, cancel_status: 'CANCELLATION_REQUEST_COMPLETE' });
  await pushed(1, { order_id: id, order_status: 'CANCEL' });
  expect(await order(id)).toMatchObject({ status: 'CANCELLED', is_buyer_request_cancel: false, cancellation_initiator: 'BUYER', cancel_reason: 'buyer_changed_mind' });
  expect((await cancellations('202602', { order_ids: [id] })).cancellations).toMatchObject([{ cancel_status: 'CANCELLATION_REQUEST_COMPLETE', should_replenish_stock: true }]);
  const again = await c.call('POST', `/return_refund/202309/cancellations/${asked.cancel_id}/approve`, { shopCipher: cipher });
  expect(again.env.code).toBe(90000422);
});

it('a rejected cancellation leaves the order and its committed stock alone', async () => {
  const id = await place(1);
  const asked = (await control(m.url, 'POST', `/__mock/orders/${id}/cancel-request`, {})).env.data;
  const reasons = (await c.call('GET', '/return_refund/202309/reject_reasons', { shopCipher: cipher, query: { return_or_cancel_id: asked.cancel_id } })).env.data.reasons;
  const no = await c.call('POST', `/return_refund/202309/cancellations/${asked.cancel_id}/reject`, { shopCipher: cipher, body: { reject_reason: reasons[0].name, comment: 'already packed' } });
  expect(no.env.code).toBe(0);
  await pushed(11, { cancel_id: asked.cancel_id, cancel_status: 'CANCELLATION_REQUEST_CANCELLED' });
  expect(await stock()).toEqual([4, 1]);
  expect(await order(id)).toMatchObject({ status: 'AWAITING_SHIPMENT', is_buyer_request_cancel: false });
});

it('the seller cancels an unshipped order itself: stock released, webhook 11 with role SELLER', async () => {
  const id = await place(3);
  const r = await c.call('POST', '/return_refund/202309/cancellations', { shopCipher: cipher, body: { order_id: id, cancel_reason: 'seller_cancel_reason_out_of_stock' } });
  expect(r.env.data).toMatchObject({ cancel_status: 'CANCELLATION_REQUEST_COMPLETE' });
  expect(await stock()).toEqual([5, 0]);
  await pushed(11, { order_id: id, cancellations_role: 'SELLER', cancel_status: 'CANCELLATION_REQUEST_COMPLETE' });
  expect((await order(id)).cancellation_initiator).toBe('SELLER');
});

it('a return: requested, approved, shipped back, accepted; records and webhooks 12 follow it', async () => {
  const id = await place(1);
  const elig = async (v: string, q: Record<string, string> = {}) =>
    (await c.call('GET', `/return_refund/${v}/orders/${id}/aftersale_eligibility`, { shopCipher: cipher, query: q })).env.data.sku_eligibility[0].line_item_eligibility;
  expect((await elig('202309')).map((e: { request_type: string; eligible: boolean }) => [e.request_type, e.eligible])).toEqual([['CANCEL', true], ['REFUND', false], ['RETURN_AND_REFUND', false]]);
  expect((await c.markShipped(cipher, id, { tracking_number: 'TRK-R1', shipping_provider_id: SHIPPING_PROVIDERS[0]!.id })).env.code).toBe(0);
  for (const status of ['IN_TRANSIT', 'DELIVERED']) await control(m.url, 'POST', `/__mock/orders/${id}/advance`, { status });
  expect((await elig('202512', { request_types: 'RETURN_AND_REFUND' }))).toMatchObject([{ request_type: 'RETURN_AND_REFUND', eligible: true, available_reason_names: expect.any(Array) }]);

  const asked = (await control(m.url, 'POST', `/__mock/orders/${id}/return-request`, { return_type: 'RETURN_AND_REFUND' })).env.data;
  const rid = asked.return_id as string;
  await pushed(12, { return_id: rid, return_status: 'RETURN_OR_REFUND_REQUEST_PENDING', return_type: 'RETURN_AND_REFUND', return_role: 'BUYER' });
  const decide = (verb: string, decision: string) => c.call('POST', `/return_refund/202309/returns/${rid}/${verb}`, { shopCipher: cipher, body: { decision } });
  expect((await decide('approve', 'APPROVE_REFUND')).env.code).toBe(90000422); // a return is not a refund-only request
  expect((await decide('approve', 'APPROVE_RETURN')).env.code).toBe(0);
  await pushed(12, { return_id: rid, return_status: 'AWAITING_BUYER_SHIP' });
  expect((await control(m.url, 'POST', `/__mock/returns/${rid}/ship-back`, { tracking_number: 'RET-1' })).env.data.return_status).toBe('BUYER_SHIPPED_ITEM');
  expect((await decide('approve', 'APPROVE_RECEIVED_PACKAGE')).env.code).toBe(0);
  await pushed(12, { return_id: rid, return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE' });

  const found = (await c.call('POST', '/return_refund/202602/returns/search', { shopCipher: cipher, query: { page_size: '5' }, body: { order_ids: [id] } })).env.data;
  expect(found.return_orders).toMatchObject([{ return_id: rid, return_status: 'RETURN_OR_REFUND_REQUEST_COMPLETE', return_tracking_number: 'RET-1' }]);
  const records = (await c.call('GET', `/return_refund/202309/returns/${rid}/records`, { shopCipher: cipher })).env.data.records;
  expect(records.map((r: { description: string; role: string }) => [r.description, r.role])).toEqual([
    ['RETURN_OR_REFUND_REQUEST_PENDING', 'BUYER'],
    ['AWAITING_BUYER_SHIP', 'SELLER'],
    ['BUYER_SHIPPED_ITEM', 'BUYER'],
    ['RETURN_OR_REFUND_REQUEST_COMPLETE', 'SELLER'],
  ]);
  expect(await stock()).toEqual([4, 0]); // a return restocks nothing: the seller's WMS decides
});

it('a buyer changes the address of an unshipped order: webhook 3, and the order shows it', async () => {
  const id = await place(1);
  const r = await control(m.url, 'POST', `/__mock/orders/${id}/address`, { buyer_region: 'US-WEST' });
  expect(r.env.data.buyer_region).toBe('US-WEST');
  await pushed(3, { order_id: id });
  expect((await order(id)).recipient_address.region_code).toBe('US-WEST');
  expect((await c.markShipped(cipher, id, { tracking_number: 'TRK-A1', shipping_provider_id: SHIPPING_PROVIDERS[0]!.id })).env.code).toBe(0);
  expect((await control(m.url, 'POST', `/__mock/orders/${id}/address`, { buyer_region: 'US-EAST' })).env.code).toBe(90000422);
});
