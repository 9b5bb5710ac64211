/** A bad inventory update is refused with every problem of its shape named, not just the first. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';

let m: RunningMock;
let c: DocClient;
let productId: string;

beforeAll(async () => {
  m = await startMock({ seed: 'all-problems', rateLimit: { defaultQps: 100_000 } });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  productId = (await control(m.url, 'GET', '/__mock/catalog')).env.data.products[0].id;
});
afterAll(async () => {
  await m.close();
});

describe('inventory update shape', () => {
  it('names every problem in one 36009004', async () => {
    const body = { skus: [{ id: '', inventory: [{ quantity: 'ten' }] }, { id: 'S2', inventory: 'x' }, 7] };
    const r = await c.call('POST', `/product/202309/products/${productId}/inventory/update`, { shopCipher: m.shops[0]!.cipher, body });
    expect(r.env.code).toBe(36009004);
    for (const part of ['skus[0].id: expected a non-empty string', 'skus[0].inventory[0].quantity: expected a number, got "ten"', 'skus[1].inventory: expected an array', 'skus[2]: expected an object, got 7']) {
      expect(r.env.message).toContain(part);
    }
  });
});

describe('ship packages (batch) shape', () => {
  it('names every problem in one 36009004', async () => {
    const body = { packages: [{ id: 'P1', handover_method: 'TELEPORT' }, { id: 'P1', pickup_slot: { start_time: -1 } }, 'x'] };
    const r = await c.call('POST', '/fulfillment/202309/packages/ship', { shopCipher: m.shops[0]!.cipher, body });
    expect(r.env.code).toBe(36009004);
    for (const part of ['packages[0].handover_method: expected PICKUP|DROP_OFF, got "TELEPORT"', 'packages[1].id: package P1 appears more than once', 'packages[1].pickup_slot.start_time: expected an integer 0..', 'packages[2]: expected an object, got "x"']) {
      expect(r.env.message).toContain(part);
    }
  });
});

describe('order search filters', () => {
  it('names every bad filter in one 36009004', async () => {
    const body = { order_status: 'LOST', is_buyer_request_cancel: 'yes', create_time_ge: -5 };
    const r = await c.call('POST', '/order/202309/orders/search', { shopCipher: m.shops[0]!.cipher, query: { page_size: '10' }, body });
    expect(r.env.code).toBe(36009004);
    for (const part of ['order_status: expected ', 'is_buyer_request_cancel: expected true or false, got "yes"', 'create_time_ge: expected an integer 0..']) expect(r.env.message).toContain(part);
  });
});

describe('control API', () => {
  it('a buyer order names every problem in one 36009004', async () => {
    const r = await control(m.url, 'POST', '/__mock/orders', { shop_id: 'no-shop', line_items: [{ sku_id: 'nope', quantity: 0 }, { quantity: 1 }], buyer_region: 'MARS', coupon: 'x' });
    expect(r.env.code).toBe(36009004);
    for (const part of ['body.coupon: unknown key', 'shop_id: shop "no-shop" does not exist', 'line_items[0].sku_id: SKU "nope" does not exist', 'line_items[0].quantity: expected an integer 1..99999, got 0', 'line_items[1]: give exactly one of sku_id or seller_sku', 'buyer_region: expected ']) {
      expect(r.env.message).toContain(part);
    }
  });

  it('an inventory set names every bad item, and changes nothing', async () => {
    const before = (await control(m.url, 'GET', '/__mock/inventory/history')).env.data;
    const r = await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: m.shops[0]!.id, seller_sku: 'NOPE', warehouse_id: 'x', quantity: -1 }, 5] });
    expect(r.env.code).toBe(36009004);
    for (const part of ['items[0].seller_sku: "NOPE" does not exist', 'items[0].warehouse_id: warehouse "x" does not exist', 'items[0].quantity: expected an integer 0..99999, got -1', 'items[1]: expected an object, got 5']) {
      expect(r.env.message).toContain(part);
    }
    expect((await control(m.url, 'GET', '/__mock/inventory/history')).env.data).toEqual(before);
  });
});
