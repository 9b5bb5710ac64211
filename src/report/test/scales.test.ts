import { describe, expect, it } from 'vitest';
import { downsample } from '../svg/downsample.ts';
import { lineChart } from '../svg/line-chart.ts';
import { linearScale, logScale, niceMax, niceTicks, ninesOf, ninesScale } from '../svg/scales.ts';

describe('chart scales', () => {
  it.each([
    [0, 100, 5, [0, 20, 40, 60, 80, 100]],
    [0, 1, 4, [0, 0.25, 0.5, 0.75, 1]],
    [0, 480, 5, [0, 100, 200, 300, 400]],
  ])('niceTicks(%d, %d, %d)', (min, max, n, want) => expect(niceTicks(min, max, n)).toEqual(want));

  it('rounds the top of an axis up', () => {
    expect(niceMax(480)).toBe(500);
    expect(niceMax(0)).toBe(1);
  });

  it('maps linear and log domains onto pixels', () => {
    const l = linearScale(0, 100, 0, 200);
    expect(l.map(50)).toBe(100);
    const g = logScale(1, 1000, 0, 300);
    expect(g.map(10)).toBeCloseTo(100);
    expect(g.ticks).toEqual([1, 10, 100, 1000]);
  });

  it('puts 90, 99, 99.9 at equal steps on the nines scale', () => {
    expect(ninesOf(90)).toBeCloseTo(1);
    expect(ninesOf(99)).toBeCloseTo(2);
    expect(ninesOf(100)).toBeCloseTo(5); // capped at 99.999
    const s = ninesScale(99.9, 0, 300);
    expect(s.map(99)).toBeCloseTo(200);
    expect(s.ticks).toEqual([0, 90, 99, 99.9]);
  });

  it('keeps spikes when downsampling', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: i === 7777 ? 1000 : 1 }));
    const d = downsample(pts, 600);
    expect(d.length).toBeLessThanOrEqual(600);
    expect(d.some((p) => p.y === 1000)).toBe(true);
  });

  it('draws a path per series, and says so when there is no data', () => {
    const svg = lineChart({ title: 't', series: [{ name: 'a', points: [{ x: 0, y: 1 }, { x: 1, y: 2 }] }], x: { label: 'x', format: String }, y: { label: 'y', format: String } });
    expect(svg).toMatch(/<path class="series" d="M[\d.]+ [\d.]+L[\d.]+ [\d.]+"/);
    const empty = lineChart({ title: 't', series: [{ name: 'a', points: [] }], x: { label: 'x', format: String }, y: { label: 'y', format: String } });
    expect(empty).not.toContain('<svg');
    expect(empty).toContain('No data recorded');
  });
});
