/**
 * Writes a fixture run's results (report.html, summary.json, junit.xml, HDR logs) to look at a
 * report without running a promo:
 *
 *   node --import tsx src/report/test/preview.ts [--fail ID] [--untrusted] [--interrupted] [--chaos] [--out DIR]
 *
 * The figures are synthetic (src/results/test/fixtures/); the page is the real renderer's. It
 * lives with the tests because it is built from their fixtures, which shipped code never imports.
 */
import { parseArgs } from '../../../lib/cli/args.ts';
import { BREAKABLE, buildRunResult } from '../../results/test/fixtures/build-run-result.ts';
import { renderTerminal } from '../../results/terminal-table.ts';
import { writeResults } from '../write-results.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';

const SPECS = {
  fail: { kind: 'string', help: `break one standard: ${BREAKABLE.join(', ')}` },
  untrusted: { kind: 'boolean', help: 'a generator that fell behind' },
  interrupted: { kind: 'boolean', help: 'a run stopped at 40%' },
  chaos: { kind: 'boolean', help: 'with faults injected' },
  out: { kind: 'string', help: 'results folder (default results/preview)' },
} as const;

const { flags, errors } = parseArgs(process.argv.slice(2), SPECS);
const fail = flags.fail as string | undefined;
if (fail !== undefined && !(BREAKABLE as readonly string[]).includes(fail)) errors.push(`--fail: unknown standard "${fail}"`);
if (errors.length > 0) {
  process.stderr.write(`${errors.join('\n')}\n`);
  process.exit(ExitCode.USAGE);
}
const result = buildRunResult({
  ...(fail !== undefined ? { failOn: fail } : {}),
  untrusted: flags.untrusted === true,
  status: flags.interrupted === true ? 'interrupted' : 'completed',
  faults: flags.chaos === true,
  scenario: flags.chaos === true ? 'chaos' : 'promo',
});
const w = writeResults(result, { root: (flags.out as string | undefined) ?? 'results/preview' });
process.stdout.write(renderTerminal(w.result, { color: process.stdout.isTTY === true && !process.env.NO_COLOR }));
