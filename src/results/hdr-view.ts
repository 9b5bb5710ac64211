/**
 * A read-only view of an encoded LatencyHistogram, for judging and reporting.
 *
 * Why not LatencyHistogram.decode: it decodes into a packed histogram (right for recording,
 * small in memory), where each percentile walks the packed counts (~25 ms here), and a report
 * asks for ~30 percentiles of ~8 histograms. This view decodes into plain 32-bit counts and
 * answers a whole list of percentiles in one pass, with exactly HdrHistogram's
 * getValueAtPercentile semantics, so its figures equal LatencyHistogram.percentile's.
 * Values are stored in µs (LatencyHistogram's unit) and returned in ms.
 */
import * as hdr from 'hdr-histogram-js';

/** The JsHistogram members this view reads (public in the JS, not all in the typings). */
interface Counts {
  totalCount: number;
  maxValue: number;
  minNonZeroValue: number;
  mean: number;
  countsArrayLength: number;
  getCountAtIndex(i: number): number;
  valueFromIndex(i: number): number;
  lowestEquivalentValue(v: number): number;
  highestEquivalentValue(v: number): number;
  destroy(): void;
}

/** Unit in the last place of a positive double (as HdrHistogram's ulp helper). */
function ulp(x: number): number {
  return x > 0 ? 2 ** (Math.floor(Math.log2(x)) - 52) : Number.MIN_VALUE;
}

export class HdrView {
  readonly count: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
  private readonly counts: Float64Array;
  private readonly lowUs: Float64Array;
  private readonly highUs: Float64Array;

  private constructor(h: Counts) {
    this.count = h.totalCount;
    this.maxMs = h.maxValue / 1000;
    this.minMs = this.count === 0 || h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : h.minNonZeroValue / 1000;
    this.meanMs = this.count === 0 ? 0 : h.mean / 1000;
    // Keep only the non-empty buckets: a run's histogram touches a few hundred of ~22k.
    const idx: number[] = [];
    for (let i = 0; i < h.countsArrayLength; i++) if (h.getCountAtIndex(i) > 0) idx.push(i);
    this.counts = new Float64Array(idx.map((i) => h.getCountAtIndex(i)));
    this.lowUs = new Float64Array(idx.map((i) => h.lowestEquivalentValue(h.valueFromIndex(i))));
    this.highUs = new Float64Array(idx.map((i) => h.highestEquivalentValue(h.valueFromIndex(i))));
  }

  static decode(encoded: string): HdrView {
    const h = hdr.decodeFromCompressedBase64(encoded, 32, false) as unknown as Counts;
    try {
      return new HdrView(h);
    } finally {
      h.destroy();
    }
  }

  /** Values (ms) at each percentile (0..100), in the order given; all 0 when empty. */
  percentiles(ps: readonly number[]): number[] {
    if (this.count === 0) return ps.map(() => 0);
    const order = ps.map((p, i) => ({ p: Math.min(p, 100), i })).sort((a, b) => a.p - b.p);
    const out = new Array<number>(ps.length).fill(0);
    let k = 0;
    let total = 0;
    for (const { p, i } of order) {
      const fp = (p / 100) * this.count;
      const want = Math.max(Math.ceil(fp - ulp(fp)), 1);
      while (k < this.counts.length && total + (this.counts[k] ?? 0) < want) total += this.counts[k++] ?? 0;
      const at = Math.min(k, this.counts.length - 1);
      out[i] = (p === 0 ? (this.lowUs[at] ?? 0) : (this.highUs[at] ?? 0)) / 1000;
    }
    return out;
  }

  percentile(p: number): number {
    return this.percentiles([p])[0] ?? 0;
  }
}
