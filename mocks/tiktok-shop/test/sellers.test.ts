/**
 * Several sellers on one mock, each with its own authorization, tokens and shops in several
 * markets, driven by the doc-only client over loopback: tokens reach only their seller's shops,
 * a shop shows its market's currency, tokens expire and refresh per seller, and deauthorization
 * (by the app, or by the seller through the control API) refuses further calls and pushes
 * webhook 6 to a real receiver; webhook 7 warns of an authorization about to end.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateMockOptions, type MockOptions } from '../options.ts';
import { startMock, type MockSeller, type RunningMock } from '../server.ts';
import { startReceiver, waitFor, type Receiver } from '../webhooks/test/receiver.ts';
import { DocClient, control } from './doc-client.ts';

const HOUR_S = 3600;
let clockMs = Date.now();
let m: RunningMock;
let hook: Receiver;
let alpha: MockSeller;
let beta: MockSeller;

const clientOf = (accessToken: string) =>
  new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken, now: () => Math.floor(clockMs / 1000) });
const shopIn = (s: MockSeller, region: string) => s.shops.find((x) => x.region === region)!;
const pushes = (type: number) => hook.received.filter((r) => r.json.type === type);

/** Subscribes the shop's address for an event type, with the seller's own token. */
async function subscribe(s: MockSeller, region: string, eventType: string): Promise<void> {
  const r = await clientOf(s.accessToken).call('PUT', '/event/202309/webhooks', { shopCipher: shopIn(s, region).cipher, body: { address: hook.url, event_type: eventType } });
  expect(r.env.code).toBe(0);
}

beforeAll(async () => {
  m = await startMock({
    seed: 'sellers',
    skus: 8,
    warehouses: 1,
    sellers: [
      { name: 'Alpha Goods', shops: ['US', 'GB'] },
      { name: 'Beta Mart', shops: ['ID', 'VN', 'SG'] },
    ],
    tokenLifetimes: { accessTokenS: HOUR_S },
    webhook: { retryScheduleMs: [50] },
    now: () => clockMs,
  });
  [alpha, beta] = m.sellers as [MockSeller, MockSeller];
  hook = await startReceiver();
});
afterAll(async () => {
  await m.close();
  await hook.close();
});

describe('several sellers', () => {
  it('each token lists its own seller\'s shops, in their markets', async () => {
    expect(m.sellers.map((s) => [s.name, s.shops.map((x) => x.region)])).toEqual([
      ['Alpha Goods', ['US', 'GB']],
      ['Beta Mart', ['ID', 'VN', 'SG']],
    ]);
    expect(alpha.accessToken).not.toBe(beta.accessToken);
    const listed = (await clientOf(beta.accessToken).getAuthorizedShops()).env.data.shops;
    expect(listed.map((s) => [s.id, s.region, s.cipher])).toEqual(beta.shops.map((s) => [s.id, s.region, s.cipher]));
    const active = (await clientOf(alpha.accessToken).call('GET', '/seller/202309/shops')).env.data.shops;
    expect(active).toEqual(alpha.shops.map((s) => ({ id: s.id, region: s.region })));
  });

  it("seller A's token cannot reach seller B's shop, nor B's A's", async () => {
    const a = await clientOf(alpha.accessToken).getWarehouses(shopIn(beta, 'ID').cipher);
    expect([a.status, a.env.code]).toEqual([400, 36009004]);
    expect(a.env.message).toMatch(/not name a shop authorized for this app/);
    const b = await clientOf(beta.accessToken).searchProducts(shopIn(alpha, 'US').cipher, 5);
    expect(b.env.code).toBe(36009004);
    expect((await clientOf(alpha.accessToken).getWarehouses(shopIn(alpha, 'GB').cipher)).env.code).toBe(0);
  });

  it('the control API shows each shop with its currency and time zone', async () => {
    const sellers = (await control(m.url, 'GET', '/__mock/sellers')).env.data.sellers as { seller_id: string; base_region: string; shops: { region: string; currency: string; time_zone: string; authorized: boolean }[] }[];
    expect(sellers.map((s) => [s.seller_id, s.base_region])).toEqual([
      [alpha.id, 'US'],
      [beta.id, 'ID'],
    ]);
    expect(sellers[1]!.shops.map((s) => [s.region, s.currency, s.time_zone, s.authorized])).toEqual([
      ['ID', 'IDR', 'Asia/Jakarta', true],
      ['VN', 'VND', 'Asia/Ho_Chi_Minh', true],
      ['SG', 'SGD', 'Asia/Singapore', true],
    ]);
  });
});

