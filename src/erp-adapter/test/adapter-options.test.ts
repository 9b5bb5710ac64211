import { describe, expect, it } from 'vitest';
import { parseAdapterOptions } from '../adapter-options.ts';

describe('parseAdapterOptions (pair = key "=" value)', () => {
  const cases: { name: string; input: string[]; want: Record<string, string>; problems: RegExp[] }[] = [
    { name: 'none', input: [], want: {}, problems: [] },
    { name: 'one pair', input: ['url=http://127.0.0.1:1'], want: { url: 'http://127.0.0.1:1' }, problems: [] },
    { name: 'a value may contain "="', input: ['q=a=b'], want: { q: 'a=b' }, problems: [] },
    { name: 'an empty value is a value', input: ['k='], want: { k: '' }, problems: [] },
    { name: 'the last of a repeated key wins', input: ['k=1', 'k=2'], want: { k: '2' }, problems: [] },
    { name: 'no "=" is refused', input: ['flag'], want: {}, problems: [/needs k=v, got "flag"/] },
    { name: 'an empty key is refused', input: ['=v'], want: {}, problems: [/needs k=v, got "=v"/] },
    { name: 'every bad pair is reported', input: ['a', 'b=1', 'c'], want: { b: '1' }, problems: [/"a"/, /"c"/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const problems: string[] = [];
      expect(parseAdapterOptions(c.input, problems)).toEqual(c.want);
      expect(problems).toHaveLength(c.problems.length);
      c.problems.forEach((re, i) => expect(problems[i]).toMatch(re));
    });
  }
});
