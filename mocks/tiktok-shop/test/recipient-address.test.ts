/**
 * The buyer's address in every market, read back with Get Order Detail (202507) over loopback:
 * each market's postcode format, calling code, administrative levels from the country down
 * (contiguous L0..Ln) and the UK's post town, every field of it in TikTok's OpenAPI schema.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../server.ts';
import { DocClient, control } from './doc-client.ts';
import { loadErpOperations } from './oas-bundle.ts';
import { checkAgainst } from './schema-check.ts';

const MARKETS = ['US', 'GB', 'ID', 'MY', 'TH', 'VN', 'PH', 'SG'];
const DETAIL = loadErpOperations().get('GET /order/202507/orders')!.response!;
let m: RunningMock;
let c: DocClient;

beforeAll(async () => {
  m = await startMock({ seed: 'recipient-address', sellers: [{ name: 'World Goods', shops: MARKETS }], skus: 2, warehouses: 1 });
  c = new DocClient({ baseUrl: m.url, appKey: m.appKey, appSecret: m.appSecret, accessToken: m.accessToken });
  const sku = m.platform.catalog.skus[0]!.id;
  const wh = m.platform.catalog.warehouses[0]!.id;
  await control(m.url, 'PUT', '/__mock/inventory', { items: m.shops.map((s) => ({ shop_id: s.id, sku_id: sku, warehouse_id: wh, quantity: 5 })) });
});
afterAll(() => m.close());

const cases: { market: string; country: string; postal: RegExp; phone: string; levels: string[]; postTown?: string }[] = [
  { market: 'US', country: 'United States', postal: /^\d{5}$/, phone: '(+1)', levels: ['Country', 'State', 'City'] },
  { market: 'GB', country: 'United Kingdom', postal: /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, phone: '(+44)', levels: ['Country', 'Country', 'County', 'Post town'], postTown: 'Preston' },
  { market: 'ID', country: 'Indonesia', postal: /^\d{5}$/, phone: '(+62)', levels: ['Country', 'Province', 'City', 'District', 'Village'] },
  { market: 'MY', country: 'Malaysia', postal: /^\d{5}$/, phone: '(+60)', levels: ['Country', 'State', 'City'] },
  { market: 'TH', country: 'Thailand', postal: /^\d{5}$/, phone: '(+66)', levels: ['Country', 'Province', 'District', 'Subdistrict'] },
  { market: 'VN', country: 'Vietnam', postal: /^\d{6}$/, phone: '(+84)', levels: ['Country', 'Province', 'District', 'Ward'] },
  { market: 'PH', country: 'Philippines', postal: /^\d{4}$/, phone: '(+63)', levels: ['Country', 'Region', 'City', 'Barangay'] },
  { market: 'SG', country: 'Singapore', postal: /^\d{6}$/, phone: '(+65)', levels: ['Country'] },
];

it.each(cases)('a buyer in $market has an address of $country', async ({ market, country, postal, phone, levels, postTown }) => {
  const shop = m.shops.find((s) => s.region === market)!;
  const placed = (await control(m.url, 'POST', '/__mock/orders', { shop_id: shop.id, line_items: [{ sku_id: m.platform.catalog.skus[0]!.id, quantity: 1 }] })).env.data;
  expect(placed.accepted).toBe(true);
  const r = await c.call('GET', '/order/202507/orders', { shopCipher: shop.cipher, query: { ids: placed.order_id } });
  const a = r.env.data.orders[0].recipient_address;
  expect(a.region_code).toBe(market);
  expect(a.postal_code).toMatch(postal);
  expect(a.phone_number.startsWith(phone)).toBe(true);
  expect(a.district_info.map((d: { address_level_name: string }) => d.address_level_name)).toEqual(levels);
  expect(a.district_info.map((d: { address_level: string }) => d.address_level)).toEqual(levels.map((_, i) => `L${i}`));
  expect(a.district_info[0]).toMatchObject({ address_name: country, iso_code: market });
  expect(a.full_address).toContain(a.postal_code);
  expect(a.full_address.endsWith(country)).toBe(true);
  expect(a.post_town).toBe(postTown);
  expect(checkAgainst(DETAIL, r.env).filter((p) => p.includes('recipient_address'))).toEqual([]);
});
