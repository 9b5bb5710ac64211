/**
 * Scales and ticks for the report's charts: linear, log10, and "nines" for percentile
 * distributions (x = log10(1 / (1 - p/100)), so 90, 99, 99.9, 99.99 sit at equal steps, as in
 * HdrHistogram's own plots — the tail is what a latency standard is about).
 */

export interface Scale {
  /** Domain value -> pixel. */
  map(v: number): number;
  ticks: number[];
}

/** Round tick steps (1, 2, 5 × 10^n) giving about `count` ticks over [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** An upper bound at a round value just above `max` (so the top line has a label). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const ticks = niceTicks(0, max, 5);
  const step = ticks.length > 1 ? (ticks[1] ?? 0) - (ticks[0] ?? 0) : max;
  const last = ticks[ticks.length - 1] ?? max;
  return last >= max ? last : last + step;
}

export function linearScale(min: number, max: number, p0: number, p1: number, tickCount = 5): Scale {
  const span = max - min || 1;
  return { map: (v) => p0 + ((v - min) / span) * (p1 - p0), ticks: niceTicks(min, max, tickCount) };
}

/** Log10 scale; values at or below 0 are drawn at `min`. Ticks at powers of ten (and 2, 5 when the range is short). */
export function logScale(min: number, max: number, p0: number, p1: number): Scale {
  const lo = Math.log10(Math.max(min, 1e-9));
  const hi = Math.log10(Math.max(max, min * 10));
  const span = hi - lo || 1;
  const ticks: number[] = [];
  for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
    for (const m of hi - lo < 2.5 ? [1, 2, 5] : [1]) {
      const v = m * 10 ** e;
      if (v >= 10 ** lo * 0.999 && v <= 10 ** hi * 1.001) ticks.push(Number(v.toPrecision(6)));
    }
  }
  return { map: (v) => p0 + ((Math.log10(Math.max(v, 10 ** lo)) - lo) / span) * (p1 - p0), ticks };
}

/** Percentile -> "nines" position; 100 is infinitely far, so it is capped at `maxP`. */
export function ninesOf(p: number, maxP = 99.999): number {
  const q = Math.min(p, maxP);
  return Math.log10(1 / (1 - q / 100));
}

export function ninesScale(maxP: number, p0: number, p1: number): Scale {
  const hi = ninesOf(maxP, maxP);
  const ticks = [0, 90, 99, 99.9, 99.99, 99.999].filter((p) => p <= maxP + 1e-9);
  return { map: (p) => p0 + (ninesOf(p, maxP) / hi) * (p1 - p0), ticks };
}
