/**
 * `peakday build [files...]`: bundles every load/*.ts (or the files given) into dist/k6/ (what
 * real k6 runs) and dist/peakday/ (what `peakday run` loads), with source maps.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeFlags, parseArgs, type FlagSpecs } from '../../../lib/cli/args.ts';
import { COMMON_FLAGS } from '../../../lib/cli/command.ts';
import { buildScript, BuildError } from './bundle.ts';
import { ExitCode } from '../../../lib/cli/exit-codes.ts';

const FLAGS: FlagSpecs = {
  out: { kind: 'string', help: 'output folder (default dist)' },
  ...COMMON_FLAGS,
};

export async function main(argv: string[]): Promise<number> {
  const p = parseArgs(argv, FLAGS);
  if (p.flags.help) {
    process.stdout.write(`usage: peakday build [files...] [--out DIR]\n\n${describeFlags(FLAGS)}\n`);
    return ExitCode.OK;
  }
  if (p.errors.length) {
    process.stderr.write(p.errors.map((e) => `peakday build: ${e}\n`).join(''));
    return ExitCode.USAGE;
  }
  const out = resolve(String(p.flags.out ?? 'dist'));
  let files = p.positionals;
  if (files.length === 0) {
    const dir = resolve('load');
    if (!existsSync(dir)) {
      process.stderr.write('peakday build: no files given and no load/ folder here\n');
      return ExitCode.USAGE;
    }
    files = readdirSync(dir)
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(dir, f));
  }
  let failed = 0;
  for (const f of files) {
    try {
      const r = await buildScript(resolve(f), out, { k6: true });
      if (p.flags.quiet !== true) process.stdout.write(`built ${f} -> ${r.k6Path}, ${r.runtimePath}\n`);
    } catch (e) {
      failed++;
      process.stderr.write(`peakday build: ${(e as Error).message}\n${e instanceof BuildError ? e.details.slice(1).map((d) => `  ${d}\n`).join('') : ''}`);
    }
  }
  return failed === 0 ? ExitCode.OK : ExitCode.FAILED;
}
