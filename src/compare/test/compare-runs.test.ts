import { describe, expect, it } from 'vitest';
import { CompareError } from '../compare-errors.ts';
import { compareRuns, type LoadedRun } from '../compare-runs.ts';
import { DEFAULT_TOLERANCES, resolveTolerances } from '../tolerances.ts';
import { recorded, rejudge, withLatencyScaled } from './recorded.ts';

const promo = recorded('promo');
const certify = recorded('certify');
const [quiet1, busy, quiet2] = promo as [LoadedRun, LoadedRun, LoadedRun];
const tol = DEFAULT_TOLERANCES;

const fig = (c: ReturnType<typeof compareRuns>, id: string) => c.figures.find((f) => f.id === id);
const std = (c: ReturnType<typeof compareRuns>, id: string) => c.standards.find((s) => s.id === id);

describe('compareRuns on recorded promo runs', () => {
  it('a run against itself: every judged row is the same, no regression', () => {
    const c = compareRuns([quiet1], quiet1, tol);
    expect(c.regression).toBe(false);
    expect(c.counts.worse + c.counts.better + c.counts.missing).toBe(0);
    expect(c.counts.same).toBeGreaterThan(30);
    expect(fig(c, 'inventory_sync_lag:p99')).toMatchObject({ verdict: 'same', change: 0 });
    expect(fig(c, 'erp_req_duration:p99')).toMatchObject({ verdict: 'info', change: 0 });
  });

  it('a p99 doubled is worse, on the figure and on its standard', () => {
    const doubled = withLatencyScaled(quiet1, 'inventory_sync_lag', 2);
    const c = compareRuns([quiet1], doubled, tol);
    const f = fig(c, 'inventory_sync_lag:p99');
    expect(f?.verdict).toBe('worse');
    expect(f?.change_ratio).toBeGreaterThan(0.9);
    expect(f?.change_ratio).toBeLessThan(1.1);
    expect(std(c, 'inventory-sync-lag-p99')).toMatchObject({ verdict: 'worse', baseline_verdict: 'pass', current_verdict: 'pass' });
    expect(c.regression).toBe(true);
    expect(c.regressions).toEqual(expect.arrayContaining(['inventory_sync_lag:p99', 'standard:inventory-sync-lag-p99']));
    // only what changed moved: another metric stays the same
    expect(fig(c, 'webhook_ack_duration:p99')?.verdict).toBe('same');
  });

  it('a small change within tolerance (+10% against 25%) is the same', () => {
    const c = compareRuns([quiet1], withLatencyScaled(quiet1, 'inventory_sync_lag', 1.1), tol);
    expect(fig(c, 'inventory_sync_lag:p99')).toMatchObject({ verdict: 'same' });
    expect(fig(c, 'inventory_sync_lag:p99')?.change).toBeGreaterThan(0);
    expect(c.regression).toBe(false);
  });

  it('an improvement (latency halved) is better, and no regression', () => {
    const c = compareRuns([quiet1], withLatencyScaled(quiet1, 'webhook_ack_duration', 0.5), tol);
    expect(fig(c, 'webhook_ack_duration:p99')?.verdict).toBe('better');
    expect(std(c, 'webhook-ack-p99')?.verdict).toBe('better');
    expect(c.regression).toBe(false);
  });

  it('direction matters: a success rate down is worse, a failure rate down is better', () => {
    const worse = structuredClone(quiet1.result);
    const calls = worse.metrics.platform_call_success;
    if (!calls) throw new Error('fixture lacks platform_call_success');
    const n = (calls.values.passes ?? 0) + (calls.values.fails ?? 0);
    calls.values = { passes: Math.round(n * 0.97), fails: n - Math.round(n * 0.97), rate: Math.round(n * 0.97) / n };
    const c = compareRuns([quiet1], { source: 'calls failing', result: rejudge(worse) }, tol);
    expect(fig(c, 'platform_call_success:rate')?.verdict).toBe('worse');
    expect(std(c, 'platform-call-success')).toMatchObject({ baseline_verdict: 'pass', current_verdict: 'fail', verdict: 'worse' });

    const base = structuredClone(quiet1.result);
    const failed = base.metrics.http_req_failed;
    if (!failed) throw new Error('fixture lacks http_req_failed');
    const total = (failed.values.passes ?? 0) + (failed.values.fails ?? 0);
    failed.values = { passes: Math.round(total * 0.2), fails: total - Math.round(total * 0.2), rate: Math.round(total * 0.2) / total };
    const c2 = compareRuns([{ source: 'failing', result: base }], quiet1, tol);
    expect(fig(c2, 'http_req_failed:rate')?.verdict).toBe('better');
  });

  it('a metric on one side only is reported missing, not a crash', () => {
    const without = structuredClone(quiet1.result);
    delete without.metrics.erp_req_duration;
    const c = compareRuns([quiet1], { source: 'no erp', result: rejudge(without) }, tol);
    expect(fig(c, 'erp_req_duration:p99')).toMatchObject({ verdict: 'missing', current: null, note: 'not in the current run' });
    expect(fig(c, 'erp_req_duration:p99')?.baseline).toBeGreaterThan(0);
    expect(std(c, 'erp-api-p99')).toMatchObject({ verdict: 'missing', current_verdict: 'not-measured' });
    const back = compareRuns([{ source: 'no erp', result: rejudge(without) }], quiet1, tol);
    expect(fig(back, 'erp_req_duration:p99')).toMatchObject({ verdict: 'missing', baseline: null, note: 'not in the baseline' });
    expect(back.regression).toBe(false);
  });

  it("several baselines: the spread of real runs widens the band, so the busy run's noise is not a regression", () => {
    const one = compareRuns([quiet1], quiet2, tol);
    const three = compareRuns([quiet1, busy, quiet2], quiet2, tol);
    const a = fig(one, 'webhook_ack_duration:p99');
    const b = fig(three, 'webhook_ack_duration:p99');
    expect(b?.baseline_values).toHaveLength(3);
    expect(b?.allowed ?? 0).toBeGreaterThan((a?.allowed ?? 0) * 3);
    expect(three.regression).toBe(false);
    // ...and a real doubling on top of the busiest run is still caught
    const bad = withLatencyScaled(busy, 'inventory_sync_lag', 4);
    expect(fig(compareRuns([quiet1, busy, quiet2], bad, tol), 'inventory_sync_lag:p99')?.verdict).toBe('worse');
  });

  it('a percentile on too few samples is shown, not judged', () => {
    const c = compareRuns([certify[0] as LoadedRun], certify[2] as LoadedRun, tol);
    expect(fig(c, 'order_ingest_lag:p99')).toMatchObject({ verdict: 'info' });
    expect(fig(c, 'order_ingest_lag:p99')?.note).toMatch(/too few samples to judge: 1 \(p99 needs 500\)/);
    expect(c.regression).toBe(false);
  });

  it('tolerances change the verdict: a 10% band flags +20%, a 30% band does not', () => {
    const cur = withLatencyScaled(quiet1, 'http_req_duration', 1.2);
    const tight = resolveTolerances({ latency: { relative: 0.1, absolute: 0 } });
    const loose = resolveTolerances({ latency: { relative: 0.3 } });
    expect(fig(compareRuns([quiet1], cur, tight), 'http_req_duration:p99')?.verdict).toBe('worse');
    expect(fig(compareRuns([quiet1], cur, loose), 'http_req_duration:p99')?.verdict).toBe('same');
    const ignoring = resolveTolerances({ latency: { relative: 0.1, absolute: 0 }, ignore: ['http_req_*:p9*'] });
    expect(fig(compareRuns([quiet1], cur, ignoring), 'http_req_duration:p99')).toMatchObject({ verdict: 'info', note: 'ignored by the tolerances' });
    expect(fig(compareRuns([quiet1], cur, ignoring), 'http_req_duration:p50')?.verdict).not.toBe('info');
  });

  it('refuses to compare different scenarios, naming both', () => {
    expect(() => compareRuns([quiet1], certify[0] as LoadedRun, tol)).toThrow(CompareError);
    expect(() => compareRuns([quiet1], certify[0] as LoadedRun, tol)).toThrow(/promo run.*certify run/);
  });

  it('warns when the shape differs or the machine was busier', () => {
    const scaled = structuredClone(quiet1.result);
    scaled.scale = 0.2;
    const c = compareRuns([quiet1], { source: 'scaled', result: scaled }, tol);
    expect(c.warnings.join('\n')).toMatch(/another shape/);
    const slowGen = withLatencyScaled(quiet1, 'iteration_start_delay', 4);
    expect(compareRuns([quiet1], slowGen, tol).warnings.join('\n')).toMatch(/the machine was busier/);
  });
});
