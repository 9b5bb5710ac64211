/**
 * The one latency histogram of peakday: an HDR histogram of durations.
 *
 * Everything that measures time (the runtime's Trends, the mock's per-endpoint latencies and
 * webhook acks, the harness's lags) records here, so memory stays bounded whatever the sample
 * count and histograms from several processes merge exactly through their encoded form.
 *
 * Values are given in milliseconds (float) and stored as whole microseconds, 3 significant
 * digits, from 1 µs to 1 hour; longer values are clamped to 1 hour and counted in `clamped`.
 * The mean is exact within a process; after decoding it is the buckets' mean (within 0.1%).
 */
import * as hdr from 'hdr-histogram-js';

const MAX_US = 3_600_000_000;

export class LatencyHistogram {
  private readonly h: hdr.Histogram;
  private sumUs = 0;
  /** Samples above the trackable range, recorded as the maximum. */
  clamped = 0;

  constructor(h?: hdr.Histogram) {
    this.h =
      h ??
      hdr.build({
        lowestDiscernibleValue: 1,
        highestTrackableValue: MAX_US,
        numberOfSignificantValueDigits: 3,
        bitBucketSize: 'packed',
        autoResize: false,
      });
    if (h) this.sumUs = h.mean * h.totalCount;
  }

  record(ms: number): void {
    if (!(ms >= 0)) return; // NaN and negatives are not durations; callers validate upstream
    let us = Math.round(ms * 1000);
    if (us > MAX_US) {
      us = MAX_US;
      this.clamped++;
    }
    this.h.recordValue(us);
    this.sumUs += us;
  }

  get count(): number {
    return this.h.totalCount;
  }
  get minMs(): number {
    return this.count === 0 ? 0 : this.h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : this.h.minNonZeroValue / 1000;
  }
  get maxMs(): number {
    return this.h.maxValue / 1000;
  }
  get meanMs(): number {
    return this.count === 0 ? 0 : this.sumUs / this.count / 1000;
  }
  /** Value at percentile p (0..100), in ms; 0 when empty. */
  percentile(p: number): number {
    return this.count === 0 ? 0 : this.h.getValueAtPercentile(p) / 1000;
  }
  /**
   * Share (0..1) of samples at or below `ms`, exact up to the histogram's resolution (0.1%):
   * a bucket counts as below when its lowest equivalent value is.
   */
  shareAtOrBelow(ms: number): number {
    if (this.count === 0) return 1;
    let below = 0;
    const limit = Math.round(ms * 1000);
    const js = this.h as hdr.JsHistogram;
    for (const v of this.recorded()) if (js.lowestEquivalentValue(v.us) <= limit) below += v.count;
    return below / this.count;
  }

  add(other: LatencyHistogram): void {
    this.h.add(other.h);
    this.sumUs += other.sumUs;
    this.clamped += other.clamped;
  }

  reset(): void {
    this.h.reset();
    this.sumUs = 0;
    this.clamped = 0;
  }

  /** Compressed base64 (HdrHistogram's interchange format): what crosses process boundaries. */
  encode(): string {
    return hdr.encodeIntoCompressedBase64(this.h);
  }

  static decode(encoded: string): LatencyHistogram {
    return new LatencyHistogram(hdr.decodeFromCompressedBase64(encoded, 'packed', false));
  }

  /** Percentile distribution for charts: value at each of `points` percentiles. */
  distribution(points: readonly number[] = DEFAULT_POINTS): { p: number; ms: number }[] {
    return points.map((p) => ({ p, ms: this.percentile(p) }));
  }

  private *recorded(): Generator<{ us: number; count: number }> {
    const it = (this.h as hdr.JsHistogram).recordedValuesIterator;
    it.reset();
    while (it.hasNext()) {
      const v = it.next();
      yield { us: v.valueIteratedTo, count: v.countAtValueIteratedTo };
    }
  }

  /** Free native/wasm memory if any (packed JS histograms need nothing). */
  destroy(): void {
    this.h.destroy();
  }
}

export const DEFAULT_POINTS = [0, 50, 75, 90, 95, 99, 99.5, 99.9, 99.99, 100] as const;
