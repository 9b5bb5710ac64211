import { describe, expect, it } from 'vitest';
import { queryInt } from '../query-int.ts';

const invalid = (m: string) => new Error(m);

describe('queryInt (grammar in query-int.ts)', () => {
  const cases: { name: string; raw: string | null | undefined; want?: number | undefined; error?: string }[] = [
    { name: 'absent (undefined)', raw: undefined, want: undefined },
    { name: 'absent (URLSearchParams null)', raw: null, want: undefined },
    { name: 'zero', raw: '0', want: 0 },
    { name: 'the upper bound', raw: '100', want: 100 },
    { name: 'a negative inside the range', raw: '-5', want: -5 },
    { name: 'above the range', raw: '101', error: 'n: expected an integer -10..100, got "101"' },
    { name: 'below the range', raw: '-11', error: 'n: expected an integer -10..100, got "-11"' },
    { name: 'a decimal', raw: '1.5', error: 'n: expected an integer -10..100, got "1.5"' },
    { name: 'empty', raw: '', error: 'n: expected an integer -10..100, got ""' },
    { name: 'a plus sign', raw: '+1', error: 'n: expected an integer -10..100, got "+1"' },
    { name: 'an exponent', raw: '1e2', error: 'n: expected an integer -10..100, got "1e2"' },
    { name: 'sixteen digits', raw: '1234567890123456', error: 'n: expected an integer -10..100, got "1234567890123456"' },
  ];
  for (const c of cases)
    it(c.name, () => {
      if (c.error !== undefined) expect(() => queryInt(c.raw, 'n', -10, 100, invalid)).toThrow(c.error);
      else expect(queryInt(c.raw, 'n', -10, 100, invalid)).toBe(c.want);
    });
});
