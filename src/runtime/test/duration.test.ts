import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../duration.ts';

describe('parseDuration', () => {
  const valid: { name: string; input: unknown; ms: number }[] = [
    { name: 'zero without unit', input: '0', ms: 0 },
    { name: 'seconds', input: '30s', ms: 30_000 },
    { name: 'minutes and seconds', input: '1m30s', ms: 90_000 },
    { name: 'milliseconds', input: '500ms', ms: 500 },
    { name: 'hours', input: '2h', ms: 7_200_000 },
    { name: 'days (k6 extension)', input: '1d', ms: 86_400_000 },
    { name: 'fractional seconds', input: '1.5s', ms: 1500 },
    { name: 'leading dot', input: '.5s', ms: 500 },
    { name: 'micro and nano', input: '1ms500us1000000ns', ms: 2.5 },
    { name: 'micro sign', input: '1000µs', ms: 1 },
    { name: 'all units combined', input: '1h2m3s4ms', ms: 3_723_004 },
    { name: 'number is milliseconds', input: 250, ms: 250 },
    { name: 'number zero', input: 0, ms: 0 },
  ];
  for (const c of valid) {
    it(`accepts ${c.name}: ${JSON.stringify(c.input)}`, () => {
      const r = parseDuration(c.input);
      expect(r).toEqual({ ok: true, ms: expect.closeTo(c.ms, 9) });
    });
  }
  const invalid: { name: string; input: unknown; error: RegExp }[] = [
    { name: 'empty', input: '', error: /empty/ },
    { name: 'bare number string', input: '30', error: /missing unit/ },
    { name: 'unknown unit', input: '3x', error: /unexpected "3x"/ },
    { name: 'negative', input: '-1s', error: /negative/ },
    { name: 'negative number', input: -5, error: /negative/ },
    { name: 'spaces', input: '1 s', error: /unexpected/ },
    { name: 'trailing garbage', input: '1sfoo', error: /unexpected "foo"/ },
    { name: 'unit only', input: 's', error: /unexpected "s"/ },
    { name: 'not a string', input: true, error: /expected a string/ },
    { name: 'infinite number', input: Infinity, error: /finite/ },
    { name: 'uppercase unit', input: '1S', error: /unexpected/ },
  ];
  for (const c of invalid) {
    it(`rejects ${c.name}: ${JSON.stringify(c.input)}`, () => {
      const r = parseDuration(c.input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(c.error);
    });
  }
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1000, '1s'],
    [90_000, '1m30s'],
    [3_723_000, '1h2m3s'],
  ])('%d ms -> %s', (ms, s) => expect(formatDuration(ms)).toBe(s));
});
