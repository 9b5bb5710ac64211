/**
 * `peakday <command>`: each command lives with the part it belongs to and is loaded only when
 * called, so `peakday mock` never pays for the runtime and the other way round.
 */

export type CommandMain = (argv: string[]) => Promise<number>;

interface Command {
  summary: string;
  load: () => Promise<{ main: CommandMain }>;
}

const COMMANDS: Record<string, Command> = {
  mock: {
    summary: 'start the mock TikTok Shop platform on loopback',
    load: () => import('../../mocks/tiktok-shop/cli.ts'),
  },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `usage: peakday <command> [flags]\n\ncommands:\n${lines.join('\n')}\n\n'peakday <command> --help' for a command's flags.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`peakday: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const mod = await cmd.load();
  return mod.main(rest);
}
