/**
 * What `peakday run` prints on stdout when the results are written: the verdict and the
 * standards table, then for a soak the drift over the second half, and the first standard to
 * break (stress, or any run that broke).
 */
import type { RunResult } from '../results/run-result.ts';
import { renderTerminal } from '../results/terminal-table.ts';
import { drifting } from './drift.ts';

export function printRunEnd(result: RunResult, opts: { color: boolean; reportPath: string }): void {
  process.stdout.write(renderTerminal(result, { color: opts.color, reportPath: opts.reportPath }) + '\n');
  if (result.scenario === 'soak') process.stdout.write(driftLine(result));
  const first = result.breaking_points?.[0];
  if (first) {
    process.stdout.write(`  first to break: ${first.standard} at ${first.at_s} s, with ${first.order_rate} orders/s offered\n`);
  }
}

function driftLine(result: RunResult): string {
  const climbing = drifting(result.drift ?? []);
  return climbing.length === 0
    ? `  drift: none (memory, event-loop delay and lags flat over the second half)\n`
    : `  drift: ${climbing.map((f) => `${f.what} +${f.what.endsWith(' rss') ? `${(f.per_min / 1048576).toFixed(1)} MiB` : `${f.per_min.toFixed(0)} ms`}/min`).join('; ')}\n`;
}
