/**
 * Sellers under /__mock/: who they are and their shops (with each shop's currency and time
 * zone, which TikTok's shop calls do not show), and what a seller does outside the Open API:
 * authorize the app (an auth code to exchange), revoke it (every token stops working, every
 * shop is deauthorized, webhook 6 per shop), and the platform's warning that an authorization
 * is about to end (webhook 7 per authorized shop). Times are Unix milliseconds.
 */
import { TikTokError } from '../errors.ts';
import type { Call, Platform } from '../platform.ts';
import type { Shop } from '../state/catalog.ts';
import type { Seller } from '../state/sellers.ts';
import { onlyKeys, parseObject, str } from '../validate.ts';
import type { RouteTable } from '../routes/route-table.ts';

/** A shop as the control API and startMock show it. */
export function shopView(s: Shop): { id: string; name: string; region: string; cipher: string; currency: string; time_zone: string } {
  return { id: s.id, name: s.name, region: s.region, cipher: s.cipher, currency: s.market.currency, time_zone: s.market.timeZone };
}

function sellerView(p: Platform, s: Seller): unknown {
  return {
    seller_id: s.openId,
    name: s.name,
    base_region: s.baseRegion,
    authorization_ends_at: p.sellers.authorizationEnds(s.index),
    shops: s.shops.map((i) => ({ ...shopView(p.catalog.shops[i] as Shop), authorized: p.sellers.isAuthorized(i) })),
  };
}

function sellerOf(p: Platform, id: unknown, what: string): Seller {
  const s = p.sellers.list.find((x) => x.openId === id);
  if (s === undefined) throw new TikTokError('NOT_FOUND', `${what}: no seller ${JSON.stringify(id)}; GET /__mock/sellers lists them`);
  return s;
}

/** Optional body `{seller_id}`: the first seller when absent. */
function authCode(c: Call): unknown {
  const body = c.body === '' ? {} : parseObject(c.body);
  onlyKeys(body, ['seller_id'], 'body');
  const seller = body.seller_id === undefined ? 0 : sellerOf(c.platform, str(body.seller_id, 'seller_id'), 'seller_id').index;
  return c.platform.tokens.issueAuthCode(seller);
}

function deauthorize(c: Call): unknown {
  const s = sellerOf(c.platform, c.params.seller_id, 'path');
  c.platform.tokens.revoke(s.index);
  const shops = c.platform.sellers.deauthorizeSeller(s.index);
  c.platform.deauthorized(shops, 'The seller deauthorized the app');
  return { seller_id: s.openId, deauthorized_shop_ids: shops.map((i) => c.platform.shopIdOf(i)) };
}

function expiring(c: Call): unknown {
  const s = sellerOf(c.platform, c.params.seller_id, 'path');
  const shops = c.platform.warnAuthorizationExpiring(s.index);
  return { seller_id: s.openId, authorization_ends_at: c.platform.sellers.authorizationEnds(s.index), notified_shop_ids: shops.map((i) => c.platform.shopIdOf(i)) };
}

export const sellerRoutes: RouteTable = [
  ['GET', '/__mock/sellers', { kind: 'control', handle: (c) => ({ sellers: c.platform.sellers.list.map((s) => sellerView(c.platform, s)) }) }],
  ['POST', '/__mock/auth-codes', { kind: 'control', handle: authCode }],
  ['POST', '/__mock/sellers/{seller_id}/deauthorize', { kind: 'control', handle: deauthorize }],
  ['POST', '/__mock/sellers/{seller_id}/authorization-expiring', { kind: 'control', handle: expiring }],
];
