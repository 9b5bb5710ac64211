/**
 * Zipf sampler: rank k (0-based) of n is drawn with probability proportional to 1/(k+1)^s.
 * Live-stream sales concentrate on a few hot SKUs; s ≈ 1.1 puts roughly a quarter of the
 * orders on the top 1% of a 200-SKU catalog. The CDF is built once per VU; a draw is a
 * binary search, O(log n).
 */
export class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    if (!(n >= 1) || !(s >= 0)) throw new Error(`Zipf needs n >= 1 and s >= 0, got n=${n} s=${s}`);
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / Math.pow(k + 1, s);
      this.cdf[k] = sum;
    }
    for (let k = 0; k < n; k++) this.cdf[k] = (this.cdf[k] as number) / sum;
  }

  /** A rank in [0, n). `u` is a uniform draw in [0, 1), injectable for tests. */
  next(u: number = Math.random()): number {
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.cdf[mid] as number) > u) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
