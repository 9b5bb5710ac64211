/**
 * `peakday merge <dir|file>... [--out DIR]`: one test run in parts (execution segments, on
 * several machines or pods), summarised as one. Prints the k6 end-of-test summary of the
 * merged registry; with --out, writes there `summary.txt`, `summary-export.json` (k6's
 * legacy `--summary-export` form), `summary.json` (handleSummary's data) and
 * `merged-snapshot.json` (the merged run snapshot, segment 0:1).
 *
 * Exit: 0, 99 when a threshold fails on the merged run, a part's own failure code when a part
 * failed otherwise, 104 when the parts cannot be merged (missing or overlapping segments,
 * different scripts, unreadable files) — the message says which.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { flag } from '../../lib/cli/args.ts';
import { colorAllowed, readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { DistributedError } from './distributed-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { mergeRuns, renderMerged } from './merge-runs.ts';
import { readSnapshots } from './read-snapshots.ts';
import { RUN_SNAPSHOT_FORMAT, writeRunSnapshot } from '../runtime/run-snapshot.ts';

const COMMAND: Command = {
  name: 'peakday merge',
  flags: {
    out: { kind: 'string', short: 'o', help: 'write summary.txt, summary-export.json, summary.json and merged-snapshot.json to this folder' },
  },
  positionals: true,
  badInput: ExitCode.INVALID_CONFIG,
  about: `usage: peakday merge <dir|snapshot.json>... [flags]

Merges the parts of one test run with execution segments, e.g. on two machines:
  peakday run load.js --execution-segment 0:1/2 --execution-segment-sequence 0,1/2,1 --out snapshot=a/snapshot.json
  peakday run load.js --execution-segment 1/2:1 --execution-segment-sequence 0,1/2,1 --out snapshot=b/snapshot.json
  peakday merge a b --out merged
The segments must cover 0:1 exactly once; HDR histograms merge exactly; thresholds are
evaluated on the merged run. With --quiet (and --out) the summary is only written, not printed.`,
};

export async function main(argv: string[]): Promise<number> {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl.exit;
  const { args: p, problems: errors } = cl;
  if (p.positionals.length === 0) errors.push('name at least one folder or snapshot file');
  if (flag.bool(p, 'quiet') && flag.str(p, 'out') === undefined) errors.push('--quiet needs --out (otherwise the merge would print nothing)');
  if (errors.length > 0) return refuse(COMMAND, errors);
  try {
    const found = await readSnapshots(p.positionals);
    const color = colorAllowed(p, process.stdout);
    const merged = mergeRuns(
      found.map((f) => f.snapshot),
      { labels: found.map((f) => f.file), noColor: !color, isStdOutTTY: process.stdout.isTTY === true, isStdErrTTY: process.stderr.isTTY === true },
    );
    const { text, summaryExport } = renderMerged(merged, { color });
    const out = flag.str(p, 'out');
    if (out !== undefined) {
      const dir = resolve(out);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, 'summary.txt'), renderMerged(merged).text);
      await writeFile(join(dir, 'summary-export.json'), JSON.stringify(summaryExport, null, 2) + '\n');
      await writeFile(join(dir, 'summary.json'), JSON.stringify(merged.summary, null, 2) + '\n');
      const first = (found[0] as (typeof found)[number]).snapshot;
      await writeRunSnapshot(join(dir, 'merged-snapshot.json'), {
        format: RUN_SNAPSHOT_FORMAT,
        script: first.script,
        segment: '0:1',
        sequence: null,
        exit_code: merged.exitCode,
        started_at: merged.startedAt,
        ended_at: merged.endedAt,
        test_run_duration_ms: merged.testRunDurationMs,
        options: first.options,
        root_group: merged.summary.root_group,
        metrics: merged.registry.snapshot(),
      });
    }
    if (!flag.bool(p, 'quiet')) process.stdout.write(text);
    process.stderr.write(`peakday merge: ${found.length} part${found.length === 1 ? '' : 's'} merged (${found.map((f) => f.snapshot.segment).join(', ')})\n`);
    for (const r of merged.reasons) process.stderr.write(`peakday merge: ${r}\n`);
    return merged.exitCode;
  } catch (e) {
    if (e instanceof DistributedError) {
      process.stderr.write(`peakday merge: ${e.code}: ${e.message}\n`);
      return ExitCode.INVALID_CONFIG;
    }
    throw e;
  }
}
