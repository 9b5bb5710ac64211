/**
 * Authorization family: authorized shops (seller-scoped, no shop_cipher), active shops, and the
 * token endpoints that TikTok serves from auth.tiktok-shops.com (same origin here).
 */
import { TikTokError } from '../errors.ts';
import type { Call } from '../platform.ts';
import { at, type EndpointTable, type RouteTable } from './route-table.ts';

function checkApp(c: Call, grantType: string): void {
  const q = c.query;
  const o = c.platform.options;
  if (q.app_key !== o.appKey) throw new TikTokError('INVALID_PARAM', 'app_key is missing or unknown');
  if (q.app_secret !== o.appSecret) throw new TikTokError('INVALID_PARAM', 'app_secret is missing or wrong');
  if (q.grant_type !== grantType) throw new TikTokError('INVALID_PARAM', `grant_type must be ${grantType}`);
}

const V = ['202309'];

export const authorizationRoutes: EndpointTable = [
  at('GET', '/authorization/{version}/shops', V, 'reads shops', (c) => ({
    shops: c.platform.catalog.shops.map((s) => ({ id: s.id, name: s.name, region: s.region, seller_type: s.seller_type, cipher: s.cipher, code: s.code })),
  })),
  at('GET', '/seller/{version}/shops', V, 'reads shops', (c) => ({ shops: c.platform.catalog.shops.map((s) => ({ id: s.id, region: s.region })) })),
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
        return c.platform.tokens.exchange(code);
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
