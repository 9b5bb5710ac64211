/**
 * `peakday <command>`: each command lives with the part it belongs to and is loaded only when
 * called, so `peakday mock` never pays for the runtime and the other way round.
 */
import { ExitCode } from '../../lib/cli/exit-codes.ts';

export type CommandMain = (argv: string[]) => Promise<number>;

interface Command {
  summary: string;
  load: () => Promise<{ main: CommandMain }>;
}

const COMMANDS: Record<string, Command> = {
  run: { summary: 'run a k6 script (.ts/.js) on the peakday runtime, like `k6 run`', load: () => import('../runtime/cli.ts') },
  build: { summary: 'bundle load/*.ts into dist/k6/ (for k6) and dist/peakday/ (for `peakday run`)', load: () => import('../runtime/bundler/cli.ts') },
  mock: { summary: 'start the mock TikTok Shop platform on loopback', load: () => import('../../mocks/tiktok-shop/cli.ts') },
  stack: { summary: 'start the reference integration stack (ERP/WMS <-> TikTok Shop connector)', load: () => import('../../stack/cli.ts') },
  'erp-shim': { summary: 'host an ERP adapter (your ERP, your module) as an HTTP server speaking the ERP contract', load: () => import('../erp-adapter/cli.ts') },
  compare: { summary: 'compare a run with baseline runs, per figure and standard, allowing for noise', load: () => import('../compare/cli.ts') },
  baseline: { summary: 'accept result folders as the baseline of their scenario (update), or list them', load: () => import('../compare/baseline-cli.ts') },
  merge: { summary: 'merge the parts of one test run with execution segments (several machines or pods) into one summary', load: () => import('../distributed/merge-cli.ts') },
  capacity: { summary: 'find the highest order rate at which every standard holds, and the headroom against a campaign', load: () => import('../capacity/cli.ts') },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `usage: peakday <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\n'peakday <command> --help' for a command's flags.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // Usage asked for is an answer (stdout, 0); usage because nothing was asked is an error.
    process.stderr.write(usage());
    return ExitCode.USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return ExitCode.OK;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`peakday: unknown command "${name}"\n\n${usage()}`);
    return ExitCode.USAGE;
  }
  const mod = await cmd.load();
  return mod.main(rest);
}
