/**
 * Access tokens, refresh tokens and auth codes of the one seller the mock models.
 *
 * TikTok facts (reference): the access token travels in `x-tts-access-token`, lives 7 days by
 * default; an auth code is single-use and lives 30 minutes. Lifetimes are configurable so tests
 * and soak runs can watch tokens expire. Tokens survive /__mock/reset ("same credentials").
 */
import { randomBytes } from 'node:crypto';
import { TikTokError } from '../errors.ts';

export interface TokenLifetimes {
  accessTokenS: number;
  refreshTokenS: number;
  authCodeS: number;
}

export const DEFAULT_LIFETIMES: Readonly<TokenLifetimes> = Object.freeze({
  accessTokenS: 7 * 24 * 3600,
  refreshTokenS: 365 * 24 * 3600,
  authCodeS: 30 * 60,
});

export interface TokenGrant {
  access_token: string;
  /** Unix seconds at which the access token expires (TikTok's field is an instant, despite its name). */
  access_token_expire_in: number;
  refresh_token: string;
  refresh_token_expire_in: number;
  open_id: string;
  seller_name: string;
  seller_base_region: string;
  user_type: number;
  granted_scopes: string[];
}

export type TokenCheck = 'ok' | 'expired' | 'unknown';

const SCOPES = ['seller.authorization.info', 'seller.product.basic', 'seller.order.info', 'seller.fulfillment.basic', 'seller.logistics', 'seller.event'];

function token(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

export class TokenStore {
  private readonly access = new Map<string, number>();
  private readonly refreshTokens = new Map<string, number>();
  private readonly codes = new Map<string, number>();
  readonly initial: { accessToken: string; refreshToken: string };

  constructor(
    private readonly lifetimes: TokenLifetimes,
    private readonly now: () => number,
    private readonly seller: { name: string; region: string },
    pinnedAccessToken?: string,
  ) {
    const t = now();
    const at = pinnedAccessToken ?? token('ROW_at_');
    const rt = token('ROW_rt_');
    this.access.set(at, t + lifetimes.accessTokenS * 1000);
    this.refreshTokens.set(rt, t + lifetimes.refreshTokenS * 1000);
    this.initial = { accessToken: at, refreshToken: rt };
  }

  /** A fresh auth code, as if the seller had just authorized the app. */
  issueAuthCode(): { auth_code: string; expires_at: number } {
    const code = token('ROW_code_');
    const expires = this.now() + this.lifetimes.authCodeS * 1000;
    this.codes.set(code, expires);
    return { auth_code: code, expires_at: expires };
  }

  /** auth code -> tokens; the code is spent whether or not it was still valid. */
  exchange(code: string): TokenGrant {
    const expires = this.codes.get(code);
    this.codes.delete(code);
    if (expires === undefined) throw new TikTokError('INVALID_PARAM', 'auth_code is invalid or already used');
    if (expires <= this.now()) throw new TikTokError('INVALID_PARAM', 'auth_code has expired');
    return this.grant(token('ROW_rt_'));
  }

  /** refresh token -> a new access token; the refresh token stays valid until it expires. */
  refresh(refreshToken: string): TokenGrant {
    const expires = this.refreshTokens.get(refreshToken);
    if (expires === undefined) throw new TikTokError('INVALID_PARAM', 'refresh_token is invalid');
    if (expires <= this.now()) throw new TikTokError('INVALID_PARAM', 'refresh_token has expired');
    return this.grant(refreshToken);
  }

  check(accessToken: string): TokenCheck {
    const expires = this.access.get(accessToken);
    if (expires === undefined) return 'unknown';
    return expires > this.now() ? 'ok' : 'expired';
  }

  /** Control API: make a token expire now (tests of a connector's refresh path). */
  expire(accessToken: string): boolean {
    if (!this.access.has(accessToken)) return false;
    this.access.set(accessToken, this.now());
    return true;
  }

  private grant(refreshToken: string): TokenGrant {
    const t = this.now();
    const at = token('ROW_at_');
    const atExp = t + this.lifetimes.accessTokenS * 1000;
    this.access.set(at, atExp);
    let rtExp = this.refreshTokens.get(refreshToken);
    if (rtExp === undefined) {
      rtExp = t + this.lifetimes.refreshTokenS * 1000;
      this.refreshTokens.set(refreshToken, rtExp);
    }
    return {
      access_token: at,
      access_token_expire_in: Math.floor(atExp / 1000),
      refresh_token: refreshToken,
      refresh_token_expire_in: Math.floor(rtExp / 1000),
      open_id: 'mock-open-id-0001',
      seller_name: this.seller.name,
      seller_base_region: this.seller.region,
      user_type: 0,
      granted_scopes: SCOPES,
    };
  }
}
