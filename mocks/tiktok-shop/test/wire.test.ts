import { describe, expect, it } from 'vitest';
import { envelopeJson, parseQuery } from '../http-io.ts';
import { TikTokError } from '../errors.ts';

describe('parseQuery (grammar in http-io.ts)', () => {
  const cases: { name: string; input: string; want?: Record<string, string>; error?: RegExp }[] = [
    { name: 'empty query', input: '', want: {} },
    { name: 'plain pairs', input: 'a=1&b=2', want: { a: '1', b: '2' } },
    { name: 'percent-decoded values', input: 'x=a%2Cb%20c', want: { x: 'a,b c' } },
    { name: 'plus is a space', input: 'q=a+b', want: { q: 'a b' } },
    { name: 'key without "=" has the empty value', input: 'flag&a=1', want: { flag: '', a: '1' } },
    { name: 'repeated key comma-joins in order', input: 'ids=a&ids=b', want: { ids: 'a,b' } },
    { name: 'empty segments are skipped', input: 'a=1&&b=2&', want: { a: '1', b: '2' } },
    { name: 'value may hold "="', input: 't=a=b', want: { t: 'a=b' } },
    { name: 'malformed escape is a 36009004', input: 'a=%zz', error: /malformed percent-escape/ },
  ];
  for (const c of cases) {
    it(c.name, () => {
      if (c.error) {
        expect(() => parseQuery(c.input)).toThrow(c.error);
        try {
          parseQuery(c.input);
        } catch (e) {
          expect((e as TikTokError).code).toBe(36009004);
        }
      } else expect({ ...parseQuery(c.input) }).toEqual(c.want);
    });
  }
});


describe('envelopeJson', () => {
  // Written by hand for speed: it must stay the text JSON.stringify writes for the envelope.
  const cases: { name: string; code: number; message: string; data: unknown }[] = [
    { name: 'success with empty data', code: 0, message: 'Success', data: {} },
    { name: 'missing data is {}', code: 0, message: 'Success', data: undefined },
    { name: 'null data is {}', code: 0, message: 'Success', data: null },
    { name: 'nested data', code: 0, message: 'Success', data: { errors: [{ code: 1, detail: { sku_id: 'a"b' } }], n: 1.5 } },
    { name: 'message needing escapes', code: 36009004, message: 'bad "x": \\ \n \u2028 é', data: {} },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const text = envelopeJson(c.code, c.message, 'ABCMOCK00000001', c.data);
      expect(text).toBe(JSON.stringify({ code: c.code, message: c.message, request_id: 'ABCMOCK00000001', data: c.data ?? {} }));
    });
  }
});
