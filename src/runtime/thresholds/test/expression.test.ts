import { describe, expect, it } from 'vitest';
import { parseThresholdExpression } from '../expression.ts';

// k6's own cases (metrics/thresholds_parser_test.go), then ours.
const VALID: { name: string; input: string; method: string; percentile: number | null; operator: string; value: number }[] = [
  { name: 'k6: valid threshold expression syntax', input: 'count>20', method: 'count', percentile: null, operator: '>', value: 20 },
  { name: 'k6: rate method is parsed', input: 'rate<0.1', method: 'rate', percentile: null, operator: '<', value: 0.1 },
  { name: 'k6: value method is parsed', input: 'value==3', method: 'value', percentile: null, operator: '==', value: 3 },
  { name: 'k6: avg method is parsed', input: 'avg>=1', method: 'avg', percentile: null, operator: '>=', value: 1 },
  { name: 'k6: min method is parsed', input: 'min!=1', method: 'min', percentile: null, operator: '!=', value: 1 },
  { name: 'k6: max method is parsed', input: 'max===1', method: 'max', percentile: null, operator: '===', value: 1 },
  { name: 'k6: med method is parsed', input: 'med<=1', method: 'med', percentile: null, operator: '<=', value: 1 },
  { name: 'k6: percentile method with integer value is parsed', input: 'p(99)<300', method: 'p', percentile: 99, operator: '<', value: 300 },
  { name: 'k6: percentile method with floating point value is parsed', input: 'p(99.9)<300', method: 'p', percentile: 99.9, operator: '<', value: 300 },
  { name: 'k6: percentile method with zero value is parsed', input: 'p(0)<1', method: 'p', percentile: 0, operator: '<', value: 1 },
  { name: 'k6: percentile method with 100 value is parsed', input: 'p(100)<1', method: 'p', percentile: 100, operator: '<', value: 1 },
  { name: "k6: expression's method is trimmed", input: '  avg  <=200', method: 'avg', percentile: null, operator: '<=', value: 200 },
  { name: "k6: expression's value is trimmed", input: 'avg<=  200  ', method: 'avg', percentile: null, operator: '<=', value: 200 },
  { name: 'spaces around the operator', input: 'p(95) < 500', method: 'p', percentile: 95, operator: '<', value: 500 },
  { name: 'exponent and sign in the value (Go ParseFloat)', input: 'count>=1e3', method: 'count', percentile: null, operator: '>=', value: 1000 },
  { name: 'negative value', input: 'min>-5', method: 'min', percentile: null, operator: '>', value: -5 },
  { name: 'infinite value', input: 'max<+Inf', method: 'max', percentile: null, operator: '<', value: Number.POSITIVE_INFINITY },
];

const INVALID: { name: string; input: string; why: RegExp }[] = [
  { name: "k6: unknown expression's operator fails", input: 'count!20', why: /no operator/ },
  { name: "k6: unknown expression's method fails", input: 'foo>20', why: /unknown aggregation method "foo"/ },
  { name: "k6: non numerical expression's value fails", input: 'count>abc', why: /"abc" is not a number/ },
  { name: 'k6: parsing empty percentile expression fails', input: 'p()<1', why: /malformed percentile/ },
  { name: 'k6: parsing incomplete percentile expression fails', input: 'p(99<1', why: /unknown aggregation method/ },
  { name: 'k6: parsing non-numerical percentile value fails', input: 'p(foo)<1', why: /malformed percentile value "foo"/ },
  { name: 'k6: parsing negative percentile value fails', input: 'p(-1)<1', why: /between 0 and 100/ },
  { name: 'k6: parsing percentile value greater than 100 fails', input: 'p(101)<1', why: /between 0 and 100/ },
  { name: 'k6: parsing NaN percentile value fails', input: 'p(NaN)<1', why: /not a number/ },
  { name: 'k6: parsing infinite percentile value fails', input: 'p(+Inf)<1', why: /not finite/ },
  { name: 'k6: expression with unknown operator fails (scan)', input: 'foo!bar', why: /no operator/ },
  { name: 'empty input', input: '', why: /no operator/ },
  { name: 'missing value', input: 'avg<', why: /"" is not a number/ },
  { name: 'missing method', input: '<5', why: /unknown aggregation method ""/ },
  { name: 'bare p', input: 'p<5', why: /unknown aggregation method "p"/ },
  { name: 'spaces inside the percentile', input: 'p( 99 )<5', why: /malformed percentile/ },
  { name: 'NaN value', input: 'avg<NaN', why: /not a number/ },
  { name: 'upper-case method', input: 'AVG<5', why: /unknown aggregation method/ },
];

describe('parseThresholdExpression', () => {
  it.each(VALID)('$name: $input', ({ input, method, percentile, operator, value }) => {
    const r = parseThresholdExpression(input);
    expect(r).toEqual({ ok: true, value: { method, percentile, operator, value } });
  });

  it.each(INVALID)('$name: $input', ({ input, why }) => {
    const r = parseThresholdExpression(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(why);
  });

  it('scans operators in k6 order: the first operator of the list that occurs splits the input', () => {
    // "<=" is tried before ">=", so "avg>=<=1" splits at "<=" and leaves "avg>=" as method.
    const r = parseThresholdExpression('avg>=<=1');
    expect(r.ok).toBe(false);
    const r2 = parseThresholdExpression('p(99.99)>=0.5');
    expect(r2).toEqual({ ok: true, value: { method: 'p', percentile: 99.99, operator: '>=', value: 0.5 } });
  });
});
