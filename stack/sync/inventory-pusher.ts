/**
 * The inventory outbox worker: turns dirty marks (shop x sku x warehouse) into
 * `inventory/update` calls, one per shop x product (the call takes all SKUs of a product, and
 * every warehouse of a SKU must be sent together: 12019028).
 *
 * Coalescing: the quantity is read when the request is about to go out (after the rate-limit
 * token), so a burst of writes becomes one push with the latest value, and a shop x product
 * is never in flight twice (two pushes could land out of order).
 * Clearing: a mark is deleted only if its version is <= the stock version that was sent and
 * the platform acknowledged that SKU; a newer change during the push keeps it dirty. SKUs the
 * platform reports in `data.errors[]` stay dirty with a backoff.
 */
import { oneIn, type Defects } from '../defects.ts';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/database.ts';
import type { ErpCatalog, Shop } from '../domain/catalog.ts';
import { SERVED_SHOPS } from '../domain/shop-access.ts';
import { availableOf, MAX_PUSH, type StockLedger } from '../domain/stock-ledger.ts';
import type { StackMetrics } from '../metrics.ts';
import { backoffMs } from '../tiktok/backoff.ts';
import { TikTokCallError, type TikTokClient } from '../tiktok/client.ts';
import type { Logger } from '../logger.ts';
import { WorkerLoop } from '../worker-loop.ts';

export const INVENTORY_UPDATE = 'POST /product/202309/products/{id}/inventory/update';

export interface InventoryPusherOptions {
  /** Pushes in flight at once (all shops). */
  concurrency: number;
  /** Interval of the full outbox scan (marks a backoff deferred, anything missed). */
  idleMs: number;
  /** Least time between two ticks (launch rounds). */
  minScanMs: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** Deliberate defects (stack/defects.ts); none in normal use. */
  defects?: Defects;
}

interface Sent {
  sku: string;
  warehouse_id: string;
  quantity: number;
  version: number;
}

interface UpdateErrors {
  errors?: { code?: number; message?: string; detail?: { sku_id?: string; extra_errors?: { warehouse_id?: string }[] } }[];
}

export class InventoryPusher {
  private readonly inFlight = new Set<string>();
  /** Pushes what is pending. */
  private readonly loop: WorkerLoop;
  /** Reads the due marks from the table, for marks a backoff deferred. */
  private readonly scan: WorkerLoop;
  /** Shop x product keys with (possibly) dirty marks, oldest first (Map keeps insertion order). */
  private readonly pending = new Map<string, { shop: Shop; productId: string }>();
  private readonly dueGroups: Statement<[number], { shop_id: string; sku: string }>;
  private readonly marks: Statement<[string, string], { warehouse_id: string; version: number; dirty_at: number }>;
  private readonly clear: Statement;
  private readonly dropMarks: Statement;
  private readonly recordPushed: Statement;
  private readonly defer: Statement;
  private readonly attemptsOf: Statement<[string, string, string], number>;

