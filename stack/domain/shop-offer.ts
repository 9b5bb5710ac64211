/**
 * What each shop is offered of a SKU × warehouse's available stock.
 *
 * Several shops sell one pool. While stock is plentiful every shop shows all of it: one shop's
 * sales cannot exhaust it within the sync lag. Once it runs low (below `splitBelow` units), the
 * pool is split between the shops, so that together they can never sell more than there is:
 * shop i gets floor(available / n), plus one of the remainder units for the first ones in
 * catalog order. The platform commits each order against the selling shop's own count, so a
 * shop cannot oversell its share, and no other shop is showing those units — the cross-shop
 * oversell during the sync lag (docs/flows.md, "Several shops, one pool") cannot happen.
 * While splitting, 5% of what is left (at least one unit) is held back: orders the platform has
 * accepted but the ERP has not yet ingested (tens of milliseconds at a live-stream peak) are
 * not in `available` yet, and a share computed without them could promise units already sold
 * (seen here: 1 oversold order in 20,000 without the hold-back).
 * The price: near sell-out, a unit offered by a shop nobody buys from waits for the next push,
 * and the last units wait for the ERP to confirm the orders in flight.
 * `splitBelow` 0 turns splitting off (every shop always sees everything).
 */
export const SPLIT_HOLD_BACK = 0.05;

export function offeredTo(available: number, shopIndex: number, shops: number, splitBelow: number): number {
  if (available <= 0) return 0;
  if (available >= splitBelow || shops <= 1) return available;
  const pool = available - Math.ceil(available * SPLIT_HOLD_BACK);
  const base = Math.floor(pool / shops);
  return base + (shopIndex < pool % shops ? 1 : 0);
}

/** The offer to every shop, by shop id, in catalog order. */
export function offersFor(available: number, shopIds: readonly string[], splitBelow: number): Record<string, number> {
  const out: Record<string, number> = {};
  shopIds.forEach((id, i) => (out[id] = offeredTo(available, i, shopIds.length, splitBelow)));
  return out;
}
