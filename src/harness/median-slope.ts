/**
 * The Theil–Sen slope: the median of the slopes between every pair of points. Drift asks whether
 * a figure keeps climbing, and a least-squares line answers something else when a busy machine
 * puts one slow second near the end of the window: that one point tilts the whole fit. The
 * median of the pairwise slopes ignores up to ~29% of wild points and follows the steady climb.
 *
 * Cost is quadratic, so a long series is first averaged into at most `maxPoints` equal runs
 * of points (an hour at one point a second becomes 400 points, 80,000 pairs).
 */
export function medianSlope(points: readonly (readonly [number, number])[], maxPoints = 400): number {
  const ps = points.length > maxPoints ? binned(points, maxPoints) : points;
  const slopes: number[] = [];
  for (let i = 0; i < ps.length; i++) {
    for (let j = i + 1; j < ps.length; j++) {
      const dx = ps[j]![0] - ps[i]![0];
      if (dx !== 0) slopes.push((ps[j]![1] - ps[i]![1]) / dx);
    }
  }
  if (slopes.length === 0) return 0;
  slopes.sort((a, b) => a - b);
  const mid = slopes.length >> 1;
  return slopes.length % 2 === 1 ? slopes[mid]! : (slopes[mid - 1]! + slopes[mid]!) / 2;
}

function binned(points: readonly (readonly [number, number])[], bins: number): [number, number][] {
  const out: [number, number][] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * points.length) / bins);
    const to = Math.floor(((b + 1) * points.length) / bins);
    let sx = 0;
    let sy = 0;
    for (let i = from; i < to; i++) {
      sx += points[i]![0];
      sy += points[i]![1];
    }
    out.push([sx / (to - from), sy / (to - from)]);
  }
  return out;
}
