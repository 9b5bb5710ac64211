/**
 * `peakday run <script.ts|bundle.js> [flags]`: runs a k6 script on the peakday runtime, like
 * `k6 run`. A first argument that is not a script file (a scenario name, e.g. `promo`) is
 * handed to the harness (`src/harness/cli.ts`) when it exists.
 * Progress and logs go to stderr; the end-of-test summary (or handleSummary's stdout) to stdout.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeFlags, flag, parseArgs, type FlagSpecs } from '../../lib/cli/args.ts';
import { COMMON_FLAGS } from '../../lib/cli/command.ts';
import { stopWhenParentDies } from '../../lib/process/parent-watch.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { parseDuration } from './duration.ts';
import { attachProgress } from './progress.ts';
import { runTest, type RunTestOptions } from './run-test.ts';
import { SCRIPT_EXTENSIONS } from './script-loader.ts';

const FLAGS: FlagSpecs = {
  env: { kind: 'list', short: 'e', help: 'K=V: set __ENV.K (repeatable)' },
  'summary-export': { kind: 'string', help: 'write the legacy JSON summary to this file' },
  out: { kind: 'list', short: 'o', help: 'json=FILE (NDJSON samples), hdr=DIR (HDR logs of the Trends) or snapshot=FILE (for peakday merge)' },
  'execution-segment': { kind: 'string', help: 'this instance\'s share, e.g. 1/4:2/4' },
  'execution-segment-sequence': { kind: 'string', help: 'all instances\' boundaries, e.g. 0,1/4,2/4,3/4,1' },
  vus: { kind: 'number', short: 'u', integer: true, min: 1, help: 'VUs (shortcut; replaces the script\'s scenarios)' },
  duration: { kind: 'string', short: 'd', help: 'duration, e.g. 30s (shortcut)' },
  iterations: { kind: 'number', short: 'i', integer: true, min: 1, help: 'total iterations (shortcut)' },
  'allow-remote': { kind: 'list', help: 'HOST: allow load to this non-loopback host (repeatable); TikTok hosts are always refused' },
  ...COMMON_FLAGS,
};

const USAGE = `usage: peakday run <script.ts|bundle.js|scenario-name> [flags]\n\n${describeFlags(FLAGS)}\n`;

const HARNESS_CLI = join(dirname(fileURLToPath(import.meta.url)), '..', 'harness', 'cli.ts');

/** `peakday run --help`: the script form's flags, then the scenario form's (the harness's). */
async function fullUsage(): Promise<string> {
  if (!existsSync(HARNESS_CLI)) return USAGE;
  const harness = (await import(HARNESS_CLI)) as { USAGE: string };
  return `${USAGE}\n${harness.USAGE}`;
}

function isScriptFile(p: string): boolean {
  return SCRIPT_EXTENSIONS.includes(extname(p)) && existsSync(p) && statSync(p).isFile();
}

export async function main(argv: string[]): Promise<number> {
  // the first positional as our flags see it (so `-e K=V script.ts` finds script.ts); a flag
  // of the harness unknown here leaves its value positional, which also routes to the harness
  const first = parseArgs(argv, FLAGS).positionals[0];
  if (first !== undefined && !isScriptFile(first)) {
    if (!SCRIPT_EXTENSIONS.includes(extname(first)) && existsSync(HARNESS_CLI)) {
      const mod = (await import(HARNESS_CLI)) as { main(argv: string[]): Promise<number> };
      return mod.main(argv);
    }
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(await fullUsage());
      return ExitCode.OK;
    }
    process.stderr.write(`peakday run: no such script "${first}" (expected an existing .ts, .js, .mjs or .cjs file)\n`);
    return ExitCode.INVALID_CONFIG;
  }
  const p = parseArgs(argv, FLAGS);
  if (flag.bool(p, 'help')) {
    process.stdout.write(await fullUsage());
    return ExitCode.OK;
  }
  const errors = [...p.errors];
  if (p.positionals.length !== 1) errors.push(p.positionals.length === 0 ? 'missing the script to run' : `one script at a time (got ${p.positionals.join(', ')})`);
  const env: Record<string, string> = {};
  for (const kv of flag.list(p, 'env')) {
    const eq = kv.indexOf('=');
    if (eq <= 0) errors.push(`-e needs K=V, got "${kv}"`);
    else env[kv.slice(0, eq)] = kv.slice(eq + 1);
  }
  let jsonOut: string | undefined;
  let hdrLogDir: string | undefined;
  let snapshotOut: string | undefined;
  for (const o of flag.list(p, 'out')) {
    const m = /^(json|hdr|snapshot)=(.+)$/.exec(o);
    if (!m) errors.push(`--out takes json=FILE, hdr=DIR or snapshot=FILE, got "${o}"`);
    else if (m[1] === 'json') jsonOut = m[2];
    else if (m[1] === 'snapshot') snapshotOut = m[2];
    else hdrLogDir = m[2];
  }
  let durationMs: number | undefined;
  const d = flag.str(p, 'duration');
  if (d !== undefined) {
    const r = parseDuration(d);
    if (!r.ok) errors.push(`--duration: ${r.error}`);
    else durationMs = r.ms;
  }
  if (errors.length) {
    process.stderr.write(errors.map((e) => `peakday run: ${e}\n`).join('') + `\n${USAGE}`);
    return ExitCode.INVALID_CONFIG;
  }
  const quiet = flag.bool(p, 'quiet');
  const noColor = flag.bool(p, 'no-color') || process.env.NO_COLOR !== undefined;
  const opts: RunTestOptions = {
    script: p.positionals[0] as string,
    env,
    systemEnv: true,
    cli: {
      ...(flag.num(p, 'vus') !== undefined ? { vus: flag.num(p, 'vus') } : {}),
      ...(durationMs !== undefined ? { durationMs } : {}),
      ...(flag.num(p, 'iterations') !== undefined ? { iterations: flag.num(p, 'iterations') } : {}),
      noColor,
    },
    ...(flag.str(p, 'execution-segment') ? { executionSegment: flag.str(p, 'execution-segment') } : {}),
    ...(flag.str(p, 'execution-segment-sequence') ? { executionSegmentSequence: flag.str(p, 'execution-segment-sequence') } : {}),
    allowRemote: flag.list(p, 'allow-remote'),
    ...(flag.str(p, 'summary-export') ? { summaryExport: flag.str(p, 'summary-export') } : {}),
    ...(jsonOut ? { jsonOut } : {}),
    ...(hdrLogDir ? { hdrLogDir } : {}),
    ...(snapshotOut ? { snapshotOut } : {}),
    noColor,
    isStdOutTTY: process.stdout.isTTY === true,
    isStdErrTTY: process.stderr.isTTY === true,
  };
  // a generator worker started by `peakday run <scenario> --workers N` stops (and still writes
  // its snapshot) when the harness is gone; without PEAKDAY_PARENT_PID this does nothing
  stopWhenParentDies();
  let detach: (() => void) | undefined;
  let onSignal: (() => void) | undefined;
  opts.onEngine = (engine) => {
    detach = attachProgress(engine, process.stderr, { tty: process.stderr.isTTY === true, quiet });
    onSignal = () => engine.interrupt('received a stop signal');
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  };
  const r = await runTest(opts);
  detach?.();
  if (onSignal) {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (r.error && (r.exitCode === ExitCode.INVALID_CONFIG || r.exitCode === ExitCode.SCRIPT_EXCEPTION || r.exitCode === ExitCode.SCRIPT_ABORTED)) {
    process.stderr.write(`peakday run: ${r.error.message}\n`);
  }
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  return r.exitCode;
}