describe('a market\'s currency', () => {
  it('prices products in the shop\'s currency: IDR in whole rupiah, USD as seeded', async () => {
    const sku = m.platform.catalog.skus[0]!;
    const inId = (await clientOf(beta.accessToken).getProduct(shopIn(beta, 'ID').cipher, sku.product_id)).env.data;
    const idSku = inId.skus.find((s: { id: string }) => s.id === sku.id);
    expect(idSku.price.currency).toBe('IDR');
    expect(idSku.price.sale_price).toBe((Number(sku.price.amount) * 16_000).toFixed(0));
    const found = (await clientOf(beta.accessToken).searchProducts(shopIn(beta, 'ID').cipher, 1)).env.data.products[0];
    expect(found.sales_regions).toEqual(['ID']);
    const inUs = (await clientOf(alpha.accessToken).getProduct(shopIn(alpha, 'US').cipher, sku.product_id)).env.data;
    expect(inUs.skus.find((s: { id: string }) => s.id === sku.id).price).toMatchObject({ currency: 'USD', sale_price: sku.price.amount });
  });

  it('an order of a GB shop is paid in GBP, at the price the shop showed', async () => {
    const gb = shopIn(alpha, 'GB');
    const sku = m.platform.catalog.skus[1]!;
    const wh = m.platform.catalog.warehouses[0]!.id;
    expect((await control(m.url, 'PUT', '/__mock/inventory', { items: [{ shop_id: gb.id, sku_id: sku.id, warehouse_id: wh, quantity: 10 }] })).env.code).toBe(0);
    const placed = (await control(m.url, 'POST', '/__mock/orders', { shop_id: gb.id, line_items: [{ sku_id: sku.id, quantity: 2 }] })).env.data;
    expect(placed.accepted).toBe(true);
    const order = (await clientOf(alpha.accessToken).getOrders(gb.cipher, [placed.order_id])).env.data.orders[0];
    const unit = (Number(sku.price.amount) * 0.79).toFixed(2);
    expect(order.line_items[0]).toMatchObject({ currency: 'GBP', sale_price: unit });
    expect(order.payment).toMatchObject({ currency: 'GBP', total_amount: (Number(unit) * 2).toFixed(2) });
  });
});

describe('token expiry and refresh', () => {
  it("an expired token is 105002; its seller's refresh token gives one that reaches that seller's shops only", async () => {
    const before = clientOf(beta.accessToken);
    clockMs += (HOUR_S + 1) * 1000;
    const expired = await before.getAuthorizedShops();
    expect([expired.status, expired.env.code]).toEqual([401, 105002]);
    const grant = await before.token('refresh', beta.refreshToken);
    expect(grant.code).toBe(0);
    expect(grant.data).toMatchObject({ open_id: beta.id, seller_name: 'Beta Mart', seller_base_region: 'ID', refresh_token: beta.refreshToken });
    expect(grant.data.access_token_expire_in).toBe(Math.floor(clockMs / 1000) + HOUR_S);
    const fresh = clientOf(grant.data.access_token);
    expect((await fresh.getWarehouses(shopIn(beta, 'VN').cipher)).env.code).toBe(0);
    expect((await fresh.getWarehouses(shopIn(alpha, 'US').cipher)).env.code).toBe(36009004);
    beta = { ...beta, accessToken: grant.data.access_token };
    // Alpha's start-up token expired too; its own refresh brings it back.
    const a = await clientOf(alpha.accessToken).token('refresh', alpha.refreshToken);
    alpha = { ...alpha, accessToken: a.data.access_token };
    expect((await clientOf(alpha.accessToken).getAuthorizedShops()).env.code).toBe(0);
  });
});

