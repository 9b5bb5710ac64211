/**
 * `peakday compare <baseline> <current>`: the current run against a baseline (one run, or a
 * folder of runs, or several `--baseline`), per figure and per standard, allowing for noise.
 * Exit 0 no regression, 1 a regression, 2 the comparison could not be made.
 */
import { flag, type FlagSpecs, type ParsedArgs } from '../../lib/cli/args.ts';
import { readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { CompareError } from './compare-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { compareRuns } from './compare-runs.ts';
import { readRuns } from './read-runs.ts';
import { renderComparisonText } from './render-text.ts';
import { readTolerancesFile, resolveTolerances, type ToleranceOverrides, type Tolerances } from './tolerances.ts';

export const TOLERANCE_FLAGS: FlagSpecs = {
  tolerances: { kind: 'string', help: 'a tolerances JSON file (see src/compare/tolerances.ts)' },
  'latency-rel': { kind: 'number', min: 0, max: 100, help: 'latency change allowed, relative (default 0.25 = 25%)' },
  'latency-abs': { kind: 'number', min: 0, help: 'latency change allowed, in ms (default 5)' },
  'rate-abs': { kind: 'number', min: 0, max: 1, help: 'rate change allowed, as a share (default 0.005)' },
  'spread-factor': { kind: 'number', min: 0, help: "widen the band by this × the baseline runs' range (default 1)" },
  'min-tail-samples': { kind: 'number', min: 0, integer: true, help: 'judge a percentile only with this many samples above it (default 5)' },
};

const COMMAND: Command = {
  name: 'peakday compare',
  flags: {
    baseline: { kind: 'list', help: 'a baseline run, summary.json or folder of runs (repeatable; then only <current> is positional)' },
    ...TOLERANCE_FLAGS,
    json: { kind: 'boolean', help: 'print the comparison as JSON' },
    all: { kind: 'boolean', help: 'also list the figures shown for context only' },
  },
  positionals: true,
  badInput: ExitCode.NO_ANSWER,
  about: `usage: peakday compare <baseline> <current> [flags]
       peakday compare --baseline <run> [--baseline <run>...] <current> [flags]

<baseline> and <current> are result folders (results/<time>-<scenario>/) or summary.json files;
a baseline may be a folder of run folders (results/baselines/promo/): the spread of several
baseline runs widens the noise band. Exit 0: no regression; 1: a regression; 2: bad input.`,
};

/** Tolerances from --tolerances and the tolerance flags (flags win). Throws on a bad file. */
export function tolerancesFromFlags(p: ParsedArgs): Tolerances {
  const file = flag.str(p, 'tolerances');
  const fromFlags: ToleranceOverrides = {};
  const latRel = flag.num(p, 'latency-rel');
  const latAbs = flag.num(p, 'latency-abs');
  if (latRel !== undefined || latAbs !== undefined) fromFlags.latency = { ...(latRel !== undefined ? { relative: latRel } : {}), ...(latAbs !== undefined ? { absolute: latAbs } : {}) };
  const rateAbs = flag.num(p, 'rate-abs');
  if (rateAbs !== undefined) fromFlags.rate = { absolute: rateAbs };
  const sf = flag.num(p, 'spread-factor');
  if (sf !== undefined) fromFlags.spread_factor = sf;
  const mts = flag.num(p, 'min-tail-samples');
  if (mts !== undefined) fromFlags.min_tail_samples = mts;
  return resolveTolerances(file ? readTolerancesFile(file) : {}, fromFlags);
}

export async function main(argv: string[]): Promise<number> {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl.exit;
  const { args: p, problems: errors } = cl;
  const explicit = flag.list(p, 'baseline');
  let baselinePaths: string[] = explicit;
  let currentPath: string | undefined;
  if (explicit.length > 0) {
    if (p.positionals.length !== 1) errors.push(`with --baseline, name exactly one current run (got ${p.positionals.length})`);
    currentPath = p.positionals[0];
  } else {
    if (p.positionals.length !== 2) errors.push(`name a baseline and a current run (got ${p.positionals.length} argument${p.positionals.length === 1 ? '' : 's'})`);
    baselinePaths = p.positionals.slice(0, 1);
    currentPath = p.positionals[1];
  }
  if (errors.length > 0 || currentPath === undefined) return refuse(COMMAND, errors);
  try {
    const tol = tolerancesFromFlags(p);
    const baselines = readRuns(baselinePaths);
    const [current] = readRuns([currentPath]);
    if (!current) throw new CompareError('PD_CMP_NO_RUN', `no run in "${currentPath}"`);
    const c = compareRuns(baselines, current, tol);
    process.stdout.write(flag.bool(p, 'json') ? `${JSON.stringify(c, null, 2)}\n` : renderComparisonText(c, { all: flag.bool(p, 'all') }));
    return c.regression ? ExitCode.REGRESSION : ExitCode.OK;
  } catch (err) {
    if (err instanceof CompareError) {
      process.stderr.write(`peakday compare: ${err.message} [${err.code}]\n`);
      return ExitCode.NO_ANSWER;
    }
    throw err;
  }
}
