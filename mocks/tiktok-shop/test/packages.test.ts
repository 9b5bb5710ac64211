/**
 * The package side of fulfillment through the doc-only client, the carrier through the control
 * API: search packages by status, correct shipping info, fetch documents, and follow tracking
 * events as the package moves.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let cipher: string;

beforeAll(async () => {
  m = await startMock({ seed: 'packages', skus: 5, warehouses: 1, rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  cipher = m.shops[0]!.cipher;
  const shopId = m.shops[0]!.id;
  await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shopId, sku_id: m.platform.catalog.skus[0]!.id, warehouse_id: m.platform.catalog.warehouses[0]!.id, quantity: 50 }] });
});
afterAll(async () => {
  await m.close();
});

async function place() {
  const r = await control(m.url, 'POST', '/__mock/orders', { shop_id: m.shops[0]!.id, line_items: [{ sku_id: m.platform.catalog.skus[0]!.id, quantity: 1 }] });
  return r.env.data as { order_id: string; package_id: string };
}

const packages = async (body: unknown) =>
  (await c.call('POST', '/fulfillment/202309/packages/search', { shopCipher: cipher, query: { page_size: '50', sort_order: 'ASC' }, body })).env.data;

it('searches packages by status, corrects shipping info, serves documents and tracking events as the package moves', async () => {
  const a = await place();
  const b = await place();
  expect((await packages({ package_status: 'TO_FULFILL' })).packages.map((k: { id: string }) => k.id)).toEqual([a.package_id, b.package_id]);
  const docsEarly = await c.call('GET', `/fulfillment/202309/packages/${a.package_id}/shipping_documents`, { shopCipher: cipher, query: { document_type: 'SHIPPING_LABEL' } });
  expect(docsEarly.env.code).toBe(90000422); // not arranged yet

  const [usps, ups] = [SHIPPING_PROVIDERS[0]!.id, SHIPPING_PROVIDERS[1]!.id];
  expect((await c.markShipped(cipher, a.order_id, { tracking_number: 'WRONG-1', shipping_provider_id: usps })).env.code).toBe(0);
  const fix = await c.call('POST', `/fulfillment/202309/orders/${a.order_id}/shipping_info/update`, { shopCipher: cipher, body: { tracking_number: '1Z-RIGHT-1', shipping_provider_id: ups } });
  expect(fix.env.code).toBe(0);
  const found = await packages({ package_status: 'PROCESSING' });
  expect(found.packages).toMatchObject([{ id: a.package_id, tracking_number: '1Z-RIGHT-1', shipping_provider_name: 'UPS' }]);
  const docs = await c.call('GET', `/fulfillment/202309/packages/${a.package_id}/shipping_documents`, { shopCipher: cipher, query: { document_type: 'SHIPPING_LABEL', document_size: 'A5' } });
  expect(docs.env.data).toEqual({ doc_url: `https://documents.mock.invalid/packages/${a.package_id}/shipping_label-a5.pdf`, tracking_number: '1Z-RIGHT-1' });

  const track = async () => (await c.call('GET', `/fulfillment/202309/orders/${a.order_id}/tracking`, { shopCipher: cipher })).env.data.tracking as { description: string; update_time_millis: number }[];
  expect(await track()).toHaveLength(1);
  await control(m.url, 'POST', `/__mock/orders/${a.order_id}/advance`, { status: 'IN_TRANSIT' });
  expect((await c.call('POST', `/fulfillment/202309/packages/${a.package_id}/shipping_info/update`, { shopCipher: cipher, body: { tracking_number: '1Z-RIGHT-2', shipping_provider_id: ups } })).env.code).toBe(0);
  await control(m.url, 'POST', `/__mock/orders/${a.order_id}/advance`, { status: 'DELIVERED' });
  const events = await track();
  expect(events.map((e) => e.description)).toEqual(['Shipping label created, UPS awaiting item (1Z-RIGHT-2)', 'Picked up by UPS, in transit', 'Delivered']);
  expect(events.map((e) => e.update_time_millis)).toEqual([...events.map((e) => e.update_time_millis)].sort((x, y) => x - y));
  const late = await c.call('POST', `/fulfillment/202309/packages/${a.package_id}/shipping_info/update`, { shopCipher: cipher, body: { tracking_number: '1Z-LATE', shipping_provider_id: ups } });
  expect(late.env.code).toBe(90000422); // delivered: too late to correct
  expect((await packages({ package_status: 'COMPLETED' })).packages.map((k: { id: string }) => k.id)).toEqual([a.package_id]);
});
