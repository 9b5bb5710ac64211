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
