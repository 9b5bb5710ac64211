/**
 * Fewer points for long series (a soak at 1 s intervals has thousands): per bucket of x, keep
 * the lowest and the highest point in x order, so a spike or a dip survives the reduction
 * (a plain average would hide exactly the tail moments a report is read for).
 */

export interface Point {
  x: number;
  y: number;
}

export function downsample(points: readonly Point[], maxPoints = 600): Point[] {
  if (points.length <= maxPoints) return [...points];
  const buckets = Math.max(1, Math.floor(maxPoints / 2));
  const size = points.length / buckets;
  const out: Point[] = [];
  for (let b = 0; b < buckets; b++) {
    const slice = points.slice(Math.floor(b * size), Math.floor((b + 1) * size));
    if (slice.length === 0) continue;
    let lo = slice[0] as Point;
    let hi = lo;
    for (const p of slice) {
      if (p.y < lo.y) lo = p;
      if (p.y > hi.y) hi = p;
    }
    if (lo === hi) out.push(lo);
    else out.push(...(lo.x <= hi.x ? [lo, hi] : [hi, lo]));
  }
  return out;
}
