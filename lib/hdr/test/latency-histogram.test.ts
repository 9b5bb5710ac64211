import { describe, expect, it } from 'vitest';
import { LatencyHistogram, NUMBER_RANGE, TIME_RANGE } from '../latency-histogram.ts';

describe('LatencyHistogram', () => {
  it('reports percentiles within 0.1% of exact values', () => {
    const h = new LatencyHistogram();
    for (let i = 1; i <= 10_000; i++) h.record(i / 10); // 0.1 .. 1000 ms
    expect(h.count).toBe(10_000);
    expect(h.percentile(50)).toBeCloseTo(500, -0.3);
    expect(Math.abs(h.percentile(99) - 990) / 990).toBeLessThan(0.001);
    expect(h.minMs).toBeCloseTo(0.1, 3);
    expect(h.maxMs).toBeCloseTo(1000, 0);
    expect(h.meanMs).toBeCloseTo(500.05, 1);
  });

  it('merges exactly through the encoded form', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 5000; i++) {
      const v = (i * 7919) % 3000;
      (i % 2 ? a : b).record(v);
      all.record(v);
    }
    const merged = LatencyHistogram.decode(a.encode());
    merged.add(LatencyHistogram.decode(b.encode()));
    expect(merged.count).toBe(all.count);
    for (const p of [50, 90, 99, 99.9, 100]) expect(merged.percentile(p)).toBe(all.percentile(p));
    expect(Math.abs(merged.meanMs - all.meanMs) / all.meanMs).toBeLessThan(0.001);
  });

  it('subtracts a baseline snapshot through the encoded form: what remains is what came after', () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < 1000; i++) h.record(5000); // earlier traffic: slow
    const base = LatencyHistogram.decode(h.encode());
    for (let i = 1; i <= 100; i++) h.record(i); // the window: 1..100 ms
    const now = LatencyHistogram.decode(h.encode());
    now.subtract(base);
    expect(now.count).toBe(100);
    expect(Math.abs(now.percentile(99) - 99) / 99).toBeLessThan(0.001);
    expect(now.maxMs).toBeCloseTo(100, 0);
    expect(now.meanMs).toBeCloseTo(50.5, 0);
    // Not a later state of the baseline (the source was reset): refused, nothing changed.
    const fresh = new LatencyHistogram();
    fresh.record(1);
    expect(() => fresh.subtract(base)).toThrow(RangeError);
    expect(fresh.count).toBe(1);
  });

  it('counts the share of samples within a limit and clamps beyond one hour', () => {
    const h = new LatencyHistogram();
    [100, 200, 2990, 3010, 5_000_000].forEach((v) => h.record(v));
    expect(h.shareAtOrBelow(3000)).toBeCloseTo(3 / 5, 6);
    expect(h.clamped).toBe(1);
    expect(h.maxMs).toBeGreaterThanOrEqual(3_600_000);
  });

  it('ignores NaN and negative durations and is empty-safe', () => {
    const h = new LatencyHistogram();
    h.record(Number.NaN);
    h.record(-1);
    expect(h.count).toBe(0);
    expect(h.percentile(99)).toBe(0);
    expect(h.shareAtOrBelow(1)).toBe(1);
  });

  it('takes a value range for non-durations and decodes with the same range', () => {
    const h = LatencyHistogram.withRange({ ...NUMBER_RANGE, storage: 32 });
    for (let i = 1; i <= 1000; i++) h.record(i * 1e8); // 1e8 .. 1e11 (e.g. bytes)
    h.record(0.004);
    h.record(5e12); // beyond 1e12: clamped
    expect(h.clamped).toBe(1);
    expect(Math.abs(h.percentile(50) - 5e10) / 5e10).toBeLessThan(0.001);
    expect(h.minMs).toBeCloseTo(0.004, 6);
    const back = LatencyHistogram.decode(h.encode(), { ...NUMBER_RANGE, storage: 32 });
    expect(back.count).toBe(1002);
    expect(back.percentile(99)).toBe(h.percentile(99));
    expect(() => LatencyHistogram.withRange({ unitsPerValue: 1e6, maxValue: 1e12 })).toThrow(/invalid histogram range/);
    expect(TIME_RANGE.storage).toBeUndefined(); // the shared default stays packed
  });
});
