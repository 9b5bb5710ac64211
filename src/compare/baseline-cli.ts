/**
 * `peakday baseline update <result-dir>...` accepts runs as the baseline of their scenario, on
 * purpose; `peakday baseline list` shows what is stored. See baseline-store.ts for the rules.
 */
import { relative } from 'node:path';
import { flag } from '../../lib/cli/args.ts';
import { readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { CompareError } from './compare-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { DEFAULT_BASELINE_ROOT, listBaselines, MAX_KEEP, updateBaselines } from './baseline-store.ts';

const COMMAND: Command = {
  name: 'peakday baseline',
  flags: {
    root: { kind: 'string', help: `where baselines live (default ${DEFAULT_BASELINE_ROOT})` },
    add: { kind: 'boolean', help: "add to the scenario's baseline runs instead of replacing them" },
    keep: { kind: 'number', integer: true, min: 1, max: MAX_KEEP, help: 'keep at most this many runs per scenario, newest (default 5)' },
    force: { kind: 'boolean', help: 'accept an interrupted, aborted or untrusted run' },
  },
  positionals: true,
  badInput: ExitCode.NO_ANSWER,
  about: `usage: peakday baseline update <result-dir>... [flags]
       peakday baseline list [--root DIR]

update copies each run's summary.json (trimmed of series, secrets masked) and HDR logs into
<root>/<scenario>/<run>/; the runs given replace that scenario's baseline set unless --add.
Commit the folder: \`npm run load:nightly\` compares with it.`,
};

export async function main(argv: string[]): Promise<number> {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl.exit;
  const { args: p, problems: errors } = cl;
  const [action, ...dirs] = p.positionals;
  if (action !== 'update' && action !== 'list') errors.push(action === undefined ? 'name an action: update or list' : `unknown action "${action}" (update or list)`);
  if (action === 'update' && dirs.length === 0) errors.push('name at least one result folder to accept as a baseline');
  if (action === 'list' && dirs.length > 0) errors.push(`list takes no arguments (got ${dirs.join(' ')})`);
  if (errors.length > 0) return refuse(COMMAND, errors);
  const root = flag.str(p, 'root') ?? DEFAULT_BASELINE_ROOT;
  if (action === 'list') {
    const all = listBaselines(root);
    if (Object.keys(all).length === 0) process.stdout.write(`no baselines in ${root}\n`);
    for (const [scenario, runs] of Object.entries(all)) process.stdout.write(`${scenario}: ${runs.length} run${runs.length === 1 ? '' : 's'}\n${runs.map((r) => `  ${relative('.', r)}\n`).join('')}`);
    return ExitCode.OK;
  }
  try {
    const stored = updateBaselines(dirs, { root, add: flag.bool(p, 'add'), keep: flag.num(p, 'keep'), force: flag.bool(p, 'force') });
    for (const s of stored) process.stdout.write(`baseline ${s.scenario}: ${relative('.', s.dir)} (from ${s.from})\n`);
    return ExitCode.OK;
  } catch (err) {
    if (err instanceof CompareError) {
      process.stderr.write(`peakday baseline: ${err.message} [${err.code}]\n`);
      return ExitCode.NO_ANSWER;
    }
    throw err;
  }
}
