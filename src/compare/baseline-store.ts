/**
 * The committed baselines: results/baselines/<scenario>/<run folder>/ with summary.json and
 * the HDR logs (hdr/*.hlog) only — no report, no JUnit — and summary.json trimmed of its
 * per-interval series (a comparison reads totals and histograms, never series), so a baseline
 * run is tens of KB and a diff of it in a pull request stays readable.
 *
 * A run becomes a baseline only on purpose (`peakday baseline update`), and only when it is
 * worth comparing with: completed and trusted, unless forced. By default the runs given
 * replace the scenario's baseline set; `add` appends to it; `keep` bounds it (oldest go first).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { redact } from '../results/redact.ts';
import { safeScenarioName } from '../results/result-dir.ts';
import type { RunResult } from '../results/run-result.ts';
import { serialiseSummary } from '../results/summary-json.ts';
import { CompareError } from './compare-errors.ts';
import { readRun } from './read-runs.ts';

export const DEFAULT_BASELINE_ROOT = 'results/baselines';
export const MAX_KEEP = 20;

/** A run result fit for committing: secrets masked again, series dropped, files renamed. */
export function trimForBaseline(r: RunResult): RunResult {
  const clean = redact(r);
  const metrics = Object.fromEntries(Object.entries(clean.metrics).map(([k, m]) => [k, withoutSeries(m)]));
  const lags = Object.fromEntries(Object.entries(clean.lags).map(([k, l]) => [k, l ? withoutSeries(l) : l]));
  const processes = clean.processes.map((p) => ({ ...p, cpu: { ...p.cpu, series: [] }, rss: { ...p.rss, series: [] } }));
  const { files, ...rest } = clean;
  const hlogs = files?.hlogs ?? {};
  return { ...rest, metrics, lags, processes, files: { dir: '.', summary: 'summary.json', junit: '', report: '', hlogs } };
}

function withoutSeries<T extends { series?: unknown }>(x: T): T {
  const { series: _dropped, ...rest } = x;
  return rest as T;
}

export interface UpdateOptions {
  root?: string;
  add?: boolean;
  keep?: number;
  /** Accept an interrupted, aborted or untrusted run (a baseline of that is rarely what you want). */
  force?: boolean;
}

export interface StoredBaseline {
  scenario: string;
  dir: string;
  from: string;
}

/** Run folders of one scenario's baseline set, oldest first. */
export function baselineRuns(root: string, scenario: string): string[] {
  const dir = join(root, safeScenarioName(scenario));
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'summary.json')))
    .map((d) => join(dir, d.name))
    .sort((a, b) => basename(a).localeCompare(basename(b)));
}

/** Every problem with the runs given, before anything is written. */
function check(runDirs: readonly string[], force: boolean): { dir: string; result: RunResult }[] {
  const problems: string[] = [];
  const runs: { dir: string; result: RunResult }[] = [];
  for (const dir of runDirs) {
    try {
      const { result } = readRun(join(dir, 'summary.json'), dir);
      if (!force && result.status !== 'completed') problems.push(`${dir}: the run was ${result.status} (--force to accept it anyway)`);
      else if (!force && !result.trust.trusted) problems.push(`${dir}: the run is untrusted: ${result.trust.reasons.join('; ')} (--force to accept it anyway)`);
      runs.push({ dir, result });
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  if (problems.length > 0) throw new CompareError('PD_CMP_BASELINE_INVALID', problems.join('\n  '));
  return runs;
}

export function updateBaselines(runDirs: readonly string[], opts: UpdateOptions = {}): StoredBaseline[] {
  const root = opts.root ?? DEFAULT_BASELINE_ROOT;
  const keep = opts.keep ?? 5;
  if (!Number.isInteger(keep) || keep < 1 || keep > MAX_KEEP) throw new CompareError('PD_CMP_BASELINE_INVALID', `keep must be a whole number 1..${MAX_KEEP}, got ${keep}`);
  if (runDirs.length === 0) throw new CompareError('PD_CMP_BASELINE_INVALID', 'name at least one result folder');
  const runs = check(runDirs, opts.force === true);
  const byScenario = new Map<string, { dir: string; result: RunResult }[]>();
  for (const r of runs) byScenario.set(r.result.scenario, [...(byScenario.get(r.result.scenario) ?? []), r]);

  const stored: StoredBaseline[] = [];
  for (const [scenario, list] of byScenario) {
    const target = join(root, safeScenarioName(scenario));
    const given = new Set(list.map((r) => resolve(r.dir)));
    if (!opts.add) for (const old of baselineRuns(root, scenario)) if (!given.has(resolve(old))) rmSync(old, { recursive: true, force: true });
    for (const { dir, result } of list) {
      const dest = join(target, basename(resolve(dir)));
      if (resolve(dest) !== resolve(dir)) copyRun(dir, dest, result);
      stored.push({ scenario, dir: dest, from: dir });
    }
    const all = baselineRuns(root, scenario);
    for (const old of all.slice(0, Math.max(0, all.length - keep))) rmSync(old, { recursive: true, force: true });
  }
  return stored;
}

function copyRun(from: string, dest: string, result: RunResult): void {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(join(dest, 'hdr'), { recursive: true });
  const trimmed = trimForBaseline(result);
  writeFileSync(join(dest, 'summary.json'), serialiseSummary(trimmed));
  const hdrDir = join(from, 'hdr');
  if (!existsSync(hdrDir)) return;
  for (const f of readdirSync(hdrDir)) if (f.endsWith('.hlog')) copyFileSync(join(hdrDir, f), join(dest, 'hdr', f));
}

/** scenario -> its baseline run folders. */
export function listBaselines(root = DEFAULT_BASELINE_ROOT): Record<string, string[]> {
  if (!existsSync(root)) return {};
  const out: Record<string, string[]> = {};
  for (const d of readdirSync(root, { withFileTypes: true })) {
    if (d.isDirectory()) {
      const runs = baselineRuns(root, d.name);
      if (runs.length > 0) out[d.name] = runs;
    }
  }
  return out;
}
