import { describe, expect, it } from 'vitest';
import { parseThresholds } from '../config.ts';

describe('parseThresholds', () => {
  it('parses short and long forms, selectors and delayAbortEval', () => {
    const { thresholds, errors } = parseThresholds({
      http_req_duration: ['p(95)<500', { threshold: 'p(99)<1000', abortOnFail: true, delayAbortEval: '10s' }],
      'http_req_duration{scenario:promo}': ['max<2000'],
      checks: [{ threshold: 'rate>0.99', abortOnFail: true }],
    });
    expect(errors).toEqual([]);
    expect(thresholds).toHaveLength(3);
    const [d, sub, checks] = thresholds;
    expect(d?.metricName).toBe('http_req_duration');
    expect(d?.selector).toBeNull();
    expect(d?.thresholds[1]).toMatchObject({ source: 'p(99)<1000', method: 'p', percentile: 99, abortOnFail: true, delayAbortEvalMs: 10_000 });
    expect(sub?.selector).toEqual([['scenario', 'promo']]);
    expect(checks?.thresholds[0]).toMatchObject({ abortOnFail: true, delayAbortEvalMs: null });
  });

  it('accepts no thresholds', () => {
    expect(parseThresholds(undefined)).toEqual({ thresholds: [], errors: [] });
    expect(parseThresholds({})).toEqual({ thresholds: [], errors: [] });
  });

  it('reports every problem, quoting the expression and the metric', () => {
    const { errors } = parseThresholds({
      http_req_duration: ['p(99', 'avg<abc', { threshold: 'avg<1', abortOnFial: true }, { threshold: 'avg<1', delayAbortEval: 'ten seconds' }, 42],
      'm{a}': ['count>1'],
      'm{a:}': ['count>1'],
      'm{a:1': ['count>1'],
      checks: 'rate>0.9',
      x: [{ threshold: 'count>1', abortOnFail: 'yes' }],
    });
    expect(errors).toContain(
      'failed parsing threshold expression "p(99" of metric "http_req_duration": malformed threshold expression: no operator (use one of < <= > >= == === !=)',
    );
    expect(errors.some((e) => e.startsWith('failed parsing threshold expression "avg<abc" of metric "http_req_duration": right hand side'))).toBe(true);
    expect(errors.some((e) => e.includes('unknown key "abortOnFial"'))).toBe(true);
    expect(errors.some((e) => e.includes('delayAbortEval: invalid duration "ten seconds"'))).toBe(true);
    expect(errors.some((e) => e.includes('threshold #5 of metric "http_req_duration": expected an expression string'))).toBe(true);
    expect(errors.some((e) => e.includes('"m{a}" tag expression "a" is malformed'))).toBe(true);
    expect(errors.some((e) => e.includes('"m{a:}"') && e.includes('empty value'))).toBe(true);
    expect(errors.some((e) => e.includes('"m{a:1"') && e.includes('unmatched'))).toBe(true);
    expect(errors.some((e) => e.includes('thresholds of metric "checks" must be a list'))).toBe(true);
    expect(errors.some((e) => e.includes('abortOnFail must be true or false'))).toBe(true);
    expect(errors).toHaveLength(10);
  });

  it('rejects a non-object', () => {
    expect(parseThresholds(['p(95)<1']).errors[0]).toMatch(/thresholds must be an object/);
  });
});
