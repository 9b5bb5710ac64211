/**
 * Every process's CPU around a break, and whose limit the break is.
 *
 * Generator, mock and stack share the machine's cores. A standard can break because the
 * generator ran out of CPU: its iterations start late, the latencies it measures include its
 * own queueing, and the stack gets less load than offered. Such a break is the generator's and
 * says nothing of the stack. The rule is the one that judges a whole run's trust (the standards
 * file's `trust`: above `generator_cpu_saturated_percent` of a core in more than
 * `generator_cpu_saturated_max_share` of the samples), applied to the seconds around the break;
 * with several generator processes, one saturated is enough.
 */
import type { BreakCpu, BreakingPoint, ProcessStats, TrustLimits } from '../results/run-result.ts';
import { cpuSaturated } from '../standards/trust.ts';

/** The order processes are listed in: the generator first, since its CPU says whose limit a break is. */
const ROLE_ORDER: readonly string[] = ['generator', 'mock', 'stack', 'erp-shim'];

/**
 * Each process's CPU samples whose second lies mostly inside (fromMs, toMs] (times in ms since
 * the start, a sample stamped at the end of its `sampleMs`), with their mean and maximum,
 * generator first. Processes without a sample there are left out.
 */
export function cpuAround(processes: readonly ProcessStats[], fromMs: number, toMs: number, sampleMs: number): BreakCpu[] {
  const out: BreakCpu[] = [];
  for (const p of processes) {
    const series = p.cpu.series.filter((s) => s.t - sampleMs / 2 > fromMs && s.t - sampleMs / 2 <= toMs);
    if (series.length === 0) continue;
    const sum = series.reduce((a, s) => a + s.v, 0);
    out.push({ role: p.role, pid: p.pid, series, avg: Math.round((sum / series.length) * 10) / 10, max: Math.max(...series.map((s) => s.v)) });
  }
  return out.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

/** Whether a generator's CPU in the window is saturated by the trust limits. */
export function generatorSaturated(cpu: readonly BreakCpu[], limits: TrustLimits): boolean {
  return cpu.some((c) => c.role === 'generator' && cpuSaturated({ cpu: c }, limits));
}

/** `generator` when a generator's CPU in the window is saturated, else `stack`. */
export function limitedBy(cpu: readonly BreakCpu[], limits: TrustLimits): NonNullable<BreakingPoint['limited_by']> {
  return generatorSaturated(cpu, limits) ? 'generator' : 'stack';
}
