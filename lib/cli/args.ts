/**
 * Command-line flag parsing shared by every `peakday` command.
 *
 * Grammar (one argv element per token):
 *   argv   = token* ("--" positional*)?
 *   token  = "--" name "=" value        long flag with inline value
 *          | "--" name [value]          long flag; takes the next token unless boolean
 *                                       (an `optionalValue` number takes it only when it is a
 *                                       number; without a value the flag is `true`)
 *          | "-" short [value]          short alias (e.g. -e K=V)
 *          | positional                 anything not starting with "-" (a lone "-" is positional)
 *   name   = [a-z0-9][a-z0-9-]*
 * A token that reads as a negative number ("-1", "-0.5", "-.5") is a value, never a flag: it is
 * the value of a flag waiting for one (`--scale -1` means what `--scale=-1` means), else positional.
 * Flags of kind `list` may repeat and accumulate; any other flag given twice is an error.
 * Every problem is reported (unknown flag, missing value, bad number, repeat), not just the first.
 */

export type FlagKind = 'string' | 'number' | 'boolean' | 'list';

export interface FlagSpec {
  kind: FlagKind;
  short?: string;
  /** One line for `--help`. */
  help: string;
  /** For numbers: inclusive bounds. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** Numbers: the value may be left out (`--dashboard` or `--dashboard 8080`); alone, the flag is `true`. */
  optionalValue?: boolean;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export type FlagValue = string | number | boolean | string[];

export interface ParsedArgs {
  flags: Record<string, FlagValue>;
  positionals: string[];
  errors: string[];
}

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/** True for a token that is a flag rather than a value. */
const isFlagToken = (tok: string): boolean => tok.startsWith('-') && tok !== '-' && !NEGATIVE_NUMBER.test(tok);

export function parseArgs(argv: readonly string[], specs: FlagSpecs): ParsedArgs {
  const flags: Record<string, FlagValue> = {};
  const positionals: string[] = [];
  const errors: string[] = [];
  const byShort = new Map<string, string>();
  for (const [name, s] of Object.entries(specs)) if (s.short) byShort.set(s.short, name);

  let i = 0;
  const set = (name: string, raw: string | undefined, shown: string) => {
    const spec = specs[name];
    if (!spec) {
      errors.push(`unknown flag ${shown}`);
      return;
    }
    if (spec.kind === 'boolean') {
      if (raw !== undefined) errors.push(`flag ${shown} takes no value (got "${raw}")`);
      else if (name in flags) errors.push(`flag ${shown} given more than once`);
      flags[name] = true;
      return;
    }
    let value = raw;
    if (value === undefined && spec.optionalValue) {
      const next = argv[i + 1];
      const isNumber = next !== undefined && next.trim() !== '' && Number.isFinite(Number(next));
      if (!isNumber) {
        if (name in flags) errors.push(`flag ${shown} given more than once`);
        flags[name] = true;
        return;
      }
    }
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || isFlagToken(next)) {
        errors.push(`flag ${shown} needs a value`);
        return;
      }
      value = next;
      i++;
    }
    if (spec.kind === 'list') {
      const prev = flags[name];
      flags[name] = Array.isArray(prev) ? [...prev, value] : [value];
      return;
    }
    if (name in flags) {
      errors.push(`flag ${shown} given more than once`);
      return;
    }
    if (spec.kind === 'number') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) errors.push(`flag ${shown} needs a number, got "${value}"`);
      else if (spec.integer && !Number.isInteger(n)) errors.push(`flag ${shown} needs a whole number, got "${value}"`);
      else if (spec.min !== undefined && n < spec.min) errors.push(`flag ${shown} must be >= ${spec.min}, got ${value}`);
      else if (spec.max !== undefined && n > spec.max) errors.push(`flag ${shown} must be <= ${spec.max}, got ${value}`);
      else flags[name] = n;
      return;
    }
    flags[name] = value;
  };

  for (; i < argv.length; i++) {
    const tok = argv[i] as string;
    if (tok === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq === -1 ? tok.slice(2) : tok.slice(2, eq);
      if (!NAME.test(name)) {
        errors.push(`malformed flag "${tok}"`);
        continue;
      }
      set(name, eq === -1 ? undefined : tok.slice(eq + 1), `--${name}`);
    } else if (isFlagToken(tok)) {
      const short = tok.slice(1);
      const name = byShort.get(short);
      if (!name) errors.push(`unknown flag ${tok}`);
      else set(name, undefined, tok);
    } else {
      positionals.push(tok);
    }
  }
  return { flags, positionals, errors };
}

/** `--help` text: one line per flag, in declaration order. */
export function describeFlags(specs: FlagSpecs): string {
  return Object.entries(specs)
    .map(([name, s]) => {
      const value = s.kind === 'boolean' ? '' : s.optionalValue ? ` [${s.kind}]` : ` <${s.kind}>`;
      const head = `${s.short ? `-${s.short}, ` : ''}--${name}${value}`;
      return `  ${head.padEnd(34)} ${s.help}`;
    })
    .join('\n');
}

/** Typed accessors: the parse already checked kinds, these only narrow. */
export const flag = {
  str: (p: ParsedArgs, n: string): string | undefined => p.flags[n] as string | undefined,
  num: (p: ParsedArgs, n: string): number | undefined => p.flags[n] as number | undefined,
  bool: (p: ParsedArgs, n: string): boolean => p.flags[n] === true,
  list: (p: ParsedArgs, n: string): string[] => (p.flags[n] as string[] | undefined) ?? [],
};
