/**
 * The result of a run so far, judged: what each live frame carries. It is a `RunResult` like the
 * final one, built from the same parts (the runtime's registry, each process's series, the
 * platform's figures) and judged by the same standards, so the one report renderer draws it.
 *
 * Judged "as if the run ended now": a percentile past its limit is breaking, one within it is
 * on track. Accuracy waits for the reconciliation after the drain (not measured until then).
 * The platform's figures (the lags, platform calls, webhook acks, faults) come from reading
 * both ledgers, which costs the system under test work: they are read every `platformEveryMs`
 * (5 s by default), in the background, and the latest reading is used meanwhile.
 */
import type { LiveProgress } from '../report/live-progress.ts';
import type { LagMetric, LagSummary, MetricSummary, ProcessStats, RunMeasurements } from '../results/run-result.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import { deriveGeneratorHealth } from '../standards/trust.ts';
import { judgeRun } from '../standards/verdict.ts';
import type { Measure } from './live-feed.ts';

/** What the platform's side says so far (the harness reads it from both ledgers). */
export interface PlatformSoFar {
  lags: Partial<Record<LagMetric, LagSummary>>;
  /** Metrics only the platform can count (platform call success, webhook acks). */
  metrics: Record<string, MetricSummary>;
  faults: Record<string, number>;
}

export interface LiveSources {
  /** What is known of the run before its load: who, where, with what settings. */
  identity: Pick<RunMeasurements, 'scenario' | 'seed' | 'scale' | 'config' | 'versions' | 'machine' | 'series_interval_ms'>;
  startedAt: number;
  plannedMs?: number;
  standards: Standards;
  stage(): LiveProgress['stage'];
  /** The runtime's metrics so far (none yet: an empty record). */
  metrics(elapsedMs: number): Record<string, MetricSummary>;
  processes(): ProcessStats[];
  /** Reads the platform's side; absent when it cannot be read during the run. */
  platform?: () => Promise<PlatformSoFar>;
  platformEveryMs?: number;
  now?: () => number;
}

export function liveMeasure(src: LiveSources): Measure {
  const now = src.now ?? Date.now;
  const every = src.platformEveryMs ?? 5000;
  let platform: PlatformSoFar | undefined;
  let polling = false;
  let polledAt = Number.NEGATIVE_INFINITY;
  const poll = () => {
    if (!src.platform || polling || now() - polledAt < every) return;
    polling = true;
    polledAt = now();
    src.platform().then(
      (p) => (platform = p),
      () => undefined, // the next poll tries again; the frame keeps the last good reading
    ).finally(() => (polling = false));
  };

  return async () => {
    poll();
    const at = now();
    const elapsed = Math.max(0, at - src.startedAt);
    const metrics = { ...src.metrics(elapsed), ...platform?.metrics };
    const processes = src.processes();
    const faults = Object.fromEntries(Object.entries(platform?.faults ?? {}).filter(([, n]) => n > 0));
    const total = Object.values(faults).reduce((a, b) => a + b, 0);
    const m: RunMeasurements = {
      schema_version: RUN_RESULT_SCHEMA_VERSION,
      ...src.identity,
      status: 'completed',
      started_at: src.startedAt,
      ended_at: at,
      ...(src.plannedMs !== undefined ? { planned_duration_ms: src.plannedMs } : {}),
      processes,
      metrics,
      lags: platform?.lags ?? {},
      generator: deriveGeneratorHealth(metrics, processes, src.standards.trust),
      ...(total > 0 ? { faults: { total, by_kind: faults } } : {}),
    };
    return {
      result: judgeRun(src.standards, m),
      progress: { elapsed_ms: elapsed, stage: src.stage(), ...(src.plannedMs !== undefined ? { planned_ms: src.plannedMs } : {}) },
    };
  };
}
