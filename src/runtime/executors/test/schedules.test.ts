/** The pure schedule maths: exact ramp integration and ramping-vus change times. */
import { describe, expect, it } from 'vitest';
import { RampSchedule } from '../ramping-arrival-rate.ts';
import { vuChanges } from '../ramping-vus.ts';

describe('RampSchedule', () => {
  it('constant stage: iteration n at n/rate', () => {
    const s = new RampSchedule(10, [{ durationMs: 1000, target: 10 }], 1000);
    expect([0, 1, 5, 9].map((n) => s.timeOf(n))).toEqual([0, 100, 500, 900]);
    expect(s.timeOf(10)).toBeUndefined();
  });
  it('linear ramp 0 -> 100/s over 2 s: iteration n at sqrt(n/25) s (integral 25·t²)', () => {
    const s = new RampSchedule(0, [{ durationMs: 2000, target: 100 }], 1000);
    for (const n of [0, 1, 4, 25, 50, 99]) expect(s.timeOf(n)).toBeCloseTo(Math.sqrt(n / 25) * 1000, 6);
    expect(s.timeOf(100)).toBeUndefined();
  });
  it('ramp down and across stages, timeUnit 1m', () => {
    // 60/min -> 0 over 2 s: area 1 iteration; then 0 -> 240/min over 1 s: area 2 iterations
    const s = new RampSchedule(60, [{ durationMs: 2000, target: 0 }, { durationMs: 1000, target: 240 }], 60_000);
    expect(s.timeOf(0)).toBe(0);
    // iteration 1 is due exactly at the stage boundary
    expect(s.timeOf(1)).toBeCloseTo(2000, 9);
    // iteration 2: 1 iteration into a ramp whose integral is 2·(t/1000)² -> t = √0.5 s
    expect(s.timeOf(2)).toBeCloseTo(2000 + Math.sqrt(0.5) * 1000, 6);
    expect(s.timeOf(3)).toBeUndefined();
  });
});

describe('vuChanges', () => {
  const id = (n: number) => n;
  it('steps one VU at a time at exact times', () => {
    expect(vuChanges(0, [{ durationMs: 1000, target: 4 }], id)).toEqual([
      { at: 0, vus: 0 },
      { at: 250, vus: 1 },
      { at: 500, vus: 2 },
      { at: 750, vus: 3 },
      { at: 1000, vus: 4 },
    ]);
  });
  it('ramps down and jumps on zero-length stages', () => {
    expect(vuChanges(2, [{ durationMs: 0, target: 5 }, { durationMs: 300, target: 2 }], id)).toEqual([
      { at: 0, vus: 2 },
      { at: 0, vus: 5 },
      { at: 100, vus: 4 },
      { at: 200, vus: 3 },
      { at: 300, vus: 2 },
    ]);
  });
  it('scales through the segment', () => {
    const half = (n: number) => Math.ceil(n / 2);
    expect(vuChanges(0, [{ durationMs: 400, target: 4 }], half).map((c) => c.vus)).toEqual([0, 1, 2]);
  });
});
