/**
 * What `peakday run` prints on stdout when the results are written: the verdict and the
 * standards table, then for a soak the drift (and what it could not judge), and the first standard to
 * break (stress, or any run that broke).
 */
import type { RunResult } from '../results/run-result.ts';
import { renderTerminal } from '../results/terminal-table.ts';
import { drifting, growthText, notJudged } from './drift.ts';

export function printRunEnd(result: RunResult, opts: { color: boolean; reportPath: string }): void {
  process.stdout.write(renderTerminal(result, { color: opts.color, reportPath: opts.reportPath }) + '\n');
  if (result.scenario === 'soak') process.stdout.write(driftLine(result));
  const first = result.breaking_points?.[0];
  if (first) {
    process.stdout.write(`  first to break: ${first.standard} at ${first.at_s} s, with ${first.order_rate} orders/s offered\n`);
  }
}

function driftLine(result: RunResult): string {
  const figures = result.drift ?? [];
  const climbing = drifting(figures);
  const unjudged = figures.flatMap((f) => {
    const why = notJudged(f);
    return why === undefined ? [] : [`${f.what} (${why})`];
  });
  const verdict = climbing.length === 0
    ? `  drift: none (heap after GC, event-loop delay and lags flat once warmed up)\n`
    : `  drift: ${climbing.map((f) => `${f.what} +${growthText(f)}`).join('; ')}\n`;
  return unjudged.length === 0 ? verdict : `${verdict}  drift not judged: ${unjudged.join('; ')}\n`;
}
