/** A process's sampled series (process-monitor.ts) as the run result keeps it. */
import type { ProcessStats } from '../results/run-result.ts';
import { summarise, type ProcessSeries } from './process-monitor.ts';

export function toProcessStats(startedAt: number) {
  return (s: ProcessSeries): ProcessStats => {
    const sum = summarise(s);
    return {
      role: s.role as ProcessStats['role'],
      pid: s.pid,
      cpu: { series: s.samples.map((x) => ({ t: x.t - startedAt, v: x.cpuPct })), avg: sum.avgCpuPct, max: sum.maxCpuPct },
      rss: { series: s.samples.map((x) => ({ t: x.t - startedAt, v: x.rssBytes })), max_bytes: sum.maxRssBytes },
      ...(sum.maxEldMs !== undefined
        ? {
            event_loop_delay_p99_ms: sum.maxEldMs,
            event_loop_delay: { series: s.samples.flatMap((x) => (x.eldMs === undefined ? [] : [{ t: x.t - startedAt, v: x.eldMs }])) },
          }
        : {}),
      // a process that reports itself reports its full collections, even when it had none
      ...(sum.maxEldMs !== undefined || s.heapAfterGc.length > 0 ? { heap_after_gc: { series: s.heapAfterGc.map((x) => ({ t: x.t - startedAt, v: x.bytes })) } } : {}),
    };
  };
}
