import { describe, expect, it } from 'vitest';
import { parseArgs, type FlagSpecs } from '../args.ts';

const specs: FlagSpecs = {
  port: { kind: 'number', help: 'port', min: 0, max: 65535, integer: true },
  scale: { kind: 'number', help: 'scale', min: 0.01 },
  offset: { kind: 'number', help: 'may be negative' },
  seed: { kind: 'string', help: 'seed' },
  env: { kind: 'list', short: 'e', help: 'env' },
  'no-color': { kind: 'boolean', help: 'no colour' },
  watch: { kind: 'number', help: 'watch port', min: 0, max: 65535, integer: true, optionalValue: true },
};

const cases: { name: string; argv: string[]; flags?: Record<string, unknown>; pos?: string[]; errors?: string[] }[] = [
  { name: 'long flag with separate value', argv: ['--port', '80'], flags: { port: 80 } },
  { name: 'long flag with inline value', argv: ['--seed=abc'], flags: { seed: 'abc' } },
  { name: 'inline value may contain =', argv: ['--seed=a=b'], flags: { seed: 'a=b' } },
  { name: 'short list flag repeats', argv: ['-e', 'A=1', '-e', 'B=2'], flags: { env: ['A=1', 'B=2'] } },
  { name: 'boolean flag', argv: ['--no-color'], flags: { 'no-color': true } },
  { name: 'positionals around flags', argv: ['run', '--port', '1', 'x.ts'], flags: { port: 1 }, pos: ['run', 'x.ts'] },
  { name: 'double dash ends flags', argv: ['--', '--port'], flags: {}, pos: ['--port'] },
  { name: 'lone dash is positional', argv: ['-'], flags: {}, pos: ['-'] },
  { name: 'a negative number after a flag is its value', argv: ['--offset', '-3'], flags: { offset: -3 } },
  { name: 'a negative fraction after a flag is its value', argv: ['--offset', '-.5'], flags: { offset: -0.5 } },
  { name: 'a negative number alone is positional', argv: ['-1'], flags: {}, pos: ['-1'] },
  { name: 'separate negative value: same message as inline', argv: ['--scale', '-1'], errors: ['flag --scale must be >= 0.01, got -1'] },
  { name: 'inline negative value', argv: ['--scale=-1'], errors: ['flag --scale must be >= 0.01, got -1'] },
  { name: 'a dash-letter token is still a flag, not a value', argv: ['--seed', '-x'], errors: ['flag --seed needs a value', 'unknown flag -x'] },
  { name: 'unknown long flag', argv: ['--nope'], errors: ['unknown flag --nope'] },
  { name: 'unknown short flag', argv: ['-x'], errors: ['unknown flag -x'] },
  { name: 'missing value at end', argv: ['--seed'], errors: ['flag --seed needs a value'] },
  { name: 'missing value before flag', argv: ['--seed', '--no-color'], errors: ['flag --seed needs a value'] },
  { name: 'not a number', argv: ['--port', 'ten'], errors: ['flag --port needs a number, got "ten"'] },
  { name: 'fractional port', argv: ['--port', '1.5'], errors: ['flag --port needs a whole number, got "1.5"'] },
  { name: 'port out of range', argv: ['--port', '70000'], errors: ['flag --port must be <= 65535, got 70000'] },
  { name: 'boolean with value', argv: ['--no-color=yes'], errors: ['flag --no-color takes no value (got "yes")'] },
  { name: 'repeated scalar', argv: ['--seed', 'a', '--seed', 'b'], errors: ['flag --seed given more than once'] },
  { name: 'malformed name', argv: ['--Port'], errors: ['malformed flag "--Port"'] },
  { name: 'optional value left out at the end', argv: ['--watch'], flags: { watch: true } },
  { name: 'optional value left out before a positional', argv: ['--watch', 'promo'], flags: { watch: true }, pos: ['promo'] },
  { name: 'optional value given', argv: ['--watch', '8080'], flags: { watch: 8080 } },
  { name: 'optional value inline', argv: ['--watch=0'], flags: { watch: 0 } },
  { name: 'optional value checked like any number', argv: ['--watch=x'], errors: ['flag --watch needs a number, got "x"'] },
  {
    name: 'reports every problem',
    argv: ['--nope', '--port', 'x', '--seed'],
    errors: ['unknown flag --nope', 'flag --port needs a number, got "x"', 'flag --seed needs a value'],
  },
];

describe('parseArgs', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = parseArgs(c.argv, specs);
      expect(p.errors).toEqual(c.errors ?? []);
      if (c.flags) expect(p.flags).toEqual(c.flags);
      if (c.pos) expect(p.positionals).toEqual(c.pos);
    });
  }
});
