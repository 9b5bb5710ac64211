/**
 * What every `peakday` command does before its own work: parse the flags (its own plus the
 * common ones), answer `--help` on stdout, and refuse bad input on stderr with every problem
 * listed, the usage, and the command's exit code for input it cannot use.
 */
import { describeFlags, parseArgs, type FlagSpecs, type ParsedArgs } from './args.ts';
import { ExitCode, type ExitCodeValue } from './exit-codes.ts';

/** Flags every command takes, meaning the same everywhere. */
export const COMMON_FLAGS: FlagSpecs = {
  quiet: { kind: 'boolean', short: 'q', help: 'no progress or status lines; errors and the answer still print' },
  'no-color': { kind: 'boolean', help: 'no ANSI colours (NO_COLOR in the environment does the same)' },
  help: { kind: 'boolean', short: 'h', help: 'show this help' },
};

export interface Command {
  /** How the user calls it, the prefix of its messages: "peakday compare", "load:nightly". */
  name: string;
  /** The usage line(s) and the description, before the flag list. */
  about: string;
  /** The command's own flags; the common ones are added. */
  flags: FlagSpecs;
  /** Whether positional arguments are expected; when not, any is a problem. */
  positionals: boolean;
  /** Exit code for input the command cannot use. */
  badInput: ExitCodeValue;
}

export type CommandLine =
  | { exit: ExitCodeValue }
  | { exit?: undefined; args: ParsedArgs; problems: string[] };

/** Every flag the command accepts, its own then the common ones. */
export function commandFlags(cmd: Command): FlagSpecs {
  return { ...cmd.flags, ...COMMON_FLAGS };
}

export function usage(cmd: Command): string {
  return `${cmd.about.trimEnd()}\n\nflags:\n${describeFlags(commandFlags(cmd))}\n`;
}

/**
 * Parses `argv`. `--help` prints the usage and gives `{exit: 0}`; otherwise the parsed flags and
 * the problems found so far, to which the command adds its own before calling `refuse`.
 */
export function readCommandLine(argv: readonly string[], cmd: Command): CommandLine {
  const args = parseArgs(argv, commandFlags(cmd));
  if (args.flags.help === true) {
    process.stdout.write(usage(cmd));
    return { exit: ExitCode.OK };
  }
  const problems = [...args.errors];
  if (!cmd.positionals && args.positionals.length > 0) problems.push(`unexpected argument${args.positionals.length > 1 ? 's' : ''}: ${args.positionals.join(' ')}`);
  return { args, problems };
}

/** Prints every problem and the usage on stderr; the command returns what this returns. */
export function refuse(cmd: Command, problems: readonly string[]): ExitCodeValue {
  const n = problems.length;
  process.stderr.write(`${cmd.name}: ${n} problem${n === 1 ? '' : 's'}:\n  ${problems.join('\n  ')}\n\n${usage(cmd)}`);
  return cmd.badInput;
}

/** Whether colours may be used on a stream: a TTY, no --no-color, no NO_COLOR. */
export function colorAllowed(args: ParsedArgs, stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && args.flags['no-color'] !== true && process.env.NO_COLOR === undefined;
}
