/**
 * Access tokens, refresh tokens and auth codes of the sellers the mock models: each token
 * belongs to one seller and opens only that seller's shops.
 *
 * TikTok facts (reference): the access token travels in `x-tts-access-token`, lives 7 days by
 * default; an auth code is single-use and lives 30 minutes. Lifetimes are configurable so tests
 * and soak runs can watch tokens expire. Tokens survive /__mock/reset ("same credentials"). A
 * seller that revokes the app loses every token issued to it. Refreshing answers what the live
 * auth host answered a public client (EcomPHP/tiktokshop-php pull request #15): 36004005 "can not
 * find related auth record" for a refresh token it has no authorization behind (unknown, or of a
 * seller that revoked the app), 36004001 "rt has expired" for an expired one.
 */
import { randomBytes } from 'node:crypto';
import { TikTokError } from '../errors.ts';

export interface TokenLifetimes {
  accessTokenS: number;
  /** Also how long an authorization lasts. */
  refreshTokenS: number;
  authCodeS: number;
  /** How long before an authorization ends webhook 7 first warns of it (webhooks/authorization-warnings.ts). */
  authorizationWarningS: number;
  /** How often the warning is repeated until the end. */
  authorizationWarningRepeatS: number;
}

export const DEFAULT_LIFETIMES: Readonly<TokenLifetimes> = Object.freeze({
  accessTokenS: 7 * 24 * 3600,
  refreshTokenS: 365 * 24 * 3600,
  authCodeS: 30 * 60,
  authorizationWarningS: 30 * 24 * 3600,
  authorizationWarningRepeatS: 24 * 3600,
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

/** What `check` answers for a token that does not open a seller's shops (a seller index is >= 0). */
export const TOKEN_UNKNOWN = -1;
export const TOKEN_EXPIRED = -2;
/** Issued before its seller revoked the app. */
export const TOKEN_REVOKED = -3;

/** The seller a token store issues tokens for. */
export interface TokenSeller {
  openId: string;
  name: string;
  baseRegion: string;
}

/** An issued token or auth code: when it expires, whose it is, and under which authorization. */
interface Issued {
  expires: number;
  seller: number;
  generation: number;
}

const SCOPES = ['seller.authorization.info', 'seller.product.basic', 'seller.order.info', 'seller.fulfillment.basic', 'seller.logistics', 'seller.event'];

function token(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

export class TokenStore {
  private readonly access = new Map<string, Issued>();
  private readonly refreshTokens = new Map<string, Issued>();
  private readonly codes = new Map<string, Omit<Issued, 'generation'>>();
  /** Per seller: bumped when it revokes the app, so every token issued before stops working. */
  private readonly generations: number[];
  /** Per seller, the tokens issued at start (seller 0's access token may be pinned). */
  readonly initial: readonly { accessToken: string; refreshToken: string }[];

  constructor(
    private readonly lifetimes: TokenLifetimes,
    private readonly now: () => number,
    private readonly sellers: readonly TokenSeller[],
    pinnedAccessToken?: string,
  ) {
    const t = now();
    this.generations = sellers.map(() => 0);
    this.initial = sellers.map((_, seller) => {
      const at = (seller === 0 ? pinnedAccessToken : undefined) ?? token('ROW_at_');
      const rt = token('ROW_rt_');
      this.access.set(at, { expires: t + lifetimes.accessTokenS * 1000, seller, generation: 0 });
      this.refreshTokens.set(rt, { expires: t + lifetimes.refreshTokenS * 1000, seller, generation: 0 });
      return { accessToken: at, refreshToken: rt };
    });
  }

  /** A fresh auth code, as if the seller had just authorized the app. */
  issueAuthCode(seller = 0): { auth_code: string; expires_at: number } {
    const code = token('ROW_code_');
    const expires = this.now() + this.lifetimes.authCodeS * 1000;
    this.codes.set(code, { expires, seller });
    return { auth_code: code, expires_at: expires };
  }

  /**
   * auth code -> tokens of a new authorization; the code is spent whether or not it was still
   * valid. Answers the seller too: its shops are authorized again.
   */
  exchange(code: string): { seller: number; grant: TokenGrant } {
    const issued = this.codes.get(code);
    this.codes.delete(code);
    if (issued === undefined) throw new TikTokError('INVALID_PARAM', 'auth_code is invalid or already used');
    if (issued.expires <= this.now()) throw new TikTokError('INVALID_PARAM', 'auth_code has expired');
    return { seller: issued.seller, grant: this.grant(token('ROW_rt_'), issued.seller) };
  }

  /** refresh token -> a new access token; the refresh token stays valid until it expires. */
  refresh(refreshToken: string): TokenGrant {
    const issued = this.refreshTokens.get(refreshToken);
    if (issued === undefined) throw new TikTokError('AUTH_RECORD_NOT_FOUND', 'refresh_token is unknown');
    if (issued.generation !== this.generation(issued.seller)) throw new TikTokError('AUTH_RECORD_NOT_FOUND', 'the seller deauthorized the app');
    if (issued.expires <= this.now()) throw new TikTokError('REFRESH_TOKEN_EXPIRED');
    return this.grant(refreshToken, issued.seller);
  }

  /** The token's seller index, or TOKEN_UNKNOWN, TOKEN_EXPIRED or TOKEN_REVOKED. */
  check(accessToken: string): number {
    const issued = this.access.get(accessToken);
    if (issued === undefined) return TOKEN_UNKNOWN;
    if (issued.generation !== this.generations[issued.seller]) return TOKEN_REVOKED;
    return issued.expires > this.now() ? issued.seller : TOKEN_EXPIRED;
  }

  /** Control API: make a token expire now (tests of a connector's refresh path). */
  expire(accessToken: string): boolean {
    const issued = this.access.get(accessToken);
    if (issued === undefined) return false;
    issued.expires = this.now();
    return true;
  }

  /** The seller revoked the app: every token and code issued to it so far stops working. */
  revoke(seller: number): void {
    this.generations[seller] = this.generation(seller) + 1;
  }

  private generation(seller: number): number {
    return this.generations[seller] ?? 0;
  }

  private grant(refreshToken: string, seller: number): TokenGrant {
    const t = this.now();
    const generation = this.generation(seller);
    const at = token('ROW_at_');
    const atExp = t + this.lifetimes.accessTokenS * 1000;
    this.access.set(at, { expires: atExp, seller, generation });
    let rt = this.refreshTokens.get(refreshToken);
    if (rt === undefined) {
      rt = { expires: t + this.lifetimes.refreshTokenS * 1000, seller, generation };
      this.refreshTokens.set(refreshToken, rt);
    }
    const who = this.sellers[seller] as TokenSeller;
    return {
      access_token: at,
      access_token_expire_in: Math.floor(atExp / 1000),
      refresh_token: refreshToken,
      refresh_token_expire_in: Math.floor(rt.expires / 1000),
      open_id: who.openId,
      seller_name: who.name,
      seller_base_region: who.baseRegion,
      user_type: 0,
      granted_scopes: SCOPES,
    };
  }
}
