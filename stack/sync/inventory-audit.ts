/**
 * Inventory audit: every `intervalMs`, read back what each shop shows (`inventory/search`, up to
 * 100 products a call) and re-push any SKU × warehouse whose platform quantity differs from its
 * offer, when the same difference is seen in two rounds in a row with no ERP change in between.
 *
 * Why: a push that timed out on our side may still be applied by the platform later — after a
 * newer push succeeded — and leave a stale quantity that nothing else would ever notice (seen in
 * the chaos scenario under slow-answer faults). Quantities are absolute, so the repair is a plain
 * re-push. Why two rounds: right after an order the platform is lower than the ERP until the
 * order is ingested; re-pushing then would show units already sold. A difference that outlives
 * a whole round, with the ERP row unchanged (same version), is not an order in flight.
 */
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import { availableOf, MAX_PUSH, type StockLedger } from '../domain/stock-ledger.ts';
import type { Logger } from '../logger.ts';
import type { TikTokClient } from '../tiktok/client.ts';
import { WorkerLoop } from '../worker-loop.ts';

export const INVENTORY_SEARCH = 'POST /product/202309/inventory/search';
const PRODUCTS_PER_CALL = 100;

interface SearchData {
  inventory?: { product_id?: string; skus?: { id?: string; warehouse_inventory?: { warehouse_id?: string; available_quantity?: number }[] }[] }[];
}

export class InventoryAudit {
  private readonly loop: WorkerLoop;
  /** Differences seen in the last round: key -> platform quantity @ ERP version. */
  private suspects = new Map<string, string>();
  /** SKU × warehouse × shop re-pushed because of a stale platform quantity. */
  repaired = 0;

  constructor(
    private readonly catalog: ErpCatalog,
    private readonly ledger: StockLedger,
    private readonly client: TikTokClient,
    private readonly repush: (shopId: string, sku: string, warehouseId: string) => void,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {
    const round = () =>
      this.round()
        .catch((e: Error) => this.log.warn(`inventory audit: ${e.message}`))
        .finally(() => this.loop.idle());
    this.loop = new WorkerLoop(() => this.loop.track(round()), { minGapMs: 0, idleMs: intervalMs, unref: true });
  }

  /** Rounds `intervalMs` apart, the first `intervalMs` after start; 0 = off. */
  start(): void {
    if (this.intervalMs > 0) this.loop.start(this.intervalMs);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async round(): Promise<void> {
    const seen = new Map<string, string>();
    for (const [shopIndex, shop] of this.catalog.shops.entries()) {
      if (!this.catalog.access.serves(shop.shop_id)) continue;
      const products = [...this.catalog.byProduct].filter(([, skus]) => skus.some((s) => this.catalog.lists(shop.shop_id, s.sku))).map(([id]) => id);
      for (let i = 0; i < products.length && this.loop.running; i += PRODUCTS_PER_CALL) {
        const data = await this.search(shop, products.slice(i, i + PRODUCTS_PER_CALL));
        for (const p of data.inventory ?? []) {
          for (const s of p.skus ?? []) {
            const entry = s.id === undefined ? undefined : this.catalog.bySkuId.get(s.id);
            if (!entry) continue;
            for (const w of s.warehouse_inventory ?? []) {
              if (w.warehouse_id === undefined || !this.catalog.warehouses.has(w.warehouse_id)) continue;
              const row = this.ledger.row(entry.sku, w.warehouse_id);
              const want = Math.min(MAX_PUSH, this.ledger.offerTo(availableOf(row), shopIndex));
              if (w.available_quantity === want) continue;
              const key = `${shop.shop_id} ${entry.sku} ${w.warehouse_id}`;
              const sig = `${w.available_quantity}@${row.last_seq}`;
              seen.set(key, sig);
              if (this.suspects.get(key) === sig) {
                this.repaired++;
                this.repush(shop.shop_id, entry.sku, w.warehouse_id);
              }
            }
          }
        }
      }
    }
    this.suspects = seen;
  }

  private async search(shop: Shop, productIds: string[]): Promise<SearchData> {
    const env = await this.client.call<SearchData>({
      method: 'POST',
      path: '/product/202309/inventory/search',
      endpoint: INVENTORY_SEARCH,
      shop,
      body: { product_ids: productIds },
      idempotent: true,
    });
    if (env.code !== 0) throw new Error(`inventory/search shop ${shop.shop_id}: code ${env.code} ${env.message}`);
    return env.data ?? {};
  }
}
