/**
 * Notices that the platform stopped authorizing this app for a shop, and that it authorized it
 * again. Two signals say a shop is gone:
 * - webhook 6 (SELLER_DEAUTHORIZATION) names the shop: recorded at once;
 * - a shop-scoped call refused with 36009004, the platform's answer for a shop_cipher that names
 *   no shop authorized for the app. The same code means "bad parameter" too, so a refusal alone
 *   proves nothing: it makes the watch read the authorized shops (GET /authorization/202309/shops)
 *   and the list decides. A mapped shop missing from it is recorded as deauthorized.
 * While any shop is recorded, the list is read every `intervalMs`, and a shop listed again is
 * served again (`onRestored`): re-authorizing keeps the app's tokens, so no restart is needed.
 * The list is read at most once per `minGapMs` however many calls are refused.
 */
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import type { Logger } from '../logger.ts';
import { WorkerLoop } from '../worker-loop.ts';

/** The codes that make a shop suspect (see above). */
const SUSPECT_CODES = new Set([36009004]);

export interface AuthorizationWatchOptions {
  /** While a shop is deauthorized: read the authorized shops this often, to resume it. */
  intervalMs: number;
  /** Least time between two reads of the list. */
  minGapMs: number;
}

export class AuthorizationWatch {
  private readonly loop: WorkerLoop;
  private suspected = false;
  private lastRead = 0;
  private lastError = '';
  /** A deauthorized shop is authorized again: whatever waited for it may go. */
  onRestored: ((shop: Shop) => void) | undefined;

  constructor(
    private readonly catalog: ErpCatalog,
    private readonly log: Logger,
    private readonly opts: AuthorizationWatchOptions,
    /** Every seller's authorized shops (seller-grants.ts). */
    private readonly listShops: () => Promise<Shop[]>,
  ) {
    this.loop = new WorkerLoop(() => this.loop.track(this.round().finally(() => this.loop.idle())), { minGapMs: opts.minGapMs, idleMs: opts.minGapMs, unref: true });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** A shop-scoped call was refused with `code`. */
  refused(shopId: string, code: number): void {
    if (!SUSPECT_CODES.has(code) || !this.catalog.access.serves(shopId)) return;
    this.suspected = true;
    this.loop.wake();
  }

  /** Webhook 6 for `shopId`; answers false for a shop this stack does not serve. */
  deauthorized(shopId: string, message: string, now: number): boolean {
    if (!this.catalog.shopById.has(shopId)) return false;
    this.record(shopId, `webhook SELLER_DEAUTHORIZATION: ${message}`, now);
    return true;
  }

  private record(shopId: string, reason: string, now: number): void {
    if (!this.catalog.access.deauthorize(shopId, reason, now)) return;
    this.log.warn(
      `shop ${shopId} no longer authorizes this app (${reason}): the stack stops calling it; its pending pushes, orders, shipments and requests stay recorded until it is authorized again`,
    );
  }

  private async round(): Promise<void> {
    const now = Date.now();
    const recheck = this.catalog.access.deauthorized.length > 0 && now - this.lastRead >= this.opts.intervalMs;
    if (!this.suspected && !recheck) return;
    this.suspected = false;
    this.lastRead = now;
    let listed: Set<string>;
    try {
      listed = new Set((await this.listShops()).map((s) => s.shop_id));
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== this.lastError) this.log.warn(`reading the authorized shops: ${msg}`);
      this.lastError = msg;
      return;
    }
    this.lastError = '';
    for (const shop of this.catalog.shops) {
      if (!listed.has(shop.shop_id)) this.record(shop.shop_id, 'a call was refused and the shop is no longer among the authorized shops', Date.now());
      else if (this.catalog.access.restore(shop.shop_id)) {
        this.log.info(`shop ${shop.shop_id} authorizes this app again: the stack serves it again`);
        this.onRestored?.(shop);
      }
    }
  }
}
