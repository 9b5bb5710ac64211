import { describe, expect, it } from 'vitest';
import { medianSlope } from '../median-slope.ts';

const line = (n: number, a: number, b: number) => Array.from({ length: n }, (_, i) => [i, a + b * i] as const);

describe('medianSlope', () => {
  it.each([
    ['no points', [], 0],
    ['one point', [[0, 5]], 0],
    ['two points', [[0, 1], [2, 5]], 2],
    ['a flat line', line(10, 4, 0), 0],
    ['a rising line', line(50, 1, 3), 3],
    ['a falling line', line(50, 100, -0.5), -0.5],
    ['same x twice (that pair skipped)', [[1, 1], [1, 9], [2, 3], [3, 5]], 2],
  ] as const)('%s', (_, points, want) => {
    expect(medianSlope(points)).toBeCloseTo(want, 9);
  });

  it('a flat series with one spike at the end stays flat (least squares would tilt)', () => {
    const ps = line(45, 40, 0).map(([x, y], i) => [x, i === 44 ? 900 : y] as const);
    expect(medianSlope(ps)).toBe(0);
  });

  it('a steady climb under noise is found', () => {
    const ps = line(200, 10, 2).map(([x, y], i) => [x, y + ((i * 7919) % 13) - 6] as const);
    expect(medianSlope(ps)).toBeCloseTo(2, 1);
  });

  it('a long series is averaged into bins first and keeps its slope', () => {
    expect(medianSlope(line(3600, 0, 0.25), 100)).toBeCloseTo(0.25, 6);
  });
});