describe('deauthorization', () => {
  it('DELETE /authorization/202403/shops deauthorizes one shop: webhook 6, the shop refused and silent, the others served', async () => {
    await subscribe(alpha, 'GB', 'SELLER_DEAUTHORIZATION');
    await subscribe(alpha, 'GB', 'ORDER_STATUS_CHANGE');
    await subscribe(alpha, 'US', 'ORDER_STATUS_CHANGE');
    const c = clientOf(alpha.accessToken);
    const gb = shopIn(alpha, 'GB');
    const missing = await c.call('DELETE', '/authorization/202403/shops');
    expect(missing.env.code).toBe(106013);
    expect((await c.deauthorizeShop(gb.cipher)).env.code).toBe(0);
    await waitFor(() => pushes(6).length === 1, 10_000, 'webhook 6');
    const [push] = pushes(6);
    expect(push!.json).toMatchObject({ type: 6, shop_id: gb.id, data: { message: expect.any(String) } });
    expect(push!.headers.authorization).toBe(createHmac('sha256', m.appSecret).update(m.appKey + push!.body).digest('hex'));
    const refused = await c.getWarehouses(gb.cipher);
    expect([refused.env.code, refused.env.message]).toEqual([36009004, expect.stringMatching(/deauthorized/)]);
    expect((await c.getAuthorizedShops()).env.data.shops.map((s) => s.id)).toEqual([shopIn(alpha, 'US').id]);
    expect((await c.getWarehouses(shopIn(alpha, 'US').cipher)).env.code).toBe(0);
    // Buyers still order from the deauthorized shop; only the authorized shop's order is pushed.
    const sku = m.platform.catalog.skus[1]!;
    const wh = m.platform.catalog.warehouses[0]!.id;
    const items = [gb, shopIn(alpha, 'US')].map((s) => ({ shop_id: s.id, sku_id: sku.id, warehouse_id: wh, quantity: 5 }));
    expect((await control(m.url, 'PUT', '/__mock/inventory', { items })).env.code).toBe(0);
    for (const s of [gb, shopIn(alpha, 'US')]) {
      expect((await control(m.url, 'POST', '/__mock/orders', { shop_id: s.id, line_items: [{ sku_id: sku.id, quantity: 1 }] })).env.data.accepted).toBe(true);
    }
    await waitFor(() => pushes(1).length === 1 && m.platform.webhooks.stats().pending === 0, 10_000, 'the US order pushed, nothing pending');
    expect(pushes(1).map((p) => p.json.shop_id)).toEqual([shopIn(alpha, 'US').id]);
  });

  it('a seller revoking the app (control API): webhook 6 per shop, its tokens refused, refresh 36004005, other sellers served', async () => {
    await subscribe(beta, 'ID', 'SELLER_DEAUTHORIZATION');
    await subscribe(beta, 'SG', 'SELLER_DEAUTHORIZATION');
    const r = await control(m.url, 'POST', `/__mock/sellers/${beta.id}/deauthorize`);
    expect(r.env.data.deauthorized_shop_ids).toEqual(beta.shops.map((s) => s.id));
    await waitFor(() => pushes(6).length === 3, 10_000, 'webhook 6 for ID and SG');
    expect(pushes(6).slice(1).map((p) => p.json.shop_id).sort()).toEqual([shopIn(beta, 'ID').id, shopIn(beta, 'SG').id].sort());
    const c = clientOf(beta.accessToken);
    const shops = await c.getAuthorizedShops();
    expect([shops.env.code, shops.env.message]).toEqual([36009004, expect.stringMatching(/deauthorized the app/)]);
    expect((await c.token('refresh', beta.refreshToken)).code).toBe(36004005);
    expect((await clientOf(alpha.accessToken).getWarehouses(shopIn(alpha, 'US').cipher)).env.code).toBe(0);
    expect((await control(m.url, 'POST', '/__mock/sellers/nobody/deauthorize')).status).toBe(404);
  });

  it('authorizing again (a new auth code) brings back every shop of the seller', async () => {
    const code = (await control(m.url, 'POST', '/__mock/auth-codes', { seller_id: beta.id })).env.data.auth_code as string;
    const grant = await clientOf('none').token('get', code);
    expect(grant.data).toMatchObject({ open_id: beta.id, seller_name: 'Beta Mart' });
    const listed = (await clientOf(grant.data.access_token).getAuthorizedShops()).env.data.shops;
    expect(listed.map((s) => s.id)).toEqual(beta.shops.map((s) => s.id));
  });
});

