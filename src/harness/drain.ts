/**
 * Drain: after the load stops, wait (bounded) until the integration has caught up, judged from
 * the outside through the same two views the reconciliation uses, so it works for any stack
 * that implements the ERP contract:
 *   - every shop × SKU × warehouse shows what the ERP has available;
 *   - every order the platform accepted is known to the ERP and decided (not still "received"),
 *     and every order the platform cancelled is cancelled in the ERP (or, shipped already,
 *     recorded as cancelled in transit: reconcile.ts);
 *   - every shipment the ERP made is on the platform, but for those cancelled in transit;
 *   - no buyer's cancellation request or return waits for the seller's decision.
 * Settled means two consecutive checks agree, so a push in flight is not mistaken for the end.
 */
import { shownTo, type ErpStockView, type ErpView } from './erp-view.ts';
import type { PlatformView } from './platform-view.ts';
import { cancelledInTransit } from './reconcile.ts';
import { WAITING_FOR_SELLER } from './reconcile-reverse.ts';

export interface DrainOutcome {
  drained: boolean;
  drainMs: number;
  /** What was still pending at the last check, when not drained. */
  pending: string[];
}

export interface DrainOptions {
  timeoutMs: number;
  pollMs?: number;
  onProgress?: (pending: string[]) => void;
}

export function drain(platform: PlatformView, erp: ErpView, sellerSkus: readonly string[], opts: DrainOptions): Promise<DrainOutcome> {
  return settle(() => whatIsPending(platform, erp, sellerSkus), opts);
}

/** Polls `pending` (bounded by the timeout) until it is empty twice in a row. */
export async function settle(pending: () => Promise<string[]>, opts: DrainOptions): Promise<DrainOutcome> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let settledOnce = false;
  let last: string[] = [];
  for (let round = 0; Date.now() < deadline && round < 100_000; round++) {
    last = await pending();
    opts.onProgress?.(last);
    if (last.length === 0) {
      if (settledOnce) return { drained: true, drainMs: Date.now() - started, pending: last };
      settledOnce = true;
    } else settledOnce = false;
    await new Promise((r) => setTimeout(r, Math.min(opts.pollMs ?? 1000, Math.max(0, deadline - Date.now()))));
  }
  return { drained: false, drainMs: Date.now() - started, pending: last };
}

export async function whatIsPending(platform: PlatformView, erp: ErpView, sellerSkus: readonly string[]): Promise<string[]> {
  const [ledger, stock, orders] = await Promise.all([platform.ledger(), erp.stock(sellerSkus), erp.orders()]);
  const pending: string[] = [];
  const erpRows = new Map<string, ErpStockView['warehouses'][number]>();
  for (const s of stock) for (const w of s.warehouses) erpRows.set(`${s.sku}|${w.warehouse_id}`, w);
  const stale = ledger.inventory.filter((x) => {
    const w = erpRows.get(`${x.seller_sku}|${x.warehouse_id}`);
    return x.available !== (w ? shownTo(x.shop_id, w) : 0);
  }).length;
  if (stale > 0) pending.push(`${stale} shop × SKU × warehouse quantities differ from the ERP`);

  const byId = new Map(orders.map((o) => [o.order_id, o]));
  let unknown = 0;
  let undecided = 0;
  let uncancelled = 0;
  for (const o of ledger.orders) {
    const e = byId.get(o.id);
    if (!e) unknown++;
    else if (e.status === 'received') undecided++;
    else if (o.status === 'CANCELLED' && e.status !== 'cancelled' && e.cancelled_at == null) uncancelled++;
  }
  if (unknown > 0) pending.push(`${unknown} platform orders not yet in the ERP`);
  if (undecided > 0) pending.push(`${undecided} orders not yet allocated`);
  if (uncancelled > 0) pending.push(`${uncancelled} cancellations not yet in the ERP`);

  const shipped = new Set(ledger.packages.filter((p) => p.tracking_number !== null).map((p) => p.order_id));
  // A parcel cancelled in transit never gets its tracking on the platform: nothing to wait for.
  const unsynced = orders.filter((o) => o.shipped_at !== null && !shipped.has(o.order_id) && !cancelledInTransit(o.shipped_at, o.cancelled_at)).length;
  if (unsynced > 0) pending.push(`${unsynced} shipments not yet on the platform`);

  const requests = [...(ledger.cancellations ?? []), ...(ledger.returns ?? [])].filter((x) => WAITING_FOR_SELLER.has(x.status)).length;
  if (requests > 0) pending.push(`${requests} buyer requests waiting for the seller`);
  return pending;
}
