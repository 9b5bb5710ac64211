import { describe, expect, it } from 'vitest';
import { FieldCheck } from '../field-check.ts';

describe('FieldCheck', () => {
  const cases: { name: string; run: (c: FieldCheck) => unknown; value: unknown; problems: string[] }[] = [
    { name: 'a string', run: (c) => c.str('a', 'x'), value: 'a', problems: [] },
    { name: 'an empty string', run: (c) => c.str('', 'x'), value: '', problems: ['x: expected a non-empty string, got ""'] },
    { name: 'a string too long', run: (c) => c.str('abcd', 'x', 3), value: '', problems: ['x: expected a non-empty string of at most 3 characters, got "abcd"'] },
    { name: 'a missing string', run: (c) => c.str(undefined, 'x'), value: '', problems: ['x: expected a non-empty string, got nothing'] },
    { name: 'an optional string absent', run: (c) => c.optStr(undefined, 'x'), value: undefined, problems: [] },
    { name: 'an integer in range', run: (c) => c.int(5, 'n', 0, 9), value: 5, problems: [] },
    { name: 'an integer out of range', run: (c) => c.int(10, 'n', 0, 9), value: 0, problems: ['n: expected an integer 0..9, got 10'] },
    { name: 'a fraction', run: (c) => c.int(1.5, 'n', 0, 9), value: 0, problems: ['n: expected an integer 0..9, got 1.5'] },
    { name: 'a numeric string is not an integer', run: (c) => c.int('5', 'n', 0, 9), value: 0, problems: ['n: expected an integer 0..9, got "5"'] },
    { name: 'an integer with no upper bound', run: (c) => c.int(-1, 'n', 0, Infinity), value: 0, problems: ['n: expected an integer >= 0, got -1'] },
    { name: 'a number in range', run: (c) => c.num(0.5, 'x', 0, 1), value: 0.5, problems: [] },
    { name: 'a number out of range', run: (c) => c.num(2, 'x', 0, 1), value: 0, problems: ['x: expected a number 0..1, got 2'] },
    { name: 'a number with no upper bound', run: (c) => c.num('1', 'x', 0), value: 0, problems: ['x: expected a number >= 0, got "1"'] },
    { name: 'infinity is not a number here', run: (c) => c.num(Infinity, 'x', 0), value: 0, problems: ['x: expected a number >= 0, got Infinity'] },
    { name: 'a positive number', run: (c) => c.positive(1, 'r', 1), value: 1, problems: [] },
    { name: 'zero is not positive', run: (c) => c.positive(0, 'r', 10), value: 0, problems: ['r: expected a number > 0 and <= 10, got 0'] },
    { name: 'a missing positive number', run: (c) => c.positive(undefined, 'r', 10), value: 0, problems: ['r: expected a number > 0 and <= 10, got nothing'] },
    { name: 'an array', run: (c) => c.arr([1], 'a', 1, 2), value: [1], problems: [] },
    { name: 'too many items', run: (c) => c.arr([1, 2, 3], 'a', 1, 2), value: [], problems: ['a: expected 1..2 items, got 3'] },
    { name: 'not an array', run: (c) => c.arr({}, 'a', 1, 2), value: [], problems: ['a: expected an array, got {}'] },
    { name: 'every bad item of a string list', run: (c) => c.strArr(['a', 1, ''], 'ids', 1, 5), value: ['a', '', ''], problems: ['ids[1]: expected a non-empty string, got 1', 'ids[2]: expected a non-empty string, got ""'] },
    { name: 'a boolean', run: (c) => c.optBool(false, 'b'), value: false, problems: [] },
    { name: 'not a boolean', run: (c) => c.optBool('yes', 'b'), value: undefined, problems: ['b: expected true or false, got "yes"'] },
    { name: 'an object', run: (c) => c.obj({ a: 1 }, 'o'), value: { a: 1 }, problems: [] },
    { name: 'null is not an object', run: (c) => c.obj(null, 'o'), value: {}, problems: ['o: expected an object, got null'] },
    { name: 'one of a set', run: (c) => c.oneOf('b', 's', ['a', 'b']), value: 'b', problems: [] },
    { name: 'outside the set', run: (c) => c.oneOf('z', 's', ['a', 'b']), value: undefined, problems: ['s: expected a|b, got "z"'] },
    { name: 'unknown keys, each named', run: (c) => c.onlyKeys({ a: 1, b: 2, c: 3 }, ['a'], 'body'), value: undefined, problems: ['body.b: unknown key (expected one of a)', 'body.c: unknown key (expected one of a)'] },
    { name: 'a long value is cut', run: (c) => c.str('x'.repeat(100), 'x', 3), value: '', problems: [`x: expected a non-empty string of at most 3 characters, got "${'x'.repeat(56)}...`] },
  ];
  for (const c of cases)
    it(c.name, () => {
      const check = new FieldCheck();
      expect(c.run(check)).toEqual(c.value);
      expect(check.problems).toEqual(c.problems);
      expect(check.ok).toBe(c.problems.length === 0);
    });

  it('reads on after a problem: every problem of a body in one pass', () => {
    const check = new FieldCheck();
    const body = { sku: '', qty: -1, extra: true };
    check.onlyKeys(body, ['sku', 'qty'], 'body');
    check.str(body.sku, 'sku');
    check.int(body.qty, 'qty', 0, 10);
    expect(check.problems).toHaveLength(3);
  });

  it('changes nothing it reads', () => {
    const body = Object.freeze({ ids: Object.freeze(['a', 2]) });
    const check = new FieldCheck();
    check.strArr(body.ids, 'ids', 1, 5);
    expect(body).toEqual({ ids: ['a', 2] });
  });
});