it('webhook 7 warns each authorized shop with the instant the authorization ends', async () => {
  await subscribe(alpha, 'US', 'UPCOMING_AUTHORIZATION_EXPIRATION');
  const r = (await control(m.url, 'POST', `/__mock/sellers/${alpha.id}/authorization-expiring`)).env.data;
  expect(r.notified_shop_ids).toEqual([shopIn(alpha, 'US').id]); // GB was deauthorized above
  await waitFor(() => pushes(7).length === 1, 10_000, 'webhook 7');
  expect(pushes(7)[0]!.json).toMatchObject({ type: 7, shop_id: shopIn(alpha, 'US').id, data: { message: expect.any(String), expiration_time: Math.floor(r.authorization_ends_at / 1000) } });
});

describe('sellers option', () => {
  const cases: { name: string; input: MockOptions; problems: RegExp[] }[] = [
    { name: 'several sellers in every market', input: { sellers: [{ shops: ['US', 'GB'] }, { name: 'x', shops: ['ID', 'MY', 'TH', 'VN', 'PH', 'SG'] }] }, problems: [] },
    { name: 'not with shops', input: { shops: 2, sellers: [{ shops: ['US'] }] }, problems: [/^sellers: give either shops/] },
    {
      name: 'every problem of every seller',
      input: { sellers: [{ shops: ['FR'] }, { shops: [], colour: 'red' } as never, { name: '', shops: ['US'] }] },
      problems: [/^sellers\[0\]\.shops\[0\]: expected US\|GB\|ID\|MY\|TH\|VN\|PH\|SG, got "FR"$/, /^sellers\[1\]: unknown key "colour"|^sellers\[1\]\.colour: unknown key/, /^sellers\[1\]\.shops: /, /^sellers\[2\]\.name: /],
    },
    { name: 'at most 50 shops in all', input: { sellers: [{ shops: Array(30).fill('US') }, { shops: Array(30).fill('GB') }] }, problems: [/^sellers: 60 shops in all; at most 50$/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = validateMockOptions(c.input);
      expect(got, got.join('\n')).toHaveLength(c.problems.length);
      c.problems.forEach((re, i) => expect(got[i]).toMatch(re));
    });
  }

  it('the default is one seller owning every shop, in the US sub-regions, in USD', async () => {
    const d = await startMock({ seed: 'sellers-default', skus: 4 });
    try {
      expect(d.sellers).toHaveLength(1);
      expect(d.sellers[0]!.accessToken).toBe(d.accessToken);
      expect(d.sellers[0]!.shops.map((s) => [s.region, s.currency])).toEqual([
        ['US-EAST', 'USD'],
        ['US-CENTRAL', 'USD'],
        ['US-WEST', 'USD'],
      ]);
    } finally {
      await d.close();
    }
  });
});
