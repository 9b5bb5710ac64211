/**
 * Runs `peakday run <scenario>` as a real child process, the way a user does, and reads back
 * the result folder it wrote. Shared by the end-to-end tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunResult } from '../../results/run-result.ts';

const BIN = join(dirname(fileURLToPath(import.meta.url)), '../../../bin/peakday.mjs');

export interface PeakdayRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  outDir: string;
  result?: RunResult;
}

/**
 * Latency limits 4x the defaults (fixtures/shared-machine-latency.json), for the end-to-end
 * tests that must pass: on a shared two-core machine a neighbour's load can stretch a p99 of a
 * few hundred samples past its default, and those tests judge something else. The defect cases
 * run on the defaults.
 */
export const SHARED_MACHINE_STANDARDS = ['--standards', join(dirname(fileURLToPath(import.meta.url)), 'fixtures/shared-machine-latency.json')];

/** A promo short enough for a test (about 20 s of load) at rates this machine holds easily. */
export const SHORT_PROMO = [
  '-e', 'BASE_RATE=10', '-e', 'PEAK_RATE=40', '-e', 'BASELINE_S=4', '-e', 'RAMP_S=2', '-e', 'HOLD_S=8',
  '-e', 'DROP_S=2', '-e', 'TAIL_S=3', '-e', 'STOCK_RATE=10', '-e', 'SHIP_RATE=10',
  '--skus', '40', '--initial-stock', '30',
];

/**
 * `onStderr` sees the run's log as it comes (say, to find the dashboard's URL) and the process
 * (say, to signal it). `result` is the summary.json of the first folder written, if it has one.
 */
export function runPeakday(
  args: readonly string[],
  env: Record<string, string> = {},
  timeoutMs = 240_000,
  onStderr?: (text: string, child: ChildProcess) => void,
): Promise<PeakdayRun> {
  const outDir = mkdtempSync(join(tmpdir(), 'peakday-e2e-'));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', ...args, '--out-dir', outDir, '--quiet', '--no-color'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`peakday run ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const dirs = readdirSync(outDir);
      const summary = dirs[0] ? join(outDir, dirs[0], 'summary.json') : undefined;
      const result = summary && existsSync(summary) ? (JSON.parse(readFileSync(summary, 'utf8')) as RunResult) : undefined;
      resolve({ exitCode: code, stdout, stderr, outDir, ...(result ? { result } : {}) });
    });
  });
}
