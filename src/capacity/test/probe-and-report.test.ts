import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readHarnessConfig } from '../../harness/harness-config.ts';
import { buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { buildAnswer } from '../capacity-answer.ts';
import { renderCapacityReport } from '../capacity-report.ts';
import type { Campaign } from '../campaign.ts';
import { probeFromRun, utilisation } from '../probe-result.ts';
import { PROBE_SHAPES } from '../probe-shapes.ts';
import { checkProbePlan, probeArgv, type ProbePlan } from '../run-probe.ts';
import { searchCapacity } from '../search.ts';
import { syntheticProbe } from './synthetic-probe.ts';

const dir = mkdtempSync(join(tmpdir(), 'pd-capacity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const campaign: Campaign = { name: '<script>alert(1)</script> sale', peak_orders_per_minute: 3600, hot_sku_share: 0.3, shops: 5, duration_minutes: 45, skus: 100 };
const plan: ProbePlan = { shape: PROBE_SHAPES.promo as never, holdS: 10, probesDir: join(dir, 'probes'), campaign, passThrough: ['--seed', '7'] };

describe('probe runs', () => {
  it('the probe is a harness run: SCALE carries the mix, the campaign sets shops, SKUs and ZIPF_S, flags pass through', () => {
    const argv = probeArgv(plan, 60);
    const { config, errors } = readHarnessConfig(argv);
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ scenario: 'promo', scale: 0.2, seed: '7', outDir: join(dir, 'probes'), quiet: true, catalog: { shops: 5, skus: 100, warehouses: 3 } });
    expect(config?.env).toMatchObject({ PEAK_RATE: '300', HOLD_S: '10', BASELINE_S: '2' });
    expect(Number(config?.env.ZIPF_S)).toBeGreaterThan(0.5);
    expect(300 * (config?.scale ?? 0)).toBeCloseTo(60, 6); // the probed order rate
  });

  it('bad pass-through flags are refused before any load, every problem named', () => {
    expect(() => checkProbePlan({ ...plan, passThrough: ['--seed', 'x', '--standards', join(dir, 'missing.json')] }, [1, 100])).toThrow(/--seed needs a number.*--standards: no such file/);
  });

  it('a probe from a run: verdict, failed standards, untrusted reasons', () => {
    const failing = probeFromRun(50, buildRunResult({ failOn: 'erp-api-p99', durationSec: 20 }), 1000, 'r1');
    expect(failing).toMatchObject({ rate: 50, verdict: 'fail', failed: ['erp-api-p99'], result_dir: 'r1' });
    const slow = probeFromRun(90, buildRunResult({ untrusted: true, durationSec: 20 }), 1000);
    expect(slow.verdict).toBe('untrusted');
    expect(slow.untrusted_reasons.join(' ')).toMatch(/dropped/);
    const interrupted = probeFromRun(90, { ...buildRunResult({ durationSec: 20 }), status: 'aborted', status_reason: 'the runtime exited 107' }, 1000);
    expect(interrupted).toMatchObject({ verdict: 'error', error: 'the run aborted: the runtime exited 107' });
  });

  it('utilisation: measured ÷ limit for upper bounds, limit ÷ measured for lower ones', () => {
    expect(utilisation({ id: 'a', title: '', unit: 'ms', op: '<=', limit: 200, measured: 100, verdict: 'pass' })).toBe(0.5);
    expect(utilisation({ id: 'b', title: '', unit: 'ratio', op: '>=', limit: 0.999, measured: 0.9, verdict: 'fail' })).toBeCloseTo(1.11, 2);
    expect(utilisation({ id: 'c', title: '', unit: 'count', op: '<=', limit: 0, measured: 0, verdict: 'pass' })).toBeUndefined();
    expect(utilisation({ id: 'd', title: '', unit: 'ms', op: '<=', limit: 200, measured: null, verdict: 'not-measured' })).toBeUndefined();
  });
});

describe('the capacity answer and report', () => {
  it('headroom against the campaign, first standard to break, and charts of every standard against rate', async () => {
    const clock = { t: 0 };
    const search = await searchCapacity({ start_rate: 60, min_rate: 1, max_rate: 240, step_factor: 2, resolution: 0.1, max_probes: 8, budget_ms: 3_600_000 }, syntheticProbe({ capacity: 90, generatorMax: 200 }, clock), () => clock.t);
    const a = buildAnswer({ scenario: 'promo', started_at: 0, ended_at: clock.t, probe_shape: PROBE_SHAPES.promo?.describe(10) ?? '', options: { start_rate: 60, min_rate: 1, max_rate: 240, step_factor: 2, resolution: 0.1, max_probes: 8, budget_ms: 3_600_000 }, campaign, search });
    expect(a.campaign_peak_per_s).toBe(60);
    expect(a.headroom).toBeCloseTo((search.max_sustainable_rate ?? 0) / 60, 9);
    expect(a.headroom).toBeGreaterThan(1.35);
    expect(a.meets_campaign).toBe(true);
    expect(a.answer.join('\n')).toMatch(/Maximum sustainable rate: \d+ orders\/s/);
    expect(a.answer.join('\n')).toMatch(/First standard to break: erp-api-p99/);
    expect(a.answer.join('\n')).toMatch(/soak run/);

    const html = renderCapacityReport(a);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script|https?:\/\//);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; sale');
    expect(html).toContain('Every standard against the order rate, as a share of its limit');
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(3); // utilisation + erp + webhook
    expect(html).toContain('erp-api-p99 against the order rate');
    expect(html).toMatch(/class="limit"/);
  });

  it('a generator-bound answer says so, and a campaign that does not fit says that', async () => {
    const clock = { t: 0 };
    const opts = { start_rate: 20, min_rate: 1, max_rate: 400, step_factor: 2, resolution: 0.1, max_probes: 8, budget_ms: 3_600_000 };
    const search = await searchCapacity(opts, syntheticProbe({ capacity: 300, generatorMax: 45 }, clock), () => clock.t);
    const a = buildAnswer({ scenario: 'promo', started_at: 0, ended_at: 1, probe_shape: '', options: opts, campaign, search });
    expect(search.limited_by).toBe('generator');
    expect(a.meets_campaign).toBe(false);
    expect(a.headroom).toBeLessThan(1);
    expect(a.answer.join('\n')).toMatch(/The ceiling is the load generator's, not the stack's/);
    expect(a.answer.join('\n')).toMatch(/does NOT fit/);
    expect(renderCapacityReport(a)).toMatch(/untrusted/);
  });
});
