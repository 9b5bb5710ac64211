/**
 * The sellers the mock models, and which of their shops have the app authorized.
 *
 * Sellers run several accounts and country sites through one ERP: each seller authorizes the
 * app on its own (its own auth code, tokens and shops), and an access token reaches only the
 * shops of its seller that are still authorized. A shop stops being authorized when the app
 * deauthorizes it (DELETE /authorization/202403/shops) or when its seller revokes the app
 * (the control API); authorizing again (a new auth code exchanged) brings back every shop of
 * the seller. An authorization lasts as long as a refresh token (the platform warns before it
 * ends with UPCOMING_AUTHORIZATION_EXPIRATION).
 *
 * Authorization survives /__mock/reset, as the tokens do: it is credentials, not sale state.
 */

export interface Seller {
  readonly index: number;
  /** The seller's id in token grants (`open_id`). */
  readonly openId: string;
  readonly name: string;
  /** `seller_base_region` of its token grants: its first shop's market. */
  readonly baseRegion: string;
  /** Indexes of its shops in the catalog. */
  readonly shops: readonly number[];
}

export class Sellers {
  readonly list: readonly Seller[];
  private readonly owner: number[] = [];
  private readonly deauthorized: boolean[] = [];
  /** Per seller, ms instant at which its authorization ends. */
  private readonly until: number[];

  /**
   * @param specs Each seller's name and shop count, in catalog order: seller 0 owns the first
   *   `shops` shops, seller 1 the next ones...
   */
  constructor(
    specs: readonly { name: string; baseRegion: string; shops: number }[],
    private readonly authorizationMs: number,
    private readonly now: () => number,
  ) {
    let next = 0;
    this.list = specs.map((s, index) => {
      const shops = Array.from({ length: s.shops }, () => next++);
      for (const shop of shops) {
        this.owner[shop] = index;
        this.deauthorized[shop] = false;
      }
      return { index, openId: `mock-open-id-${String(index + 1).padStart(4, '0')}`, name: s.name, baseRegion: s.baseRegion, shops };
    });
    this.until = this.list.map(() => now() + authorizationMs);
  }

  ownerOf(shop: number): number {
    return this.owner[shop] ?? -1;
  }

  isAuthorized(shop: number): boolean {
    return this.deauthorized[shop] === false;
  }

  authorizedShops(seller: number): number[] {
    return (this.list[seller]?.shops ?? []).filter((s) => this.isAuthorized(s));
  }

  /** Ms instant at which the seller's authorization ends. */
  authorizationEnds(seller: number): number {
    return this.until[seller] ?? 0;
  }

  /** Deauthorizes one shop; answers whether it was authorized. */
  deauthorizeShop(shop: number): boolean {
    if (!this.isAuthorized(shop)) return false;
    this.deauthorized[shop] = true;
    return true;
  }

  /** Deauthorizes every shop of the seller; answers the shops that were still authorized. */
  deauthorizeSeller(seller: number): number[] {
    return (this.list[seller]?.shops ?? []).filter((s) => this.deauthorizeShop(s));
  }

  /** The seller authorized the app again: every shop back, for a new authorization period. */
  reauthorize(seller: number): void {
    for (const s of this.list[seller]?.shops ?? []) this.deauthorized[s] = false;
    this.until[seller] = this.now() + this.authorizationMs;
  }
}
