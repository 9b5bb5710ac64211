/**
 * Trust: whether the load generator kept up. When it fell behind, the stack received less
 * load, later, than the scenario asked for, and the latencies measured on the generator
 * include its own queueing — a failing latency would blame the stack for the generator's
 * weakness, and a pass would prove less than it claims. Such a run is `untrusted`, with
 * reasons that name the figures and their limits (the `trust` section of the standards file).
 */
import { HdrView } from '../results/hdr-view.ts';
import type { GeneratorHealth, MetricSummary, ProcessStats, RunMeasurements, TrustAssessment, TrustLimits } from '../results/run-result.ts';
import { formatCount, formatDuration, formatMs, formatPercent } from './format.ts';

/** Share (0..1) of CPU samples strictly above `percent`; undefined without samples. */
export function saturatedShare(p: Pick<ProcessStats, 'cpu'> | undefined, percent: number): number | undefined {
  const samples = p?.cpu.series ?? [];
  if (samples.length === 0) return undefined;
  return samples.filter((s) => s.v > percent).length / samples.length;
}

/** Whether a generator's CPU samples (of a whole run, or of the seconds around a break) are saturated by the trust limits. */
export function cpuSaturated(p: Pick<ProcessStats, 'cpu'> | undefined, limits: Pick<TrustLimits, 'generator_cpu_saturated_percent' | 'generator_cpu_saturated_max_share'>): boolean {
  const share = saturatedShare(p, limits.generator_cpu_saturated_percent);
  return share !== undefined && share > limits.generator_cpu_saturated_max_share;
}

/**
 * Generator health from what the run recorded: iterations and drops from the runtime's
 * counters, the start delay's p99 from its histogram, CPU from the generator's process series.
 * The harness calls this; tests build it the same way.
 */
export function deriveGeneratorHealth(
  metrics: Record<string, MetricSummary>,
  processes: readonly ProcessStats[],
  limits: Pick<TrustLimits, 'generator_cpu_saturated_percent'>,
): GeneratorHealth {
  const g: GeneratorHealth = {
    iterations: metrics.iterations?.values.count ?? 0,
    dropped_iterations: metrics.dropped_iterations?.values.count ?? 0,
  };
  const delay = metrics.iteration_start_delay;
  if (delay?.hdr !== undefined) {
    const h = HdrView.decode(delay.hdr);
    if (h.count > 0) g.iteration_start_delay_p99_ms = h.percentile(99);
  } else if (delay?.values['p(99)'] !== undefined) {
    g.iteration_start_delay_p99_ms = delay.values['p(99)'];
  }
  const gen = busiestGenerator(processes, limits.generator_cpu_saturated_percent);
  if (gen) {
    g.cpu_max_percent = gen.cpu.max;
    const share = saturatedShare(gen, limits.generator_cpu_saturated_percent);
    if (share !== undefined) g.cpu_saturated_share = share;
  }
  return g;
}

/**
 * The busiest generator process: with `--workers N` there are N, and one saturated worker is
 * enough to distort what the run measured.
 */
function busiestGenerator(processes: readonly ProcessStats[], percent: number): ProcessStats | undefined {
  let best: ProcessStats | undefined;
  let bestKey = -1;
  for (const p of processes) {
    if (p.role !== 'generator') continue;
    const key = (saturatedShare(p, percent) ?? 0) * 1000 + p.cpu.max / 1000;
    if (key > bestKey) {
      best = p;
      bestKey = key;
    }
  }
  return best;
}

export function assessTrust(limits: TrustLimits, r: RunMeasurements): TrustAssessment {
  const reasons: string[] = [];
  if (r.status !== 'completed') {
    const ran = formatDuration(r.ended_at - r.started_at);
    const planned = r.planned_duration_ms !== undefined ? ` of ${formatDuration(r.planned_duration_ms)} planned` : '';
    const why = r.status_reason ? ` (${r.status_reason})` : '';
    reasons.push(`the run was ${r.status}${why} after ${ran}${planned}: the figures cover only what was measured until then`);
  }
  const g = r.generator;
  const due = g.iterations + g.dropped_iterations;
  if (due > 0) {
    const share = g.dropped_iterations / due;
    if (share > limits.dropped_iterations_max_share) {
      reasons.push(
        `the generator dropped ${formatCount(g.dropped_iterations)} of ${formatCount(due)} iterations (${formatPercent(share)}, limit ${formatPercent(limits.dropped_iterations_max_share)}): no VU was free when they were due, so the stack got less load than the scenario asked for`,
      );
    }
  }
  if (g.iteration_start_delay_p99_ms !== undefined && g.iteration_start_delay_p99_ms > limits.iteration_start_delay_p99_max_ms) {
    reasons.push(
      `iterations started late: iteration_start_delay p99 ${formatMs(g.iteration_start_delay_p99_ms)} (limit ${formatMs(limits.iteration_start_delay_p99_max_ms)}), so the load arrived later and lumpier than scheduled`,
    );
  }
  const gen = busiestGenerator(r.processes, limits.generator_cpu_saturated_percent);
  const share = saturatedShare(gen, limits.generator_cpu_saturated_percent) ?? g.cpu_saturated_share;
  if (share !== undefined && share > limits.generator_cpu_saturated_max_share) {
    const max = gen?.cpu.max ?? g.cpu_max_percent;
    reasons.push(
      `the generator's CPU was above ${limits.generator_cpu_saturated_percent}% of a core in ${formatPercent(share)} of samples (limit ${formatPercent(limits.generator_cpu_saturated_max_share)}${max !== undefined ? `, max ${Math.round(max)}%` : ''}): its own scheduling, not the stack, shaped the latencies it measured`,
    );
  }
  return { trusted: reasons.length === 0, reasons, limits: { ...limits } };
}
