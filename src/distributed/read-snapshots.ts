/**
 * Finds the run snapshots `peakday merge` was pointed at: each argument is a snapshot file or
 * a folder (one per machine, or one shared folder every pod wrote into); a folder contributes
 * every `*.json` file in it whose `format` is a run snapshot's, so summary exports and other
 * JSON lying next to them are ignored. A folder with none is an error naming it. Each file is
 * checked against the snapshot format (src/runtime/run-snapshot.ts) before it is used.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { looksLikeRunSnapshot, snapshotProblems, type RunSnapshot } from '../runtime/run-snapshot.ts';
import { DistributedError } from './distributed-errors.ts';

export interface FoundSnapshot {
  readonly file: string;
  readonly snapshot: RunSnapshot;
}

export async function readSnapshots(paths: readonly string[]): Promise<FoundSnapshot[]> {
  const found: FoundSnapshot[] = [];
  const problems: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      problems.push(`no such file or folder "${p}"`);
      continue;
    }
    if (!isDir) {
      try {
        found.push({ file: p, snapshot: await readRunSnapshot(p) });
      } catch (e) {
        problems.push((e as Error).message);
      }
      continue;
    }
    const names = (await readdir(p)).filter((n) => n.endsWith('.json')).sort();
    let here = 0;
    for (const n of names) {
      const file = join(p, n);
      let raw: unknown;
      try {
        raw = JSON.parse(await readFile(file, 'utf8'));
      } catch {
        continue; // not JSON we can read: not ours
      }
      if (!looksLikeRunSnapshot(raw)) continue;
      try {
        found.push({ file, snapshot: await readRunSnapshot(file) });
        here++;
      } catch (e) {
        problems.push((e as Error).message);
      }
    }
    if (here === 0 && !problems.some((m) => m.includes(p))) {
      problems.push(`folder "${p}" holds no run snapshot (write one with: peakday run <script> --execution-segment A:B --out snapshot=${join(p, 'snapshot.json')})`);
    }
  }
  if (problems.length > 0) throw new DistributedError(found.length === 0 ? 'PD_DIST_NO_SNAPSHOT' : 'PD_DIST_BAD_SNAPSHOT', problems.join('; '));
  return found;
}

/** Reads and checks one snapshot file; throws PD_DIST_BAD_SNAPSHOT naming the file and the fault. */
export async function readRunSnapshot(file: string): Promise<RunSnapshot> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new DistributedError('PD_DIST_BAD_SNAPSHOT', `${file}: ${(e as Error).message}`, e);
  }
  const problems = snapshotProblems(raw);
  if (problems.length > 0) throw new DistributedError('PD_DIST_BAD_SNAPSHOT', `${file}: ${problems.join('; ')}`);
  return raw as RunSnapshot;
}
