/**
 * Event-loop delay of this process, for the harness's per-process series: a soak must show
 * that no process's loop gets slower over time, and a stall in the stack should be visible
 * next to its CPU. Each read returns the p99 (ms) since the previous read and starts afresh.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

let histogram: IntervalHistogram | undefined;

/** p99 event-loop delay in ms since the last call (0 on the first call, which starts it). */
export function eventLoopDelayP99(): number {
  if (!histogram) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    return 0;
  }
  const p99 = histogram.count > 0 ? histogram.percentile(99) / 1e6 : 0;
  histogram.reset();
  return Math.round(p99 * 100) / 100;
}
