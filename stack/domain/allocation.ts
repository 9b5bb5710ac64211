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
 * Distances between regions in rough hops (0 = same region, 4 = coast to coast), symmetric.
 * The regions are the platform's region codes. A pair not in the table (an unknown region)
 * counts as UNKNOWN_DISTANCE, farther than any known pair, so "most stock" decides.
 */
const HOPS: readonly (readonly [string, string, number])[] = [
  ['US-NORTHEAST', 'US-EAST', 1], ['US-NORTHEAST', 'US-MIDWEST', 2], ['US-NORTHEAST', 'US-SOUTH', 2], ['US-NORTHEAST', 'US-CENTRAL', 2],
  ['US-NORTHEAST', 'US-SOUTHWEST', 4], ['US-NORTHEAST', 'US-WEST', 4], ['US-NORTHEAST', 'US-NORTHWEST', 4],
  ['US-EAST', 'US-SOUTH', 1], ['US-EAST', 'US-MIDWEST', 1], ['US-EAST', 'US-CENTRAL', 2], ['US-EAST', 'US-SOUTHWEST', 3],
  ['US-EAST', 'US-WEST', 4], ['US-EAST', 'US-NORTHWEST', 4],
  ['US-SOUTH', 'US-CENTRAL', 1], ['US-SOUTH', 'US-SOUTHWEST', 1], ['US-SOUTH', 'US-MIDWEST', 2], ['US-SOUTH', 'US-WEST', 3],
  ['US-SOUTH', 'US-NORTHWEST', 4],
  ['US-MIDWEST', 'US-CENTRAL', 1], ['US-MIDWEST', 'US-NORTHWEST', 2], ['US-MIDWEST', 'US-SOUTHWEST', 3], ['US-MIDWEST', 'US-WEST', 3],
  ['US-CENTRAL', 'US-SOUTHWEST', 1], ['US-CENTRAL', 'US-WEST', 2], ['US-CENTRAL', 'US-NORTHWEST', 2],
  ['US-SOUTHWEST', 'US-WEST', 1], ['US-SOUTHWEST', 'US-NORTHWEST', 2],
  ['US-WEST', 'US-NORTHWEST', 1],
];

export const REGION_DISTANCE: ReadonlyMap<string, number> = new Map(HOPS.flatMap(([a, b, d]) => [[`${a}|${b}`, d], [`${b}|${a}`, d]]));
export const UNKNOWN_DISTANCE = 9;

export function regionDistance(a: string, b: string): number {
  if (a === b) return 0;
  return REGION_DISTANCE.get(`${a}|${b}`) ?? UNKNOWN_DISTANCE;
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
