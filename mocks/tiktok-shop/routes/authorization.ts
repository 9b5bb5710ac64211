/**
 * Authorization family: the token's seller's authorized shops (seller-scoped, no shop_cipher),
 * its active shops, DeauthorizeShop (the one call of the family that names a shop), and the
 * token endpoints that TikTok serves from auth.tiktok-shops.com (same origin here).
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import type { Shop } from '../state/catalog.ts';
import { at, type EndpointTable, type RouteTable } from './route-table.ts';

function checkApp(c: Call, grantType: string): void {
  const q = c.query;
  const o = c.platform.options;
  if (q.app_key !== o.appKey) throw new TikTokError('INVALID_PARAM', 'app_key is missing or unknown');
  if (q.app_secret !== o.appSecret) throw new TikTokError('INVALID_PARAM', 'app_secret is missing or wrong');
  if (q.grant_type !== grantType) throw new TikTokError('INVALID_PARAM', `grant_type must be ${grantType}`);
}

const shopsAt = (c: Call, indexes: readonly number[]): Shop[] => indexes.map((i) => c.platform.catalog.shops[i] as Shop);

/** The shops of the call's seller that still have the app authorized. */
const authorizedShops = (c: Call): Shop[] => shopsAt(c, c.platform.sellers.authorizedShops(c.seller));

const sellerShops = (c: Call): Shop[] => shopsAt(c, c.platform.sellers.list[c.seller]?.shops ?? []);

function deauthorizeShop(c: Call): unknown {
  c.platform.sellers.deauthorizeShop(c.shop);
  c.platform.deauthorized([c.shop], 'The app was deauthorized for this shop by its developer');
  return {};
}

const V = ['202309'];

export const authorizationRoutes: EndpointTable = [
  at('GET', '/authorization/{version}/shops', V, "reads the seller's authorized shops", (c) => ({
    shops: authorizedShops(c).map((s) => ({ id: s.id, name: s.name, region: s.region, seller_type: s.seller_type, cipher: s.cipher, code: s.code })),
  })),
  at('DELETE', '/authorization/{version}/shops', ['202403'], "changes the seller's authorized shops; webhook 6", deauthorizeShop),
  // Active shops: every shop of the seller, whether or not the app is still authorized for it.
  at('GET', '/seller/{version}/shops', V, "reads the seller's shops", (c) => ({ shops: sellerShops(c).map((s) => ({ id: s.id, region: s.region })) })),
];

/** The token endpoints (auth host, no version segment). */
export const tokenRoutes: RouteTable = [
  [
    'GET',
    '/api/v2/token/get',
    {
      kind: 'token',
      handle: (c) => {
        checkApp(c, 'authorized_code');
        const code = c.query.auth_code;
        if (code === undefined || code === '') throw new TikTokError('INVALID_PARAM', 'auth_code is missing');
        const { seller, grant } = c.platform.tokens.exchange(code);
        c.platform.authorizedAgain(seller);
        return grant;
      },
    },
  ],
  [
    'GET',
    '/api/v2/token/refresh',
    {
      kind: 'token',
      handle: (c) => {
        checkApp(c, 'refresh_token');
        const rt = c.query.refresh_token;
        if (rt === undefined || rt === '') throw new TikTokError('INVALID_PARAM', 'refresh_token is missing');
        return c.platform.tokens.refresh(rt);
      },
    },
  ],
];
