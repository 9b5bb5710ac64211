import { describe, expect, it } from 'vitest';
import { StackRefusalWatch } from '../stack-refusal.ts';

const REFUSED = '2026-01-01T00:00:00.000Z stack warn start-up mapping from http://127.0.0.1:1 failed (TikTok GET /authorization/202309/shops: code 36009004 Invalid params: app_key is not a known app); retrying in 125 ms';

describe('StackRefusalWatch', () => {
  it.each([
    ['a platform code, repeated 3 times over 5 s', [REFUSED, REFUSED, REFUSED], [0, 2000, 5000], 'TikTok GET /authorization/202309/shops: code 36009004 Invalid params: app_key is not a known app'],
    ['3 times within 5 s: not settled yet', [REFUSED, REFUSED, REFUSED], [0, 100, 200], undefined],
    ['over 5 s but only twice', [REFUSED, REFUSED], [0, 6000], undefined],
    ['a lost connection is no refusal', Array(4).fill('stack warn start-up mapping from http://x failed (fetch failed); retrying in 5 ms'), [0, 2000, 4000, 6000], undefined],
    ['other log lines are ignored', Array(4).fill('stack warn something else: code 1 x'), [0, 2000, 4000, 6000], undefined],
  ])('%s', (_name, lines, times, expected) => {
    const w = new StackRefusalWatch();
    let got: string | undefined;
    lines.forEach((l, i) => (got = w.see(l, times[i])));
    expect(got).toBe(expected);
  });
});
