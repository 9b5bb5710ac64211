/**
 * Request authentication of TikTok Shop API calls, in the platform's order:
 * app_key -> timestamp window -> sign -> access token -> shop_cipher.
 *
 * The signature is checked with the shared lib/tiktok/signature.ts (pinned by the official
 * vector), so the mock and the stack cannot agree on a wrong algorithm.
 */
import { signRequest, signaturesEqual } from '../../../lib/tiktok/signature.ts';
import { TikTokError } from '../errors.ts';
import type { Query } from '../http-io.ts';
import type { SeededCatalog } from '../state/catalog.ts';
import type { Sellers } from '../state/sellers.ts';
import { TOKEN_EXPIRED, TOKEN_REVOKED, type TokenStore } from './tokens.ts';

/** Which shop_cipher rule a path family follows. */
export type Scope = 'seller' | 'shop';

/** Seconds: a timestamp older than this is refused. */
export const MAX_AGE_S = 300;
/** Seconds: a timestamp further ahead than this is refused. */
export const MAX_AHEAD_S = 30;

const TIMESTAMP = /^\d{1,12}$/;

export interface AuthInput {
  path: string;
  query: Query;
  body: string;
  contentType: string | undefined;
  accessToken: string | undefined;
}

export interface Credentials {
  appKey: string;
  appSecret: string;
}

/** The one seller-family path that names a shop: DeauthorizeShop requires shop_cipher. */
const DEAUTHORIZE_SHOP = '/authorization/202403/shops';

/**
 * `/authorization/*`, `/seller/*` and global products (`/product/{v}/global_products…`, a
 * cross-border seller's, not a shop's) are seller-scoped (no shop_cipher), except
 * DeauthorizeShop; the rest are shop-scoped.
 */
export function scopeOf(path: string): Scope {
  if (path === DEAUTHORIZE_SHOP) return 'shop';
  if (path.startsWith('/authorization/') || path.startsWith('/seller/')) return 'seller';
  return GLOBAL_PRODUCTS.test(path) ? 'seller' : 'shop';
}

const GLOBAL_PRODUCTS = /^\/product\/\d{6}\/global_products(\/|$)/;

/** Checks app_key, timestamp and sign; throws the platform's error for the first problem. */
export function verifySignature(input: AuthInput, creds: Credentials, nowMs: number): void {
  const q = input.query;
  const appKey = q.app_key;
  if (appKey === undefined || appKey === '') throw new TikTokError('INVALID_PARAM', 'app_key is missing');
  if (appKey !== creds.appKey) throw new TikTokError('INVALID_PARAM', 'app_key is not a known app');
  const ts = q.timestamp;
  if (ts === undefined || !TIMESTAMP.test(ts)) {
    throw new TikTokError('INVALID_PARAM', `timestamp must be Unix seconds, got ${ts === undefined ? 'nothing' : JSON.stringify(ts)}`);
  }
  const skew = Number(ts) - nowMs / 1000;
  if (skew < -MAX_AGE_S) throw new TikTokError('INVALID_PARAM', `timestamp is ${Math.round(-skew)} s old; at most ${MAX_AGE_S} s allowed`);
  if (skew > MAX_AHEAD_S) throw new TikTokError('INVALID_PARAM', `timestamp is ${Math.round(skew)} s in the future; at most ${MAX_AHEAD_S} s allowed`);
  const sign = q.sign;
  if (sign === undefined || sign === '') throw new TikTokError('INVALID_PARAM', 'sign is missing');
  const expected = signRequest({ path: input.path, query: q, body: input.body, contentType: input.contentType }, creds.appSecret);
  if (!signaturesEqual(expected, sign)) throw new TikTokError('INVALID_SIGN');
}

/** Checks the `x-tts-access-token` header; answers the index of the token's seller. */
export function verifyToken(accessToken: string | undefined, tokens: TokenStore): number {
  if (accessToken === undefined || accessToken === '') {
    throw new TikTokError('INVALID_PARAM', 'access token missing: send it in the x-tts-access-token header');
  }
  const seller = tokens.check(accessToken);
  if (seller >= 0) return seller;
  if (seller === TOKEN_EXPIRED) throw new TikTokError('ACCESS_TOKEN_EXPIRED');
  if (seller === TOKEN_REVOKED) throw new TikTokError('INVALID_PARAM', 'access token is invalid: the seller deauthorized the app');
  throw new TikTokError('INVALID_PARAM', 'access token is invalid');
}

/**
 * Applies the shop_cipher rule of the path's family; answers the shop's index (-1 for
 * seller-scoped calls). A shop of another seller, or one no longer authorized, is refused with
 * the code of a cipher that names no shop: for this token, it is not a shop authorized for the app.
 */
export function resolveShop(path: string, query: Query, catalog: SeededCatalog, seller: number, sellers: Sellers): number {
  const cipher = query.shop_cipher;
  if (scopeOf(path) === 'seller') {
    if (cipher !== undefined) throw new TikTokError('INVALID_PARAM', `shop_cipher must not be sent to ${path}`);
    return -1;
  }
  if (cipher === undefined || cipher === '') throw new TikTokError('SHOP_CIPHER_MISSING');
  const shop = catalog.shopByCipher.get(cipher);
  const index = shop === undefined ? -1 : (catalog.shopIndex.get(shop.id) as number);
  if (index === -1 || sellers.ownerOf(index) !== seller) throw new TikTokError('INVALID_PARAM', 'shop_cipher does not name a shop authorized for this app');
  if (!sellers.isAuthorized(index)) throw new TikTokError('INVALID_PARAM', 'shop_cipher names a shop that deauthorized this app');
  return index;
}
