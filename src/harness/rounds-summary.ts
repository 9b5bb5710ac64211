/**
 * The summary of a repeated certify run: `rounds.json` in the run's folder, beside each round's
 * own result folder, rewritten after every round (a run killed outright still leaves every round
 * before it summarised), and a table of the rounds on stdout at the end. A round's verdict and
 * failed standards are read back from the summary.json it wrote: the summary repeats what the
 * rounds' files say, never its own reckoning.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RunResult, RunStatus, Verdict } from '../results/run-result.ts';
import type { RepeatPlan } from './repeat-plan.ts';
import type { EndReason } from './repeat-schedule.ts';

export const ROUNDS_FILE = 'rounds.json';

export interface RoundRecord {
  round: number;
  started_at: string;
  ended_at: string;
  exit_code: number;
  /** The round's result folder, relative to the repeat folder; absent when the round wrote none. */
  result_dir?: string;
  status?: RunStatus;
  verdict?: Verdict;
  /** Ids of the standards that failed in this round. */
  failed_standards: string[];
}

export interface RoundsSummary {
  scenario: 'certify';
  every_ms: number;
  count?: number;
  until?: string;
  probe_s: number;
  keep_going: boolean;
  started_at: string;
  ended_at?: string;
  /** Absent while the rounds go on. */
  ended_because?: EndReason | 'failure' | 'interrupted';
  exit_code?: number;
  /** Round numbers whose exit code was not 0. */
  failed_rounds: number[];
  rounds: RoundRecord[];
}

export function newSummary(plan: RepeatPlan, startedAt: number): RoundsSummary {
  return {
    scenario: 'certify',
    every_ms: plan.everyMs,
    ...(plan.count !== undefined ? { count: plan.count } : {}),
    ...(plan.untilMs !== undefined ? { until: new Date(plan.untilMs).toISOString() } : {}),
    probe_s: plan.probeS,
    keep_going: plan.keepGoing,
    started_at: new Date(startedAt).toISOString(),
    failed_rounds: [],
    rounds: [],
  };
}

/** A round as the summary holds it, from its exit code and the files it wrote. */
export function roundRecord(round: number, startedAt: number, endedAt: number, exitCode: number, repeatDir: string, resultDir?: string): RoundRecord {
  const record: RoundRecord = { round, started_at: new Date(startedAt).toISOString(), ended_at: new Date(endedAt).toISOString(), exit_code: exitCode, failed_standards: [] };
  const file = resultDir === undefined ? undefined : join(resultDir, 'summary.json');
  if (resultDir === undefined || file === undefined || !existsSync(file)) return record;
  const r = JSON.parse(readFileSync(file, 'utf8')) as RunResult;
  return { ...record, result_dir: relative(repeatDir, resultDir), status: r.status, verdict: r.verdict, failed_standards: r.standards.filter((s) => s.verdict === 'fail').map((s) => s.id) };
}

export function addRound(summary: RoundsSummary, record: RoundRecord): void {
  summary.rounds.push(record);
  if (record.exit_code !== 0) summary.failed_rounds.push(record.round);
}

/** Written to a temporary name and renamed: a reader never sees half a file. */
export function writeSummary(dir: string, summary: RoundsSummary): void {
  const path = join(dir, ROUNDS_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(summary, null, 2) + '\n', 'utf8');
  renameSync(tmp, path);
}

const ENDED: Record<NonNullable<RoundsSummary['ended_because']>, string> = {
  count: 'every round asked for ran',
  until: 'the --until time came',
  failure: 'a round failed (without --keep-going, the first failure ends the rounds)',
  interrupted: 'interrupted',
};

/** The table printed at the end: one line per round. */
export function formatSummary(summary: RoundsSummary, dir: string): string {
  const n = summary.rounds.length;
  const failed = summary.failed_rounds.length;
  const head = `peakday certify --repeat: ${n} round${n === 1 ? '' : 's'}, ${n - failed} passed, ${failed} failed; ended: ${summary.ended_because ? ENDED[summary.ended_because] : 'still running'}`;
  const rows = summary.rounds.map((r) => {
    const what = r.failed_standards.length > 0 ? `failed: ${r.failed_standards.join(', ')}` : r.result_dir === undefined ? 'no results (nothing measured)' : '';
    return `  ${String(r.round).padEnd(6)} ${r.started_at.slice(0, 19).replace('T', ' ')}  ${String(r.exit_code).padEnd(5)} ${(r.verdict ?? '—').padEnd(10)} ${what}`.trimEnd();
  });
  return [head, `  ${'round'.padEnd(6)} ${'started (UTC)'.padEnd(19)}  ${'exit'.padEnd(5)} verdict`, ...rows, `summary: ${join(dir, ROUNDS_FILE)}`, ''].join('\n');
}