  constructor(
    private readonly db: Db,
    private readonly catalog: ErpCatalog,
    private readonly ledger: StockLedger,
    private readonly client: TikTokClient,
    private readonly metrics: StackMetrics,
    private readonly log: Logger,
    private readonly opts: InventoryPusherOptions,
  ) {
    this.dueGroups = db.prepare(
      `SELECT shop_id, sku, MIN(dirty_at) AS oldest FROM inventory_outbox WHERE not_before <= ? AND ${SERVED_SHOPS} GROUP BY shop_id, sku ORDER BY oldest`,
    );
    this.marks = db.prepare('SELECT warehouse_id, version, dirty_at FROM inventory_outbox WHERE shop_id = ? AND sku = ?');
    this.clear = db.prepare('DELETE FROM inventory_outbox WHERE shop_id = ? AND sku = ? AND warehouse_id = ? AND version <= ?');
    this.dropMarks = db.prepare('DELETE FROM inventory_outbox WHERE shop_id = ? AND sku = ?');
    this.recordPushed = db.prepare(
      `INSERT INTO pushed (shop_id, sku, warehouse_id, quantity, version, pushed_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(sku, shop_id, warehouse_id) DO UPDATE SET quantity = excluded.quantity, version = excluded.version, pushed_at = excluded.pushed_at`,
    );
    this.defer = db.prepare(
      'UPDATE inventory_outbox SET attempts = attempts + 1, not_before = ? WHERE shop_id = ? AND sku = ? AND warehouse_id = ?',
    );
    this.attemptsOf = db
      .prepare('SELECT attempts FROM inventory_outbox WHERE shop_id = ? AND sku = ? AND warehouse_id = ?')
      .pluck() as unknown as Statement<[string, string, string], number>;
    // Ticks at least `minScanMs` apart, so thousands of writes a second cost a few hundred
    // ticks, and writes arriving meanwhile coalesce.
    this.loop = new WorkerLoop(() => this.tick(), { minGapMs: opts.minScanMs, idleMs: opts.idleMs });
    this.scan = new WorkerLoop(() => this.scanDb(), { minGapMs: 0, idleMs: opts.idleMs });
  }

  start(): void {
    this.loop.start();
    this.scan.start();
  }

  /**
   * An availability change of `sku` (called inside the write's transaction, so it may run twice
   * or be rolled back: it only notes the shop x product as pending, and push() sends nothing
   * unless the outbox holds a mark for it). The durable truth stays the outbox table;
   * this in-memory set only spares the hot path a table scan per tick.
   */
  noteChange(sku: string): void {
    const entry = this.catalog.skus.get(sku);
    if (!entry) return;
    for (const shop of this.catalog.shops) if (this.catalog.access.serves(shop.shop_id) && this.catalog.lists(shop.shop_id, sku)) this.pending.set(`${shop.shop_id} ${entry.product_id}`, { shop, productId: entry.product_id });
    this.wake();
  }

  /** Look soon. */
  wake(): void {
    this.loop.wake();
  }

