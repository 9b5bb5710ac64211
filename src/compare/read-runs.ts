/**
 * Finding runs on disk. A path names:
 *   - a summary.json file: that run;
 *   - a run folder (holding summary.json): that run;
 *   - a folder of run folders (results/baselines/promo/): every run folder directly inside,
 *     oldest first by folder name (names start with the run's UTC time).
 * Anything else is an error naming the path and what was looked for.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ResultsError } from '../results/results-errors.ts';
import { parseSummary } from '../results/summary-json.ts';
import { CompareError } from './compare-errors.ts';
import type { LoadedRun } from './compare-runs.ts';

/** At most this many runs from one folder: a baseline set, not an archive. */
export const MAX_RUNS_PER_FOLDER = 50;

export function readRun(summaryPath: string, source = summaryPath): LoadedRun {
  let text: string;
  try {
    text = readFileSync(summaryPath, 'utf8');
  } catch (err) {
    throw new CompareError('PD_CMP_NO_RUN', `cannot read ${summaryPath}: ${(err as Error).message}`, err);
  }
  try {
    return { source, result: parseSummary(text, summaryPath) };
  } catch (err) {
    if (err instanceof ResultsError) throw new CompareError('PD_CMP_BAD_RUN', err.message, err);
    throw err;
  }
}

/** The run folders a path names (see the file comment); each holds summary.json. */
export function runFolders(path: string): string[] {
  if (!existsSync(path)) throw new CompareError('PD_CMP_NO_RUN', `no such file or folder "${path}"`);
  if (statSync(path).isFile()) return [path];
  if (existsSync(join(path, 'summary.json'))) return [path];
  const inside = readdirSync(path, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(path, d.name, 'summary.json')))
    .map((d) => join(path, d.name))
    .sort((a, b) => basename(a).localeCompare(basename(b)));
  if (inside.length === 0) throw new CompareError('PD_CMP_NO_RUN', `"${path}" holds no summary.json, nor any folder holding one`);
  if (inside.length > MAX_RUNS_PER_FOLDER) throw new CompareError('PD_CMP_NO_RUN', `"${path}" holds ${inside.length} runs; at most ${MAX_RUNS_PER_FOLDER} are read (name the ones to use)`);
  return inside;
}

/** Every run the paths name, in order. */
export function readRuns(paths: readonly string[]): LoadedRun[] {
  return paths.flatMap((p) => runFolders(p).map((f) => (statSync(f).isFile() ? readRun(f) : readRun(join(f, 'summary.json'), f))));
}
