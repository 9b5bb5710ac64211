/**
 * A real probe: one short run of the scenario at one order rate, through the harness exactly
 * as `peakday run` makes it (readHarnessConfig validates the flags, runScenarioEndToEnd runs it), the
 * probe's files going to the capacity run's probes/ folder.
 */
import { join } from 'node:path';
import { readHarnessConfig } from '../harness/harness-config.ts';
import { runScenarioEndToEnd } from '../harness/run-scenario.ts';
import { parseSummary } from '../results/summary-json.ts';
import { readFileSync } from 'node:fs';
import { CapacityError } from './capacity-errors.ts';
import type { Campaign } from './campaign.ts';
import { DEFAULT_SKUS, zipfExponentFor } from './campaign.ts';
import type { ProbeResult } from './probe-result.ts';
import { probeFromRun } from './probe-result.ts';
import { scaleFor, type ProbeShape } from './probe-shapes.ts';
import type { Phase } from './search.ts';

export interface ProbePlan {
  shape: ProbeShape;
  holdS: number;
  probesDir: string;
  campaign?: Campaign;
  /** Harness flags passed through to every probe (--seed, --standards, --stack-url, --skus...). */
  passThrough: readonly string[];
}

/** The `peakday run` argv of the probe at `rate`. The campaign's shops, SKUs and hot-SKU share go in as flags and ZIPF_S. */
export function probeArgv(plan: ProbePlan, rate: number): string[] {
  const env = { ...plan.shape.env(plan.holdS) };
  const argv = [plan.shape.scenario, '--scale', String(scaleFor(plan.shape, rate)), '--out-dir', plan.probesDir, '--quiet', '--no-color'];
  const c = plan.campaign;
  if (c) {
    env.ZIPF_S = zipfExponentFor(c.hot_sku_share, c.skus ?? DEFAULT_SKUS).toFixed(4);
    argv.push('--shops', String(c.shops));
    if (c.skus !== undefined) argv.push('--skus', String(c.skus));
  }
  for (const [k, v] of Object.entries(env)) argv.push('-e', `${k}=${v}`);
  return [...argv, ...plan.passThrough];
}

/** Validates the probe flags once, before any load: every problem the harness finds, together. */
export function checkProbePlan(plan: ProbePlan, rates: readonly number[]): void {
  const problems = new Set<string>();
  for (const r of rates) for (const e of readHarnessConfig(probeArgv(plan, r)).errors) problems.add(e);
  if (problems.size > 0) throw new CapacityError('PD_CAP_OPTIONS_INVALID', [...problems].join('; '));
}

export function realProbe(plan: ProbePlan, log: (line: string) => void): (rate: number, phase: Phase) => Promise<ProbeResult> {
  let n = 0;
  return async (rate, phase) => {
    n++;
    const t0 = Date.now();
    const argv = probeArgv(plan, rate);
    log(`capacity: probe ${n} (${phase}) at ${rate} orders/s: peakday run ${argv.join(' ')}`);
    const { config, errors } = readHarnessConfig(argv);
    if (!config) return { rate, verdict: 'error', standards: [], failed: [], untrusted_reasons: [], error: errors.join('; '), duration_ms: Date.now() - t0 };
    const out = await runScenarioEndToEnd(config, (l) => log(`  [probe ${n}] ${l}`));
    if (!out.resultDir) return { rate, verdict: 'error', standards: [], failed: [], untrusted_reasons: [], error: `the run wrote no result (exit ${out.exitCode})`, duration_ms: Date.now() - t0 };
    const result = parseSummary(readFileSync(join(out.resultDir, 'summary.json'), 'utf8'), join(out.resultDir, 'summary.json'));
    const p = probeFromRun(rate, result, Date.now() - t0, out.resultDir);
    log(`capacity: probe ${n} at ${rate}/s: ${p.verdict}${p.failed.length > 0 ? ` (${p.failed.join(', ')})` : ''}${p.untrusted_reasons.length > 0 ? ` (${p.untrusted_reasons.join('; ')})` : ''}`);
    return p;
  };
}
