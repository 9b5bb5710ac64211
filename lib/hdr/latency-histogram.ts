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
 *
 * Values that are not durations (a custom Trend of sizes or counts) pass a `ValueRange`:
 * the histogram then stores `round(value × unitsPerValue)` up to `maxValue`, and every getter
 * named `…Ms` returns values in that caller's unit. The range is not part of the encoded
 * form's meaning, so whoever decodes must pass the same range (see `decode`).
 */
import * as hdr from 'hdr-histogram-js';

/** How recorded values map onto the histogram's integer units. */
export interface ValueRange {
  /** Integer units stored per recorded value: 1000 stores ms as µs. */
  readonly unitsPerValue: number;
  /** Largest value kept, in the caller's unit; larger ones are clamped and counted. */
  readonly maxValue: number;
  /**
   * Storage: 'packed' (default) keeps a sparse histogram in a few KB; 32 uses a flat array
   * (~95 KB for the time range) that records ~6× and encodes/decodes ~10× faster — for hot
   * paths like the runtime's Trends (measured: 0.2 vs 1.2 µs per record, 1.5 vs 19 ms per
   * encode of a full histogram). Counts per bucket then cap at 2^32.
   */
  readonly storage?: 'packed' | 32;
  /** Significant decimal digits kept (default 3, i.e. 0.1%); 2 makes arrays ~8× smaller. */
  readonly significantDigits?: 1 | 2 | 3 | 4 | 5;
}

/** Durations in ms, stored as µs up to one hour: the default. */
export const TIME_RANGE: ValueRange = { unitsPerValue: 1000, maxValue: 3_600_000 };
/**
 * Plain numbers (sizes, counts, scores) to a resolution of 0.001 up to 10^12; the stored
 * maximum (10^15) stays below 2^53 so every stored unit is an exact integer.
 */
export const NUMBER_RANGE: ValueRange = { unitsPerValue: 1000, maxValue: 1e12 };

export class LatencyHistogram {
  private readonly h: hdr.Histogram;
  private readonly scale: number;
  private readonly maxUnits: number;
  private sumUs = 0;
  /** Samples above the trackable range, recorded as the maximum. */
  clamped = 0;

  constructor(h?: hdr.Histogram, range: ValueRange = TIME_RANGE) {
    if (!(range.unitsPerValue > 0) || !(range.maxValue > 0) || range.maxValue * range.unitsPerValue > Number.MAX_SAFE_INTEGER) {
      throw new RangeError(`invalid histogram range ${JSON.stringify(range)}: need unitsPerValue > 0, maxValue > 0, product ≤ 2^53`);
    }
    this.scale = range.unitsPerValue;
    this.maxUnits = Math.round(range.maxValue * range.unitsPerValue);
    this.h =
      h ??
      hdr.build({
        lowestDiscernibleValue: 1,
        highestTrackableValue: this.maxUnits,
        numberOfSignificantValueDigits: range.significantDigits ?? 3,
        bitBucketSize: range.storage ?? 'packed',
        autoResize: false,
      });
    if (h) this.sumUs = h.mean * h.totalCount;
  }

  /** A histogram for another range (e.g. `NUMBER_RANGE`), same precision. */
  static withRange(range: ValueRange): LatencyHistogram {
    return new LatencyHistogram(undefined, range);
  }

  record(ms: number): void {
    if (!(ms >= 0)) return; // NaN and negatives are not durations; callers validate upstream
    let us = Math.round(ms * this.scale);
    if (us > this.maxUnits) {
      us = this.maxUnits;
      this.clamped++;
    }
    this.h.recordValue(us);
    this.sumUs += us;
  }

  get count(): number {
    return this.h.totalCount;
  }
  get minMs(): number {
    return this.count === 0 ? 0 : this.h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : this.h.minNonZeroValue / this.scale;
  }
  get maxMs(): number {
    return this.h.maxValue / this.scale;
  }
  get meanMs(): number {
    return this.count === 0 ? 0 : this.sumUs / this.count / this.scale;
  }
  /** Value at percentile p (0..100), in ms; 0 when empty. */
  percentile(p: number): number {
    return this.count === 0 ? 0 : this.h.getValueAtPercentile(p) / this.scale;
  }
  /**
   * Share (0..1) of samples at or below `ms`, exact up to the histogram's resolution (0.1%):
   * a bucket counts as below when its lowest equivalent value is.
   */
  shareAtOrBelow(ms: number): number {
    if (this.count === 0) return 1;
    let below = 0;
    const limit = Math.round(ms * this.scale);
    const js = this.h as hdr.JsHistogram;
    for (const v of this.recorded()) if (js.lowestEquivalentValue(v.us) <= limit) below += v.count;
    return below / this.count;
  }

  add(other: LatencyHistogram): void {
    this.h.add(other.h);
    this.sumUs += other.sumUs;
    this.clamped += other.clamped;
  }

  /**
   * Removes `earlier`'s samples: what was recorded since `earlier` was a snapshot of this
   * histogram (a baseline). Throws RangeError when `earlier` holds samples this one does not
   * (not a snapshot of it: the source was reset in between).
   */
  subtract(earlier: LatencyHistogram): void {
    const js = this.h as hdr.JsHistogram;
    for (const v of earlier.recorded()) {
      if (js.getCountAtIndex(js.countsArrayIndex(v.us)) < v.count) throw new RangeError('subtract: the histogram is not a later state of the one subtracted');
    }
    this.h.subtract(earlier.h);
    this.sumUs = Math.max(0, this.sumUs - earlier.sumUs);
    this.clamped = Math.max(0, this.clamped - earlier.clamped);
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

  /** Decodes `encode()`'s output; pass the range it was recorded with (default: time). */
  static decode(encoded: string, range: ValueRange = TIME_RANGE): LatencyHistogram {
    return new LatencyHistogram(hdr.decodeFromCompressedBase64(encoded, range.storage ?? 'packed', false), range);
  }

  /** The underlying HDR histogram, for HdrHistogram log writers (values in stored units). */
  get raw(): hdr.Histogram {
    return this.h;
  }

  /** Stored integer units per recorded value (1000 for ms stored as µs). */
  get unitsPerValue(): number {
    return this.scale;
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
