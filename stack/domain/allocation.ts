/**
 * The allocation rule (documented in stack/README.md), as a pure function:
 *
 * 1. Single warehouse: among the warehouses that hold enough available stock for every line,
 *    take the nearest to the buyer's region (REGION_DISTANCE); ties go to the one with most
 *    available of the order's SKUs in total, then to the lowest warehouse_id (deterministic).
 * 2. Split: if no single warehouse can fill the order but all warehouses together can, fill each
 *    line from warehouses in that same order (nearest first, then most stock), taking what each has.
 * 3. Backorder: otherwise nothing is reserved and the order waits for stock.
 *
 * The caller reads stock and reserves inside one SQLite transaction, so two orders for the
 * same hot SKU can never both see the same units.
 */

/**
 * Distances between regions (rough road/air hops, symmetric). Unknown pairs count as
 * UNKNOWN_DISTANCE, farther than any known pair, so an unknown region falls back to "most stock".
 */
export const REGION_DISTANCE: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'US-EAST': { 'US-EAST': 0, 'US-CENTRAL': 1, 'US-SOUTH': 1, 'US-WEST': 2 },
  'US-CENTRAL': { 'US-EAST': 1, 'US-CENTRAL': 0, 'US-SOUTH': 1, 'US-WEST': 1 },
  'US-SOUTH': { 'US-EAST': 1, 'US-CENTRAL': 1, 'US-SOUTH': 0, 'US-WEST': 2 },
  'US-WEST': { 'US-EAST': 2, 'US-CENTRAL': 1, 'US-SOUTH': 2, 'US-WEST': 0 },
};
export const UNKNOWN_DISTANCE = 9;

export function regionDistance(a: string, b: string): number {
  if (a === b) return 0;
  return REGION_DISTANCE[a]?.[b] ?? REGION_DISTANCE[b]?.[a] ?? UNKNOWN_DISTANCE;
}

export interface AllocationInput {
  buyerRegion: string;
  /** Quantity per SKU (lines already merged by SKU). */
  lines: { sku: string; quantity: number }[];
  warehouses: { warehouse_id: string; region: string }[];
  /** Available (floored at 0) per warehouse per SKU. */
  available: (warehouseId: string, sku: string) => number;
}

export interface AllocationPart {
  warehouse_id: string;
  lines: { sku: string; quantity: number }[];
}

export type AllocationResult = { kind: 'single' | 'split'; parts: AllocationPart[] } | { kind: 'backorder'; parts: [] };

export function allocate(input: AllocationInput): AllocationResult {
  const ranked = input.warehouses
    .map((w) => ({
      w,
      distance: regionDistance(input.buyerRegion, w.region),
      stock: input.lines.reduce((s, l) => s + input.available(w.warehouse_id, l.sku), 0),
    }))
    .sort(
      (a, b) =>
        a.distance - b.distance || b.stock - a.stock || (a.w.warehouse_id < b.w.warehouse_id ? -1 : a.w.warehouse_id > b.w.warehouse_id ? 1 : 0),
    );
  const single = ranked.find((r) => input.lines.every((l) => input.available(r.w.warehouse_id, l.sku) >= l.quantity));
  if (single) {
    return { kind: 'single', parts: [{ warehouse_id: single.w.warehouse_id, lines: input.lines.map((l) => ({ ...l })) }] };
  }
  for (const l of input.lines) {
    const total = ranked.reduce((s, r) => s + input.available(r.w.warehouse_id, l.sku), 0);
    if (total < l.quantity) return { kind: 'backorder', parts: [] };
  }
  const parts = new Map<string, AllocationPart>();
  for (const l of input.lines) {
    let left = l.quantity;
    for (const r of ranked) {
      if (left === 0) break;
      const take = Math.min(left, input.available(r.w.warehouse_id, l.sku));
      if (take <= 0) continue;
      left -= take;
      let part = parts.get(r.w.warehouse_id);
      if (!part) parts.set(r.w.warehouse_id, (part = { warehouse_id: r.w.warehouse_id, lines: [] }));
      part.lines.push({ sku: l.sku, quantity: take });
    }
  }
  return { kind: 'split', parts: [...parts.values()] };
}
