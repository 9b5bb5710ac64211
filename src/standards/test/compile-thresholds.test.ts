import { describe, expect, it } from 'vitest';
import { compileThresholds, formatThresholdNumber } from '../compile-thresholds.ts';
import { parseThresholds } from '../../runtime/thresholds/index.ts';
import { loadStandards } from '../load-standards.ts';

// k6's threshold grammar (k6-semantics.md): method ws* operator ws* number
const K6_EXPR = /^(count|rate|value|avg|min|max|med|p\(\d+(\.\d+)?\))\s*(<=|<|>=|>|===|==|!=)\s*-?\d+(\.\d+)?$/;

describe('compileThresholds', () => {
  it('compiles the default metric standards to k6 thresholds', () => {
    expect(compileThresholds(loadStandards())).toEqual({
      webhook_ack_duration: ['p(99)<=500'],
      webhook_acked_within_3s: ['rate>=1'],
      inventory_sync_lag: ['p(95)<=1000', 'p(99)<=3000'],
      order_ingest_lag: ['p(99)<=5000'],
      shipment_sync_lag: ['p(99)<=5000'],
      erp_req_duration: ['p(99)<=200'],
      platform_call_success: ['rate>=0.999'],
      calls_over_rate_limit: ['count<=0'],
    });
  });

  it('writes every expression in k6 grammar', () => {
    for (const exprs of Object.values(compileThresholds(loadStandards()))) {
      for (const e of exprs) expect(e).toMatch(K6_EXPR);
    }
  });

  it("parses with the runtime's threshold parser, to the same limits", () => {
    const standards = loadStandards();
    const { thresholds, errors } = parseThresholds(compileThresholds(standards));
    expect(errors).toEqual([]);
    const parsed = thresholds.flatMap((m) => m.thresholds.map((t) => [m.metricName, t.operator, t.value]));
    const want = standards.standards.flatMap((s) => (s.kind === 'metric' ? [[s.metric, s.op, s.limit]] : []));
    expect(parsed).toEqual(want);
  });

  it('leaves accuracy standards and disabled standards out', () => {
    const s = loadStandards();
    const only = { standards: s.standards.filter((x) => x.id !== 'erp-api-p99') };
    expect(compileThresholds(only).erp_req_duration).toBeUndefined();
    expect(JSON.stringify(compileThresholds(s))).not.toMatch(/lost|oversold/);
  });

  it.each([
    ['integer', 500, '500'],
    ['decimal', 0.999, '0.999'],
    ['tiny without exponent', 1e-7, '0.0000001'],
    ['large without exponent', 1e21, '1000000000000000000000'],
  ])('formats numbers: %s', (_n, v, want) => {
    expect(formatThresholdNumber(v)).toBe(want);
    expect(`p(99)<=${formatThresholdNumber(v)}`).toMatch(K6_EXPR);
  });
});
