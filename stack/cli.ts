/**
 * `peakday stack`: starts the reference integration stack. With --json prints two lines on
 * stdout: `{"ready":false,"url":...}` once it listens (whoever started it may then watch
 * GET /ready, which names the last start-up failure) and `{"ready":true,"url":...}` once ready;
 * logs go to stderr. Stops cleanly on SIGINT/SIGTERM (server closed, workers drained, database
 * flushed and closed, exit 0).
 */
import { stopWhenParentDies } from '../lib/process/parent-watch.ts';
import { describeFlags } from '../lib/cli/args.ts';
import { FLAG_SPECS, resolveConfig } from './config.ts';
import { startStack } from './stack.ts';
import { ExitCode } from '../lib/cli/exit-codes.ts';

const USAGE = `usage: peakday stack --tiktok-url URL [--app-key K --app-secret S --access-token T] [flags]\n\n`;

export async function main(argv: string[]): Promise<number> {
  const r = resolveConfig(argv, process.env);
  if (r.help) {
    process.stdout.write(USAGE + describeFlags(FLAG_SPECS) + '\n');
    return ExitCode.OK;
  }
  if (!r.config) {
    process.stderr.write(`peakday stack: invalid configuration:\n${r.errors.map((e) => `  - ${e}`).join('\n')}\n`);
    return ExitCode.USAGE;
  }
  const cfg = r.config;
  const status = (line: string) => r.quiet || process.stderr.write(line);
  let stack;
  try {
    stack = await startStack(cfg);
  } catch (e) {
    process.stderr.write(`peakday stack: could not start: ${(e as Error).message}\n`);
    return ExitCode.FAILED;
  }
  const running = stack;
  if (cfg.json) process.stdout.write(JSON.stringify({ ready: false, url: running.url }) + '\n');
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= running.close());
  const done = new Promise<number>((resolve) => {
    const onSignal = (sig: NodeJS.Signals) => {
      status(`peakday stack: ${sig}, stopping\n`);
      stop().then(
        () => resolve(ExitCode.OK),
        (e) => {
          process.stderr.write(`peakday stack: error while stopping: ${(e as Error).message}\n`);
          resolve(ExitCode.FAILED);
        },
      );
    };
    stopWhenParentDies();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  const failed = running.ready.then(
    () => {
      if (cfg.json) process.stdout.write(JSON.stringify({ ready: true, url: running.url }) + '\n');
      else status(`peakday stack ready on ${running.url}\n`);
      return new Promise<number>(() => undefined); // runs until a signal
    },
    async (e: Error) => {
      if (stopping) return new Promise<number>(() => undefined); // closed by a signal: `done` answers
      process.stderr.write(`peakday stack: ${e.message}\n`);
      await stop();
      return ExitCode.FAILED;
    },
  );
  return Promise.race([done, failed]);
}
