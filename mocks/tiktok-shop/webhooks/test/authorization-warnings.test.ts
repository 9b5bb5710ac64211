/**
 * The webhook 7 schedule on a fake clock (vitest's fake timers drive both the timers and
 * Date.now): the first warning `leadMs` before the end, repeats every `everyMs`, none at or
 * after the end, a renewal starting over, steps over Node's longest timer, nothing after close.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AuthorizationWarnings } from '../authorization-warnings.ts';

const S = 1000;
const DAY = 86_400 * S;
let ends: number[];
let warned: [seller: number, at: number][];
let w: AuthorizationWarnings;

function start(leadMs: number, everyMs: number, lifetimesMs: number[]): void {
  ends = lifetimesMs.map((l) => Date.now() + l);
  w = new AuthorizationWarnings({ leadMs, everyMs }, () => Date.now(), (s) => ends[s] as number, (s) => void warned.push([s, Date.now() - t0]));
  lifetimesMs.forEach((_, s) => w.arm(s));
}
let t0: number;

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
  t0 = Date.now();
  warned = [];
});
afterEach(() => {
  w.close();
  vi.useRealTimers();
});

describe('authorization warnings', () => {
  const cases: { name: string; leadMs: number; everyMs: number; lifetimeMs: number; runMs: number; want: number[] }[] = [
    { name: 'first at the lead time, then every period, none at the end', leadMs: 3 * S, everyMs: S, lifetimeMs: 5 * S, runMs: 10 * S, want: [2 * S, 3 * S, 4 * S] },
    { name: 'a period longer than the lead: one warning', leadMs: 30 * DAY, everyMs: DAY * 40, lifetimeMs: 365 * DAY, runMs: 400 * DAY, want: [335 * DAY] },
    { name: 'the defaults over a year: the last 30 days, daily', leadMs: 30 * DAY, everyMs: DAY, lifetimeMs: 365 * DAY, runMs: 400 * DAY, want: Array.from({ length: 30 }, (_, i) => (335 + i) * DAY) },
    { name: 'a lead longer than the authorization: at once, then every period', leadMs: 10 * S, everyMs: 2 * S, lifetimeMs: 5 * S, runMs: 10 * S, want: [0, 2 * S, 4 * S] },
  ];
  it.each(cases)('$name', ({ leadMs, everyMs, lifetimeMs, runMs, want }) => {
    start(leadMs, everyMs, [lifetimeMs]);
    vi.advanceTimersByTime(runMs);
    expect(warned).toEqual(want.map((at) => [0, at]));
  });

  it('each seller on its own end; a renewal starts over from the new end', () => {
    start(2 * S, 10 * S, [3 * S, 7 * S]);
    vi.advanceTimersByTime(3 * S);
    expect(warned).toEqual([[0, S]]);
    ends[0] = Date.now() + 3 * S; // seller 0 authorizes again at 3 s
    w.renewed(0);
    vi.advanceTimersByTime(10 * S);
    expect(warned).toEqual([[0, S], [0, 4 * S], [1, 5 * S]]);
  });

  it('sends nothing once closed', () => {
    start(2 * S, S, [3 * S]);
    w.close();
    vi.advanceTimersByTime(10 * S);
    expect(warned).toEqual([]);
  });
});
