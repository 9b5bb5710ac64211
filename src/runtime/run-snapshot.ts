/**
 * The file one instance of a split test leaves behind (`peakday run <script> --out
 * snapshot=FILE`): its metrics registry in the registry's own snapshot form (counters, rates,
 * gauges, Trends as encoded HDR histograms, series), its checks, and what a merge needs to
 * re-judge the whole test — the execution segment it ran, the thresholds and summary options
 * of the script, and how long it ran.
 *
 * Thresholds are stored as the script wrote them, not as verdicts: a threshold such as
 * `count>100` or `p(95)<300` holds or fails for the whole test, not per instance, so the merge
 * evaluates them again on the merged registry.
 *
 * The runtime writes it; `src/distributed/` reads, checks and merges it (read-snapshots.ts).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { RegistrySnapshot } from './metrics/registry.ts';
import type { SummaryGroup } from './summary/index.ts';

export const RUN_SNAPSHOT_FORMAT = 'peakday-run-snapshot/1';

export interface RunSnapshot {
  readonly format: typeof RUN_SNAPSHOT_FORMAT;
  /** The script as given to `peakday run` (a path): merges check that every part ran the same one. */
  readonly script: string;
  /** This instance's segment as given (`1/4:2/4`); `0:1` for an unsplit run. */
  readonly segment: string;
  /** The segment sequence as given, or null when none was. */
  readonly sequence: string | null;
  readonly exit_code: number;
  /** Unix ms. */
  readonly started_at: number;
  readonly ended_at: number;
  readonly test_run_duration_ms: number;
  readonly options: {
    readonly thresholds?: unknown;
    readonly summaryTrendStats: readonly string[];
    readonly summaryTimeUnit?: string;
  };
  readonly root_group: SummaryGroup;
  readonly metrics: RegistrySnapshot;
}

/** Writes a snapshot (creating the folder); returns the absolute path. */
export async function writeRunSnapshot(file: string, snapshot: RunSnapshot): Promise<string> {
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(snapshot) + '\n');
  return path;
}

/** Is this parsed JSON a run snapshot at all (used to pick snapshot files out of a folder)? */
export function looksLikeRunSnapshot(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === RUN_SNAPSHOT_FORMAT;
}

/** Every structural problem of a parsed snapshot; empty when it is one. */
export function snapshotProblems(raw: unknown): string[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['expected a JSON object'];
  const s = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (s.format !== RUN_SNAPSHOT_FORMAT) problems.push(`format ${JSON.stringify(s.format)} is not "${RUN_SNAPSHOT_FORMAT}"`);
  for (const k of ['script', 'segment'] as const) if (typeof s[k] !== 'string') problems.push(`"${k}" must be a string`);
  if (s.sequence !== null && typeof s.sequence !== 'string') problems.push('"sequence" must be a string or null');
  for (const k of ['exit_code', 'started_at', 'ended_at', 'test_run_duration_ms'] as const) {
    if (typeof s[k] !== 'number' || !Number.isFinite(s[k])) problems.push(`"${k}" must be a number`);
  }
  const o = s.options as Record<string, unknown> | undefined;
  if (typeof o !== 'object' || o === null) problems.push('"options" must be an object');
  else if (!Array.isArray(o.summaryTrendStats)) problems.push('"options.summaryTrendStats" must be a list');
  const g = s.root_group as Record<string, unknown> | undefined;
  if (typeof g !== 'object' || g === null || !Array.isArray(g.groups) || !Array.isArray(g.checks)) problems.push('"root_group" must be a group');
  const m = s.metrics as Record<string, unknown> | undefined;
  if (typeof m !== 'object' || m === null || m.format !== 'peakday-metrics/1' || !Array.isArray(m.metrics)) {
    problems.push('"metrics" must be a registry snapshot (format "peakday-metrics/1")');
  }
  return problems;
}
