/**
 * `peakday run <scenario> [flags]`: the harness's command line. Reached through
 * `peakday run` when its first argument names a scenario in load/ rather than a script file.
 */
import { describeFlags } from '../../lib/cli/args.ts';
import { HARNESS_FLAGS, readHarnessConfig, scenarioNames } from './harness-config.ts';
import { runRounds } from './repeat-rounds.ts';
import { runScenarioEndToEnd } from './run-scenario.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';

/** Exported for `peakday run --help`, which lists both forms of `run`. */
export const USAGE = `usage: peakday run <scenario> [flags]

Starts the mock platform and the reference stack (or uses --mock-url / --stack-url), seeds
them, runs the scenario, drains, reconciles, judges it against the standards and writes
results/<time>-<scenario>/. Exit 0 when every standard holds, 99 when one fails, 97 when the
run cannot be trusted (the generator fell behind), k6's codes otherwise.

certify --repeat every=5m,count=12 runs certify (its checks and a steady probe) in rounds, each
in its own folder under results/<time>-certify-repeat/ with rounds.json summarising them; the
first failing round ends it with that round's code, unless --keep-going.

scenarios: ${scenarioNames().join(', ')}

flags:
${describeFlags(HARNESS_FLAGS)}
`;

export async function main(argv: string[]): Promise<number> {
  const { config, errors, help } = readHarnessConfig(argv);
  if (help) {
    process.stdout.write(USAGE);
    return ExitCode.OK;
  }
  if (!config) {
    process.stderr.write(`peakday run: ${errors.length} problem${errors.length > 1 ? 's' : ''}:\n  ${errors.join('\n  ')}\n\n${USAGE}`);
    return ExitCode.INVALID_CONFIG;
  }
  if (config.repeat) {
    const rounds = await runRounds(config.repeat, {
      outRoot: config.outDir,
      runRound: (outDir) => runScenarioEndToEnd({ ...config, outDir }),
      log: (line) => process.stderr.write(line + '\n'),
      print: (text) => process.stdout.write(text),
    });
    return rounds.exitCode;
  }
  const outcome = await runScenarioEndToEnd(config);
  return outcome.exitCode;
}
