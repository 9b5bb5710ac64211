/**
 * The reverse flows in the ledger after drain: cancellations, buyers' requests and returns,
 * judged from the platform's ledger (ground truth) against the ERP's order export. Each count
 * comes with example ids, like reconcile.ts:
 *   - a cancelled order's stock back on sale: the ERP no longer holds it (not allocated nor
 *     backordered), and every shop shows, for each SKU × warehouse of the order, what the ERP
 *     offers that shop;
 *   - no shipment of a cancelled order: the ERP never shipped it, and the platform holds no
 *     package with tracking for it. A parcel that left before the ERP learned of the
 *     cancellation (the ERP records it: `cancelled_at` after `shipped_at`) is a race the
 *     seller cannot close, counted apart as cancelled in transit (a parcel to recall);
 *   - returns restocked per policy: a return the seller accepted back (RETURN_AND_REFUND,
 *     complete) has all its units back on hand in the ERP; anything else (a refund the buyer
 *     keeps, a rejected or unfinished return) has none;
 *   - every buyer request answered: none still waits for the seller after the drain.
 */
import type { ReconCount, ReverseChecks } from '../results/run-result.ts';

export interface ReverseInput {
  orders: readonly { id: string; status: string; skuIds: readonly string[]; units: number }[];
  /** Orders with a platform package carrying tracking. */
  shippedOnPlatform: ReadonlySet<string>;
  cancellations: readonly { id: string; orderId: string; status: string }[];
  returns: readonly { id: string; orderId: string; type: string; status: string }[];
  erpOrders: ReadonlyMap<string, { status: string; shippedAt: number | null; inTransit?: boolean; restockedUnits: number }>;
  /** For each platform sku_id: the cells (shop, warehouse) where the platform differs from the ERP's offer. */
  mismatchedCells: ReadonlyMap<string, readonly string[]>;
}

const EXAMPLES = 5;
/** The statuses of a buyer's request that wait for the seller's decision. */
export const WAITING_FOR_SELLER: ReadonlySet<string> = new Set(['CANCELLATION_REQUEST_PENDING', 'RETURN_OR_REFUND_REQUEST_PENDING', 'BUYER_SHIPPED_ITEM']);

function tally(): ReconCount & { add(example: string): void } {
  const t = {
    count: 0,
    examples: [] as string[],
    add(example: string) {
      t.count++;
      if (t.examples.length < EXAMPLES) t.examples.push(example);
    },
  };
  return t;
}

const plain = (t: ReconCount): ReconCount => ({ count: t.count, examples: t.examples });

export function reconcileReverse(input: ReverseInput): ReverseChecks {
  const held = tally();
  const shipped = tally();
  const inTransit = tally();
  let cancelled = 0;
  for (const o of input.orders) {
    if (o.status !== 'CANCELLED') continue;
    cancelled++;
    const e = input.erpOrders.get(o.id);
    if (e && (e.status === 'allocated' || e.status === 'backordered')) held.add(`${o.id} (${e.status} in the ERP)`);
    else {
      const cell = o.skuIds.flatMap((s) => input.mismatchedCells.get(s) ?? [])[0];
      if (cell !== undefined) held.add(`${o.id} (${cell} differs from the ERP)`);
    }
    if (e?.inTransit && !input.shippedOnPlatform.has(o.id)) inTransit.add(`${o.id} (shipped before the ERP learned of the cancellation)`);
    else if (e?.shippedAt != null) shipped.add(`${o.id} (shipped by the ERP)`);
    else if (input.shippedOnPlatform.has(o.id)) shipped.add(`${o.id} (package on the platform)`);
  }

  const unitsOf = new Map(input.orders.map((o) => [o.id, o.units]));
  const misstocked = tally();
  const restockedBy = new Map<string, number>();
  for (const r of input.returns) {
    const want = r.type === 'RETURN_AND_REFUND' && r.status === 'RETURN_OR_REFUND_REQUEST_COMPLETE' ? (unitsOf.get(r.orderId) ?? 0) : 0;
    restockedBy.set(r.orderId, (restockedBy.get(r.orderId) ?? 0) + want);
  }
  for (const [orderId, want] of restockedBy) {
    const got = input.erpOrders.get(orderId)?.restockedUnits ?? 0;
    if (got !== want) misstocked.add(`${orderId} (${got} restocked, ${want} returned)`);
  }

  const unanswered = tally();
  for (const c of input.cancellations) if (WAITING_FOR_SELLER.has(c.status)) unanswered.add(`cancellation ${c.id} of ${c.orderId}`);
  for (const r of input.returns) if (WAITING_FOR_SELLER.has(r.status)) unanswered.add(`return ${r.id} of ${r.orderId} (${r.status})`);

  return {
    cancellations_checked: cancelled,
    cancelled_still_held: plain(held),
    cancelled_shipped: plain(shipped),
    cancelled_in_transit: plain(inTransit),
    returns_checked: input.returns.length,
    returns_misstocked: plain(misstocked),
    requests_checked: input.cancellations.length + input.returns.length,
    requests_unanswered: plain(unanswered),
  };
}
