import { describe, expect, it } from 'vitest';
import { FieldCheck } from '../../../lib/config/field-check.ts';
import { priceAmount } from '../routes/price-amount.ts';

const CASES: { name: string; input: unknown; ok: boolean }[] = [
  { name: 'whole amount', input: '5', ok: true },
  { name: 'two decimals', input: '12.99', ok: true },
  { name: 'one decimal below one', input: '0.5', ok: true },
  { name: 'seven integer digits', input: '9999999.99', ok: true },
  { name: 'eight integer digits', input: '99999999', ok: false },
  { name: 'three decimals', input: '12.999', ok: false },
  { name: 'zero', input: '0.00', ok: false },
  { name: 'exponent', input: '1e3', ok: false },
  { name: 'negative', input: '-1', ok: false },
  { name: 'trailing dot', input: '12.', ok: false },
  { name: 'a number, not a string', input: 12.5, ok: false },
  { name: 'empty', input: '', ok: false },
];

describe('priceAmount', () => {
  it.each(CASES)('$name', ({ input, ok }) => {
    const check = new FieldCheck();
    const v = priceAmount(check, input, 'skus[0].price.amount');
    expect([check.ok, v]).toEqual(ok ? [true, input] : [false, '']);
    if (!ok) expect(check.problems[0]).toMatch(/^skus\[0\]\.price\.amount: expected a positive amount like "12.99", got /);
  });
});
