/**
 * `peakday` as a user types it, in-process: where usage goes, exit codes, the common flags
 * every command takes, and `run --help` listing both forms of `run`.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';
import { main } from '../main.ts';

let out = '';
let err = '';
beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('peakday', () => {
  it('bare: usage on stderr, nothing on stdout, exit 2', async () => {
    expect(await main([])).toBe(ExitCode.USAGE);
    expect(out).toBe('');
    expect(err).toMatch(/^usage: peakday <command>/);
  });

  it('--help: usage on stdout, exit 0', async () => {
    expect(await main(['--help'])).toBe(ExitCode.OK);
    expect(out).toMatch(/^usage: peakday <command>/);
    expect(err).toBe('');
  });

  it('run --help lists the harness flags too', async () => {
    expect(await main(['run', '--help'])).toBe(ExitCode.OK);
    for (const f of ['--vus', '--scale', '--standards', '--mock-url', '--stack-url', '--drain-timeout', '--workers']) expect(out).toContain(f);
    expect(out).toContain('usage: peakday run <scenario> [flags]');
  });

  // Each command refuses one bad flag: the common flags beside it must not be refused too.
  const COMMANDS: { argv: string[]; exit: number }[] = [
    { argv: ['capacity', '--max-rate', 'x'], exit: ExitCode.NO_ANSWER },
    { argv: ['compare', '--latency-rel', 'x'], exit: ExitCode.NO_ANSWER },
    { argv: ['baseline', 'list', '--keep', 'x'], exit: ExitCode.NO_ANSWER },
    { argv: ['merge', '--out'], exit: ExitCode.INVALID_CONFIG },
    { argv: ['mock', '--port', 'x'], exit: ExitCode.USAGE },
    { argv: ['stack', '--port', 'x'], exit: ExitCode.USAGE },
    { argv: ['build', '--out'], exit: ExitCode.USAGE },
    { argv: ['run', 'promo', '--seed', 'x'], exit: ExitCode.INVALID_CONFIG },
  ];
  for (const c of COMMANDS)
    it(`${c.argv[0]} takes --quiet, -q and --no-color like every command`, async () => {
      for (const common of [['--quiet', '--no-color'], ['-q']]) {
        err = '';
        expect(await main([...c.argv, ...common])).toBe(c.exit);
        expect(err).not.toMatch(/unknown flag (--quiet|-q|--no-color)/);
        expect(err).toMatch(/--max-rate|--latency-rel|--keep|--out|--port|--seed/);
      }
    });
});
