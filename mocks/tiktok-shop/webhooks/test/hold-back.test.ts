import { describe, expect, it } from 'vitest';
import { HoldBack } from '../hold-back.ts';

describe('HoldBack', () => {
  it('releases each entry exactly once, whichever path comes first', () => {
    const hb = new HoldBack<string>();
    const a = hb.hold('s1', 'a');
    const b = hb.hold('s1', 'b');
    hb.hold('s2', 'c');
    expect(hb.size).toBe(3);
    expect(hb.release(a)).toBe(true); // the hold timer, first
    const rest = hb.takeShop('s1')!;
    expect(rest.map((h) => h.item)).toEqual(['b']); // a is no longer held for s1
    expect(hb.takeShop('s1')).toBeUndefined();
    expect(rest.map((h) => hb.release(h))).toEqual([true]); // the later notification's attempt
    expect(hb.release(b)).toBe(false); // and the timer, too late
    expect(hb.release(a)).toBe(false);
    expect(hb.size).toBe(1);
  });

  it('clear() forgets everything', () => {
    const hb = new HoldBack<number>();
    hb.hold('s', 1);
    hb.clear();
    expect(hb.size).toBe(0);
    expect(hb.takeShop('s')).toBeUndefined();
  });
});
