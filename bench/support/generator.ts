/**
 * Child role for the HTTP benches: runs one peakday test in this process (the generator as
 * users run it: the script, its VUs, undici, the metrics) and prints what the benches compare,
 * as one JSON line. CPU is counted from the first iteration's start to the end of the run, so
 * bundling and VU pre-allocation (the same for every rate) do not blur CPU per request.
 * Concurrency is read from the engine's own samples: an iteration is busy from its
 * iteration_start_delay sample to its iteration_duration sample. Percentiles come from the
 * run's own Trends afterwards, so the bench adds no histogram work to the measured CPU.
 * The first second is also counted apart (late starts, VUs busy at once); the start delays
 * after it are kept raw and put in a histogram like the run's own once the run is over. The
 * open model's first fraction of a second runs cold code, and these say how much of a run's
 * p99 that start alone makes.
 */
import diagnostics from 'node:diagnostics_channel';
import type { MetricsRegistry } from '../../src/runtime/metrics/registry.ts';
import type { TrendSink } from '../../src/runtime/metrics/trend-sink.ts';
import { LatencyHistogram } from '../../lib/hdr/latency-histogram.ts';
import { runTest } from '../../src/runtime/run-test.ts';
import type { CliOverrides } from '../../src/runtime/options/script-options.ts';
import { coreTimes, selfCpuSeconds } from './processes.ts';

export interface GeneratorReport {
  cpuS: number;
  wallS: number;
  requests: number;
  failed: number;
  iterations: number;
  dropped: number;
  vusInitialised: number;
  peakBusy: number;
  iterationMeanMs: number;
  startDelayP99: number;
  reqP50: number;
  reqP99: number;
  blockedP99: number;
  /** Connections the runtime opened (undici's `undici:client:connected`), start-up included. */
  connections: number;
  /** Iterations that started more than 5 ms late in the first second, and after it. */
  lateFirstSecond: number;
  lateAfter: number;
  /** Start delay p99 and VUs busy at once after the first second (the run warmed up). */
  startDelayP99After: number;
  peakBusyAfter: number;
  /** Share of `core`'s time that other processes used during the run (when asked for one). */
  othersOnCore?: number;
}

export async function runGenerator(script: string, env: Record<string, string>, cli?: CliOverrides, core?: number): Promise<GeneratorReport> {
  let core0: ReturnType<typeof coreTimes>;
  let cpu0 = -1;
  let t0 = 0;
  let busy = 0;
  let peakBusy = 0;
  let iterSum = 0;
  let iterN = 0;
  let failed = 0;
  let connections = 0;
  let lateFirstSecond = 0;
  let peakBusyAfter = 0;
  const after: number[] = [];
  const connected = () => connections++;
  diagnostics.subscribe('undici:client:connected', connected);
  const r = await runTest({
    script,
    env,
    ...(cli ? { cli } : {}),
    onEngine: (e) =>
      e.registry.onSample((name, value) => {
        switch (name) {
          case 'iteration_start_delay':
            if (cpu0 < 0) {
              if (core !== undefined) core0 = coreTimes(core);
              cpu0 = selfCpuSeconds();
              t0 = performance.now();
            }
            if (++busy > peakBusy) peakBusy = busy;
            if (performance.now() - t0 < 1000) {
              if (value > 5) lateFirstSecond++;
            } else {
              after.push(value);
              if (busy > peakBusyAfter) peakBusyAfter = busy;
            }
            break;
          case 'iteration_duration':
            busy--;
            iterSum += value;
            iterN++;
            break;
          case 'http_req_failed':
            failed += value;
            break;
        }
      }),
  });
  const cpuS = selfCpuSeconds() - cpu0;
  diagnostics.unsubscribe('undici:client:connected', connected);
  const core1 = core !== undefined ? coreTimes(core) : undefined;
  const m = r.summary?.metrics ?? {};
  const p = (name: string, q: number) => trendPercentile(r.registry, name, q);
  return {
    cpuS,
    wallS: (performance.now() - t0) / 1000,
    requests: m.http_reqs?.values.count ?? 0,
    failed,
    iterations: m.iterations?.values.count ?? 0,
    dropped: m.dropped_iterations?.values.count ?? 0,
    vusInitialised: m.vus_max?.values.max ?? 0,
    peakBusy,
    iterationMeanMs: iterN ? iterSum / iterN : 0,
    startDelayP99: p('iteration_start_delay', 99),
    reqP50: p('http_req_duration', 50),
    reqP99: p('http_req_duration', 99),
    blockedP99: p('http_req_blocked', 99),
    connections,
    lateFirstSecond,
    lateAfter: after.filter((v) => v > 5).length,
    startDelayP99After: percentileOf(after, 99),
    peakBusyAfter,
    ...(core0 && core1 ? { othersOnCore: Math.max(0, (core1.busyS - core0.busyS - cpuS) / (core1.totalS - core0.totalS)) } : {}),
  };
}

function trendPercentile(registry: MetricsRegistry, name: string, q: number): number {
  const sink = registry.get(name)?.sink as TrendSink | undefined;
  return sink?.percentile(q) ?? 0;
}

/** Percentile q of raw values, through the same HDR histogram the run's Trends use (after the run only). */
function percentileOf(values: readonly number[], q: number): number {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h.percentile(q);
}
