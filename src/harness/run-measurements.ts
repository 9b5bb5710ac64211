/**
 * Everything the harness measured, as the run result holds it (src/results/run-result.ts):
 * what was run and on what, every process's series, the generator's metrics and the platform's
 * rates, the lags, the reconciliation after the drain, the faults injected; then the drift over
 * the second half, where the run broke and how far it went. Judging adds the standards, trust and the verdict.
 */
import type { MetricSummary, RunMeasurements, RunStatus } from '../results/run-result.ts';
import { RUN_RESULT_SCHEMA_VERSION } from '../results/run-result.ts';
import type { Standards } from '../standards/standard.ts';
import { deriveGeneratorHealth } from '../standards/trust.ts';
import { findBreakingPoints, findTopLoad } from './breaking-point.ts';
import type { CollectedFigures } from './collect-figures.ts';
import type { PlatformOnlyCollected } from './platform-only-figures.ts';
import type { DrainOutcome } from './drain.ts';
import { measureDrift } from './drift.ts';
import type { LoadOutcome } from './generate-load.ts';
import type { ProcessSeries } from './process-monitor.ts';
import { toProcessStats } from './process-stats.ts';
import { secondsOverLimit } from './call-rates.ts';
import type { RunIdentity } from './run-identity.ts';
import { metricsFromRun, rateMetric } from './run-metrics.ts';

export interface MeasuredRun {
  /** Scenario, seed, scale, the resolved configuration, versions, machine (run-identity.ts). */
  identity: RunIdentity;
  standards: Standards;
  status: RunStatus;
  statusReason: string | undefined;
  outcome: LoadOutcome;
  drained: DrainOutcome;
  series: ProcessSeries[];
  /** Both sides' figures; in a platform-only run, the platform's alone. */
  figures: CollectedFigures | PlatformOnlyCollected;
}

export function buildMeasurements(run: MeasuredRun): RunMeasurements {
  const { identity, standards, outcome, figures } = run;
  const processes = run.series.map(toProcessStats(outcome.startedAt));
  const metrics = metricsFromRun(outcome.load.registry, outcome.load.summary, outcome.startedAt);
  metrics.platform_call_success = rateMetric(figures.platformCalls.passes, figures.platformCalls.fails);
  metrics.webhook_acked_within_3s = rateMetric(figures.webhookAckedWithin3s.passes, figures.webhookAckedWithin3s.fails);
  if ('platformOnly' in figures) Object.assign(metrics, platformOnlyCounters(figures));
  if (figures.callRates) metrics.calls_over_rate_limit = counter(secondsOverLimit(figures.callRates));
  const faultsByKind = Object.fromEntries(Object.entries(figures.faults).filter(([, n]) => n > 0));
  const measurements: RunMeasurements = {
    schema_version: RUN_RESULT_SCHEMA_VERSION,
    ...identity,
    status: run.status,
    ...(run.statusReason !== undefined ? { status_reason: run.statusReason } : {}),
    started_at: outcome.startedAt,
    ended_at: Date.now(),
    config: runConfig(run),
    processes,
    metrics,
    lags: figures.lags,
    ...('checks' in figures
      ? { reconciliation: { drained: run.drained.drained, drain_ms: run.drained.drainMs, ...figures.checks } }
      : { platform_only: figures.platformOnly }),
    ...(figures.callRates ? { call_rates: figures.callRates } : {}),
    ...(Object.keys(figures.unmeasured).length > 0 ? { unmeasured: figures.unmeasured } : {}),
    generator: deriveGeneratorHealth(metrics, processes, standards.trust),
    ...(Object.keys(faultsByKind).length > 0
      ? { faults: { total: Object.values(faultsByKind).reduce((a, b) => a + b, 0), by_kind: faultsByKind } }
      : {}),
  };
  measurements.drift = measureDrift(measurements);
  const breaking = findBreakingPoints(measurements, standards);
  if (breaking.length > 0) measurements.breaking_points = breaking;
  const top = findTopLoad(measurements, standards);
  if (top) measurements.top_load = top;
  return measurements;
}

/** The run's configuration, with what the load, the drain and the ledgers added (never secrets: redacted when written). */
function runConfig({ identity, outcome, figures, drained }: MeasuredRun): Record<string, unknown> {
  return {
    ...identity.config,
    load_duration_ms: outcome.endedAt - outcome.startedAt,
    runtime_exit_code: outcome.load.exitCode,
    ...('checks' in figures ? { unsynced_inventory_changes: figures.unsyncedChanges, refused_repeat_shipments: figures.refusedRepeatShipments } : {}),
    access_renewals: figures.access.renewals,
    calls_refused_as_expired: figures.access.refusedAsExpired,
    drain_pending: drained.pending,
  };
}

const counter = (count: number): MetricSummary => ({ type: 'counter', contains: 'default', values: { count } });

/** The platform-only figures the standards judge, as counters (platform-only-standards.ts); a figure the mock does not keep is left out. */
function platformOnlyCounters({ platformOnly: p }: PlatformOnlyCollected): Record<string, MetricSummary> {
  return {
    orders_unread: counter(p.orders_unread.count),
    ...(p.rate_limit ? { rate_limit_early_calls: counter(Object.values(p.rate_limit.early_calls).reduce((a, b) => a + b, 0)) } : {}),
    stock_over_declared: counter(p.stock_over_declared.count),
  };
}
