/**
 * A price amount as the product APIs take it: a decimal string with at most 7 integer and 2
 * fraction digits, greater than zero.
 *
 *   amount = digit{1,7} [ "." digit{1,2} ]      ("12.99", "5", "0.5"; not "1e3", "12.999", "0")
 */
import type { FieldCheck } from '../../../lib/config/field-check.ts';

const PRICE = /^\d{1,7}(\.\d{1,2})?$/;

/** The amount, or "" with the problem recorded on `check`. */
export function priceAmount(check: FieldCheck, v: unknown, path: string): string {
  if (typeof v === 'string' && PRICE.test(v) && Number(v) > 0) return v;
  check.expected(path, 'a positive amount like "12.99"', v);
  return '';
}
