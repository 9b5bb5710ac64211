/**
 * `npm run load:nightly [-- flags]`: the nightly set, each run compared with its committed
 * baseline (results/baselines/<scenario>/). Tolerances: results/baselines/tolerances.json when
 * it exists, then --tolerances, then the tolerance flags. A summary of every entry goes to
 * <out-dir>/nightly-<time>.json. Exit 0 no regression, 1 a regression, 2 not comparable.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flag } from '../../lib/cli/args.ts';
import { readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { resultDirName } from '../results/result-dir.ts';
import { DEFAULT_BASELINE_ROOT } from './baseline-store.ts';
import { TOLERANCE_FLAGS, tolerancesFromFlags } from './cli.ts';
import { CompareError } from './compare-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { NIGHTLY_SET } from './nightly-set.ts';
import { runNightly } from './nightly.ts';
import { readTolerancesFile, resolveTolerances } from './tolerances.ts';

const COMMAND: Command = {
  name: 'load:nightly',
  flags: {
    'out-dir': { kind: 'string', help: 'where the runs go (default results)' },
    baselines: { kind: 'string', help: `the committed baselines (default ${DEFAULT_BASELINE_ROOT})` },
    only: { kind: 'list', help: `run only this entry (repeatable): ${NIGHTLY_SET.map((e) => e.name).join(', ')}` },
    ...TOLERANCE_FLAGS,
  },
  positionals: false,
  badInput: ExitCode.NO_ANSWER,
  about: `usage: npm run load:nightly [-- flags]

Runs the nightly set (${NIGHTLY_SET.map((e) => e.name).join(', ')}), compares each run with its
baseline and adds the comparison to the run's report. Exit 0: no regression; 1: a regression;
2: a run could not be compared (no result, or no baseline).`,
};

export async function main(argv: string[]): Promise<number> {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl.exit;
  const { args: p, problems: errors } = cl;
  const only = flag.list(p, 'only');
  for (const n of only) if (!NIGHTLY_SET.some((e) => e.name === n)) errors.push(`--only: no entry "${n}" (known: ${NIGHTLY_SET.map((e) => e.name).join(', ')})`);
  if (errors.length > 0) return refuse(COMMAND, errors);
  const outDir = flag.str(p, 'out-dir') ?? 'results';
  const baselineRoot = flag.str(p, 'baselines') ?? DEFAULT_BASELINE_ROOT;
  try {
    const stored = join(baselineRoot, 'tolerances.json');
    const base = existsSync(stored) ? readTolerancesFile(stored) : {};
    const tolerances = resolveTolerances(base, tolerancesFromFlags(p));
    const set = only.length > 0 ? NIGHTLY_SET.filter((e) => only.includes(e.name)) : NIGHTLY_SET;
    const started = Date.now();
    const outcome = await runNightly({ set, outDir, baselineRoot, tolerances });
    mkdirSync(outDir, { recursive: true });
    const summary = join(outDir, `${resultDirName(started, 'nightly')}.json`);
    writeFileSync(summary, `${JSON.stringify({ started_at: started, ended_at: Date.now(), exit_code: outcome.exitCode, entries: outcome.entries }, null, 2)}\n`);
    for (const e of outcome.entries) {
      const what = e.error ? `NOT COMPARED: ${e.error}` : e.regression ? `REGRESSION: ${(e.regressions ?? []).join(', ')}` : 'no regression';
      process.stdout.write(`nightly ${e.name}: run ${e.verdict ?? 'none'}, ${what}${e.result_dir ? ` (${e.result_dir})` : ''}\n`);
    }
    process.stdout.write(`nightly summary: ${summary}\n`);
    return outcome.exitCode;
  } catch (err) {
    if (err instanceof CompareError) {
      process.stderr.write(`load:nightly: ${err.message} [${err.code}]\n`);
      return ExitCode.NO_ANSWER;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`load:nightly: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = ExitCode.NO_ANSWER;
  },
);
