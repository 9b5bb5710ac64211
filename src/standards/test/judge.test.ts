import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../lib/hdr/latency-histogram.ts';
import { BREAKABLE, buildMeasurements, buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { applyOverride, readStandardsFile } from '../load-standards.ts';
import { judge, judgeStandard } from '../judge.ts';
import { loadStandards } from '../load-standards.ts';
import type { MetricStandard } from '../standard.ts';

const standards = loadStandards();
const SHORT = { durationSec: 40 };

describe('judge on fixture results', () => {
  const passing = buildRunResult(SHORT, standards);

  it('passes every default standard on a healthy run', () => {
    expect(passing.standards.map((j) => [j.id, j.verdict])).toEqual(standards.standards.map((s) => [s.id, 'pass']));
    expect(passing.verdict).toBe('pass');
    for (const j of passing.standards) {
      expect(j.measured).not.toBeNull();
      expect(j.grounding.length).toBeGreaterThan(0);
    }
  });

  it.each(BREAKABLE)('fails exactly %s when it is broken', (id) => {
    const r = buildRunResult({ ...SHORT, failOn: id }, standards);
    const failed = r.standards.filter((j) => j.verdict === 'fail').map((j) => j.id);
    expect(failed).toEqual([id]);
    expect(r.verdict).toBe('fail');
    expect(r.verdict_reasons[0]).toMatch(new RegExp(`^${id} failed: .*breaks`));
  });

  it('reads percentiles from the histogram exactly', () => {
    const m = buildMeasurements(SHORT);
    const h = LatencyHistogram.decode(m.metrics.erp_req_duration?.hdr ?? '');
    const j = judge(standards, m).find((x) => x.id === 'erp-api-p99');
    expect(j?.measured).toBe(h.percentile(99));
    expect(j?.detail).toMatch(/samples; p50 .* p99 .* max/);
  });

  it('uses the summary value when no histogram was kept', () => {
    const m = buildMeasurements(SHORT);
    m.metrics.erp_req_duration = { type: 'trend', contains: 'time', values: { 'p(99)': 250 } };
    const j = judge(standards, m).find((x) => x.id === 'erp-api-p99');
    expect(j).toMatchObject({ verdict: 'fail', measured: 250, measured_text: '250 ms' });
  });

  it('marks what it cannot read as not-measured, never as a pass', () => {
    const m = buildMeasurements(SHORT);
    delete m.metrics.erp_req_duration;
    delete m.lags.shipment_sync_lag;
    m.metrics.platform_call_success = { type: 'rate', contains: 'default', values: { rate: 0, passes: 0, fails: 0 } };
    delete m.reconciliation;
    const byId = new Map(judge(standards, m).map((j) => [j.id, j]));
    expect(byId.get('erp-api-p99')).toMatchObject({ verdict: 'not-measured', measured: null, detail: 'erp_req_duration was not recorded' });
    expect(byId.get('shipment-sync-lag-p99')?.verdict).toBe('not-measured');
    expect(byId.get('platform-call-success')).toMatchObject({ verdict: 'not-measured', detail: 'no platform_call_success sample was recorded' });
    expect(byId.get('no-lost-orders')).toMatchObject({ verdict: 'not-measured', detail: 'the run ended before the reconciliation' });
    expect(byId.get('webhook-ack-p99')?.verdict).toBe('pass');
  });

  it('does not judge tracking when nothing shipped', () => {
    const m = buildMeasurements(SHORT);
    if (m.reconciliation) m.reconciliation.shipments_checked = 0;
    expect(judge(standards, m).find((j) => j.id === 'tracking-as-issued')).toMatchObject({ verdict: 'not-measured', detail: 'no shipment was made' });
  });

  it('names example ids of an accuracy failure', () => {
    const r = buildRunResult({ ...SHORT, failOn: 'no-lost-orders' }, standards);
    expect(r.standards.find((j) => j.id === 'no-lost-orders')?.detail).toMatch(/2 lost: e\.g\. 576461413038785752, 576461413038785911/);
  });

  it('shows disabled standards and override reasons', () => {
    const s = applyOverride(
      readStandardsFile(),
      { version: '1', standards: [{ id: 'erp-api-p99', limit: 100, reason: 'tighter for the promo' }, { id: 'webhook-ack-p99', disabled: true, reason: 'gateway acks' }] },
      'test',
    );
    const js = judge(s, buildMeasurements(SHORT));
    expect(js.find((j) => j.id === 'erp-api-p99')).toMatchObject({ verdict: 'fail', limit_text: 'p(99) <= 100 ms' });
    expect(js.find((j) => j.id === 'erp-api-p99')?.detail).toMatch(/\[limit overridden: tighter for the promo\]/);
    expect(js.at(-1)).toMatchObject({ id: 'webhook-ack-p99', verdict: 'disabled', detail: 'disabled by the override file: gateway acks' });
  });

  it.each([
    ['<=', 200, 200, 'pass'],
    ['<', 200, 200, 'fail'],
    ['>=', 0.999, 0.999, 'pass'],
    ['>', 0.999, 0.999, 'fail'],
    ['==', 0, 0, 'pass'],
  ] as const)('compares with %s at the boundary', (op, limit, measured, verdict) => {
    const m = buildMeasurements(SHORT);
    m.metrics.erp_req_duration = { type: 'trend', contains: 'time', values: { 'p(99)': measured } };
    const s: MetricStandard = { ...(standards.standards.find((x) => x.id === 'erp-api-p99') as MetricStandard), op, limit };
    expect(judgeStandard(s, m).verdict).toBe(verdict);
  });
});
