import { describe, expect, it } from 'vitest';
import { seriesRangeFor } from '../trend-sink.ts';
import { TimeSeries } from '../time-series.ts';

const T0 = 1_700_000_000_000;

describe('TimeSeries', () => {
  it('keeps one point per interval with counts and trend percentiles', () => {
    const s = new TimeSeries('trend', seriesRangeFor('time'), T0, { intervalMs: 1000, maxPoints: 100 });
    for (let sec = 0; sec < 3; sec++) for (let i = 1; i <= 100; i++) s.add(T0 + sec * 1000 + i, i * (sec + 1));
    const pts = s.list();
    expect(pts.map((p) => [p.t - T0, p.count])).toEqual([[0, 100], [1000, 100], [2000, 100]]);
    // Interval histograms keep 2 significant digits: within 1%.
    expect(Math.abs(pts[1]!.max! - 200) / 200).toBeLessThan(0.01);
    expect(Math.abs(pts[2]!.p99! - 297) / 297).toBeLessThan(0.01);
    expect(pts[0]!.value).toBe(5050);
  });

  it('stays bounded: past maxPoints the interval doubles and points merge exactly', () => {
    const s = new TimeSeries('counter', null, T0, { intervalMs: 1000, maxPoints: 10 });
    for (let sec = 0; sec < 1000; sec++) s.add(T0 + sec * 1000, 1);
    const pts = s.list();
    expect(pts.length).toBeLessThanOrEqual(11);
    expect(s.intervalMs).toBe(128_000);
    expect(pts.reduce((a, p) => a + p.value, 0)).toBe(1000);
    expect(pts.reduce((a, p) => a + p.count, 0)).toBe(1000);
  });

  it('counts late samples in the open interval and skips empty intervals', () => {
    const s = new TimeSeries('rate', null, T0, { intervalMs: 1000, maxPoints: 10 });
    s.add(T0 + 5500, 1);
    s.add(T0 + 4000, 0); // late: counted in the open interval
    s.add(T0 + 9000, 1);
    expect(s.list().map((p) => [p.t - T0, p.count, p.value])).toEqual([[5000, 2, 1], [9000, 1, 1]]);
  });
});