  async stop(): Promise<void> {
    await Promise.all([this.scan.stop(), this.loop.stop()]);
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Reads every due mark from the table: at start, and every idleMs for marks a backoff deferred. */
  private scanDb(): void {
    for (const g of this.dueGroups.all(Date.now())) {
      const entry = this.catalog.skus.get(g.sku);
      const shop = this.catalog.shopById.get(g.shop_id);
      if (entry && shop) this.pending.set(`${shop.shop_id} ${entry.product_id}`, { shop, productId: entry.product_id });
    }
    this.wake();
    this.scan.idle();
  }

  private tick(): void {
    for (const [key, g] of this.pending) {
      if (this.inFlight.size >= this.opts.concurrency) break;
      if (this.inFlight.has(key)) continue; // stays pending: pushed again once this push ends
      this.pending.delete(key);
      this.inFlight.add(key);
      this.loop.track(
        this.push(g.shop, g.productId).finally(() => {
          this.inFlight.delete(key);
          if (this.pending.size > 0) this.wake();
        }),
      );
    }
  }

  private async push(shop: Shop, productId: string): Promise<void> {
    const all = this.catalog.byProduct.get(productId) ?? [];
    // A SKU the shop does not list is not sent to it (the platform would refuse the whole call).
    const skus = all.filter((s) => this.catalog.lists(shop.shop_id, s.sku));
    for (const s of all) if (!skus.includes(s)) this.dropMarks.run(shop.shop_id, s.sku);
    const warehouses = [...this.catalog.warehouses.keys()];
    // A note may come from a write that was then rolled back (a rejected batch): the outbox
    // table is the truth, and a product without a mark has nothing to send.
    if (skus.every((s) => this.marks.all(shop.shop_id, s.sku).length === 0)) return;
    const shopIndex = this.catalog.shops.findIndex((s) => s.shop_id === shop.shop_id);
    let sent: Sent[] = [];
    try {
      const env = await this.client.call<UpdateErrors>({
        method: 'POST',
        path: `/product/202309/products/${encodeURIComponent(productId)}/inventory/update`,
        endpoint: INVENTORY_UPDATE,
        shop,
        idempotent: true, // absolute quantities: repeating a push is harmless
        body: () => {
          // Read at send time (after the token): the latest quantities, and the versions they cover.
          sent = [];
          const body = skus.map((s) => ({
            id: s.sku_id,
            inventory: warehouses.map((w) => {
              const r = this.ledger.row(s.sku, w);
              const inflate = this.opts.defects?.has('inflate-stock') && oneIn(productId, 5) ? 1 : 0;
              const quantity = Math.min(MAX_PUSH, this.ledger.offerTo(availableOf(r), shopIndex) + inflate);
              sent.push({ sku: s.sku, warehouse_id: w, quantity, version: r.last_seq });
              return { warehouse_id: w, quantity };
            }),
          }));
          return { skus: body };
        },
      });
      const now = Date.now();
      if (env.code !== 0) {
        this.metrics.pushes.inc({ outcome: `code_${env.code}` });
        this.log.warn(`inventory/update ${productId} shop ${shop.shop_id}: code ${env.code} ${env.message}`);
        this.deferAll(shop.shop_id, skus.map((s) => s.sku), now);
        return;
      }
      const failed = new Set<string>();
      for (const e of env.data?.errors ?? []) {
        const skuId = e.detail?.sku_id;
        if (skuId === undefined) continue;
        const extra = e.detail?.extra_errors ?? [];
        if (extra.length === 0) failed.add(`${skuId} *`);
        for (const x of extra) failed.add(`${skuId} ${x.warehouse_id ?? '*'}`);
      }
      this.metrics.pushes.inc({ outcome: failed.size > 0 ? 'partial' : 'ok' });
      this.acknowledge(shop.shop_id, sent, failed, now);
    } catch (e) {
      this.metrics.pushes.inc({ outcome: e instanceof TikTokCallError ? e.kind : 'error' });
      this.log.warn(`inventory/update ${productId} shop ${shop.shop_id}: ${(e as Error).message}`);
      this.deferAll(shop.shop_id, skus.map((s) => s.sku), Date.now());
    }
  }

  private acknowledge(shopId: string, sent: Sent[], failed: Set<string>, now: number): void {
    const lags: number[] = [];
    this.db.transaction(() => {
      for (const s of sent) {
        const skuId = this.catalog.skus.get(s.sku)?.sku_id ?? '';
        if (failed.has(`${skuId} *`) || failed.has(`${skuId} ${s.warehouse_id}`)) {
          const mark = this.marks.all(shopId, s.sku).find((m) => m.warehouse_id === s.warehouse_id);
          if (mark) this.deferMark(shopId, s.sku, s.warehouse_id, now);
          continue;
        }
        const mark = this.marks.all(shopId, s.sku).find((m) => m.warehouse_id === s.warehouse_id);
        this.recordPushed.run(shopId, s.sku, s.warehouse_id, s.quantity, s.version, now);
        if (mark && mark.version <= s.version) {
          this.clear.run(shopId, s.sku, s.warehouse_id, s.version);
          lags.push(now - mark.dirty_at);
        }
      }
    })();
    for (const l of lags) this.metrics.recordSyncLag(l);
  }

  private deferAll(shopId: string, skus: string[], now: number): void {
    this.db.transaction(() => {
      for (const sku of skus) for (const m of this.marks.all(shopId, sku)) this.deferMark(shopId, sku, m.warehouse_id, now);
    })();
  }

  private deferMark(shopId: string, sku: string, warehouseId: string, now: number): void {
    const attempts = this.attemptsOf.get(shopId, sku, warehouseId) ?? 0;
    this.defer.run(now + backoffMs(attempts, this.opts.retryBaseMs, this.opts.retryCapMs), shopId, sku, warehouseId);
  }
}
