/**
 * Several sellers through one ERP: each seller authorizes the app on its own, so each has its
 * own access grant (tokens, renewal), and a token opens only its seller's shops. This routes
 * every call to the grant of the shop's seller, learnt when the sellers' shop lists are read
 * (`listShops`, at start-up and by the authorization watch). A seller-scoped call names its
 * seller; a shop no list has shown yet goes with the first seller's token.
 */
import type { Shop } from '../domain/catalog.ts';
import type { AccessGrant } from './access-grant.ts';
import { fetchShops } from './catalog-mapper.ts';
import type { TikTokClient, TokenRouter, TokenSource } from './client.ts';

export class SellerGrants implements TokenRouter {
  private readonly sellerOf = new Map<string, number>();

  /** `grants[0]` is the flags' token pair, the others the config file's `sellers`, in order. */
  constructor(readonly grants: readonly AccessGrant[]) {
    if (grants.length === 0) throw new Error('SellerGrants: at least one access grant is needed');
  }

  sourceFor(shopId: string | undefined, seller: number | undefined): TokenSource {
    const i = (shopId === undefined ? undefined : this.sellerOf.get(shopId)) ?? seller ?? 0;
    return this.grants[i] ?? this.grants[0]!;
  }

  /** Every seller's authorized shops, each noted as its seller's. */
  async listShops(client: TikTokClient): Promise<Shop[]> {
    const lists = await Promise.all(this.grants.map((_, seller) => fetchShops(client, seller)));
    lists.forEach((shops, seller) => {
      for (const s of shops) this.sellerOf.set(s.shop_id, seller);
    });
    return lists.flat();
  }

  /** Makes sure every grant is fresh (access-grant.ts). */
  async start(): Promise<void> {
    await Promise.all(this.grants.map((g) => g.start()));
  }

  stop(): void {
    for (const g of this.grants) g.stop();
  }
}
