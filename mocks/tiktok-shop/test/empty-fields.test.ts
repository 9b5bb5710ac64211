/** PHP-style bodies: the rule of empty-fields.ts as a table, then through the mock over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TikTokError } from '../errors.ts';
import { startMock, type RunningMock } from '../server.ts';
import { SHIPPING_PROVIDERS } from '../state/catalog.ts';
import { parseObject } from '../validate.ts';
import { DocClient, control } from './doc-client.ts';

describe('parseObject with PHP-style bodies', () => {
  const cases: { name: string; raw: string; want?: unknown; error?: string }[] = [
    { name: 'empty body is no filters', raw: '', want: {} },
    { name: 'an empty list body is an empty object', raw: '[]', want: {} },
    { name: 'an empty list body with blanks', raw: ' [ ] ', want: {} },
    { name: 'an empty object field is absent', raw: '{"self_shipment":{},"a":1}', want: { a: 1 } },
    { name: 'an empty list field is absent', raw: '{"order_line_item_ids":[],"a":1}', want: { a: 1 } },
    { name: 'empty fields nested depth first', raw: '{"a":{"b":[],"c":{}}}', want: {} },
    { name: 'an empty list element is an empty object', raw: '{"packages":[[],{"id":"1"}]}', want: { packages: [{}, { id: '1' }] } },
    { name: 'empty fields inside list elements are absent', raw: '{"packages":[{"id":"1","self_shipment":[]}]}', want: { packages: [{ id: '1' }] } },
    { name: 'a string holding brackets is data', raw: '{"title":"[] {}"}', want: { title: '[] {}' } },
    { name: 'null stays null', raw: '{"a":null}', want: { a: null } },
    { name: 'a non-empty list body is refused', raw: '[1]', error: 'body must be a JSON object' },
    { name: 'a scalar body is refused', raw: '7', error: 'body must be a JSON object' },
    { name: 'bad JSON is refused', raw: '{', error: 'not valid JSON' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error === undefined) expect(parseObject(c.raw)).toEqual(c.want);
      else {
        expect(() => parseObject(c.raw)).toThrow(TikTokError);
        expect(() => parseObject(c.raw)).toThrow(c.error);
      }
    });
  }
});

describe('the mock takes PHP-style bodies', () => {
  let m: RunningMock;
  let c: DocClient;
  let cipher: string;
  beforeAll(async () => {
    m = await startMock({ seed: 'php-bodies', skus: 20, rateLimit: { defaultQps: 100_000 } });
    c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
    cipher = m.shops[0]!.cipher;
  });
  afterAll(async () => {
    await m.close();
  });

  it('searches products and orders with the body []', async () => {
    const p = await c.call('POST', '/product/202309/products/search', { shopCipher: cipher, query: { page_size: '100' }, body: [] });
    expect([p.env.code, p.env.data.total_count]).toEqual([0, m.platform.catalog.products.length]);
    const o = await c.call('POST', '/order/202309/orders/search', { shopCipher: cipher, query: { page_size: '10' }, body: [] });
    expect([o.env.code, o.env.data.total_count]).toEqual([0, 0]);
    const f = await c.call('POST', '/product/202502/products/search', { shopCipher: cipher, query: { page_size: '1' }, body: { seller_skus: [], audit_status: [] } });
    expect(f.env.data.total_count).toBe(m.platform.catalog.products.length);
  });

  it('ships with order_line_item_ids: [] and self_shipment: [] as if they were left out', async () => {
    const shopId = m.shops[0]!.id;
    const sku = m.platform.catalog.skus[0]!;
    const wh = m.platform.catalog.warehouses[0]!.id;
    await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: shopId, sku_id: sku.id, warehouse_id: wh, quantity: 9 }] });
    const place = async () => (await control(m.url, 'POST', '/__mock/orders', { shop_id: shopId, line_items: [{ sku_id: sku.id, quantity: 1 }] })).env.data;
    const a = await place();
    const marked = await c.call('POST', `/fulfillment/202309/orders/${a.order_id}/packages`, {
      shopCipher: cipher,
      body: { tracking_number: 'TRACK-1', shipping_provider_id: SHIPPING_PROVIDERS[0]!.id, order_line_item_ids: [] },
    });
    expect(marked.env.code).toBe(0);
    expect(marked.env.data.order_line_item_ids).toEqual(a.line_items.map((l: { id: string }) => l.id));
    const b = await place();
    const shipped = await c.call('POST', `/fulfillment/202309/packages/${b.package_id}/ship`, { shopCipher: cipher, body: { handover_method: 'DROP_OFF', self_shipment: [] } });
    expect(shipped.env.code).toBe(0);
    const pkg = (await c.call('GET', `/fulfillment/202309/packages/${b.package_id}`, { shopCipher: cipher })).env.data;
    expect(pkg.tracking_number).toMatch(/^TT/); // no self_shipment: the platform issued the number
  });

  it('still reports a required field sent empty as missing', async () => {
    const id = m.platform.catalog.products[0]!.id;
    const r = await c.call('POST', `/product/202309/products/${id}/inventory/update`, { shopCipher: cipher, body: { skus: [] } });
    expect(r.env).toMatchObject({ code: 36009004, message: expect.stringContaining('skus') });
  });
});
