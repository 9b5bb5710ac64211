/**
 * The nightly regression run: each entry of the nightly set through the harness
 * (readHarnessConfig + runScenarioEndToEnd, exactly as `peakday run` does), then compared with the
 * committed baseline of its scenario. The comparison goes next to the run — comparison.json,
 * comparison.html, and a section added to its report.html — and into one nightly summary.
 *
 * Exit: 0 no regression; 1 a regression in any entry; 2 otherwise when an entry could not be
 * compared (the run produced no result, or there is no baseline to compare with).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readHarnessConfig } from '../harness/harness-config.ts';
import { runScenarioEndToEnd } from '../harness/run-scenario.ts';
import { baselineRuns } from './baseline-store.ts';
import { CompareError } from './compare-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { compareRuns } from './compare-runs.ts';
import type { Comparison } from './comparison.ts';
import { NIGHTLY_SET, type NightlyEntry } from './nightly-set.ts';
import { readRun, readRuns } from './read-runs.ts';
import { comparisonPage, comparisonSection, injectComparison } from './render-html.ts';
import { renderComparisonText } from './render-text.ts';
import type { Tolerances } from './tolerances.ts';

/** Runs one scenario from `peakday run` flags; injectable so the flow is testable without load. */
export type ScenarioRunner = (argv: string[]) => Promise<{ exitCode: number; resultDir?: string }>;

export const harnessRunner: ScenarioRunner = async (argv) => {
  const { config, errors } = readHarnessConfig(argv);
  if (!config) throw new CompareError('PD_CMP_NO_RUN', `the nightly entry's flags are invalid: ${errors.join('; ')}`);
  return runScenarioEndToEnd(config);
};

export interface NightlyOptions {
  set?: readonly NightlyEntry[];
  outDir: string;
  baselineRoot: string;
  tolerances: Tolerances;
  run?: ScenarioRunner;
  log?: (line: string) => void;
}

export interface NightlyEntryOutcome {
  name: string;
  scenario: string;
  run_exit_code?: number;
  result_dir?: string;
  verdict?: string;
  regression?: boolean;
  regressions?: string[];
  error?: string;
}

export interface NightlyOutcome {
  exitCode: number;
  entries: NightlyEntryOutcome[];
}

/** Writes comparison.json and comparison.html into the run's folder and adds the section to its report. */
export function attachComparison(resultDir: string, c: Comparison): void {
  writeFileSync(join(resultDir, 'comparison.json'), `${JSON.stringify(c, null, 2)}\n`);
  writeFileSync(join(resultDir, 'comparison.html'), comparisonPage(c));
  const report = join(resultDir, 'report.html');
  if (existsSync(report)) writeFileSync(report, injectComparison(readFileSync(report, 'utf8'), comparisonSection(c, { pageLink: 'comparison.html' })));
}

export async function runNightly(o: NightlyOptions): Promise<NightlyOutcome> {
  const log = o.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const run = o.run ?? harnessRunner;
  const entries: NightlyEntryOutcome[] = [];
  for (const e of o.set ?? NIGHTLY_SET) {
    const out: NightlyEntryOutcome = { name: e.name, scenario: e.scenario };
    entries.push(out);
    log(`nightly: ${e.name}: peakday run ${e.scenario} ${e.args.join(' ')}`);
    try {
      const r = await run([e.scenario, ...e.args, '--out-dir', o.outDir, '--quiet', '--no-color']);
      out.run_exit_code = r.exitCode;
      if (!r.resultDir) throw new CompareError('PD_CMP_NO_RUN', `${e.name}: the run wrote no result (exit ${r.exitCode})`);
      out.result_dir = r.resultDir;
      const current = readRun(join(r.resultDir, 'summary.json'), r.resultDir);
      out.verdict = current.result.verdict;
      const stored = baselineRuns(o.baselineRoot, e.scenario);
      if (stored.length === 0) {
        throw new CompareError('PD_CMP_NO_BASELINE', `${e.name}: nothing in ${join(o.baselineRoot, e.scenario)}; accept runs with \`peakday baseline update ${r.resultDir}\``);
      }
      const c = compareRuns(readRuns(stored), current, o.tolerances);
      attachComparison(r.resultDir, c);
      out.regression = c.regression;
      out.regressions = c.regressions;
      log(renderComparisonText(c));
    } catch (err) {
      if (!(err instanceof CompareError)) throw err;
      out.error = err.message;
      log(`nightly: ${e.name}: ${err.message}`);
    }
  }
  const exitCode = entries.some((x) => x.regression) ? ExitCode.REGRESSION : entries.some((x) => x.error !== undefined) ? ExitCode.NO_ANSWER : ExitCode.OK;
  return { exitCode, entries };
}
